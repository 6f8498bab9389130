package planner

import (
	"strings"

	"github.com/tarn-data/tarn/agent"
)

// columnTables says which demo tables hold a column, for "what does X
// mean" when the prompt's context has no card for it.
var columnTables = map[string][]string{
	"alloc_amount": {tAllocated}, "billed_amount": {tInvoices}, "billing_frequency": {tInvoices},
	"invoice_month": {tInvoices}, "invoice_id": {tInvoices, tAllocated}, "product": {tInvoices, tAllocated},
	"currency": {tInvoices}, "month": {tAllocated}, "cached_bytes": {tDaily}, "threats": {tDaily},
	"bot_score": {tRequests}, "cache_status": {tRequests}, "colo": {tRequests}, "client_asn": {tRequests},
	"client_country": {tRequests, tDaily}, "client_ip": {tRequests}, "user_agent": {tRequests},
	"customer_type": {tAccounts}, "owner_email": {tAccounts}, "billing_phone": {tAccounts},
	"account_name": {tAccounts}, "zone_name": {tZones}, "attack_type": {tSecurity}, "rule_id": {tSecurity},
	"source_asn": {tSecurity}, "source_ip": {tSecurity}, "source_country": {tSecurity}, "action": {tSecurity},
}

// metricColumns are the columns behind metrics, for "what does revenue
// mean".
var metricColumns = map[string]string{
	"revenue": "alloc_amount", "threats": "threats", "cached_bytes": "cached_bytes", "billed": "billed_amount",
}

// glossary is the semantic model's own word on a few columns, used when
// the catalog has no description the user may see.
var glossary = map[string]string{
	"alloc_amount": "revenue recognised in a month: the whole billed_amount for monthly invoices, billed_amount / 12 for annual ones (spread over their twelve months); void invoices never count. Revenue means sum(alloc_amount).",
	"threats":      "requests with a bot score below 10.",
	"cached_bytes": "bytes of requests served from cache (cache_status = 'hit').",
	"bot_score":    "1 (certainly automated) to 99 (certainly human); below 10 counts as a threat.",
}

// searchScript lists the tables the catalog finds about topic; the tables
// of the prompt's context that match are a fallback.
func searchScript(topic string, c *agent.Context) string {
	var known []map[string]string
	if c != nil {
		for _, t := range c.Tables {
			if matchesTopic(t.Name+" "+t.Description, topic) {
				known = append(known, map[string]string{"name": t.Name, "description": t.Description})
			}
		}
	}
	w := &scriptWriter{}
	w.line("const topic = %s;", js(topic))
	w.line("const words = topic.toLowerCase().split(/\\s+/).map((x) => x.replace(/(ing|s)$/, \"\"));")
	w.line("const match = (h) => words.some((x) => (h.name + \" \" + (h.description || \"\")).toLowerCase().includes(x));")
	w.line("const hits = tarn.search(topic).filter((h) => h.kind === \"table\");")
	w.line("let tables = hits.filter(match);")
	w.line("if (tables.length === 0) tables = hits;")
	w.line("for (const k of %s) if (!tables.some((t) => t.name === k.name)) tables.push(k);", jsValue(orEmpty(known)))
	w.line("const seen = new Set();")
	w.line("tables = tables.filter((t) => !seen.has(t.name) && seen.add(t.name));")
	w.line("if (tables.length === 0) {")
	w.line("  tarn.answer(\"I found no tables about \" + topic + \" that you can see.\");")
	w.line("} else {")
	w.line("  tarn.answer(\"Tables about \" + topic + \":\\n\" + tables.map((t) => \"- **\" + t.name + \"**\" + (t.description ? \" — \" + t.description : \"\")).join(\"\\n\"));")
	w.line("}")
	return w.b.String()
}

func orEmpty(x []map[string]string) []map[string]string {
	if x == nil {
		return []map[string]string{}
	}
	return x
}

func matchesTopic(text, topic string) bool {
	text = strings.ToLower(text)
	for _, w := range strings.Fields(strings.ToLower(topic)) {
		w = strings.TrimSuffix(strings.TrimSuffix(w, "ing"), "s")
		if w != "" && strings.Contains(text, w) {
			return true
		}
	}
	return false
}

// meaningScript explains a column from the catalog: its description as
// the user may see it, the derivation from the context, and the semantic
// model's definition when the catalog says nothing.
func meaningScript(ident string, c *agent.Context) string {
	col, tables := ident, []string(nil)
	if i := strings.LastIndex(ident, "."); i > 0 {
		tables, col = []string{ident[:i]}, ident[i+1:]
	}
	derivation := ""
	if c != nil {
		for _, t := range c.Tables {
			for _, cc := range t.Columns {
				if cc.Name == col {
					tables = appendOnce(tables, t.Name)
					if derivation == "" && cc.Derivation != "" {
						derivation = cc.Derivation
					}
				}
			}
		}
	}
	for _, t := range columnTables[col] {
		tables = appendOnce(tables, t)
	}
	w := &scriptWriter{}
	w.line("const column = %s;", js(col))
	w.line("const candidates = %s;", jsValue(orEmptyS(tables)))
	w.line("if (candidates.length === 0) {")
	w.line("  try { for (const h of tarn.search(column)) if (h.kind === \"table\") candidates.push(h.name); } catch (e) {}")
	w.line("}")
	w.line("let found = null;")
	w.line("for (const t of candidates) {")
	w.line("  try {")
	w.line("    const info = tarn.describe(t);")
	w.line("    const c = info.columns.find((x) => x.name === column);")
	w.line("    if (c) { found = {table: info.name || t, type: c.type, description: c.description || \"\"}; break; }")
	w.line("  } catch (e) { console.log(\"describe \" + t + \": \" + e.message); }")
	w.line("}")
	w.line("const derivation = %s;", js(derivation))
	w.line("const glossary = %s;", js(glossary[col]))
	w.line("let text;")
	w.line("if (found) {")
	w.line("  text = \"**\" + column + \"** (\" + found.table + \", \" + found.type + \"): \" + (found.description || glossary || \"no description yet\");")
	w.line("  if (derivation && !text.includes(derivation)) text += \"\\n\\nHow it is computed: \" + derivation;")
	w.line("  if (glossary && found.description && !text.includes(glossary)) text += \"\\n\\nIn short: \" + glossary;")
	w.line("} else if (glossary) {")
	w.line("  text = \"**\" + column + \"**: \" + glossary;")
	w.line("} else {")
	w.line("  text = \"I found no column named \" + column + \" in the tables you can see.\";")
	w.line("}")
	w.line("tarn.answer(text);")
	return w.b.String()
}

func orEmptyS(x []string) []string {
	if x == nil {
		return []string{}
	}
	return x
}
