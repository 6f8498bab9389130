package charts

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/tarn-data/tarn"
)

func TestValidateAcceptsPlainOption(t *testing.T) {
	raw := `{"title":{"text":"Queries"},"xAxis":{"type":"category","data":["a","b"]},"yAxis":{"type":"value","min":0},
	"series":[{"type":"bar","data":[1,2],"label":{"show":true,"formatter":"{b}: {c}"}}]}`
	o, err := Validate([]byte(raw))
	if err != nil {
		t.Fatal(err)
	}
	if o["title"].(map[string]any)["text"] != "Queries" {
		t.Fatalf("option = %v", o)
	}
}

func TestValidateRejects(t *testing.T) {
	many := func(n int) string {
		s := make([]string, n)
		for i := range s {
			s[i] = `{"type":"line","data":[1]}`
		}
		return `{"series":[` + strings.Join(s, ",") + `]}`
	}
	points := `{"series":[{"type":"line","data":[` + strings.TrimSuffix(strings.Repeat("1,", 10001), ",") + `]}]}`
	big := `{"title":{"text":"` + strings.Repeat("x", 300<<10) + `"}}`
	cases := []struct {
		name, raw, says string
	}{
		{"function formatter", `{"series":[{"type":"bar","data":[1],"label":{"formatter":"function (p) { return p.value }"}}]}`, "JavaScript"},
		{"arrow function", `{"tooltip":{"valueFormatter":"(v) => v + 'x'"},"series":[]}`, "JavaScript"},
		{"formatter that is an object", `{"yAxis":{"axisLabel":{"formatter":{"x":1}}},"series":[]}`, "template string"},
		{"script in a title", `{"title":{"text":"<script>alert(1)</script>"}}`, "JavaScript"},
		{"unknown series type", `{"series":[{"type":"custom","renderItem":"x","data":[1]}]}`, "custom"},
		{"too many series", many(21), "21 series"},
		{"too many points", points, "10001 points"},
		{"oversized", big, "KiB"},
		{"not JSON", `{"series":`, "not a JSON object"},
		{"trailing data", `{} {}`, "after the JSON"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Validate([]byte(c.raw))
			if !errors.Is(err, ErrInvalidOption) || tarn.ErrorCode(err) != tarn.EINVALID {
				t.Fatalf("err = %v, want EINVALID wrapping ErrInvalidOption", err)
			}
			if !strings.Contains(err.Error(), c.says) {
				t.Fatalf("err = %q, want it to say %q", err, c.says)
			}
		})
	}
}

func TestValidateAcceptsBuiltCharts(t *testing.T) {
	ch, err := FromArrow(reader(t, col{"team", str, strs("a", "b")}, col{"share", f64, nums(.3, .7)}), Hint{Title: "Share"})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := ch.Option.JSON()
	if _, err := Validate(b); err != nil {
		t.Fatal(fmt.Errorf("built option rejected: %w", err))
	}
}
