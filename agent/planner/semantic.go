package planner

// The semantic model of the demo lake: which table answers for a metric,
// how each dimension is reached from it, and what words mean what.

// timeKind says how a table's time column can be filtered.
type timeKind int

const (
	timeNone  timeKind = iota
	timeTS             // TIMESTAMP: any bounds
	timeDate           // DATE per day: whole days only
	timeMonth          // DATE, first of month: whole months only
)

// source is one table that can compute a metric.
type source struct {
	Table   string
	Alias   string
	Time    string // time column, "" when none
	Kind    timeKind
	Outputs []output // the metric's columns; the first is what it ranks by unless Rank says otherwise
	Rank    int      // index into Outputs to order by
	Where   string   // a filter the metric itself implies
	// Ahead: the table holds rows after today (annual invoices allocate
	// revenue to months to come), so a question without a time range is
	// bounded at the end of the current month.
	Ahead bool
}

// output is one computed column.
type output struct {
	Name string
	Expr string
}

// metric is something to measure.
type metric struct {
	Key     string
	Label   string // for answers: "requests", "revenue"
	Money   bool
	Ratio   bool // a share: shown as a percentage
	Sources []source
}

const (
	tAccounts  = "dim.accounts"
	tZones     = "dim.zones"
	tRequests  = "fct.http_requests"
	tDaily     = "fct.traffic_daily"
	tInvoices  = "fct.billing_invoices"
	tAllocated = "fct.billings_allocated"
	tSecurity  = "fct.security_events"
)

var (
	dailySrc = func(outs ...output) source {
		return source{Table: tDaily, Alias: "t", Time: "day", Kind: timeDate, Outputs: outs}
	}
	httpSrc = func(outs ...output) source {
		return source{Table: tRequests, Alias: "t", Time: "ts", Kind: timeTS, Outputs: outs}
	}
)

var metrics = map[string]*metric{
	"accounts": {Key: "accounts", Label: "accounts", Sources: []source{
		{Table: tAccounts, Alias: "a", Time: "created_at", Kind: timeTS, Outputs: []output{{"accounts", "count(*)"}}}}},
	"zones": {Key: "zones", Label: "zones", Sources: []source{
		{Table: tZones, Alias: "z", Time: "created_at", Kind: timeTS, Outputs: []output{{"zones", "count(*)"}}}}},
	"requests": {Key: "requests", Label: "requests", Sources: []source{
		dailySrc(output{"requests", "sum(t.requests)"}),
		httpSrc(output{"requests", "count(*)"})}},
	"bytes": {Key: "bytes", Label: "bytes", Sources: []source{
		dailySrc(output{"bytes", "sum(t.bytes)"}),
		httpSrc(output{"bytes", "sum(t.bytes)"})}},
	"traffic": {Key: "traffic", Label: "traffic (requests and bytes)", Sources: []source{
		dailySrc(output{"requests", "sum(t.requests)"}, output{"bytes", "sum(t.bytes)"}),
		httpSrc(output{"requests", "count(*)"}, output{"bytes", "sum(t.bytes)"})}},
	"threats": {Key: "threats", Label: "bot requests (bot score below 10)", Sources: []source{
		dailySrc(output{"bot_requests", "sum(t.threats)"}),
		httpSrc(output{"bot_requests", "count(*) FILTER (WHERE t.bot_score < 10)"})}},
	"cached_bytes": {Key: "cached_bytes", Label: "cached bytes", Sources: []source{
		dailySrc(output{"cached_bytes", "sum(t.cached_bytes)"}),
		httpSrc(output{"cached_bytes", "sum(t.bytes) FILTER (WHERE t.cache_status = 'hit')"})}},
	"cache_ratio": {Key: "cache_ratio", Label: "share of requests served from cache", Ratio: true, Sources: []source{
		{Table: tRequests, Alias: "t", Time: "ts", Kind: timeTS, Rank: 2, Outputs: []output{
			{"requests", "count(*)"},
			{"cache_hits", "count(*) FILTER (WHERE t.cache_status = 'hit')"},
			{"cache_hit_ratio", "round(count(*) FILTER (WHERE t.cache_status = 'hit') / count(*), 4)"}}}}},
	"revenue": {Key: "revenue", Label: "revenue", Money: true, Sources: []source{
		{Table: tAllocated, Alias: "t", Time: "month", Kind: timeMonth, Ahead: true, Outputs: []output{{"revenue", "sum(t.alloc_amount)"}}}}},
	"billed": {Key: "billed", Label: "billed amount", Money: true, Sources: []source{
		{Table: tInvoices, Alias: "t", Time: "invoice_month", Kind: timeMonth, Outputs: []output{{"billed_amount", "sum(t.billed_amount)"}}}}},
	"invoices": {Key: "invoices", Label: "invoices", Sources: []source{
		{Table: tInvoices, Alias: "t", Time: "invoice_month", Kind: timeMonth, Outputs: []output{{"invoices", "count(*)"}}}}},
	"events": {Key: "events", Label: "security events", Sources: []source{
		{Table: tSecurity, Alias: "t", Time: "ts", Kind: timeTS, Outputs: []output{
			{"events", "count(*)"}, {"requests", "sum(t.requests)"}}}}},
}

