package planner

import (
	"fmt"
	"strings"
)

// describeFilters says in words which filters and names a plan applies.
func (pl *plan) describeFilters() string {
	var parts []string
	for _, v := range pl.values {
		parts = append(parts, dimensions[v.Dim].Label+" "+v.Value)
	}
	if pl.zone != "" {
		parts = append(parts, "zone "+pl.zone)
	}
	if pl.account != "" {
		parts = append(parts, "account "+pl.account)
	}
	if len(parts) == 0 {
		return ""
	}
	return " with " + strings.Join(parts, " and ")
}

func (pl *plan) describeSpan() string {
	if len(pl.spans) == 0 {
		return ""
	}
	s := pl.spans[0]
	if s.Incident {
		return " during the incident"
	}
	if s.Label != "" && s.Label[0] >= 'A' && s.Label[0] <= 'Z' || strings.HasPrefix(s.Label, "the ") {
		return " in " + spanText(s)
	}
	return " " + spanText(s)
}

// periodText names a span by its dates only.
func periodText(s span) string {
	t := spanText(span{Start: s.Start, End: s.End})
	return strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(t), "("), ")")
}

func (pl *plan) dimLabels() string {
	var ls []string
	for _, d := range pl.dims {
		ls = append(ls, d.Label)
	}
	return strings.Join(ls, " and ")
}

func (pl *plan) missing() string {
	name := strings.TrimRight(pl.account, ".")
	if pl.zone != "" {
		return fmt.Sprintf("There is no zone named %s, so I have no figures for it.", pl.zone)
	}
	return fmt.Sprintf("There is no account named %s, so I have no figures for it.", name)
}

// script writes the Code Mode program of a data plan.
func script(pl *plan) (string, error) {
	q, err := sqlFor(pl)
	if err != nil {
		return "", err
	}
	w := &scriptWriter{}
	w.b.WriteString(helpers)
	m := pl.metric
	what := pl.describeFilters() + pl.describeSpan()
	empty := "I found no rows for that" + what + "."
	if pl.shape == shapeCountOf {
		empty = pl.missing()
	}
	w.runQuery(q, empty, pl.missing())
	w.line("if (!done) {")
	switch pl.shape {
	case shapeValue:
		valueAnswer(w, pl, q, what)
	case shapeGrouped:
		title := fmt.Sprintf("%s by %s", capital(m.Label), pl.dimLabels())
		w.line("%s", barChart(title, q, m))
		head := fmt.Sprintf("%s by %s%s: ", capital(m.Label), pl.dimLabels(), what)
		if pl.ranked {
			dir := "Top"
			if pl.asc {
				dir = "Bottom"
			}
			by := m.Label
			if pl.byRequests {
				by = "requests"
			}
			head = fmt.Sprintf("%s %d %s by %s%s: ", dir, pl.top, plural2(pl.dimLabels()), by, what)
			if !pl.topAsked {
				order := "highest"
				if pl.asc {
					order = "lowest"
				}
				head = fmt.Sprintf("%s by %s%s, %s first: ", capital(plural2(pl.dimLabels())), by, what, order)
			}
		}
		w.line("tarn.answer(%s + rows.slice(0, 5).map((x) => \"**\" + label(x[%d]) + \"** (\" + %s + \")\").join(\", \") + (rows.length > 5 ? \", …\" : \"\") + \".\");",
			js(head), q.Key, fmtExpr(m, q.Columns[q.Value], fmt.Sprintf("x[%d]", q.Value)))
	case shapeSeries:
		seriesScript(w, pl, q, what)
	case shapeGrowth:
		w.line("%s", barChart("Growth in "+m.Label+" ("+spanText(pl.spans[0])+" against "+periodText(previous(pl.spans[0]))+")", q, m))
		w.line("const sign = (v) => (num(v) >= 0 ? \"+\" : \"\");")
		w.line("tarn.answer(%s + rows.slice(0, 5).map((x) => \"**\" + label(x[%d]) + \"** (\" + sign(x[%d]) + %s + \", \" + (x[%d] === null ? \"new\" : sign(x[%d]) + pct(x[%d])) + \")\").join(\", \") + \".\");",
			js(fmt.Sprintf("Largest growth in %s%s%s against %s: ", m.Label, pl.describeFilters(), pl.describeSpan(), periodText(previous(pl.spans[0])))),
			q.Key, q.Value, fmtExpr(m, "", fmt.Sprintf("x[%d]", q.Value)), q.Value+1, q.Value+1, q.Value+1)
	case shapeCompare:
		a, b := pl.spans[0], pl.spans[1]
		earlier, later := b, a
		if a.Start.Before(b.Start) {
			earlier, later = a, b
		}
		note := ""
		if later.End.After(pl.now) {
			note = " (" + later.Label + " is not over yet)"
		}
		w.line("const x = rows[0];")
		w.line("tarn.chart({title: {text: %s}, xAxis: {type: \"category\", data: [%s, %s]}, yAxis: {type: \"value\", min: 0}, series: [{type: \"bar\", name: %s, data: [num(x[0]), num(x[1])]}]});",
			js(capital(m.Label)), js(a.Label), js(b.Label), js(m.Label))
		w.line("tarn.answer(%s + %s + %s + %s + %s + pct(x[2]) + %s);",
			js(capital(spanText(a))+": **"), fmtExpr(m, "", "x[0]"), js("** "+m.Label+"; "+spanText(b)+": **"), fmtExpr(m, "", "x[1]"),
			js("** — a change of **"), js("** from "+earlier.Label+" to "+later.Label+note+"."))
	case shapeList:
		listScript(w, pl, q)
	case shapeAvgPer:
		w.line("%s", barChart("Average revenue per account", q, m))
		w.line("tarn.answer(%s + rows.map((x) => \"**\" + label(x[%d]) + \"** \" + fmt(x[%d], true) + \" (\" + fmt(x[%d]) + \" accounts)\").join(\", \") + \".\");",
			js(fmt.Sprintf("Average revenue per account%s (%s, over every account including those with no revenue): ", what, pl.revenuePeriod())),
			q.Key, q.Value, q.Value-2)
	case shapeCountOf:
		w.line("tarn.answer(\"Account **\" + label(rows[0][1]) + \"** has **\" + fmt(rows[0][2]) + \"** %s.\");", pl.zoneWord())
	}
	w.line("}")
	if len(pl.spans) > 0 && pl.spans[0].Incident {
		body := strings.TrimPrefix(w.b.String(), helpers)
		return helpers + incidentScript(pl.spans[0], body), nil
	}
	return w.b.String(), nil
}

