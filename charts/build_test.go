package charts

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/tarn-data/tarn"
)

func TestFromArrowChoosesKindFromShape(t *testing.T) {
	cases := []struct {
		name  string
		title string
		cols  []col
		want  string
	}{
		{"one value is a number card", "", []col{{"rows", i64, []any{42}}}, KindNumber},
		{"time with a measure is a line", "", []col{{"day", date, days(3)}, {"queries", i64, []any{1, 2, 3}}}, KindLine},
		{"time with shares is a stacked area", "", []col{{"day", date, days(2)}, {"share_a", f64, nums(.4, .5)}, {"share_b", f64, nums(.6, .5)}}, KindArea},
		{"time, category and share is a stacked area", "", []col{{"day", date, days(2)}, {"team", str, strs("a", "b")}, {"pct", f64, nums(1, 2)}}, KindArea},
		{"category with measure is a bar", "", []col{{"team", str, strs("a", "b", "c")}, {"queries", i64, []any{3, 1, 2}}}, KindBar},
		{"small share is a donut", "", []col{{"team", str, strs("a", "b")}, {"share", f64, nums(.3, .7)}}, KindDonut},
		{"question about a breakdown is a donut", "Breakdown of queries by team", []col{{"team", str, strs("a", "b")}, {"queries", i64, []any{3, 7}}}, KindDonut},
		{"two measures are a scatter", "", []col{{"rows", f64, nums(1, 2)}, {"bytes", f64, nums(3, 4)}}, KindScatter},
		{"three text columns are a table", "", []col{{"a", str, strs("x")}, {"b", str, strs("y")}, {"c", str, strs("z")}}, KindTable},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ch, err := FromArrow(reader(t, c.cols...), Hint{Title: c.title})
			if err != nil {
				t.Fatal(err)
			}
			if ch.Kind != c.want {
				t.Fatalf("kind = %q, want %q", ch.Kind, c.want)
			}
			if _, err := json.Marshal(ch.Option); err != nil {
				t.Fatalf("option does not marshal: %v", err)
			}
		})
	}
}

func TestFromArrowEmptyResultIsInvalid(t *testing.T) {
	_, err := FromArrow(reader(t, col{"n", i64, nil}), Hint{})
	if !errors.Is(err, ErrNoRows) || tarn.ErrorCode(err) != tarn.EINVALID {
		t.Fatalf("err = %v, want EINVALID wrapping ErrNoRows", err)
	}
	if !strings.Contains(tarn.ErrorMessage(err), "the query returned no rows to chart") {
		t.Fatalf("message = %q", tarn.ErrorMessage(err))
	}
}

func TestFromArrowUnknownKindIsInvalid(t *testing.T) {
	_, err := FromArrow(reader(t, col{"n", i64, []any{1}}), Hint{Kind: "radar"})
	if !errors.Is(err, ErrUnknownKind) || tarn.ErrorCode(err) != tarn.EINVALID {
		t.Fatalf("err = %v", err)
	}
}

func TestBarIsSortedTopNWithOtherAndStartsAtZero(t *testing.T) {
	var names []string
	var vals []any
	for i := 0; i < 15; i++ {
		names = append(names, string(rune('a'+i)))
		vals = append(vals, i+1)
	}
	ch, err := FromArrow(reader(t, col{"team", str, strs(names...)}, col{"queries", i64, vals}), Hint{Title: "Queries"})
	if err != nil {
		t.Fatal(err)
	}
	x := ch.Option["xAxis"].(map[string]any)["data"].([]string)
	if len(x) != TopN+1 || x[0] != "o" || x[TopN] != "other" {
		t.Fatalf("labels = %v", x)
	}
	data := ch.Option["series"].([]any)[0].(map[string]any)["data"].([]any)
	if data[TopN].(float64) != 15 { // 1+2+3+4+5
		t.Fatalf("other = %v, want 15", data[TopN])
	}
	if ch.Option["yAxis"].(map[string]any)["min"] != 0 {
		t.Fatal("bar y axis does not start at zero")
	}
	if ch.Note == "" {
		t.Fatal("no note about the folded categories")
	}
	if ch.Option["legend"].(map[string]any)["show"] != false {
		t.Fatal("legend shown for a single series")
	}
}

func TestNullsAreSkippedAndUnicodeKept(t *testing.T) {
	ch, err := FromArrow(reader(t,
		col{"city", str, []any{"Zürich", "東京", nil, "São Paulo"}},
		col{"queries", i64, []any{5, nil, 3, 9}}), Hint{Kind: KindBar})
	if err != nil {
		t.Fatal(err)
	}
	x := ch.Option["xAxis"].(map[string]any)["data"].([]string)
	if strings.Join(x, "|") != "São Paulo|Zürich|(null)" {
		t.Fatalf("labels = %v", x)
	}
}

func TestAllNullMeasureIsInvalid(t *testing.T) {
	_, err := FromArrow(reader(t, col{"day", date, days(2)}, col{"q", f64, []any{nil, nil}}, col{"r", f64, []any{nil, nil}}), Hint{})
	if tarn.ErrorCode(err) != tarn.EINVALID {
		t.Fatalf("err = %v", err)
	}
}

