// Package png renders charts.Chart values as PNG images for chat, through
// github.com/go-analyze/charts: 800×450 by default, which fits Slack and
// Discord previews and stays readable on a phone. Number cards and tables,
// which have no ECharts series, are drawn as text.
package png

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	gocharts "github.com/go-analyze/charts"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/charts"
)

// Default image size.
const (
	DefaultWidth  = 800
	DefaultHeight = 450
)

// ErrRender is wrapped around failures of the drawing library.
var ErrRender = errors.New("png: render failed")

// Options size and theme the image. Zero sizes take the defaults; an empty
// Theme takes the chart's own background.
type Options struct {
	Width, Height int
	Theme         string
}

// Render draws c as a PNG into w. Use RenderNote to learn whether some
// text could not be drawn.
func Render(c charts.Chart, w io.Writer, o Options) error {
	_, err := RenderNote(c, w, o)
	return err
}

// RenderNote draws c as a PNG into w and returns the note to show with the
// image: c.Note, followed by MissingGlyphsNote when some characters of the
// chart's text could not be drawn and were replaced with '?'. Text in
// scripts the default font lacks is drawn with the font named by FontEnv
// or an installed system fallback font.
func RenderNote(c charts.Chart, w io.Writer, o Options) (string, error) {
	if o.Width <= 0 {
		o.Width = DefaultWidth
	}
	if o.Height <= 0 {
		o.Height = DefaultHeight
	}
	raw, err := json.Marshal(c.Option)
	if err != nil {
		return "", tarn.Wrap(fmt.Errorf("%w: %v", ErrRender, err), tarn.EINVALID, "", "the chart option cannot be encoded")
	}
	var opt map[string]any
	if err := json.Unmarshal(raw, &opt); err != nil {
		return "", tarn.Wrap(fmt.Errorf("%w: %v", ErrRender, err), tarn.EINVALID, "", "the chart option cannot be decoded")
	}
	note := c.Note
	font, fonts, lossy := chooseFont(texts(opt, nil))
	if lossy {
		degrade(opt, fonts)
		note = strings.TrimSpace(note + " " + MissingGlyphsNote)
	}
	if o.Theme == "" {
		o.Theme = charts.ThemeLight
		if bg, _ := charts.Background(charts.ThemeDark); opt["backgroundColor"] == bg {
			o.Theme = charts.ThemeDark
		}
	}
	var b []byte
	switch {
	case c.Kind == charts.KindNumber:
		b, err = number(opt, o, font)
	case c.Kind == charts.KindTable || opt["series"] == nil:
		b, err = table(opt, o, font)
	default:
		b, err = series(opt, o, font)
	}
	if err != nil {
		return "", tarn.Wrap(fmt.Errorf("%w: %v", ErrRender, err), tarn.EINTERNAL,
			"try a simpler chart or ask for a table", "the chart could not be drawn")
	}
	if _, err := w.Write(b); err != nil {
		return "", err
	}
	return note, nil
}

// theme is the library theme for a Tarn theme, with the Okabe–Ito palette.
func theme(name string) gocharts.ColorPalette {
	base := gocharts.ThemeLight
	if name == charts.ThemeDark {
		base = gocharts.ThemeDark
	}
	bg, fg := charts.Background(name)
	colors := make([]gocharts.Color, len(charts.Palette))
	for i, c := range charts.Palette {
		colors[i] = gocharts.ParseColor(c)
	}
	return gocharts.GetTheme(base).
		WithSeriesColors(colors).
		WithBackgroundColor(gocharts.ParseColor(bg)).
		WithTextColor(gocharts.ParseColor(fg))
}
