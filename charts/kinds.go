package charts

import (
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/tarn-data/tarn"
)

type builder struct {
	hint Hint
	s    shape
}

// base is what every option shares: title, colours, background, tooltip.
func (b *builder) base(trigger string) Option {
	bg, fg := Background(b.hint.Theme)
	return Option{
		"title": map[string]any{
			"text": b.hint.Title, "left": "center",
			"textStyle": map[string]any{"color": fg},
		},
		"backgroundColor": bg,
		"color":           Palette,
		"textStyle":       map[string]any{"color": fg},
		"tooltip":         map[string]any{"trigger": trigger},
		"legend":          map[string]any{"show": false},
	}
}

// setLegend shows a legend only when there is more than one series.
func setLegend(o Option, names []string) {
	if len(names) > 1 {
		o["legend"] = map[string]any{"show": true, "data": names, "top": "bottom"}
	}
}

type series struct {
	name string
	vals []float64 // NaN is a gap
}

// line draws time on x and one series per measure, or one series per value
// of a category column (pivot); stacked draws a stacked area.
func (b *builder) line(stacked bool) (Chart, error) {
	s := b.s
	if len(s.times) != 1 || len(s.measures) == 0 {
		return Chart{}, mismatch("line", "one date or time column and at least one numeric column")
	}
	tc := s.times[0]
	var xs []time.Time
	var ss []series
	if len(s.cat) == 1 && len(s.measures) == 1 {
		xs, ss = pivot(tc, s.cat[0], s.measures[0])
	} else {
		xs, ss = byTime(tc, s.measures)
	}
	if len(xs) == 0 || maxAbs(ss, false) == 0 && allNaN(ss) {
		return Chart{}, noValues()
	}
	note := ""
	if len(xs) > MaxPoints {
		idx := lttb(xs, ss, MaxPoints)
		note = fmt.Sprintf("Downsampled from %s to %s points (largest-triangle buckets) to stay readable.",
			thousands(len(xs)), thousands(len(idx)))
		xs = pick(xs, idx)
		for i := range ss {
			ss[i].vals = pick(ss[i].vals, idx)
		}
	}
	if stacked {
		for i := range ss {
			for j, v := range ss[i].vals {
				if math.IsNaN(v) {
					ss[i].vals[j] = 0
				}
			}
		}
	}
	layout := timeLayout(xs)
	labels := make([]string, len(xs))
	for i, t := range xs {
		labels[i] = t.Format(layout)
	}
	mname := s.measures[0].name
	if len(s.measures) > 1 && allShares(s.measures) {
		mname = "share"
	}
	max := maxAbs(ss, stacked)
	div, yname := axisScale(mname, max)
	if isShare(mname) && maxAbs(ss, false) <= 1 {
		div, yname = 0.01, mname+" (%)" // fractions read as percentages
	}
	o := b.base("axis")
	o["xAxis"] = map[string]any{"type": "category", "data": labels, "name": tc.name, "boundaryGap": false}
	y := map[string]any{"type": "value", "name": yname}
	if stacked || allNonNegative(ss) {
		y["min"] = 0
	}
	o["yAxis"] = y
	var out []any
	var names []string
	for _, se := range ss {
		m := map[string]any{"name": se.name, "type": "line", "data": scaled(se.vals, div), "showSymbol": len(xs) <= 60}
		if len(xs) > 60 {
			m["symbol"] = "none"
		}
		if stacked {
			m["stack"] = "total"
			m["areaStyle"] = map[string]any{"opacity": 0.85}
		}
		out = append(out, m)
		names = append(names, se.name)
	}
	o["series"] = out
	setLegend(o, names)
	kind := KindLine
	if stacked {
		kind = KindArea
	}
	return Chart{Kind: kind, Option: o, Note: note}, nil
}

// byTime sorts rows by time, one series per measure; rows without a time are skipped.
func byTime(tc *column, ms []*column) ([]time.Time, []series) {
	idx := make([]int, 0, tc.len())
	for i := range tc.valid {
		if tc.valid[i] {
			idx = append(idx, i)
		}
	}
	sort.SliceStable(idx, func(a, b int) bool { return tc.times[idx[a]].Before(tc.times[idx[b]]) })
	xs := make([]time.Time, len(idx))
	for j, i := range idx {
		xs[j] = tc.times[i]
	}
	ss := make([]series, len(ms))
	for k, m := range ms {
		ss[k] = series{name: m.name, vals: make([]float64, len(idx))}
		for j, i := range idx {
			ss[k].vals[j] = m.nums[i]
		}
	}
	return xs, ss
}