func TestMillionPointsAreDownsampledWithNote(t *testing.T) {
	const n = 1_000_000
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	tsv := make([]any, n)
	vs := make([]any, n)
	for i := 0; i < n; i++ {
		tsv[i] = t0.Add(time.Duration(i) * time.Second)
		vs[i] = float64(i % 1000)
	}
	vs[n/2] = 1e6 // a spike downsampling must keep
	ch, err := FromArrow(reader(t, col{"at", ts, tsv}, col{"requests", f64, vs}), Hint{})
	if err != nil {
		t.Fatal(err)
	}
	data := ch.Option["series"].([]any)[0].(map[string]any)["data"].([]any)
	if len(data) != MaxPoints {
		t.Fatalf("points = %d, want %d", len(data), MaxPoints)
	}
	if !strings.Contains(ch.Note, "1,000,000") {
		t.Fatalf("note = %q", ch.Note)
	}
	var max float64
	for _, v := range data {
		if f, ok := v.(float64); ok && f > max {
			max = f
		}
	}
	if max != 1 { // 1e6 on an axis scaled to millions
		t.Fatalf("spike lost: max = %v", max)
	}
}

func TestHumanNumbers(t *testing.T) {
	cases := []struct {
		v    float64
		col  string
		want string
	}{
		{1.2e9, "bytes_scanned", "1.2 GB"},
		{512, "bytes", "512 B"},
		{3.4e6, "queries", "3.4M"},
		{12500, "revenue", "$12.5k"},
		{-12500, "amount", "-$12.5k"},
		{7, "rows", "7"},
		{0.25, "ratio", "0.25"},
	}
	for _, c := range cases {
		if got := HumanNumber(c.v, c.col); got != c.want {
			t.Errorf("HumanNumber(%v, %q) = %q, want %q", c.v, c.col, got, c.want)
		}
	}
}

func TestAxisNamesCarryUnitsAndValuesAreScaled(t *testing.T) {
	ch, err := FromArrow(reader(t, col{"day", date, days(2)}, col{"bytes_scanned", f64, nums(1.5e9, 3e9)}), Hint{})
	if err != nil {
		t.Fatal(err)
	}
	y := ch.Option["yAxis"].(map[string]any)
	if y["name"] != "bytes_scanned (GB)" {
		t.Fatalf("y name = %v", y["name"])
	}
	data := ch.Option["series"].([]any)[0].(map[string]any)["data"].([]any)
	if data[0].(float64) != 1.5 || data[1].(float64) != 3 {
		t.Fatalf("data = %v", data)
	}
}

func TestDatesFormattedForTheirGrain(t *testing.T) {
	cases := []struct {
		step time.Duration
		want string
	}{
		{24 * time.Hour, "2026-01-02"},
		{time.Hour, "Jan 1 01:00"},
		{31 * 24 * time.Hour, "Feb 2026"},
	}
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, c := range cases {
		xs := []time.Time{t0, t0.Add(c.step), t0.Add(2 * c.step)}
		if got := xs[1].Format(timeLayout(xs)); got != c.want {
			t.Errorf("step %v: %q, want %q", c.step, got, c.want)
		}
	}
}

func TestLegendOnlyWithMoreThanOneSeriesAndThemeColours(t *testing.T) {
	ch, err := FromArrow(reader(t, col{"day", date, days(2)}, col{"a", f64, nums(1, 2)}, col{"b", f64, nums(2, 1)}), Hint{Theme: ThemeDark})
	if err != nil {
		t.Fatal(err)
	}
	if ch.Option["legend"].(map[string]any)["show"] != true {
		t.Fatal("no legend for two series")
	}
	if bg, _ := Background(ThemeDark); ch.Option["backgroundColor"] != bg {
		t.Fatalf("background = %v", ch.Option["backgroundColor"])
	}
}

func TestNumberCardCarriesValueAndLabel(t *testing.T) {
	ch, err := FromArrow(reader(t, col{"revenue", f64, nums(12500)}), Hint{Title: "Revenue"})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(ch.Option)
	for _, want := range []string{`"$12.5k"`, `"dimensions":["revenue"]`, `"source":[[12500]]`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("option lacks %s: %s", want, b)
		}
	}
}

func TestPivotFoldsSmallCategoriesIntoOtherAndStacksShares(t *testing.T) {
	var tsv, cats, vals []any
	for d, day := range days(3) {
		for c := 0; c < MaxSeries+3; c++ {
			tsv = append(tsv, day)
			cats = append(cats, string(rune('a'+c)))
			vals = append(vals, float64(100-c+d))
		}
	}
	ch, err := FromArrow(reader(t, col{"day", date, tsv}, col{"team", str, cats}, col{"query_share", f64, vals}), Hint{})
	if err != nil {
		t.Fatal(err)
	}
	if ch.Kind != KindArea {
		t.Fatalf("kind = %q", ch.Kind)
	}
	ss := ch.Option["series"].([]any)
	if len(ss) != MaxSeries+1 {
		t.Fatalf("series = %d, want %d", len(ss), MaxSeries+1)
	}
	last := ss[MaxSeries].(map[string]any)
	if last["name"] != "other" || last["stack"] != "total" {
		t.Fatalf("last series = %v", last)
	}
}
