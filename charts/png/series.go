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
	co.Theme = theme(o.Theme)
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
// become y values over x labels sorted by x.
func adapt(opt map[string]any) {
	list, _ := opt["series"].([]any)
	for _, s := range list {
		m, ok := s.(map[string]any)
		if !ok {
			continue
		}
		switch m["type"] {
		case "pie":
			if r, ok := m["radius"].([]any); ok && len(r) == 2 {
				m["type"] = "doughnut"
				m["radius"] = []any{halfPercent(r[0]), halfPercent(r[1])}
			}
		case "scatter":
			adaptScatter(opt, m)
		}
	}
}

func adaptScatter(opt, m map[string]any) {
	data, _ := m["data"].([]any)
	type pt struct{ x, y float64 }
	var pts []pt
	for _, d := range data {
		xy, ok := d.([]any)
		if !ok || len(xy) < 2 {
			return // already y values over categories
		}
		x, ok1 := xy[0].(float64)
		y, ok2 := xy[1].(float64)
		if ok1 && ok2 {
			pts = append(pts, pt{x, y})
		}
	}
	sort.Slice(pts, func(a, b int) bool { return pts[a].x < pts[b].x })
	labels := make([]string, len(pts))
	ys := make([]float64, len(pts))
	for i, p := range pts {
		labels[i] = strconv.FormatFloat(p.x, 'g', 3, 64)
		ys[i] = p.y
	}
	m["data"] = ys
	x, _ := opt["xAxis"].(map[string]any)
	if x == nil {
		x = map[string]any{}
	}
	x["type"] = "category"
	x["data"] = labels
	x["splitNumber"] = int(math.Min(8, float64(len(labels))))
	opt["xAxis"] = x
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
