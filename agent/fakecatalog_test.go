package agent_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/engine"
	"github.com/tarn-data/tarn/lake"
	"github.com/tarn-data/tarn/lake/demo"
)

// fakeCatalog is a CatalogSource and Visibility over generated tables.
type fakeCatalog struct {
	ids     []lake.Ident
	notes   map[lake.Ident]lake.Note
	lineage map[lake.Ident]lake.Lineage
	pages   []lake.Page
	hidden  map[lake.Ident]string // the one column Describe hides
	refused map[lake.Ident]bool   // Describe refuses the table
	unique  map[lake.Ident]string // a column only this table has
}

func (f *fakeCatalog) Tables(context.Context) ([]lake.Ident, error) { return f.ids, nil }
func (f *fakeCatalog) Note(_ context.Context, id lake.Ident) (lake.Note, error) {
	return f.notes[id], nil
}
func (f *fakeCatalog) Lineage(_ context.Context, id lake.Ident) (lake.Lineage, error) {
	if l, ok := f.lineage[id]; ok {
		return l, nil
	}
	return lake.Lineage{}, fmt.Errorf("%w: %s", lake.ErrNoLineage, id)
}
func (f *fakeCatalog) Pages(context.Context) ([]lake.Page, error) { return f.pages, nil }

// Describe hides f.hidden's column and refuses f.refused's tables.
func (f *fakeCatalog) Describe(_ context.Context, _ string, id lake.Ident) ([]engine.Column, error) {
	if f.refused[id] {
		return nil, tarn.Wrap(errors.New("not granted"), tarn.EFORBIDDEN, "Request access: tarn request select "+id.String()+".",
			"You have no access to %s; the group restricted has.", id)
	}
	n, ok := f.notes[id]
	if !ok {
		return nil, tarn.Errorf(tarn.ENOTFOUND, "There is no table %s.", id)
	}
	var cols []engine.Column
	for _, c := range n.Columns {
		if c.Name != f.hidden[id] {
			cols = append(cols, engine.Column{Name: c.Name, Type: "VARCHAR", Masked: c.PII != ""})
		}
	}
	return cols, nil
}

func (f *fakeCatalog) add(id lake.Ident, n lake.Note) {
	f.ids = append(f.ids, id)
	f.notes[id] = n
}

// domain is a business area of the generated catalog.
type domain struct {
	name, phrase string
	entities     []string // entity words, e.g. "invoice"
}