func (pl *plan) zoneWord() string {
	for _, v := range pl.values {
		if v.Dim == "status" || v.Dim == "plan" {
			return v.Value + " zones"
		}
	}
	return "zones"
}

func valueAnswer(w *scriptWriter, pl *plan, q query, what string) {
	m := pl.metric
	w.line("const x = rows[0];")
	switch {
	case m.Ratio:
		w.line("tarn.answer(\"**\" + pct(x[2]) + %s + fmt(x[1]) + \" of \" + fmt(x[0]) + \" requests).\");",
			js("** of requests were served from cache"+what+" ("))
	case m.Key == "events":
		w.line("tarn.answer(\"**\" + fmt(x[0]) + %s + fmt(x[1]) + \"** requests.\");",
			js("** security events"+what+", covering **"))
	case m.Key == "accounts" || m.Key == "zones" || m.Key == "invoices":
		verb := ""
		if len(pl.spans) > 0 {
			verb = " created"
			if m.Key == "invoices" {
				verb = " issued"
			}
		}
		w.line("tarn.answer(\"There are **\" + fmt(x[0]) + %s);", js("** "+m.Label+verb+pl.describeFilters()+pl.describeSpan()+"."))
	default:
		var parts []string
		for i, c := range q.Columns {
			parts = append(parts, fmt.Sprintf("\"**\" + %s + \"** %s\"", fmtExpr(m, c, fmt.Sprintf("x[%d]", i)), strings.ReplaceAll(c, "_", " ")))
		}
		w.line("tarn.answer(%s + %s + %s);", js(capital(strings.TrimPrefix(what, " "))+": "), strings.Join(parts, " + \" and \" + "), js("."))
	}
}

