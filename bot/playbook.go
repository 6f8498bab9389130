package bot

import (
	"bytes"
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/agent"
	"github.com/tarn-data/tarn/charts"
	chartpng "github.com/tarn-data/tarn/charts/png"
	"github.com/tarn-data/tarn/engine"
)

// Querier runs governed SQL (*engine.Engine).
type Querier interface {
	Query(ctx context.Context, req engine.Request) (*engine.Result, error)
}

// Playbooks investigate alerts without a model: chosen by the alert's
// labels, each runs a few governed queries as the alert principal — the
// time series around the alert, the top sources, a comparison with the
// same hours a week earlier — and posts them with charts.
type Playbooks struct {
	Engine Querier
}

// playbook is one kind of investigation over one table.
type playbook struct {
	name, table, measure, sources, what string
}

var (
	trafficBook = playbook{name: "traffic", table: "fct.http_requests", measure: "count(*)",
		sources: "client_asn AS asn, client_country AS country", what: "requests"}
	attackBook = playbook{name: "attack", table: "fct.security_events", measure: "sum(requests)",
		sources: "source_asn AS asn, attack_type, count(DISTINCT zone_id) AS zones", what: "attack requests"}
)

// choose picks the playbook for an alert's labels; ok is false when none
// fits.
func choose(al Alert) (playbook, bool) {
	text := strings.ToLower(al.Labels["playbook"] + " " + al.Name + " " + al.Labels["alertname"] + " " + al.Labels["kind"])
	switch {
	case al.Labels["attack_type"] != "" || containsAny(text, "attack", "credential", "ddos", "waf", "security", "stuffing"):
		return attackBook, true
	case containsAny(text, "traffic", "spike", "requests", "rps"):
		return trafficBook, true
	}
	return playbook{}, false
}

