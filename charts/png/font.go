package png

import (
	"os"
	"strings"
	"sync"
	"unicode"

	gocharts "github.com/go-analyze/charts"
	"github.com/golang/freetype/truetype"
)

// FontEnv names an environment variable holding the path of a TrueType
// font tried, before the system fonts, for labels the default font cannot
// draw (Chinese, Japanese, Korean…).
const FontEnv = "TARN_CHART_FONT"

// MissingGlyphsNote is added to the chart's note when some of its text had
// to be drawn as '?' because no installed font has those characters.
const MissingGlyphsNote = "Some labels use characters the PNG font lacks and show as '?'; " +
	"install fonts-droid-fallback or set " + FontEnv + " to a TrueType font, or use the HTML chart."

// fallbackPaths are the system fonts tried, in order, after FontEnv. A
// file the font library cannot read (a CFF collection, say) is skipped.
// Droid Sans Fallback covers Chinese and Japanese but only part of Hangul,
// so NanumGothic (fonts-nanum) is listed for Korean.
var fallbackPaths = []string{
	"/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
	"/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
	"/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc",
	"/usr/share/fonts/truetype/nanum/NanumGothic.ttf",
}

// fontLoader parses, once, every readable font among paths, in order.
type fontLoader struct {
	paths func() []string
	once  sync.Once
	fonts []*truetype.Font
}

func (l *fontLoader) get() []*truetype.Font {
	l.once.Do(func() {
		for _, p := range l.paths() {
			if p == "" {
				continue
			}
			data, err := os.ReadFile(p)
			if err != nil {
				continue
			}
			if f, err := truetype.Parse(data); err == nil {
				l.fonts = append(l.fonts, f)
			}
		}
	})
	return l.fonts
}

// fallback is the process-wide set of fallback fonts; tests replace it.
var fallback = &fontLoader{paths: func() []string {
	return append([]string{os.Getenv(FontEnv)}, fallbackPaths...)
}}

// builtin are the fonts the library itself falls back on, per rune, after
// the font a text is drawn with.
func builtin() []*truetype.Font {
	var fs []*truetype.Font
	for _, f := range []*truetype.Font{gocharts.GetDefaultFont(), gocharts.GetFont(gocharts.FontFamilyNotoSans),
		gocharts.GetFont("notosans-chartsymbols"), gocharts.GetFont(gocharts.FontFamilyRoboto)} {
		if f != nil {
			fs = append(fs, f)
		}
	}
	return fs
}

// drawable reports whether one of fonts has a glyph for r; runes that are
// not printed (controls, format marks) count as drawable.
func drawable(r rune, fonts []*truetype.Font) bool {
	if !unicode.IsGraphic(r) || unicode.IsSpace(r) {
		return true
	}
	for _, f := range fonts {
		if f.Index(r) != 0 {
			return true
		}
	}
	return false
}

func allDrawable(texts []string, fonts []*truetype.Font) bool {
	for _, s := range texts {
		for _, r := range s {
			if !drawable(r, fonts) {
				return false
			}
		}
	}
	return true
}

// chooseFont picks the one font a chart whose text is texts is drawn in:
// nil (the default) when the built-in fonts draw every rune, else the first
// fallback font that draws them all, else the first fallback font. lossy
// says some runes remain undrawable; fonts are the ones that draw the rest.
func chooseFont(texts []string) (font *truetype.Font, fonts []*truetype.Font, lossy bool) {
	base := builtin()
	if allDrawable(texts, base) {
		return nil, base, false
	}
	candidates := fallback.get()
	for _, f := range candidates {
		fonts = append([]*truetype.Font{f}, base...)
		if allDrawable(texts, fonts) {
			return f, fonts, false
		}
	}
	if len(candidates) == 0 {
		return nil, base, true
	}
	return candidates[0], append([]*truetype.Font{candidates[0]}, base...), true
}

// texts collects every string in a decoded option.
func texts(v any, out []string) []string {
	switch x := v.(type) {
	case string:
		out = append(out, x)
	case map[string]any:
		for _, e := range x {
			out = texts(e, out)
		}
	case []any:
		for _, e := range x {
			out = texts(e, out)
		}
	}
	return out
}

// degrade replaces, in every string of a decoded option, the runes none of
// fonts can draw with '?'.
func degrade(v any, fonts []*truetype.Font) any {
	switch x := v.(type) {
	case string:
		return strings.Map(func(r rune) rune {
			if drawable(r, fonts) {
				return r
			}
			return '?'
		}, x)
	case map[string]any:
		for k, e := range x {
			x[k] = degrade(e, fonts)
		}
	case []any:
		for i, e := range x {
			x[i] = degrade(e, fonts)
		}
	}
	return v
}

// withFont draws every text of a library chart option in f.
func withFont(co *gocharts.ChartOption, f *truetype.Font) {
	if f == nil {
		return
	}
	co.Title.FontStyle.Font = f
	co.Title.SubtextFontStyle.Font = f
	co.Legend.FontStyle.Font = f
	co.XAxis.LabelFontStyle.Font = f
	co.XAxis.TitleFontStyle.Font = f
	for i := range co.YAxis {
		co.YAxis[i].LabelFontStyle.Font = f
		co.YAxis[i].TitleFontStyle.Font = f
	}
	for i := range co.SeriesList {
		co.SeriesList[i].Label.FontStyle.Font = f
	}
}
