package skimmer_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/tarn-data/tarn/governance"
	"github.com/tarn-data/tarn/governance/skimmer"
)

// seeds adds the values and lines of the quality set to a fuzz corpus.
func seeds(f *testing.F) {
	for _, c := range loadColumns(f) {
		for _, v := range c.Values {
			f.Add(v)
		}
	}
	for _, l := range loadText(f) {
		f.Add(l.Text)
	}
	for _, s := range []string{"", "@", "+", "(", "::", "-----BEGIN ", "eyJ.eyJ.", "1.", "0 ", "É", "\xff\xfe", "a@b.c", "ul. ", "c/"} {
		f.Add(s)
	}
}

// FuzzDetect proves Detect never panics and returns only known kinds.
func FuzzDetect(f *testing.F) {
	seeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		k, ok := skimmer.Detect(s)
		if ok != (k != "") || (k != "" && !slices.Contains(skimmer.Kinds, k)) {
			t.Fatalf("Detect = %q, %v", k, ok)
		}
	})
}

// FuzzScanText proves ScanText never panics and its matches are in
// bounds, non-empty, in order and non-overlapping, of known kinds.
func FuzzScanText(f *testing.F) {
	seeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		end := 0
		for _, m := range skimmer.ScanText(s) {
			if m.Start < end || m.End <= m.Start || m.End > len(s) || !slices.Contains(skimmer.Kinds, m.Kind) {
				t.Fatalf("bad match %v in %d bytes (previous end %d)", m, len(s), end)
			}
			end = m.End
		}
	})
}

// FuzzClassify proves Classify never panics, keeps confidence within 0..1
// and tags only known kinds, whatever the column's name, type and values.
func FuzzClassify(f *testing.F) {
	f.Add("email", "VARCHAR", "maria@example.com\nj.smith@example.org")
	f.Add("lat", "DOUBLE", "48.8584\n-33.8688")
	f.Add("body", "VARCHAR", "Call +44 20 7946 0958 now please, thanks a lot\nnothing here at all, thanks")
	f.Add("mobile", "BIGINT", "4155552671")
	f.Add("", "", "")
	f.Fuzz(func(t *testing.T, name, typ, values string) {
		c := skimmer.Classify(skimmer.Column{Name: name, Type: typ, Values: strings.Split(values, "\n")})
		if c.Confidence < 0 || c.Confidence > 1 || (c.Tag != "" && c.Tag != governance.TagFreeText && !slices.Contains(skimmer.Kinds, c.Tag)) {
			t.Fatalf("Classify = %+v", c)
		}
		for _, e := range c.Evidence {
			if e.Matched > e.Sampled && e.Sampled > 0 || e.Share < 0 || e.Share > 1 {
				t.Fatalf("evidence %+v", e)
			}
		}
	})
}