func containsAny(s string, words ...string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

var numeric = regexp.MustCompile(`^[0-9]{1,18}$`)

// Investigate implements Investigator.
func (p Playbooks) Investigate(ctx context.Context, al Alert, principal string, progress func(string)) (Findings, error) {
	book, ok := choose(al)
	if !ok {
		return Findings{Summary: fmt.Sprintf("No playbook matches **%s** (labels: %s). Ask me about it here, e.g. \"requests per hour yesterday\".", al.Name, alertLine(al))}, nil
	}
	q := &investigation{p: p, ctx: ctx, caller: engine.Caller{Principal: principal, Purpose: "alert " + al.Name}}
	t := al.StartsAt.UTC().Truncate(time.Minute)
	filter, zoneDesc, err := q.zoneFilter(al)
	if err != nil {
		return Findings{}, err
	}
	progress("the time series around the alert")
	from, to := t.Add(-24*time.Hour), t.Add(2*time.Hour)
	series, err := q.run(fmt.Sprintf("SELECT date_trunc('hour', ts) AS hour, %s AS %s FROM %s WHERE ts >= %s AND ts < %s%s GROUP BY 1 ORDER BY 1",
		book.measure, ident(book.what), book.table, lit(from), lit(to), filter), charts.KindLine, fmt.Sprintf("%s per hour%s", book.what, zoneDesc))
	if err != nil {
		return Findings{}, err
	}
	progress("the top sources")
	wFrom, wTo := t.Add(-time.Hour), t.Add(time.Hour)
	top, err := q.run(fmt.Sprintf("SELECT %s, %s AS %s FROM %s WHERE ts >= %s AND ts < %s%s GROUP BY ALL ORDER BY %s DESC LIMIT 10",
		book.sources, book.measure, ident(book.what), book.table, lit(wFrom), lit(wTo), filter, ident(book.what)), "", "")
	if err != nil {
		return Findings{}, err
	}
	progress("the baseline")
	now, err := q.scalar(fmt.Sprintf("SELECT coalesce(%s, 0) FROM %s WHERE ts >= %s AND ts < %s%s", book.measure, book.table, lit(wFrom), lit(wTo), filter))
	if err != nil {
		return Findings{}, err
	}
	before, err := q.scalar(fmt.Sprintf("SELECT coalesce(%s, 0) FROM %s WHERE ts >= %s AND ts < %s%s", book.measure, book.table, lit(wFrom.AddDate(0, 0, -7)), lit(wTo.AddDate(0, 0, -7)), filter))
	if err != nil {
		return Findings{}, err
	}
	summary := fmt.Sprintf("**%s playbook**%s: %s %s in the two hours around %s, against %s the same hours a week earlier (%s).",
		strings.ToUpper(book.name[:1])+book.name[1:], zoneDesc, groupDigits(now), book.what, stamp(t), groupDigits(before), ratio(now, before))
	series.Text = fmt.Sprintf("**%s per hour%s**, from a day before the alert to two hours after.", strings.ToUpper(book.what[:1])+book.what[1:], zoneDesc)
	top.Text = fmt.Sprintf("**Top sources** in the two hours around the alert%s.", zoneDesc)
	return Findings{Summary: summary, Messages: []Message{series, top}}, nil
}

func ratio(now, before int64) string {
	switch {
	case before == 0 && now == 0:
		return "no change"
	case before == 0:
		return "nothing a week earlier"
	}
	return fmt.Sprintf("×%.1f", float64(now)/float64(before))
}

type investigation struct {
	p      Playbooks
	ctx    context.Context
	caller engine.Caller
}

// zoneFilter narrows to the alert's zone: a zone_id label, or a zone name
// looked up in dim.zones.
func (q *investigation) zoneFilter(al Alert) (string, string, error) {
	if id := al.Labels["zone_id"]; numeric.MatchString(id) {
		return " AND zone_id = " + id, " for zone " + id, nil
	}
	name := al.Labels["zone"]
	if name == "" {
		return "", "", nil
	}
	if numeric.MatchString(name) {
		return " AND zone_id = " + name, " for zone " + name, nil
	}
	id, err := q.scalar("SELECT coalesce(min(zone_id), -1) FROM dim.zones WHERE zone_name = " + strLit(name))
	if err != nil {
		return "", "", err
	}
	if id < 0 {
		return "", "", tarn.Errorf(tarn.ENOTFOUND, "the alert names zone %q, which dim.zones does not have", name)
	}
	return " AND zone_id = " + strconv.FormatInt(id, 10), fmt.Sprintf(" for %s (zone %d)", name, id), nil
}

func (q *investigation) query(sql string) (arrow.Schema, []arrow.RecordBatch, func(), error) {
	res, err := q.p.Engine.Query(q.ctx, engine.Request{SQL: sql, Caller: q.caller, MaxRows: 1000})
	if err != nil {
		return arrow.Schema{}, nil, func() {}, err
	}
	var recs []arrow.RecordBatch
	for res.Reader.Next() {
		b := res.Reader.RecordBatch()
		b.Retain()
		recs = append(recs, b)
	}
	release := func() {
		for _, b := range recs {
			b.Release()
		}
	}
	sc := *res.Schema()
	if err := res.Reader.Err(); err != nil {
		res.Close()
		release()
		return sc, nil, func() {}, err
	}
	if err := res.Close(); err != nil {
		release()
		return sc, nil, func() {}, err
	}
	return sc, recs, release, nil
}

// run runs sql and makes a message of the result: a table, and a chart of
// kind when kind is set (else a bar chart when it has rows).
func (q *investigation) run(sql, kind, title string) (Message, error) {
	sc, recs, release, err := q.query(sql)
	if err != nil {
		return Message{}, err
	}
	defer release()
	m := Message{Code: sql, CodeLang: "sql"}
	var cols []string
	for _, f := range sc.Fields() {
		cols = append(cols, f.Name)
	}
	var rows [][]any
	for _, b := range recs {
		for i := 0; i < int(b.NumRows()); i++ {
			row := make([]any, b.NumCols())
			for c := range row {
				row[c] = arrowCell(b.Column(c), i)
			}
			rows = append(rows, row)
		}
	}
	if len(rows) == 0 {
		m.Footer = "no rows"
		return m, nil
	}
	if kind == "" {
		m.Table = tableOf(cols, rows, false)
		return m, nil
	}
	ch, err := charts.FromRecords(&sc, recs, charts.Hint{Kind: kind, Title: title, Theme: charts.ThemeLight})
	if err != nil {
		m.Table = tableOf(cols, rows, false)
		return m, nil
	}
	var buf bytes.Buffer
	if err := chartpng.Render(ch, &buf, chartpng.Options{Theme: charts.ThemeLight}); err == nil {
		m.Images = []Image{{Name: "series.png", Title: title, PNG: buf.Bytes()}}
	}
	return m, nil
}

func (q *investigation) scalar(sql string) (int64, error) {
	_, recs, release, err := q.query(sql)
	if err != nil {
		return 0, err
	}
	defer release()
	for _, b := range recs {
		if b.NumRows() > 0 {
			switch v := arrowCell(b.Column(0), 0).(type) {
			case int64:
				return v, nil
			case float64:
				return int64(v), nil
			}
			n, err := strconv.ParseFloat(b.Column(0).ValueStr(0), 64)
			return int64(n), err
		}
	}
	return 0, nil
}

// arrowCell is one value as Go: integers as int64, floats as float64,
// times as time.Time, the rest as text.
func arrowCell(col arrow.Array, i int) any {
	if col.IsNull(i) {
		return nil
	}
	switch a := col.(type) {
	case *array.Int64:
		return a.Value(i)
	case *array.Int32:
		return int64(a.Value(i))
	case *array.Int16:
		return int64(a.Value(i))
	case *array.Uint64:
		return int64(a.Value(i))
	case *array.Float64:
		return a.Value(i)
	case *array.Timestamp:
		unit := a.DataType().(*arrow.TimestampType).Unit
		return a.Value(i).ToTime(unit).UTC()
	case *array.String:
		return strings.Clone(a.Value(i))
	}
	return strings.Clone(col.ValueStr(i))
}

func lit(t time.Time) string { return "TIMESTAMP '" + t.UTC().Format("2006-01-02 15:04:05") + "'" }

func strLit(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

func ident(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// AskInvestigator investigates with the agent: one question that carries
// the alert, answered like any other (for a configured LLM).
type AskInvestigator struct {
	Agent Asker
}

// Investigate implements Investigator.
func (i AskInvestigator) Investigate(ctx context.Context, al Alert, principal string, progress func(string)) (Findings, error) {
	q := fmt.Sprintf("An alert fired: %s. %s Investigate it: show the time series around %s, the top sources, and compare with the same hours a week earlier.",
		alertLine(al), al.Summary(), stamp(al.StartsAt))
	ans, err := i.Agent.Ask(ctx, agent.Question{Text: q, Principal: principal, Purpose: "alert " + al.Name, Progress: progress})
	if ans == nil {
		return Findings{}, err
	}
	m := Message{Code: strings.Join(ans.SQL, ";\n\n"), CodeLang: "sql", Footer: footer(ans)}
	if len(ans.Tables) > 0 {
		m.Table = tableOf(ans.Tables[0].Columns, ans.Tables[0].Rows, ans.Tables[0].Truncated)
	}
	for n, opt := range ans.Charts {
		if png, err := RenderPNG(opt); err == nil {
			m.Images = append(m.Images, Image{Name: fmt.Sprintf("finding-%d.png", n+1), Title: chartTitle(opt), PNG: png})
		}
	}
	return Findings{Summary: ans.Text, Messages: []Message{m}}, nil
}
