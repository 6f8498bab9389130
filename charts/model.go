package charts

import (
	"encoding/json"
	"errors"
)

// Chart kinds FromArrow chooses between; Hint.Kind may name one of them.
const (
	KindLine    = "line"
	KindArea    = "area" // stacked area, for shares over time
	KindBar     = "bar"
	KindDonut   = "donut"
	KindScatter = "scatter"
	KindNumber  = "number"
	KindTable   = "table"
)

// Themes a chart can be built for.
const (
	ThemeLight = "light"
	ThemeDark  = "dark"
)

// Sentinel errors; FromArrow and Validate wrap them in a tarn.Error.
var (
	ErrNoRows        = errors.New("charts: no rows")
	ErrUnknownKind   = errors.New("charts: unknown chart kind")
	ErrInvalidOption = errors.New("charts: invalid option")
)

// Option is an ECharts option: it marshals to the JSON ECharts accepts.
type Option map[string]any

// JSON returns the option as ECharts JSON.
func (o Option) JSON() ([]byte, error) { return json.Marshal(o) }

// Hint steers FromArrow: Title comes from the question, Kind (optional)
// overrides the chosen kind, Theme is ThemeLight (default) or ThemeDark.
type Hint struct {
	Title string
	Kind  string
	Theme string
}

// Chart is a built chart: its kind, its ECharts option and a note for the
// reader (for example that the data were downsampled), possibly empty.
type Chart struct {
	Kind   string
	Option Option
	Note   string
}

// Palette is the Okabe–Ito colour-blind-safe palette used for series, with
// black swapped for grey so it stays visible on a dark background.
var Palette = []string{"#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442", "#999999"}

// Background returns the background and text colours of a theme.
func Background(theme string) (bg, fg string) {
	if theme == ThemeDark {
		return "#1b1b1f", "#e6e6e6"
	}
	return "#ffffff", "#222222"
}
