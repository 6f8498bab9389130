package planner

import "strings"

// findIncident is the start of a script about "the incident": it finds the
// burst of security events within the search span (the hour with the most
// events and the hours around it with at least a fifth of that) and stops
// with a plain answer when there is no burst, i.e. when the peak is not
// ten times the median hour.
const findIncident = `const hours = tarn.sql(%s, {mode: "inject"}).rows;
const counts = hours.map((x) => num(x[1])).sort((a, b) => a - b);
const median = counts.length ? counts[Math.floor(counts.length / 2)] : 0;
let peak = 0;
for (let i = 1; i < hours.length; i++) if (num(hours[i][1]) > num(hours[peak][1])) peak = i;
const burst = hours.length > 0 && num(hours[peak][1]) >= 10 * Math.max(median, 1);
let first = peak, last = peak;
const step = 3600 * 1000;
const at = (i) => Date.parse(label(hours[i][0]).replace(" ", "T") + "Z");
while (burst && first > 0 && at(first - 1) === at(first) - step && num(hours[first - 1][1]) * 5 >= num(hours[peak][1])) first--;
while (burst && last < hours.length - 1 && at(last + 1) === at(last) + step && num(hours[last + 1][1]) * 5 >= num(hours[peak][1])) last++;
const stamp = (ms) => new Date(ms).toISOString().slice(0, 19).replace("T", " ");
const incidentFrom = burst ? stamp(at(first)) : "", incidentTo = burst ? stamp(at(last) + step) : "";
const incidentNote = burst ? " The incident: " + incidentFrom.slice(0, 16) + " – " + incidentTo.slice(0, 16) + " UTC, " +
  fmt(num(hours[peak][1])) + " security events in its busiest hour against a median of " + fmt(median) + "." : "";
const incident = (sql) => sql.replaceAll(%s, "TIMESTAMP '" + incidentFrom + "'").replaceAll(%s, "TIMESTAMP '" + incidentTo + "'");
const answer = (text) => tarn.answer(text + incidentNote);
`

// incidentScript wraps the body of a script about the incident: the search
// for the burst, then body with its queries bounded by it.
func incidentScript(s span, body string) string {
	hours := "SELECT date_trunc('hour', t.ts) AS hour, count(*) AS events FROM fct.security_events t WHERE " +
		"t.ts >= " + timeLit(s.Start, timeTS) + " AND t.ts < " + timeLit(s.End, timeTS) + " GROUP BY 1 ORDER BY 1"
	w := &scriptWriter{}
	w.line(findIncident, js(hours), js(incidentStart), js(incidentEnd))
	w.line("if (!burst) {")
	w.line("  tarn.answer(%s);", js("I found no incident — no burst of security events — in the last seven days ("+periodText(span{Start: s.Start, End: s.End})+")."))
	w.line("} else {")
	body = strings.ReplaceAll(body, "tarn.answer(", "answer(")
	body = strings.ReplaceAll(body, "tarn.sql(\"", "tarn.sql(incident(\"")
	body = strings.ReplaceAll(body, "\", {mode:", "\"), {mode:")
	w.b.WriteString(body)
	w.line("}")
	return w.b.String()
}
