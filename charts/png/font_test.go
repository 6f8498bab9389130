package png

import (
	"bytes"
	stdpng "image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tarn-data/tarn/charts"
)

// cities are drawn by Droid Sans Fallback, the font CI installs; it lacks
// most Hangul syllables, so Korean is tested where it degrades.
var cities = []any{"東京", "大阪", "上海", "北京"}

// cjkCases are charts whose text is in scripts Roboto lacks.
func cjkCases(t testing.TB) map[string]charts.Chart {
	t.Helper()
	build := func(h charts.Hint, names []string, cols ...[]any) charts.Chart {
		c, err := charts.FromArrow(record(t, names, cols...), h)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	return map[string]charts.Chart{
		"bar": build(charts.Hint{Title: "Queries by city 都市別"}, []string{"city", "queries"},
			cities, []any{1200.0, 950.0, 700.0, 640.0}),
		"table": build(charts.Hint{Title: "Offices 事務所"}, []string{"city", "manager", "staff"},
			cities, []any{"山田", "田中", "李", nil}, []any{12.0, 8.0, 5.0, 3.0}),
		"line_legend": build(charts.Hint{Title: "Queries per day"}, []string{"day", "東京", "大阪"},
			days(7), wave(7, 100, 10, 0), wave(7, 80, 10, 3)),
		"number": build(charts.Hint{Title: "売上"}, []string{"売上高"}, []any{1.25e4}),
	}
}

// withFallback points the fallback font at paths for one test.
func withFallback(t *testing.T, paths ...string) {
	t.Helper()
	old := fallback
	fallback = &fontLoader{paths: func() []string { return paths }}
	t.Cleanup(func() { fallback = old })
}

// requireFallbackFont skips when no fallback font is installed, except
// under CI, where the font is part of the setup and its absence fails.
func requireFallbackFont(t *testing.T) {
	t.Helper()
	if len(fallback.get()) != 0 {
		return
	}
	msg := "no fallback font: install fonts-droid-fallback or set " + FontEnv
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
}

func TestCJKLabelsDrawWithFallbackFontMatchGolden(t *testing.T) {
	requireFallbackFont(t)
	c := cjkCases(t)["bar"]
	var buf bytes.Buffer
	note, err := RenderNote(c, &buf, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(note, MissingGlyphsNote) {
		t.Fatalf("note %q says glyphs are missing although a fallback font is installed", note)
	}
	got, err := stdpng.Decode(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	path := filepath.Join("testdata", "bar_cjk.png")
	if *update {
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("no golden (run with -update): %v", err)
	}
	defer f.Close()
	want, err := stdpng.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	if frac := differing(got, want, 16); frac > 0.01 {
		t.Fatalf("%.2f%% of pixels differ from %s by more than 16 luminance levels", frac*100, path)
	}
}

func TestCJKTextOfEveryKindIsDrawnWithFallbackFont(t *testing.T) {
	requireFallbackFont(t)
	for name, c := range cjkCases(t) {
		t.Run(name, func(t *testing.T) {
			var withFont bytes.Buffer
			note, err := RenderNote(c, &withFont, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(note, MissingGlyphsNote) {
				t.Fatalf("note %q says glyphs are missing", note)
			}
			withFallback(t, filepath.Join(t.TempDir(), "missing.ttf"))
			var degraded bytes.Buffer
			if _, err := RenderNote(c, &degraded, Options{}); err != nil {
				t.Fatal(err)
			}
			a, err := stdpng.Decode(&withFont)
			if err != nil {
				t.Fatal(err)
			}
			b, err := stdpng.Decode(&degraded)
			if err != nil {
				t.Fatal(err)
			}
			if differing(a, b, 16) == 0 {
				t.Fatal("drawing with the fallback font looks the same as drawing '?'")
			}
		})
	}
}

func TestWithoutFallbackFontCJKDegradesToQuestionMarksAndSaysSo(t *testing.T) {
	withFallback(t, filepath.Join(t.TempDir(), "missing.ttf"), "")
	for name, c := range cjkCases(t) {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			note, err := RenderNote(c, &buf, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(note, MissingGlyphsNote) || !strings.Contains(note, FontEnv) {
				t.Fatalf("note %q does not say how to get the missing characters", note)
			}
			if _, err := stdpng.Decode(&buf); err != nil {
				t.Fatalf("not a PNG: %v", err)
			}
		})
	}
}

func TestDegradeReplacesOnlyUndrawableRunes(t *testing.T) {
	withFallback(t)
	opt := map[string]any{
		"title": map[string]any{"text": "Zürich 東京"},
		"xAxis": map[string]any{"data": []any{"東京", "são-paulo", "서울", "\u0000\t"}},
	}
	font, fonts, lossy := chooseFont(texts(opt, nil))
	if font != nil || !lossy {
		t.Fatalf("font = %v, lossy = %v; want no font and lossy", font, lossy)
	}
	degrade(opt, fonts)
	if got := opt["title"].(map[string]any)["text"]; got != "Zürich ??" {
		t.Errorf("title = %q, want %q", got, "Zürich ??")
	}
	got := opt["xAxis"].(map[string]any)["data"].([]any)
	want := []any{"??", "são-paulo", "??", "\u0000\t"}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("label %d = %q, want %q", i, got[i], want[i])
		}
	}
}

func TestLatinTextKeepsDefaultFontAndNote(t *testing.T) {
	withFallback(t) // a Latin chart must not even look for a fallback
	for name, c := range cases(t) {
		t.Run(name, func(t *testing.T) {
			note, err := RenderNote(c, &bytes.Buffer{}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if note != c.Note {
				t.Fatalf("note = %q, want the chart's own %q", note, c.Note)
			}
		})
	}
}

func TestFontEnvIsTriedFirstAndUnreadableFilesAreSkipped(t *testing.T) {
	notAFont := filepath.Join(t.TempDir(), "not-a-font.ttc")
	if err := os.WriteFile(notAFont, []byte("ttcf garbage"), 0o644); err != nil {
		t.Fatal(err)
	}
	if fs := (&fontLoader{paths: func() []string { return []string{notAFont} }}).get(); len(fs) != 0 {
		t.Fatal("an unreadable file was used as a font")
	}
	t.Setenv(FontEnv, notAFont)
	if paths := fallback.paths(); paths[0] != notAFont {
		t.Fatalf("first path = %q, want %s's %q", paths[0], FontEnv, notAFont)
	}
}

func TestHangulMissingFromFallbackFontDegradesWhileHanIsDrawn(t *testing.T) {
	requireFallbackFont(t)
	fonts := fallback.get()
	if fonts[0].Index('서') != 0 {
		t.Skip("the installed fallback font draws Hangul")
	}
	opt := map[string]any{"xAxis": map[string]any{"data": []any{"東京", "서울"}}}
	font, drawn, lossy := chooseFont(texts(opt, nil))
	if len(fonts) == 1 && (font != fonts[0] || !lossy) {
		t.Fatalf("font = %v, lossy = %v; want the fallback font and lossy", font, lossy)
	}
	if !lossy {
		return // another installed fallback font draws both
	}
	degrade(opt, drawn)
	got := opt["xAxis"].(map[string]any)["data"].([]any)
	if got[0] != "東京" || got[1] != "??" {
		t.Fatalf("labels = %q, want Han kept and Hangul as '?'", got)
	}
}

func TestKoreanLabelsDrawWithAHangulFont(t *testing.T) {
	requireFallbackFont(t)
	hangul := false
	for _, f := range fallback.get() {
		if f.Index('서') != 0 && f.Index('울') != 0 {
			hangul = true
		}
	}
	if !hangul {
		msg := "no fallback font draws Hangul: install fonts-nanum or set " + FontEnv
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	c, err := charts.FromArrow(record(t, []string{"city", "queries"}, []any{"서울", "부산", "인천"}, []any{30.0, 20.0, 10.0}), charts.Hint{Title: "도시별 쿼리"})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	note, err := RenderNote(c, &buf, Options{})
	if err != nil || strings.Contains(note, MissingGlyphsNote) {
		t.Fatalf("Korean labels were not drawn: note %q, err %v", note, err)
	}
}