// dimension is something to group or filter by. Cols maps a base table to
// the column expression(s); "a." and "z." columns are reached by joining
// dim.accounts and dim.zones.
type dimension struct {
	Key   string
	Label string
	Cols  map[string][]string // table -> expressions; the last one is what the answer names
	Names []string            // output column names, same length as the expressions
}

var viaAccount = func(cols ...string) map[string][]string {
	m := map[string][]string{}
	for _, t := range []string{tAccounts, tZones, tRequests, tDaily, tInvoices, tAllocated, tSecurity} {
		m[t] = cols
	}
	return m
}

// withCol returns m with table's expression replaced by col.
func withCol(m map[string][]string, table, col string) map[string][]string {
	m[table] = []string{col}
	return m
}

var dimensions = map[string]*dimension{
	"plan":          {Key: "plan", Label: "plan", Cols: withCol(viaAccount("a.plan"), tZones, "z.plan"), Names: []string{"plan"}},
	"region":        {Key: "region", Label: "region", Cols: viaAccount("a.region"), Names: []string{"region"}},
	"customer_type": {Key: "customer_type", Label: "customer type", Cols: viaAccount("a.customer_type"), Names: []string{"customer_type"}},
	"account": {Key: "account", Label: "account", Cols: viaAccount("a.account_id", "a.account_name"),
		Names: []string{"account_id", "account_name"}},
	"zone": {Key: "zone", Label: "zone", Names: []string{"zone_id", "zone_name"}, Cols: map[string][]string{
		tZones: {"z.zone_id", "z.zone_name"}, tRequests: {"z.zone_id", "z.zone_name"},
		tDaily: {"z.zone_id", "z.zone_name"}, tSecurity: {"z.zone_id", "z.zone_name"}}},
	"colo": {Key: "colo", Label: "colo", Names: []string{"colo"}, Cols: map[string][]string{tRequests: {"t.colo"}}},
	"country": {Key: "country", Label: "country", Names: []string{"country"}, Cols: map[string][]string{
		tAccounts: {"a.country"}, tRequests: {"t.client_country"}, tDaily: {"t.client_country"}, tSecurity: {"t.source_country"}}},
	"asn": {Key: "asn", Label: "ASN", Names: []string{"asn"}, Cols: map[string][]string{
		tRequests: {"t.client_asn"}, tSecurity: {"t.source_asn"}}},
	"attack_type": {Key: "attack_type", Label: "attack type", Names: []string{"attack_type"}, Cols: map[string][]string{tSecurity: {"t.attack_type"}}},
	"action":      {Key: "action", Label: "action", Names: []string{"action"}, Cols: map[string][]string{tSecurity: {"t.action"}}},
	"rule":        {Key: "rule", Label: "rule", Names: []string{"rule_id"}, Cols: map[string][]string{tSecurity: {"t.rule_id"}}},
	"status": {Key: "status", Label: "status", Names: []string{"status"}, Cols: map[string][]string{
		tZones: {"z.status"}, tInvoices: {"t.status"}, tRequests: {"t.status"}}},
	"product": {Key: "product", Label: "product", Names: []string{"product"}, Cols: map[string][]string{
		tInvoices: {"t.product"}, tAllocated: {"t.product"}}},
	"method":       {Key: "method", Label: "method", Names: []string{"method"}, Cols: map[string][]string{tRequests: {"t.method"}}},
	"cache_status": {Key: "cache_status", Label: "cache status", Names: []string{"cache_status"}, Cols: map[string][]string{tRequests: {"t.cache_status"}}},
}

