package png

import (
	"encoding/json"
	"math"
	"sort"
	"strconv"
	"strings"

	gocharts "github.com/go-analyze/charts"
	"github.com/golang/freetype/truetype"

	"github.com/tarn-data/tarn/charts"
)

// series draws line, area, bar, pie and scatter options through the
// library's ECharts reader, after adapting what it reads differently.
func series(opt map[string]any, o Options, font *truetype.Font) ([]byte, error) {
	adapt(opt)
	opt["width"] = o.Width
	opt["height"] = o.Height
	opt["padding"] = []int{12, 24, 12, 12}
	delete(opt, "theme")
	raw, err := json.Marshal(opt)
	if err != nil {
		return nil, err
	}
	var eo gocharts.EChartsOption
	if err := json.Unmarshal(raw, &eo); err != nil {
		return nil, err
	}
	co, err := eo.ToOption()
	if err != nil {
		return nil, err
	}
	co.OutputFormat = gocharts.ChartOutputPNG
	co.Theme = withSeriesColors(theme(o.Theme), opt)
	co.Title.FontStyle.FontSize = 18
	readable(&co, o.Theme)
	withFont(&co, font)
	p, err := gocharts.Render(co)
	if err != nil {
		return nil, err
	}
	return p.Bytes()
}

// adapt rewrites an ECharts option into the shapes the library reads:
// a pie with an inner radius is its doughnut, and a scatter's [x, y] points
// are placed to scale on a fine grid of x positions.
func adapt(opt map[string]any) {
	list, _ := opt["series"].([]any)
	var out []any
	for i, s := range list {
		m, ok := s.(map[string]any)
		if !ok {
			out = append(out, s)
			continue
		}
		switch m["type"] {
		case "pie":
			if r, ok := m["radius"].([]any); ok && len(r) == 2 {
				m["type"] = "doughnut"
				m["radius"] = []any{halfPercent(r[0]), halfPercent(r[1])}
			}
		case "scatter":
			out = append(out, adaptScatter(opt, m, seriesColor(opt, m, i))...)
			continue
		}
		out = append(out, m)
	}
	if list != nil {
		opt["series"] = out
	}
}

// scatterBins is how many x positions a scatter's points are placed on.
const scatterBins = 160

// adaptScatter places [x, y] points to scale: the library's scatter has a
// category x axis, so x is cut into scatterBins evenly spaced positions
// labelled with their values, each point goes to its position, and points
// sharing one go into extra layers of the same series (same colour, same
// name). It returns the series to draw.
func adaptScatter(opt, m map[string]any, color string) []any {
	data, _ := m["data"].([]any)
	type pt struct{ x, y float64 }
	var pts []pt
	for _, d := range data {
		xy, ok := d.([]any)
		if !ok || len(xy) < 2 {
			return []any{m} // already y values over categories
		}
		x, ok1 := xy[0].(float64)
		y, ok2 := xy[1].(float64)
		if ok1 && ok2 {
			pts = append(pts, pt{x, y})
		}
	}
	if len(pts) == 0 {
		return []any{m}
	}
	sort.Slice(pts, func(a, b int) bool { return pts[a].x < pts[b].x })
	lo, hi := pts[0].x, pts[len(pts)-1].x
	bins := scatterBins
	if hi == lo {
		bins = 1
	}
	pos := func(x float64) int {
		if bins == 1 {
			return 0
		}
		return int(math.Round((x - lo) / (hi - lo) * float64(bins-1)))
	}
	var layers [][]any
	used := make([]int, bins)
	for _, p := range pts {
		i := pos(p.x)
		if used[i] == len(layers) {
			layer := make([]any, bins)
			for j := range layer {
				layer[j] = "-"
			}
			layers = append(layers, layer)
		}
		layers[used[i]][i] = p.y
		used[i]++
	}
	labels := make([]string, bins)
	for i := range labels {
		x := lo
		if bins > 1 {
			x = lo + (hi-lo)*float64(i)/float64(bins-1)
		}
		labels[i] = strconv.FormatFloat(x, 'g', 3, 64)
	}
	xa, _ := opt["xAxis"].(map[string]any)
	if xa == nil {
		xa = map[string]any{}
	}
	xa["type"] = "category"
	xa["data"] = labels
	xa["splitNumber"] = int(math.Min(8, float64(bins)))
	opt["xAxis"] = xa
	out := make([]any, 0, len(layers))
	for _, layer := range layers {
		s := map[string]any{}
		for k, v := range m {
			s[k] = v
		}
		s["data"] = layer
		if color != "" {
			style, _ := s["itemStyle"].(map[string]any)
			st := map[string]any{"color": color}
			for k, v := range style {
				st[k] = v
			}
			s["itemStyle"] = st
		}
		out = append(out, s)
	}
	return out
}

// seriesColor is the colour series i is drawn in: its own itemStyle
// colour, else the option's palette, else Tarn's.
func seriesColor(opt, m map[string]any, i int) string {
	if st, ok := m["itemStyle"].(map[string]any); ok {
		if c, ok := st["color"].(string); ok && c != "" {
			return c
		}
	}
	if pal, ok := opt["color"].([]any); ok && len(pal) > 0 {
		if c, ok := pal[i%len(pal)].(string); ok {
			return c
		}
	}
	return charts.Palette[i%len(charts.Palette)]
}

// halfPercent turns an ECharts radius percentage, which is of half the
// shorter side, into the library's, which is of the whole side.
func halfPercent(v any) any {
	s, ok := v.(string)
	if !ok || !strings.HasSuffix(s, "%") {
		return v
	}
	f, err := strconv.ParseFloat(strings.TrimSuffix(s, "%"), 64)
	if err != nil {
		return v
	}
	return strconv.FormatFloat(f/2, 'f', -1, 64) + "%"
}

// readable sets axis text to the theme's text colour, prints axis values
// without trailing zeros and shows every label of a short category axis.
func readable(co *gocharts.ChartOption, themeName string) {
	_, fg := charts.Background(themeName)
	c := gocharts.ParseColor(fg)
	co.XAxis.LabelFontStyle.FontColor = c
	co.XAxis.TitleFontStyle.FontColor = c
	if n := len(co.XAxis.Labels); n > 0 && n <= 12 {
		co.XAxis.LabelCount = n
	}
	for i := range co.YAxis {
		co.YAxis[i].LabelFontStyle.FontColor = c
		co.YAxis[i].TitleFontStyle.FontColor = c
		if co.YAxis[i].ValueFormatter == nil {
			co.YAxis[i].ValueFormatter = tick
		}
	}
}

// tick prints an axis value with at most two decimals and no trailing zeros.
func tick(f float64) string {
	return strconv.FormatFloat(math.Round(f*100)/100, 'f', -1, 64)
}

// withSeriesColors keeps the colours series set in their itemStyle (the
// layers of one scatter share one colour) on top of the theme's palette.
func withSeriesColors(t gocharts.ColorPalette, opt map[string]any) gocharts.ColorPalette {
	list, _ := opt["series"].([]any)
	colors := make([]gocharts.Color, len(list))
	styled := false
	for i, s := range list {
		colors[i] = t.GetSeriesColor(i)
		m, _ := s.(map[string]any)
		if st, ok := m["itemStyle"].(map[string]any); ok {
			if c, ok := st["color"].(string); ok {
				if parsed := gocharts.ParseColor(c); !parsed.IsZero() {
					colors[i], styled = parsed, true
				}
			}
		}
	}
	if !styled {
		return t
	}
	return t.WithSeriesColors(colors)
}