// domains are the ~40 areas the 10,000 tables spread over.
var domains = []domain{
	{"dns", "authoritative DNS queries and records", []string{"queries", "records", "resolvers", "nxdomain"}},
	{"workers", "serverless Workers scripts and invocations", []string{"invocations", "scripts", "cpu_time", "deployments"}},
	{"r2", "R2 object storage buckets and operations", []string{"buckets", "objects", "operations", "egress"}},
	{"email_routing", "email routing rules and forwarded messages", []string{"messages", "rules", "bounces", "destinations"}},
	{"waf", "web application firewall rules and matches", []string{"rules", "matches", "rulesets", "overrides"}},
	{"ddos", "DDoS mitigation and attack reports", []string{"mitigations", "reports", "signatures", "alerts"}},
	{"ssl", "SSL certificates and TLS handshakes", []string{"certificates", "handshakes", "renewals", "ciphers"}},
	{"load_balancing", "load balancer pools, origins and health checks", []string{"pools", "origins", "health_checks", "steering"}},
	{"stream", "Stream video delivery", []string{"videos", "views", "minutes", "encodes"}},
	{"images", "image resizing and transformations", []string{"transformations", "variants", "uploads", "cache"}},
	{"pages", "Pages static site builds and deployments", []string{"builds", "projects", "deployments", "domains"}},
	{"zero_trust", "Zero Trust access applications and policies", []string{"applications", "policies", "logins", "devices"}},
	{"gateway", "secure web gateway DNS and HTTP filtering", []string{"dns_filters", "http_filters", "blocks", "locations"}},
	{"tunnels", "Cloudflare Tunnel connectors and connections", []string{"connectors", "connections", "routes", "uptime"}},
	{"spectrum", "Spectrum TCP and UDP proxy applications", []string{"applications", "connections", "bytes", "ports"}},
	{"registrar", "domain registrar registrations and transfers", []string{"registrations", "transfers", "renewals", "tlds"}},
	{"analytics", "web analytics page views and visits", []string{"pageviews", "visits", "referrers", "browsers"}},
	{"logpush", "Logpush jobs and delivered log batches", []string{"jobs", "batches", "destinations", "failures"}},
	{"support", "customer support cases and satisfaction", []string{"cases", "csat", "escalations", "agents"}},
	{"sales", "sales pipeline opportunities and quotas", []string{"opportunities", "quotas", "leads", "bookings"}},
	{"marketing", "marketing campaigns and signups", []string{"campaigns", "signups", "emails", "attribution"}},
	{"hr", "employees, headcount and hiring", []string{"employees", "headcount", "hires", "attrition"}},
	{"finance", "general ledger and budgets", []string{"ledger", "budgets", "expenses", "forecasts"}},
	{"procurement", "purchase orders and vendors", []string{"purchase_orders", "vendors", "contracts", "approvals"}},
	{"hardware", "servers, racks and hardware failures in data centers", []string{"servers", "racks", "failures", "inventory"}},
	{"network", "backbone links, peering and capacity", []string{"links", "peering", "capacity", "latency"}},
	{"radar", "internet traffic trends and outages", []string{"trends", "outages", "bgp_events", "country_stats"}},
	{"ai_gateway", "AI gateway model requests and tokens", []string{"model_requests", "tokens", "providers", "cache_hits"}},
	{"vectorize", "vector index queries and inserts", []string{"indexes", "queries", "inserts", "dimensions"}},
	{"d1", "D1 serverless SQL databases", []string{"databases", "queries", "rows_read", "storage"}},
	{"kv", "Workers KV namespaces and reads", []string{"namespaces", "reads", "writes", "keys"}},
	{"queues", "Queues messages and consumers", []string{"messages", "consumers", "backlog", "retries"}},
	{"durable_objects", "Durable Objects requests and storage", []string{"requests", "storage", "alarms", "websockets"}},
	{"turnstile", "Turnstile challenges and solves", []string{"challenges", "solves", "widgets", "failures"}},
	{"rate_limiting", "rate limiting rules and throttled requests", []string{"rules", "throttles", "counters", "exceptions"}},
	{"page_shield", "Page Shield scripts and connections seen in browsers", []string{"scripts", "connections", "alerts", "policies"}},
	{"api_shield", "API Shield endpoints and schema violations", []string{"endpoints", "violations", "schemas", "sessions"}},
	{"magic_transit", "Magic Transit tunnels and traffic", []string{"tunnels", "traffic", "health", "prefixes"}},
	{"ml", "machine learning features and model scores", []string{"features", "scores", "training_runs", "drift"}},
	{"experiments", "A/B experiments and assignments", []string{"experiments", "assignments", "metrics", "exposures"}},
}

// variant is how a concept becomes a table name: namespace, suffix,
// tags and a grain phrase for the description.
type variant struct {
	ns, suffix, grain string
	tags              []string
}

