package planner

import (
	"strings"
	"testing"
)

func TestNamedZonesAndAccountsAreExtractedAsWritten(t *testing.T) {
	cases := []struct{ q, zone, account string }{
		{"Show traffic for zone example-labs.co.uk over the last 14 days.", "example-labs.co.uk", ""},
		{"example.com traffic over the past 14 days", "example.com", ""},
		{"How many zones does account Kinetic Realty Inc. have?", "", "Kinetic Realty Inc."},
		{"How many zones does account Tessera Design Co., Ltd. have?", "", "Tessera Design Co., Ltd."},
		{"how many zones does account O'Brien Labs own", "", "O'Brien Labs"},
		{"number of sites for account Atlas Labs GmbH", "", "Atlas Labs GmbH"},
		{"revenue for account Atlas Labs GmbH last month", "", "Atlas Labs GmbH"},
		{"daily requests for customer Nova Media in the last 30 days?", "", "Nova Media"},
		{"average revenue per account by customer type", "", ""},
		{"What does alloc_amount mean?", "", ""},
		{"What does fct.billings_allocated hold?", "", ""},
	}
	for _, c := range cases {
		z, a, _ := extractEntities(c.q)
		if z != c.zone || a != c.account {
			t.Errorf("%q: zone %q account %q, want %q %q", c.q, z, a, c.zone, c.account)
		}
	}
}

func TestNamesWithQuotesAreSQLStringLiterals(t *testing.T) {
	if got := quote("O'Brien's ''Labs"); got != "'O''Brien''s ''''Labs'" {
		t.Errorf("quote: %s", got)
	}
	c := planQuestion("How many zones does account O'Brien'); DROP TABLE x; -- have?", at("2026-11-25 12:00"), nil)
	if c.Script == "" {
		t.Fatalf("no script: %s", c.Text)
	}
	if !strings.Contains(c.Script, `lower('O''Brien''); DROP TABLE x; --')`) {
		t.Errorf("the name is not one quoted literal:\n%s", c.Script)
	}
	c = planQuestion(`Show traffic for zone it's.com over the last 14 days`, at("2026-11-25 12:00"), nil)
	if strings.Contains(c.Script, "'it's") {
		t.Errorf("unescaped quote:\n%s", c.Script)
	}
}

func TestNamesAreMatchedIgnoringCase(t *testing.T) {
	c := planQuestion("How many zones does account ACME labs have?", at("2026-11-25 12:00"), nil)
	if !strings.Contains(c.Script, "lower(a.account_name) = lower('ACME labs')") {
		t.Errorf("not matched ignoring case:\n%s", c.Script)
	}
}

func TestANameEndingTheSentenceMatchesWithAndWithoutItsFullStop(t *testing.T) {
	c := planQuestion("number of sites for account Kinetic Realty Inc.", at("2026-11-25 12:00"), nil)
	if !strings.Contains(c.Script, "IN (lower('Kinetic Realty Inc.'), lower('Kinetic Realty Inc'))") {
		t.Errorf("script:\n%s", c.Script)
	}
}

func TestMoreQuestionsArePlannedOverTheRightTableAndShape(t *testing.T) {
	now := at("2026-11-25 12:00")
	for _, c := range []struct{ q, understood string }{
		{"Top 10 zones by bytes in the last 7 days", "bytes from fct.traffic_daily by zone, top 10 [2026-11-18 00:00:00, 2026-11-25 00:00:00)"},
		{"Cache hit ratio per colo", "share of requests served from cache from fct.http_requests by colo"},
		{"Bytes per account region last month", "bytes from fct.traffic_daily by region [2026-10-01"},
		{"Status code counts for zone example.com yesterday", "requests from fct.http_requests by status with zone example.com"},
		{"Revenue per month per plan", "revenue from fct.billings_allocated per month by plan"},
		{"how many zones are paused", "count of dim.zones with status paused"},
		{"zones per plan", "count of dim.zones by plan"},
		{"hourly requests yesterday", "requests from fct.http_requests per hour [2026-11-24 00:00:00, 2026-11-25 00:00:00)"},
		{"bot traffic by colo last week", "bot requests (bot score below 10) from fct.http_requests by colo"},
		{"which plans bring the most revenue", "revenue from fct.billings_allocated by plan, top 10"},
		{"how many open invoices", "invoices from fct.billing_invoices with status open"},
		{"requests in the last 24 hours", "requests from fct.http_requests [2026-11-24 12:00:00, 2026-11-25 12:00:00)"},
	} {
		got := planQuestion(c.q, now, nil)
		if !strings.Contains(got.Understood, c.understood) {
			t.Errorf("%q: understood %q, want %q (%s)", c.q, got.Understood, c.understood, got.Text)
		}
	}
}

func TestQuestionsNeedingWhatTheLakeLacksAreRefused(t *testing.T) {
	now := at("2026-11-25 12:00")
	for _, q := range []string{
		"95th-percentile response bytes per client country", // no percentiles
		"Distinct client IPs per zone per day",              // no distinct counts
		"revenue last week",                                 // revenue is monthly
		"revenue by colo",                                   // billing has no colo
		"bytes by product",                                  // traffic has no product
		"who are our largest customers",                     // largest by what?
	} {
		if c := planQuestion(q, now, nil); c.Script != "" {
			t.Errorf("%q was planned: %s", q, c.Understood)
		}
	}
}