// value is a dimension value a word names, e.g. "enterprise" is plan =
// 'enterprise'.
type value struct {
	Dim   string
	Value string
}

// phrases maps words and phrases of questions to concepts. Longer phrases
// are matched first. A concept is "m:<metric>", "d:<dimension>",
// "v:<dim>=<value>" or one of the grammar words below.
var phrases = map[string]string{
	// entities, which are metrics when counted and dimensions when ranked
	"accounts": "e:account", "account": "e:account", "customers": "e:account", "customer": "e:account",
	"clients": "e:account", "client accounts": "e:account",
	"zones": "e:zone", "zone": "e:zone", "sites": "e:zone", "site": "e:zone", "websites": "e:zone",
	"domains": "e:zone", "domain": "e:zone",
	"invoices": "m:invoices", "invoice": "m:invoices", "bills": "m:invoices",
	// metrics
	"revenue": "m:revenue", "sales": "m:revenue", "income": "m:revenue", "earnings": "m:revenue",
	"billed amount": "m:billed", "amount billed": "m:billed",
	"requests": "m:requests", "request count": "m:requests", "request": "m:requests", "hits": "m:requests",
	"bytes": "m:bytes", "bandwidth": "m:bytes", "data transfer": "m:bytes", "egress": "m:bytes", "data served": "m:bytes",
	"traffic": "m:traffic", "usage": "m:traffic",
	"cached bytes": "m:cached_bytes", "bytes from cache": "m:cached_bytes",
	"cache hit ratio": "m:cache_ratio", "cache hit rate": "m:cache_ratio", "cache ratio": "m:cache_ratio",
	"hit ratio": "m:cache_ratio", "hit rate": "m:cache_ratio", "cache rate": "m:cache_ratio",
	"served from cache": "m:cache_ratio", "served from the cache": "m:cache_ratio", "cache hits": "m:cache_ratio",
	"answered from cache": "m:cache_ratio", "cached": "m:cache_ratio",
	"threats": "m:threats", "bot traffic": "m:threats", "bot requests": "m:threats", "bots": "m:threats",
	"automated traffic": "m:threats", "threat": "m:threats",
	"security events": "m:events", "security event": "m:events", "events": "m:events", "waf events": "m:events",
	"attacks": "d:attack_type",
	"growth":  "growth", "grew": "growth", "grown": "growth", "growing": "growth", "grow": "growth", "increase": "growth",
	// dimensions
	"plan": "d:plan", "plans": "d:plan", "tier": "d:plan", "tiers": "d:plan",
	"region": "d:region", "regions": "d:region",
	"customer type": "d:customer_type", "customer types": "d:customer_type", "type of customer": "d:customer_type",
	"types of customer": "d:customer_type", "account type": "d:customer_type", "type of account": "d:customer_type",
	"country": "d:country", "countries": "d:country", "nations": "d:country",
	"colo": "d:colo", "colos": "d:colo", "data centers": "d:colo", "data centres": "d:colo", "datacenters": "d:colo",
	"data center": "d:colo", "pops": "d:colo", "pop": "d:colo", "edge locations": "d:colo", "locations": "d:colo",
	"source asn": "d:asn", "source asns": "d:asn", "source networks": "d:asn", "source country": "d:country",
	"source countries": "d:country", "client countries": "d:country", "client country": "d:country",
	"asn": "d:asn", "asns": "d:asn", "networks": "d:asn", "autonomous systems": "d:asn",
	"attack type": "d:attack_type", "attack types": "d:attack_type", "kinds of attack": "d:attack_type",
	"types of attack": "d:attack_type", "kinds of attacks": "d:attack_type", "types of attacks": "d:attack_type",
	"action": "d:action", "actions": "d:action", "rule": "d:rule", "rules": "d:rule",
	"status": "d:status", "statuses": "d:status", "status code": "d:status", "status codes": "d:status",
	"product": "d:product", "products": "d:product",
	"method": "d:method", "methods": "d:method", "cache status": "d:cache_status",
	// values
	"free": "v:plan=free", "pro": "v:plan=pro", "business": "v:plan=business", "enterprise": "v:plan=enterprise",
	"europe": "v:region=europe", "european": "v:region=europe", "eu": "v:region=europe",
	"north america": "v:region=north_america", "north american": "v:region=north_america",
	"asia pacific": "v:region=asia_pacific", "apac": "v:region=asia_pacific", "asia": "v:region=asia_pacific",
	"latin america": "v:region=latin_america", "latam": "v:region=latin_america",
	"middle east": "v:region=middle_east", "africa": "v:region=africa", "african": "v:region=africa",
	"paygo": "v:customer_type=paygo", "pay as you go": "v:customer_type=paygo", "self serve": "v:customer_type=paygo",
	"contract": "v:customer_type=contract",
	"blocked":  "v:action=block", "block": "v:action=block", "challenged": "v:action=challenge",
	"logged":              "v:action=log",
	"credential stuffing": "v:attack_type=credential_stuffing", "credential-stuffing": "v:attack_type=credential_stuffing",
	"ddos": "v:attack_type=ddos", "sqli": "v:attack_type=sqli", "sql injection": "v:attack_type=sqli",
	"xss": "v:attack_type=xss", "path traversal": "v:attack_type=path_traversal",
	"open": "v:status=open", "unpaid": "v:status=open", "outstanding": "v:status=open", "paid": "v:status=paid",
	"active": "v:status=active", "paused": "v:status=paused", "deleted": "v:status=deleted",
	"workers": "v:product=workers", "r2": "v:product=r2_storage", "argo": "v:product=argo",
	// grammar
	"how many": "count", "number of": "count", "count": "count", "count of": "count", "total number of": "count",
	"top": "top", "most": "top", "highest": "top", "largest": "top", "biggest": "top", "best": "top",
	"leading": "top", "heaviest": "top", "busiest": "top", "greatest": "top", "strongest": "top",
	"fastest": "top", "common": "top", "frequent": "top", "popular": "top", "prevalent": "top", "rank": "top", "ranked": "top", "ranking": "top",
	"average": "avg", "avg": "avg", "arpa": "avg",
	"daily": "g:day", "per day": "g:day", "by day": "g:day", "each day": "g:day", "day by day": "g:day",
	"every day": "g:day", "a day": "g:day",
	"monthly": "g:month", "per month": "g:month", "by month": "g:month", "each month": "g:month",
	"month by month": "g:month", "hourly": "g:hour", "per hour": "g:hour", "by hour": "g:hour",
	"compare": "compare", "compared": "compare", "versus": "compare", "vs": "compare", "against": "compare",
	"share": "share", "percentage": "share", "percent": "share", "fraction": "share", "proportion": "share",
	"ratio": "share", "rate": "share",
	"created": "created", "signed up": "created", "joined": "created", "new": "created", "opened": "created",
	"list": "list", "show": "show", "show me": "show", "give me": "show", "display": "show", "plot": "show",
	"chart": "show", "graph": "show", "find": "show", "see": "show", "tell me": "show",
	"over": "over", "above": "over", "more than": "over", "greater than": "over", "exceeding": "over", "bigger than": "over",
	"tables": "tables", "table": "tables", "datasets": "tables", "dataset": "tables", "data sets": "tables",
	"means": "meaning", "meaning": "meaning", "mean": "meaning", "definition": "meaning", "defined": "meaning",
	"stand for": "meaning", "explain": "meaning", "represent": "meaning", "represents": "meaning",
	"behind": "behind", "responsible for": "behind", "source of": "behind", "sources of": "behind", "came from": "behind",
	"attack": "attack", "incident": "attack",
	"per account": "per_account", "per customer": "per_account",
	"bring": "serve", "brings": "serve", "bringing": "serve", "brought": "serve", "make": "serve", "makes": "serve",
	"made": "serve", "earn": "serve", "earns": "serve", "earned": "serve", "get": "serve", "gets": "serve", "got": "serve",
	"whole range": "noop", "all time": "noop", "of all time": "noop", "whole period": "noop", "in total": "noop",
	"busy": "m:requests", "quiet": "bottom", "quietest": "bottom",
	"served": "serve", "serve": "serve", "send": "serve", "sent": "serve", "sends": "serve", "saw": "serve",
	"see the": "serve", "had": "serve", "generated": "serve", "generate": "serve", "received": "serve",
	"bot score below 10": "botdef", "bot score under 10": "botdef", "bot_score < 10": "botdef", "bot score < 10": "botdef",
	"with a bot score below 10": "botdef", "bot score less than 10": "botdef", "bot": "m:threats",
	"about": "about", "regarding": "about", "related to": "about", "concerning": "about",
	"least": "bottom", "lowest": "bottom", "fewest": "bottom", "smallest": "bottom", "bottom": "bottom",
	"each": "each",
}