var variants = []variant{
	{"fct", "daily", "per day", []string{"curated"}},
	{"fct", "hourly", "per hour", []string{"curated"}},
	{"agg", "monthly", "per month", []string{"curated"}},
	{"dim", "", "one row per item, current state", []string{"curated"}},
	{"stg", "raw", "raw staging load, unvalidated", nil},
	{"raw", "events", "raw event stream as received", nil},
	{"fct", "by_region", "per day and sales region", []string{"curated"}},
	{"fct", "by_country", "per day and country", nil},
	{"rpt", "weekly", "weekly report extract", nil},
	{"ops", "latest", "latest snapshot for on-call dashboards", nil},
	{"ml", "features", "model features derived from", nil},
	{"scratch", "copy", "per day (ad-hoc copy)", []string{"scratch"}},
	{"scratch", "tmp", "per day (temporary export)", []string{"scratch"}},
	{"internal", "backfill", "per day (backfill in progress)", []string{"internal"}},
	{"internal", "audit", "change audit of", []string{"internal"}},
	{"stg", "dedup", "deduplicated staging", nil},
	{"fct", "v2", "per day, new pipeline (preview)", nil},
	{"archive", "2024", "per day, archived 2024 data", []string{"internal"}},
	{"fct", "sampled", "1% sample per day", nil},
	{"agg", "quarterly", "per quarter", nil},
	{"rpt", "exec", "executive summary extract of", nil},
	{"sandbox", "test", "test fixture copy of", []string{"scratch"}},
	{"fct", "errors", "failed and errored items per day", nil},
	{"dim", "history", "slowly changing history (SCD2) of", nil},
	{"ops", "alerts", "alert thresholds over", []string{"internal"}},
	{"agg", "yearly", "per year", nil},
	{"stg", "cdc", "change data capture feed of", nil},
	{"fct", "by_colo", "per day and data center", nil},
	{"scratch", "analysis", "one-off analysis of", []string{"scratch"}},
	{"internal", "quality", "data quality checks of", []string{"internal"}},
	{"rpt", "finance", "finance report of", nil},
	{"fct", "by_plan", "per day and plan", nil},
	{"ml", "training", "training set built from", nil},
	{"agg", "rolling_30d", "rolling 30-day window of", nil},
	{"fct", "by_account", "per day and account", nil},
	{"dim", "mapping", "id mapping for", nil},
	{"raw", "export", "vendor export of", nil},
	{"ops", "sla", "SLA tracking over", nil},
	{"scratch", "old", "stale copy of", []string{"scratch"}},
	{"internal", "shadow", "shadow pipeline output of", []string{"internal"}},
	{"fct", "enriched", "enriched per day with account and zone attributes", nil},
	{"agg", "weekly", "per week", nil},
	{"rpt", "monthly", "monthly report of", nil},
	{"stg", "snapshot", "nightly snapshot of", nil},
	{"fct", "by_product", "per day and product", nil},
	{"ml", "scores", "model scores over", nil},
	{"agg", "by_region", "per month and region", nil},
	{"fct", "minute", "per minute (7-day retention)", nil},
	{"dim", "lookup", "lookup of", nil},
	{"scratch", "backup", "backup copy of", []string{"scratch"}},
	{"internal", "debug", "debug dump of", []string{"internal"}},
	{"rpt", "customer", "customer-facing report of", nil},
	{"fct", "summary", "summary per day of", nil},
	{"agg", "by_country", "per month and country", nil},
	{"stg", "partial", "partial load of", nil},
	{"fct", "by_zone", "per day and zone", nil},
	{"ops", "capacity", "capacity planning view of", nil},
	{"raw", "s3_dump", "S3 dump of", nil},
	{"archive", "2025", "archived 2025 data of", []string{"internal"}},
	{"agg", "by_plan", "per month and plan", nil},
	{"ml", "labels", "labels for", nil},
	{"rpt", "board", "board deck numbers of", nil},
}

// genericColumns are shared by many tables, as in real lakes.
var genericColumns = []lake.ColumnNote{
	{Name: "day", Description: "UTC day."},
	{Name: "account_id", Description: "Account; joins dim.accounts.account_id."},
	{Name: "zone_id", Description: "Zone; joins dim.zones.zone_id."},
	{Name: "region", Description: "Sales region."},
	{Name: "count", Description: "Number of items."},
	{Name: "updated_at", Description: "When the row was last loaded."},
}

