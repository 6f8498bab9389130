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
	c := plan1("How many zones does account O'Brien'); DROP TABLE x; -- have?", at("2026-11-25 12:00"), nil)
	if c.Script == "" {
		t.Fatalf("no script: %s", c.Text)
	}
	if !strings.Contains(c.Script, `lower('O''Brien''); DROP TABLE x; --')`) {
		t.Errorf("the name is not one quoted literal:\n%s", c.Script)
	}
	c = plan1(`Show traffic for zone it's.com over the last 14 days`, at("2026-11-25 12:00"), nil)
	if strings.Contains(c.Script, "'it's") {
		t.Errorf("unescaped quote:\n%s", c.Script)
	}
}

func TestNamesAreMatchedIgnoringCase(t *testing.T) {
	c := plan1("How many zones does account ACME labs have?", at("2026-11-25 12:00"), nil)
	if !strings.Contains(c.Script, "lower(a.account_name) = lower('ACME labs')") {
		t.Errorf("not matched ignoring case:\n%s", c.Script)
	}
}

func TestANameEndingTheSentenceMatchesWithAndWithoutItsFullStop(t *testing.T) {
	c := plan1("number of sites for account Kinetic Realty Inc.", at("2026-11-25 12:00"), nil)
	if !strings.Contains(c.Script, "IN (lower('Kinetic Realty Inc.'), lower('Kinetic Realty Inc'))") {
		t.Errorf("script:\n%s", c.Script)
	}
}