// pivot turns (time, category, measure) rows into one series per category,
// the largest MaxSeries by total, the rest summed into "other".
func pivot(tc, cc, mc *column) ([]time.Time, []series) {
	totals := map[string]float64{}
	seen := map[time.Time]bool{}
	var xs []time.Time
	for i := range tc.valid {
		if !tc.valid[i] || !mc.valid[i] {
			continue
		}
		totals[label(cc, i)] += mc.nums[i]
		if t := tc.times[i]; !seen[t] {
			seen[t] = true
			xs = append(xs, t)
		}
	}
	sort.Slice(xs, func(a, b int) bool { return xs[a].Before(xs[b]) })
	pos := make(map[time.Time]int, len(xs))
	for i, t := range xs {
		pos[t] = i
	}
	cats := make([]string, 0, len(totals))
	for c := range totals {
		cats = append(cats, c)
	}
	sort.Slice(cats, func(a, b int) bool {
		if totals[cats[a]] != totals[cats[b]] {
			return totals[cats[a]] > totals[cats[b]]
		}
		return cats[a] < cats[b]
	})
	slot := map[string]int{}
	var ss []series
	for i, c := range cats {
		if i == MaxSeries && len(cats) > MaxSeries+1 {
			ss = append(ss, series{name: "other", vals: nanSlice(len(xs))})
			for _, rest := range cats[i:] {
				slot[rest] = i
			}
			break
		}
		slot[c] = i
		ss = append(ss, series{name: c, vals: nanSlice(len(xs))})
	}
	for i := range tc.valid {
		if !tc.valid[i] || !mc.valid[i] {
			continue
		}
		v := &ss[slot[label(cc, i)]].vals[pos[tc.times[i]]]
		if math.IsNaN(*v) {
			*v = 0
		}
		*v += mc.nums[i]
	}
	return xs, ss
}

// label is the text of a category cell; NULL reads "(null)".
func label(c *column, i int) string {
	if !c.valid[i] {
		return "(null)"
	}
	switch c.role {
	case roleTime:
		return c.times[i].Format(time.RFC3339)
	case roleMeasure:
		return trimNum(c.nums[i])
	}
	return c.strs[i]
}

type part struct {
	name string
	v    float64
}

// parts sums the measure per category, skipping NULL measures, largest first.
func (b *builder) parts(kind string) ([]part, *column, *column, error) {
	s := b.s
	var cc *column
	switch {
	case len(s.measures) == 1 && len(s.cat) == 1:
		cc = s.cat[0]
	case len(s.measures) == 1 && len(s.times) == 1 && len(s.cat) == 0:
		cc = s.times[0]
	default:
		return nil, nil, nil, mismatch(kind, "one label column and one numeric column")
	}
	mc := s.measures[0]
	sum := map[string]float64{}
	var order []string
	for i := range mc.valid {
		if !mc.valid[i] {
			continue
		}
		l := label(cc, i)
		if _, ok := sum[l]; !ok {
			order = append(order, l)
		}
		sum[l] += mc.nums[i]
	}
	if len(order) == 0 {
		return nil, nil, nil, noValues()
	}
	ps := make([]part, len(order))
	for i, l := range order {
		ps[i] = part{l, sum[l]}
	}
	sort.SliceStable(ps, func(a, b int) bool { return ps[a].v > ps[b].v })
	return ps, cc, mc, nil
}

// bar draws categories sorted largest first, the top TopN and "other".
func (b *builder) bar() (Chart, error) {
	ps, cc, mc, err := b.parts("bar")
	if err != nil {
		return Chart{}, err
	}
	note := ""
	if len(ps) > TopN+1 {
		var rest float64
		for _, p := range ps[TopN:] {
			rest += p.v
		}
		note = fmt.Sprintf("Showing the top %d of %s; the other %s are summed in \"other\".",
			TopN, thousands(len(ps)), thousands(len(ps)-TopN))
		ps = append(ps[:TopN:TopN], part{"other", rest})
	}
	labels := make([]string, len(ps))
	vals := make([]float64, len(ps))
	long := false
	for i, p := range ps {
		labels[i], vals[i] = p.name, p.v
		long = long || len([]rune(p.name)) > 8
	}
	div, yname := axisScale(mc.name, maxAbs([]series{{vals: vals}}, false))
	o := b.base("axis")
	x := map[string]any{"type": "category", "data": labels, "name": cc.name}
	if long && len(ps) > 4 {
		x["axisLabel"] = map[string]any{"rotate": 30}
	}
	o["xAxis"] = x
	y := map[string]any{"type": "value", "name": yname}
	if vals[len(vals)-1] >= 0 {
		y["min"] = 0
	}
	o["yAxis"] = y
	o["series"] = []any{map[string]any{"name": mc.name, "type": "bar", "data": scaled(vals, div)}}
	return Chart{Kind: KindBar, Option: o, Note: note}, nil
}

// donut draws a part of a whole as a ring of at most MaxDonut parts.
func (b *builder) donut() (Chart, error) {
	ps, _, mc, err := b.parts("donut")
	if err != nil {
		return Chart{}, err
	}
	note := ""
	if len(ps) > MaxDonut {
		var rest float64
		for _, p := range ps[MaxDonut-1:] {
			rest += p.v
		}
		note = fmt.Sprintf("The smallest %d parts are summed in \"other\".", len(ps)-MaxDonut+1)
		ps = append(ps[:MaxDonut-1:MaxDonut-1], part{"other", rest})
	}
	data := make([]any, len(ps))
	names := make([]string, len(ps))
	for i, p := range ps {
		data[i] = map[string]any{"name": p.name, "value": round3(p.v)}
		names[i] = p.name
	}
	o := b.base("item")
	o["series"] = []any{map[string]any{
		"name": mc.name, "type": "pie", "radius": []string{"40%", "70%"},
		"data": data, "label": map[string]any{"formatter": "{b}: {d}%"},
	}}
	setLegend(o, names)
	return Chart{Kind: KindDonut, Option: o, Note: note}, nil
}