// generateCatalog builds a catalog of n tables: the demo lake's tables and
// curated pages, look-alike scratch, internal and staging copies of them,
// and generated tables over the domains and variants. Every eighth table
// hides one column and every twentieth generated table is refused.
func generateCatalog(n int) *fakeCatalog {
	f := &fakeCatalog{notes: map[lake.Ident]lake.Note{}, lineage: map[lake.Ident]lake.Lineage{},
		hidden: map[lake.Ident]string{}, refused: map[lake.Ident]bool{}, unique: map[lake.Ident]string{}}
	tables, err := demo.Tables(demo.Options{Seed: 1, Scale: 0.01, AsOf: time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		panic(err)
	}
	for _, t := range tables {
		note := lake.Note{Description: t.Description, Owner: t.Owner, Tags: t.Tags}
		for _, c := range t.Columns {
			note.Columns = append(note.Columns, lake.ColumnNote{Name: c.Name, Description: c.Description, PII: c.PII})
		}
		f.add(lake.Ident{Namespace: t.Namespace, Name: t.Name}, note)
		// Look-alikes with the same words: the retriever must prefer the
		// curated original.
		for k, la := range []struct{ ns, suffix, tag string }{
			{"scratch", "_copy", "scratch"}, {"scratch", "_tmp_export", "scratch"}, {"internal", "_backfill", "internal"},
			{"stg", "_raw", ""}, {"scratch", "_old", "scratch"},
		} {
			c := note
			c.Tags = nil
			if la.tag != "" {
				c.Tags = []string{la.tag}
			}
			c.Description = "Copy of " + t.Namespace + "." + t.Name + ": " + t.Description
			if la.ns == "stg" {
				c.Description = "Staging load for " + t.Namespace + "." + t.Name + ", unvalidated: " + t.Description
			}
			id := lake.Ident{Namespace: la.ns, Name: t.Name + la.suffix}
			if k == 0 {
				id.Name = t.Name + "_copy"
			}
			f.add(id, c)
		}
	}
	for _, p := range demo.Pages() {
		f.pages = append(f.pages, lake.Page{Domain: p.Domain, Title: p.Title, Body: p.Body})
	}
	for i := 0; len(f.ids) < n; i++ {
		d := domains[i%len(domains)]
		e := d.entities[(i/len(domains))%len(d.entities)]
		v := variants[(i/(len(domains)*len(d.entities)))%len(variants)]
		round := i / (len(domains) * len(d.entities) * len(variants))
		name := d.name + "_" + e
		if v.suffix != "" {
			name += "_" + v.suffix
		}
		if round > 0 {
			name += fmt.Sprintf("_p%d", round)
		}
		id := lake.Ident{Namespace: v.ns, Name: name}
		if _, dup := f.notes[id]; dup {
			continue
		}
		words := strings.ReplaceAll(e, "_", " ")
		note := lake.Note{
			Description: fmt.Sprintf("%s of %s, %s.", strings.ToUpper(words[:1])+words[1:], d.phrase, v.grain),
			Owner:       d.name + "-team",
			Tags:        v.tags,
		}
		uniq := fmt.Sprintf("c%d_uid", i)
		note.Columns = append(note.Columns, lake.ColumnNote{Name: uniq, Description: "Row key."})
		note.Columns = append(note.Columns, genericColumns[i%3], genericColumns[3+i%3])
		note.Columns = append(note.Columns,
			lake.ColumnNote{Name: e + "_count", Description: "Number of " + words + "."},
			lake.ColumnNote{Name: e + "_" + "status", Description: "Status of the " + words + "."})
		if i%4 == 0 {
			note.Columns = append(note.Columns, lake.ColumnNote{Name: "owner_email", Description: "Owner contact.", PII: "email"})
		}
		if i%8 == 0 {
			hid := fmt.Sprintf("zzhidden%d_secret", i)
			note.Columns = append(note.Columns, lake.ColumnNote{Name: hid, Description: "Internal risk score."})
			f.hidden[id] = hid
			f.lineage[id] = lake.Lineage{SQL: "SELECT " + hid + ", " + e + "_count FROM stg." + name, Sources: []string{"stg." + name},
				Columns: []lake.ColumnDerivation{{Name: hid, Expr: "risk(" + hid + ")"}, {Name: e + "_count", Expr: "count(*)", Description: "count of " + words}}}
		}
		if i%20 == 7 {
			f.refused[id] = true
		}
		f.unique[id] = uniq
		f.add(id, note)
	}
	return f
}
