package skimmer_test

import (
	"bufio"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/tarn-data/tarn/governance"
	"github.com/tarn-data/tarn/governance/skimmer"
)

// loadColumns reads testdata/columns.txt.
func loadColumns(t testing.TB) []labelled {
	f, err := os.Open("testdata/columns.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []labelled
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		l := sc.Text()
		switch {
		case strings.TrimSpace(l) == "" || strings.HasPrefix(l, "#"):
		case strings.HasPrefix(l, "== "):
			parts := strings.Split(strings.TrimPrefix(l, "== "), "|")
			if len(parts) != 4 {
				t.Fatalf("columns.txt:%d: want 4 fields", line)
			}
			want := strings.TrimSpace(parts[2])
			if want == "-" {
				want = ""
			}
			out = append(out, labelled{Column: skimmer.Column{Name: strings.TrimSpace(parts[0]),
				Type: strings.TrimSpace(parts[1]), Description: strings.TrimSpace(parts[3])}, Want: want, From: "testdata"})
		default:
			if len(out) == 0 {
				t.Fatalf("columns.txt:%d: a value before any column", line)
			}
			c := &out[len(out)-1]
			c.Values = append(c.Values, l)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// textLine is one labelled line of free text.
type textLine struct {
	Text  string
	Kinds map[string]bool
	Line  int // in text.txt; generated lines count down from -1
}

// where names a line: its line in text.txt, or the generated line.
func (l textLine) where() string {
	if l.Line < 0 {
		return fmt.Sprintf("generated line %d %q", -l.Line, l.Text)
	}
	return fmt.Sprintf("text.txt:%d", l.Line)
}

// loadText reads testdata/text.txt ("\n" in a line is a line break).
func loadText(t testing.TB) []textLine {
	b, err := os.ReadFile("testdata/text.txt")
	if err != nil {
		t.Fatal(err)
	}
	var out []textLine
	for i, l := range strings.Split(string(b), "\n") {
		if strings.TrimSpace(l) == "" || strings.HasPrefix(l, "#") {
			continue
		}
		kinds, text, ok := strings.Cut(l, " | ")
		if !ok {
			t.Fatalf("text.txt:%d: want \"kinds | text\"", i+1)
		}
		tl := textLine{Text: strings.ReplaceAll(text, `\n`, "\n"), Kinds: map[string]bool{}, Line: i + 1}
		for _, k := range strings.Split(kinds, ",") {
			if k = strings.TrimSpace(k); k != "-" {
				tl.Kinds[k] = true
			}
		}
		out = append(out, tl)
	}
	return out
}

// score counts one kind's true positives, false positives and false
// negatives.
type score struct{ tp, fp, fn int }

func (s score) precision() float64 {
	if s.tp+s.fp == 0 {
		return 1
	}
	return float64(s.tp) / float64(s.tp+s.fp)
}

func (s score) recall() float64 {
	if s.tp+s.fn == 0 {
		return 1
	}
	return float64(s.tp) / float64(s.tp+s.fn)
}

func table(scores map[string]*score) string {
	kinds := make([]string, 0, len(scores))
	for k := range scores {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	var b strings.Builder
	fmt.Fprintf(&b, "\n%-16s %5s %5s %5s %9s %7s\n", "kind", "tp", "fp", "fn", "precision", "recall")
	for _, k := range kinds {
		s := scores[k]
		fmt.Fprintf(&b, "%-16s %5d %5d %5d %9.3f %7.3f\n", k, s.tp, s.fp, s.fn, s.precision(), s.recall())
	}
	return b.String()
}

// TestQualityColumns classifies the labelled columns (testdata/columns.txt
// and the generated ones) and fails when a kind's precision or recall
// falls below 0.95.
func TestQualityColumns(t *testing.T) {
	cols := append(loadColumns(t), generatedColumns()...)
	scores := map[string]*score{}
	get := func(k string) *score {
		if scores[k] == nil {
			scores[k] = &score{}
		}
		return scores[k]
	}
	for _, k := range append(skimmer.Kinds, governance.TagFreeText) {
		get(k)
	}
	negatives, clean, negValues, negHits := 0, 0, 0, map[string]int{}
	for _, c := range cols {
		got := skimmer.Classify(c.Column)
		switch {
		case got.Tag == c.Want && c.Want != "":
			get(c.Want).tp++
		case got.Tag != c.Want:
			if c.Want != "" {
				get(c.Want).fn++
			}
			if got.Tag != "" {
				get(got.Tag).fp++
			}
			t.Logf("%s column %q (%s): want %q, got %q (%.2f) %v", c.From, c.Name, c.Type, c.Want, got.Tag, got.Confidence, got.Evidence)
		}
		if c.Want == "" {
			negatives++
			if got.Tag == "" {
				clean++
			}
			for _, v := range c.Values {
				negValues++
				if k, ok := skimmer.Detect(v); ok {
					negHits[k]++
				}
			}
		}
	}
	t.Logf("values in columns without PII: %d, of which Detect alone (no column hints) took %v for PII", negValues, negHits)
	t.Logf("structured columns: %d (%d without PII, %d of them untagged)%s", len(cols), negatives, clean, table(scores))
	for k, s := range scores {
		if s.precision() < 0.95 || s.recall() < 0.95 {
			t.Errorf("%s: precision %.3f, recall %.3f; want both ≥ 0.95", k, s.precision(), s.recall())
		}
	}
}

// TestQualityText scans the labelled lines of free text and fails when a
// kind's recall falls below 0.90, or a kind's precision below 0.90.
func TestQualityText(t *testing.T) {
	lines := append(loadText(t), generatedText()...)
	scores := map[string]*score{}
	get := func(k string) *score {
		if scores[k] == nil {
			scores[k] = &score{}
		}
		return scores[k]
	}
	all := &score{}
	for _, l := range lines {
		got := map[string]bool{}
		for _, m := range skimmer.ScanText(l.Text) {
			got[m.Kind] = true
		}
		for k := range l.Kinds {
			if got[k] {
				get(k).tp++
				all.tp++
			} else {
				get(k).fn++
				all.fn++
				t.Logf("%s: missed %s", l.where(), k)
			}
		}
		for k := range got {
			if !l.Kinds[k] {
				get(k).fp++
				all.fp++
				t.Logf("%s: found %s where there is none", l.where(), k)
			}
		}
	}
	scores["(all)"] = all
	t.Logf("free-text lines: %d%s", len(lines), table(scores))
	for k, s := range scores {
		if s.recall() < 0.90 || s.precision() < 0.90 {
			t.Errorf("%s: precision %.3f, recall %.3f in free text; want both ≥ 0.90", k, s.precision(), s.recall())
		}
	}
}
