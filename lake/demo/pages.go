package demo

// Page is a curated, human-written page about one business domain: what the
// tables mean, how to count things, and what not to do.
type Page struct {
	Domain string // billing, customers, zones, security
	Title  string
	Body   string // markdown
}

// Pages returns the curated pages of the demo lake.
func Pages() []Page {
	return []Page{
		{"billing", "Billing and revenue", billingPage},
		{"customers", "Customers and accounts", customersPage},
		{"zones", "Zones and traffic", zonesPage},
		{"security", "Security events", securityPage},
	}
}

const billingPage = `# Billing and revenue

**Revenue means ` + "`alloc_amount`" + ` from ` + "`fct.billings_allocated`" + `**, summed over the
months asked about. Do not sum ` + "`billed_amount`" + ` from ` + "`fct.billing_invoices`" + ` for
revenue: annual invoices would land entirely in one month.

- ` + "`fct.billing_invoices`" + ` has one row per invoice: ` + "`invoice_month`" + ` is the first day of
  the month it was issued for, ` + "`product`" + ` is plan, workers, r2_storage, bandwidth or argo,
  ` + "`status`" + ` is paid, open or void. All amounts are in USD.
- Monthly invoices count in full in their own month. Annual invoices (` + "`billing_frequency = 'annual'`" + `,
  plan only) are issued once and spread over twelve months: ` + "`alloc_amount = billed_amount / 12`" + `,
  rounded half up to the cent, in the invoice month and the eleven months after it. Revenue for a
  month can therefore include annual invoices issued up to eleven months earlier.
- **Void invoices never count** — they are left out of ` + "`fct.billings_allocated`" + ` entirely.
  Open invoices do count as revenue (they are billed, just not paid yet).
- "Outstanding" or "unpaid" means ` + "`status = 'open'`" + ` in ` + "`fct.billing_invoices`" + `.
- Revenue per customer: join ` + "`fct.billings_allocated.account_id`" + ` to ` + "`dim.accounts`" + `
  for plan, customer_type and region. "Last month" is the calendar month before the current one.
`

const customersPage = `# Customers and accounts

- ` + "`dim.accounts`" + ` has one row per customer account. A "customer" is an account.
- ` + "`plan`" + ` is free, pro, business or enterprise. ` + "`customer_type`" + ` is paygo (self-serve,
  pays by card) or contract (negotiated by sales; almost all enterprise accounts).
- ` + "`region`" + ` is the sales region (europe, north_america, asia_pacific, latin_america,
  middle_east, africa) and ` + "`country`" + ` the ISO code of the country the customer is based in;
  the country always lies in the region. "Customers in Europe" means ` + "`region = 'europe'`" + `.
- ` + "`owner_email`" + ` and ` + "`billing_phone`" + ` are personal data and are redacted unless the
  session is flipped. ` + "`billing_phone`" + ` is null when no number was given.
- An account owns zones (` + "`dim.zones.account_id`" + `); sizes are very uneven — most accounts have
  one zone, a few enterprise customers have hundreds.
- Traffic per customer: ` + "`fct.traffic_daily`" + ` joined to ` + "`dim.zones`" + ` on zone_id, then
  to ` + "`dim.accounts`" + `. Growth is this period's requests over the previous period's.
- Support tickets live in ` + "`raw.support_tickets`" + `, which has not been reviewed: ask a
  reviewer before using it.
`

const zonesPage = `# Zones and traffic

- A zone is one domain (` + "`dim.zones.zone_name`" + `, e.g. example.com) owned by one account.
  ` + "`status`" + ` is active, paused (proxying switched off: no traffic) or deleted.
- ` + "`fct.http_requests`" + ` has one row per request (partitioned by day of ` + "`ts`" + `). Filter on
  ` + "`ts`" + ` so that only the needed days are read.
- ` + "`fct.traffic_daily`" + ` is the exact daily rollup of ` + "`fct.http_requests`" + ` by day, zone_id
  and client_country: ` + "`requests`" + ` = count, ` + "`bytes`" + ` = sum of bytes, ` + "`cached_bytes`" + ` =
  bytes of requests with ` + "`cache_status = 'hit'`" + `, ` + "`threats`" + ` = requests with
  ` + "`bot_score < 10`" + `. Prefer it for daily or per-zone totals; it is much smaller.
- Cache hit ratio: share of requests (or bytes) with ` + "`cache_status = 'hit'`" + `. ` + "`expired`" + `
  means the cached copy had to be revalidated at the origin, ` + "`dynamic`" + ` means not cacheable.
- ` + "`colo`" + ` is the edge location that served the request: the IATA code of the nearest airport.
- All times are UTC. "Last 7 days" is the 7 whole days before today; "yesterday" is the last
  whole day.
`

const securityPage = `# Security events

- ` + "`fct.security_events`" + ` has one row per security event: requests the WAF, DDoS protection
  or bot management acted on, aggregated per source IP and rule. ` + "`requests`" + ` says how many
  requests an event covers; count blocked requests with ` + "`sum(requests)`" + `, not ` + "`count(*)`" + `.
- ` + "`action`" + ` is block, challenge, managed_challenge or log (recorded only, let through).
  "Blocked" means ` + "`action = 'block'`" + `; "mitigated" means any action except log.
- ` + "`attack_type`" + ` is ddos, sqli, xss, bot, credential_stuffing or path_traversal;
  ` + "`rule_id`" + ` names the rule that matched.
- ` + "`source_ip`" + ` is personal data (redacted by default); ` + "`source_asn`" + ` and
  ` + "`source_country`" + ` are not, so "which networks attacked us" is answered by source_asn.
- ` + "`bot_score`" + ` in ` + "`fct.http_requests`" + ` runs from 1 (certainly automated) to 99
  (certainly human); below 10 is counted as a threat (` + "`fct.traffic_daily.threats`" + `). Good
  bots such as search crawlers also score low.
- Credential stuffing shows up as a burst of ` + "`attack_type = 'credential_stuffing'`" + ` events
  against login paths from a few networks; compare the hourly event count with the usual rate.
`