func seriesScript(w *scriptWriter, pl *plan, q query, what string) {
	m := pl.metric
	title := fmt.Sprintf("%s per %s%s", capital(m.Label), pl.grain, what)
	if len(pl.dims) == 0 {
		w.line(`tarn.chart({title: {text: %s}, tooltip: {trigger: "axis"},
  xAxis: {type: "category", data: rows.map((x) => label(x[0]))}, yAxis: {type: "value"},
  series: [{type: "line", name: %s, data: rows.map((x) => num(x[%d]))}]});`, js(title), js(q.Columns[q.Value]), q.Value)
		w.line("let total = 0, peak = rows[0];")
		w.line("for (const x of rows) { total += num(x[%d]); if (num(x[%d]) > num(peak[%d])) peak = x; }", q.Value, q.Value, q.Value)
		if m.Ratio {
			w.line("tarn.answer(%s + label(peak[0]) + \"** at **\" + pct(peak[%d]) + \"**.\");", js(capital(m.Label)+" per "+pl.grain+what+": highest on **"), q.Value)
			return
		}
		extra := ""
		if len(q.Columns) > 2 {
			extra = fmt.Sprintf(` + " and **" + fmt(rows.reduce((s, x) => s + num(x[%d]), 0)) + "** %s"`, q.Value+1, q.Columns[q.Value+1])
		}
		w.line("tarn.answer(%s + %s + %s%s + %s + label(peak[0]) + \"** with **\" + %s + \"**.\");",
			js(capital(m.Label)+" per "+pl.grain+pl.describeFilters()+pl.describeSpan()+": **"), fmtExpr(m, "", "total"),
			js("** "+strings.ReplaceAll(q.Columns[q.Value], "_", " ")), extra,
			js(" in total; the highest "+pl.grain+" was **"), fmtExpr(m, "", fmt.Sprintf("peak[%d]", q.Value)))
		return
	}
	// One line per value of the dimension.
	k := len(pl.dims[0].Names)
	w.line("const period = (v) => (%s ? label(v).slice(0, 7) : label(v));", jsValue(pl.grain == "month"))
	w.line("const times = [...new Set(rows.map((x) => label(x[0])))];")
	w.line("const keys = [...new Set(rows.map((x) => label(x[%d])))];", k)
	w.line("const series = keys.map((k) => ({type: \"line\", name: k, data: times.map((t) => { const x = rows.find((y) => label(y[0]) === t && label(y[%d]) === k); return x ? num(x[%d]) : 0; })}));", k, q.Value)
	w.line("tarn.chart({title: {text: %s}, tooltip: {trigger: \"axis\"}, legend: {}, xAxis: {type: \"category\", data: times}, yAxis: {type: \"value\", min: 0}, series});", js(title))
	w.line("const last = times[times.length - 1];")
	w.line("const inLast = rows.filter((x) => label(x[0]) === last).sort((a, b) => num(b[%d]) - num(a[%d]));", q.Value, q.Value)
	w.line("const sum = inLast.reduce((s, x) => s + num(x[%d]), 0);", q.Value)
	w.line("tarn.answer(%s + period(last) + \"** it was **\" + %s + \"** in total, led by **\" + label(inLast[0][%d]) + \"** (\" + %s + \").\");",
		js(fmt.Sprintf("%s by %s per %s%s. In **", capital(m.Label), pl.dimLabels(), pl.grain, what)), fmtExpr(m, "", "sum"), k, fmtExpr(m, "", fmt.Sprintf("inLast[0][%d]", q.Value)))
}

func listScript(w *scriptWriter, pl *plan, q query) {
	if pl.entity == "account" {
		w.line("tarn.answer(\"**\" + fmt(rows.length) + %s + rows.slice(0, 5).map((x) => label(x[1])).join(\", \") + (rows.length > 5 ? \", …\" : \"\") + \".\");",
			js("** accounts"+pl.describeFilters()+" were created"+pl.describeSpan()+": "))
		return
	}
	over := ""
	if pl.over > 0 {
		over = " over $" + commas(pl.over)
	}
	w.line("const total = rows.reduce((s, x) => s + num(x[6]), 0);")
	w.line("tarn.answer(\"**\" + fmt(rows.length) + %s + fmt(total, true) + \"**; the largest is invoice \" + label(rows[0][0]) + \" to \" + label(rows[0][2]) + \" for \" + fmt(rows[0][6], true) + \".\");",
		js("** "+strings.TrimPrefix(pl.invoiceWords()+" invoices", " ")+over+pl.describeSpan()+", together **"))
}

func (pl *plan) invoiceWords() string {
	var ws []string
	for _, v := range pl.values {
		ws = append(ws, v.Value)
	}
	return strings.Join(ws, " ")
}

func commas(f float64) string {
	s := trimFloat(f)
	i, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for k, r := range i {
		if k > 0 && (len(i)-k)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if frac != "" {
		return b.String() + "." + frac
	}
	return b.String()
}

func capital(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func plural2(s string) string {
	if strings.HasSuffix(s, "y") {
		return strings.TrimSuffix(s, "y") + "ies"
	}
	return s + "s"
}

// revenuePeriod says which months revenue covers: the span asked, or every
// month up to the current one (annual invoices allocate to months ahead).
func (pl *plan) revenuePeriod() string {
	if len(pl.spans) > 0 {
		return spanText(pl.spans[0])
	}
	return "all months up to " + month(pl.now).Format("January 2006")
}