// Forbidden words ask for something a read-only planner never does.
var writeWords = map[string]bool{"delete": true, "drop": true, "remove": true, "update": true, "insert": true,
	"truncate": true, "alter": true, "create": true, "grant": true, "revoke": true, "modify": true, "change": true, "set": true}

// futureWords ask for a prediction, which no table holds.
var futureWords = map[string]bool{"will": true, "forecast": true, "predict": true, "prediction": true,
	"projected": true, "projection": true, "next": true, "expected": true, "tomorrow": true}

// stopwords carry no meaning for the plan.
var stopwords = map[string]bool{
	"a": true, "an": true, "the": true, "of": true, "in": true, "by": true, "to": true, "and": true, "or": true,
	"is": true, "are": true, "was": true, "were": true, "be": true, "been": true, "do": true, "does": true, "did": true,
	"we": true, "our": true, "us": true, "i": true, "me": true, "my": true, "you": true, "have": true, "has": true,
	"what": true, "which": true, "who": true, "whose": true, "there": true, "that": true, "this": true, "these": true,
	"those": true, "it": true, "its": true, "with": true, "from": true, "at": true, "all": true,
	"per": true, "for": true, "on": true, "counts": true, "dollars": true, "usd": true, "$": true, "total": true, "overall": true, "please": true, "can": true, "could": true,
	"would": true, "so": true, "far": true, "up": true, "exist": true, "right": true, "now": true,
	"currently": true, "amount": true, "value": true, "much": true, "many": true, "breakdown": true, "split": true,
	"across": true, "into": true, "over": true, "during": true, "within": true, "than": true, "their": true,
	"them": true, "they": true, "when": true, "where": true, "how": true, "as": true, "some": true, "any": true,
	"own": true, "owns": true, "belong": true, "belonging": true, "under": true, "s": true,
	"number": true, "numbers": true, "figures": true, "amounts": true, "one": true, "kind": true, "kinds": true,
	"type": true, "types": true, "data": true, "things": true, "group": true,
	"grouped": true, "broken": true, "down": true, "out": true, "were there": true, "went": true, "come": true,
	"came": true, "sum": true, "summed": true, "figure": true, "column": true, "field": true, "lake": true,
	"whole": true, "entire": true, "ever": true, "so far": true, "whats": true, "what's": true, "how's": true,
	"look": true, "like": true, "trend": true, "trends": true, "levels": true, "volume": true, "volumes": true,
}
