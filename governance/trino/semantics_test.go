package trino_test

import (
	"regexp"
	"slices"
	"testing"

	"github.com/tarn-data/tarn/governance"
)

// access is what Trino would give a user on a table: the first matching
// table rule, read as Trino reads it.
type access struct {
	selectable bool
	hidden     []string
	masks      map[string]string
	filter     string
}

func full(re *string, s string) bool {
	return re == nil || regexp.MustCompile(*re).MatchString(s)
}

func anyFull(re *string, ss []string) bool {
	if re == nil {
		return true
	}
	for _, s := range ss {
		if regexp.MustCompile(*re).MatchString(s) {
			return true
		}
	}
	return false
}

// evaluate applies Trino's first-match rule to the tables section.
func evaluate(t *testing.T, r trinoRules, user string, groups []string, catalog, schema, table string) access {
	t.Helper()
	for _, c := range *r.Catalogs {
		if full(c.User, user) && anyFull(c.Group, groups) && full(c.Catalog, catalog) {
			if *c.Allow == "none" {
				return access{}
			}
			break
		}
	}
	for _, tr := range *r.Tables {
		if !full(tr.User, user) || !anyFull(tr.Group, groups) || !full(tr.Catalog, catalog) ||
			!full(tr.Schema, schema) || !full(tr.Table, table) {
			continue
		}
		a := access{selectable: slices.Contains(*tr.Privileges, "SELECT"), masks: map[string]string{}}
		for _, c := range tr.Columns {
			if c.Allow != nil && !*c.Allow {
				a.hidden = append(a.hidden, c.Name)
			}
			if c.Mask != nil {
				a.masks[c.Name] = *c.Mask
			}
		}
		if tr.Filter != nil {
			a.filter = *tr.Filter
		}
		return a
	}
	return access{}
}

func TestRulesGiveWhatTarnGives(t *testing.T) {
	cases := goldenCases(t)
	type check struct {
		input        string
		user         string
		groups       []string
		table        string // schema.table in catalog tarn
		selectable   bool
		hidden       []string
		masked       []string
		filter       string
		otherCatalog bool
	}
	checks := []check{
		{input: "user_grant_on_table", user: "alice", table: "fct.http_requests", selectable: true,
			hidden: []string{"user_agent"}, masked: []string{"client_ip"}},
		{input: "user_grant_on_table", user: "bob", table: "fct.http_requests"},
		{input: "user_grant_on_table", user: "alice", table: "dim.zones"},
		{input: "user_grant_on_table", user: "alice", table: "fct.http_requests", otherCatalog: true},
		{input: "group_grant_on_namespace", user: "alice", groups: []string{"analysts"}, table: "dim.accounts", selectable: true,
			hidden: []string{"billing_phone"}, masked: []string{"owner_email"}},
		{input: "group_grant_on_namespace", user: "alice", groups: []string{"analysts"}, table: "dim.zones", selectable: true},
		{input: "group_grant_on_namespace", user: "alice", groups: []string{"analysts"}, table: "dim.new_unreviewed_table"},
		{input: "group_grant_on_namespace", user: "alice", groups: []string{"analysts"}, table: "fct.http_requests"},
		{input: "column_subset", user: "bob", table: "dim.accounts", selectable: true,
			hidden: []string{"account_name", "billing_phone", "region"}, masked: []string{"owner_email"}},
		{input: "row_filter", user: "zoe", groups: []string{"emea"}, table: "fct.http_requests", selectable: true,
			hidden: []string{"user_agent"}, masked: []string{"client_ip"}, filter: "(colo IN ('AMS', 'FRA', 'LHR'))"},
		{input: "row_filter", user: "carol", table: "fct.http_requests", selectable: true,
			hidden: []string{"user_agent"}, masked: []string{"client_ip", "status", "zone_id"},
			filter: "(bytes > 1000000) OR (status >= 500)"},
		{input: "pii_masks", user: "carol", table: "dim.accounts", selectable: true,
			hidden: []string{"billing_phone"}, masked: []string{"owner_email"}},
		{input: "pii_masks", user: "carol", table: "fct.http_requests", selectable: true,
			hidden: []string{"client_ip", "user_agent"}}, // no template for ip: hidden
		{input: "unreviewed_table", user: "erin", groups: []string{"support"}, table: "raw.support_tickets"},
		{input: "unreviewed_table", user: "erin", groups: []string{"support"}, table: "raw.other"},
		{input: "unreviewed_table", user: "erin", table: "scratch.zone_export_tmp"},
		{input: "expired_grant_excluded", user: "dave", table: "dim.zones"},
		{input: "expired_grant_excluded", user: "erin", table: "dim.zones"},
		{input: "expired_grant_excluded", user: "alice", table: "dim.zones", selectable: true},
		{input: "expired_grant_excluded", user: "alice", table: "dim.accounts"}, // unmask is not select
		// With members, bob's own column grant does not shadow his group's.
		{input: "members_per_user", user: "bob", groups: []string{"analysts"}, table: "dim.accounts", selectable: true,
			hidden: []string{"billing_phone"}, masked: []string{"account_name", "owner_email", "plan"}},
		{input: "members_per_user", user: "alice", groups: []string{"analysts"}, table: "fct.http_requests", selectable: true,
			hidden: []string{"user_agent"}, masked: []string{"client_ip"}},
		{input: "members_per_user", user: "sam", groups: []string{"security"}, table: "fct.http_requests", selectable: true,
			hidden: []string{"user_agent"}, masked: []string{"client_ip"}},
		{input: "nothing_granted", user: "alice", groups: []string{"analysts"}, table: "dim.zones"},
	}
	for _, c := range checks {
		r := render(t, cases[c.input])
		catalog := "tarn"
		if c.otherCatalog {
			catalog = "postgres"
		}
		ns, tbl, _ := cut(c.table)
		got := evaluate(t, r, c.user, c.groups, catalog, ns, tbl)
		var masked []string
		for col := range got.masks {
			masked = append(masked, col)
		}
		slices.Sort(masked)
		if got.selectable != c.selectable || (c.selectable && (!slices.Equal(got.hidden, c.hidden) ||
			!slices.Equal(masked, c.masked) || got.filter != c.filter)) {
			t.Errorf("%s: %s%v on %s.%s = select %v hidden %v masked %v filter %q;\nwant select %v hidden %v masked %v filter %q",
				c.input, c.user, c.groups, catalog, c.table, got.selectable, got.hidden, masked, got.filter,
				c.selectable, c.hidden, c.masked, c.filter)
		}
	}
}

func cut(s string) (string, string, bool) {
	o, err := governance.ParseObject(s)
	return o.Namespace, o.Table, err == nil
}
