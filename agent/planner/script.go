package planner

import (
	"encoding/json"
	"fmt"
	"strings"
)

// helpers is the small library every planned script starts with: number
// formatting for answers.
const helpers = `const num = (v) => (typeof v === "number" ? v : Number(v));
function fmt(v, money) {
  if (v === null || v === undefined) return "n/a";
  const n = num(v);
  if (!isFinite(n)) return String(v);
  const s = Math.abs(n).toFixed(money || !Number.isInteger(n) ? 2 : 0);
  const [i, f] = s.split(".");
  return (n < 0 ? "-" : "") + (money ? "$" : "") + i.replace(/\B(?=(\d{3})+(?!\d))/g, ",") + (f ? "." + f : "");
}
const pct = (v) => (v === null || v === undefined ? "n/a" : (num(v) * 100).toFixed(1) + "%");
const label = (v) => (v === null || v === undefined ? "(none)" : String(v));
`

// js returns s as a JavaScript string literal.
func js(s string) string { return jsValue(s) }

// jsValue returns v as a JavaScript value. JSON is JavaScript, and Go's
// encoder escapes U+2028 and U+2029, which older engines reject in strings.
func jsValue(v any) string {
	var b strings.Builder
	e := json.NewEncoder(&b)
	e.SetEscapeHTML(false)
	_ = e.Encode(v)
	return strings.TrimSuffix(b.String(), "\n")
}

// fmtExpr is the JS expression that formats column i of row x for an
// answer, as money, a percentage or a count.
func fmtExpr(m *metric, col string, x string) string {
	switch {
	case m != nil && m.Ratio && strings.Contains(col, "ratio"), col == "growth", col == "change":
		return "pct(" + x + ")"
	case m != nil && m.Money && !strings.HasPrefix(col, "accounts"), col == "billed_amount", col == "revenue_per_account":
		return "fmt(" + x + ", true)"
	}
	return "fmt(" + x + ")"
}

// scriptWriter builds one script line by line.
type scriptWriter struct{ b strings.Builder }

func (w *scriptWriter) line(format string, args ...any) {
	fmt.Fprintf(&w.b, format, args...)
	w.b.WriteByte('\n')
}

// runQuery writes the display query and the check for an empty result,
// whose answer is empty (a named zone or account that does not exist is
// said so).
func (w *scriptWriter) runQuery(q query, empty, missing string) {
	w.line("const r = tarn.sql(%s, {mode: \"display\"});", js(q.SQL))
	w.line("const rows = r.rows;")
	cond := "rows.length === 0"
	if q.Key < 0 && q.Existent != "" {
		cond = "rows.length === 0 || rows[0][0] === null || num(rows[0][0]) === 0"
	}
	w.line("let done = false;")
	if q.Existent != "" {
		w.line("if (%s) {", cond)
		w.line("  const e = tarn.sql(%s, {mode: \"inject\"});", js(q.Existent))
		w.line("  if (num(e.rows[0][0]) === 0) { tarn.answer(%s); done = true; }", js(missing))
		w.line("}")
	}
	if q.Key >= 0 || q.Value < 0 {
		w.line("if (!done && rows.length === 0) { tarn.answer(%s); done = true; }", js(empty))
	}
}

func barChart(title string, q query, m *metric) string {
	data := fmt.Sprintf("rows.map((x) => num(x[%d]))", q.Value)
	if m != nil && m.Ratio || q.Columns[q.Value] == "growth" {
		data = fmt.Sprintf("rows.map((x) => Math.round(num(x[%d]) * 1000) / 10)", q.Value)
	}
	return fmt.Sprintf(`tarn.chart({title: {text: %s}, tooltip: {trigger: "axis"},
  xAxis: {type: "category", data: rows.map((x) => label(x[%d]))},
  yAxis: {type: "value", min: 0}, series: [{type: "bar", name: %s, data: %s}]});`,
		js(title), q.Key, js(q.Columns[q.Value]), data)
}