// scatter draws two measures against each other; rows with a NULL are skipped.
func (b *builder) scatter() (Chart, error) {
	s := b.s
	if len(s.measures) != 2 {
		return Chart{}, mismatch("scatter", "exactly two numeric columns")
	}
	xc, yc := s.measures[0], s.measures[1]
	var xs, ys []float64
	for i := range xc.valid {
		if xc.valid[i] && yc.valid[i] {
			xs = append(xs, xc.nums[i])
			ys = append(ys, yc.nums[i])
		}
	}
	if len(xs) == 0 {
		return Chart{}, noValues()
	}
	note := ""
	if n := len(xs); n > MaxPoints {
		step := float64(n) / MaxPoints
		var sx, sy []float64
		for k := 0; k < MaxPoints; k++ {
			i := int(float64(k) * step)
			sx, sy = append(sx, xs[i]), append(sy, ys[i])
		}
		xs, ys = sx, sy
		note = fmt.Sprintf("Showing an even sample of %s of %s points.", thousands(MaxPoints), thousands(n))
	}
	xdiv, xname := axisScale(xc.name, maxAbs([]series{{vals: xs}}, false))
	ydiv, yname := axisScale(yc.name, maxAbs([]series{{vals: ys}}, false))
	data := make([]any, len(xs))
	for i := range xs {
		data[i] = []float64{round3(xs[i] / xdiv), round3(ys[i] / ydiv)}
	}
	o := b.base("item")
	o["xAxis"] = map[string]any{"type": "value", "name": xname}
	o["yAxis"] = map[string]any{"type": "value", "name": yname}
	o["series"] = []any{map[string]any{"name": yc.name, "type": "scatter", "data": data, "symbolSize": 6}}
	return Chart{Kind: KindScatter, Option: o, Note: note}, nil
}

// number is a big-number card: the value, human-formatted, and its label.
func (b *builder) number() (Chart, error) {
	s := b.s
	if len(s.measures) == 0 {
		return Chart{}, mismatch("number", "a numeric column")
	}
	mc := s.measures[0]
	i := -1
	for j := range mc.valid {
		if mc.valid[j] {
			i = j
			break
		}
	}
	if i < 0 {
		return Chart{}, noValues()
	}
	lbl := mc.name
	if len(s.cat) == 1 && s.cat[0].valid[i] {
		lbl = s.cat[0].strs[i] + " · " + mc.name
	}
	shown := human(mc.nums[i], unitOf(mc.name))
	_, fg := Background(b.hint.Theme)
	o := b.base("none")
	o["dataset"] = map[string]any{"dimensions": []string{lbl}, "source": [][]any{{mc.nums[i]}}}
	o["graphic"] = []any{
		map[string]any{"type": "text", "left": "center", "top": "40%",
			"style": map[string]any{"text": shown, "fontSize": 72, "fontWeight": "bold", "fill": fg}},
		map[string]any{"type": "text", "left": "center", "top": "62%",
			"style": map[string]any{"text": lbl, "fontSize": 22, "fill": fg}},
	}
	return Chart{Kind: KindNumber, Option: o}, nil
}

// table lays the first MaxTableRows rows out as formatted text.
func (b *builder) table() Chart {
	s := b.s
	n := s.rows
	note := ""
	if n > MaxTableRows {
		note = fmt.Sprintf("Showing the first %d of %s rows.", MaxTableRows, thousands(n))
		n = MaxTableRows
	}
	dims := make([]string, len(s.all))
	for j, c := range s.all {
		dims[j] = c.name
	}
	rows := make([][]string, n)
	for i := 0; i < n; i++ {
		row := make([]string, len(s.all))
		for j, c := range s.all {
			row[j] = cell(c, i)
		}
		rows[i] = row
	}
	o := b.base("none")
	o["dataset"] = map[string]any{"dimensions": dims, "source": rows}
	return Chart{Kind: KindTable, Option: o, Note: note}
}

func cell(c *column, i int) string {
	if !c.valid[i] {
		return ""
	}
	switch c.role {
	case roleMeasure:
		if u := unitOf(c.name); u != unitPlain || math.Abs(c.nums[i]) >= 1e6 {
			return human(c.nums[i], u)
		}
		return trimNum(c.nums[i])
	case roleTime:
		t := c.times[i]
		if t.Equal(t.Truncate(24 * time.Hour)) {
			return t.Format("2006-01-02")
		}
		return t.Format("2006-01-02 15:04")
	}
	return c.strs[i]
}

func noValues() error {
	return tarn.Wrap(ErrNoRows, tarn.EINVALID,
		"every value to chart was NULL; check the query's columns", "the query returned no values to chart")
}
