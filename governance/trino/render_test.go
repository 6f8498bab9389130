package trino_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/governance"
	"github.com/tarn-data/tarn/governance/trino"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

var now = time.Date(2026, 5, 28, 12, 0, 0, 0, time.UTC)

func obj(t *testing.T, s string) governance.Object {
	t.Helper()
	o, err := governance.ParseObject(s)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

func grant(t *testing.T, id int64, grantee, object string) governance.Grant {
	return governance.Grant{ID: id, Privilege: governance.Select, Object: obj(t, object), Grantee: grantee,
		CreatedBy: "dave", CreatedAt: now.Add(-24 * time.Hour)}
}

// world is a small lake: two reviewed dimensions, a reviewed fact table
// with one unreviewed column, and a table whose review was denied.
func world(grants ...governance.Grant) trino.Input {
	return trino.Input{
		Catalog: "tarn",
		Now:     now,
		Grants:  grants,
		Reviews: []governance.Review{
			{Namespace: "dim", Table: "zones", Approved: true,
				Columns: []string{"zone_id", "account_id", "zone_name", "plan", "status"}},
			{Namespace: "dim", Table: "accounts", Approved: true,
				Columns: []string{"account_id", "account_name", "plan", "region", "owner_email"},
				PII:     map[string]string{"owner_email": "email"}},
			{Namespace: "fct", Table: "http_requests", Approved: true,
				Columns: []string{"ts", "zone_id", "colo", "client_ip", "status", "bytes"},
				PII:     map[string]string{"client_ip": "ip"}},
			{Namespace: "raw", Table: "support_tickets", Approved: false, Note: "free text holds PII"},
		},
		Columns: map[string][]string{
			"dim.zones":           {"zone_id", "account_id", "zone_name", "plan", "status"},
			"dim.accounts":        {"account_id", "account_name", "plan", "region", "owner_email", "billing_phone"},
			"fct.http_requests":   {"ts", "zone_id", "colo", "client_ip", "status", "bytes", "user_agent"},
			"raw.support_tickets": {"ticket_id", "body"},
		},
		Masks: trino.DefaultMasks(),
	}
}

func goldenCases(t *testing.T) map[string]trino.Input {
	t.Helper()
	cases := map[string]trino.Input{}

	cases["user_grant_on_table"] = world(grant(t, 1, "user:alice", "fct.http_requests"))

	cases["group_grant_on_namespace"] = world(grant(t, 1, "group:analysts", "dim"))

	cases["column_subset"] = world(grant(t, 1, "user:bob", "dim.accounts(account_id, plan, owner_email)"))

	emea := grant(t, 1, "group:emea", "fct.http_requests")
	emea.RowFilter = "colo IN ('AMS', 'FRA', 'LHR')"
	errs := grant(t, 2, "user:carol", "fct.http_requests")
	errs.RowFilter = "status >= 500"
	slow := grant(t, 3, "user:carol", "fct.http_requests(ts, colo, bytes)")
	slow.RowFilter = "bytes > 1000000"
	cases["row_filter"] = world(emea, errs, slow)

	pii := world(grant(t, 1, "user:carol", "dim.accounts"), grant(t, 2, "user:carol", "fct.http_requests"))
	pii.Masks = map[string]string{"email": "regexp_replace({col}, '^[^@]*', '***')"}
	cases["pii_masks"] = pii

	cases["unreviewed_table"] = world(grant(t, 1, "group:support", "raw"), grant(t, 2, "user:erin", "raw.support_tickets"),
		grant(t, 3, "user:erin", "scratch.zone_export_tmp"))

	expired := grant(t, 1, "user:dave", "dim.zones")
	expired.Until = new(now.Add(-time.Hour))
	revoked := grant(t, 2, "user:erin", "dim.zones")
	revoked.RevokedAt, revoked.RevokedBy = new(now.Add(-time.Minute)), "dave"
	current := grant(t, 3, "user:alice", "dim.zones")
	current.Until = new(now.Add(time.Hour))
	unmask := grant(t, 4, "user:alice", "dim.accounts")
	unmask.Privilege = governance.Unmask
	cases["expired_grant_excluded"] = world(expired, revoked, current, unmask)

	members := world(grant(t, 1, "group:analysts", "dim"), grant(t, 2, "group:analysts", "fct.http_requests"),
		grant(t, 3, "user:bob", "dim.accounts(account_id, region)"), grant(t, 4, "group:security", "fct"))
	members.Grants[0].RowFilter = "plan <> 'enterprise'"
	members.Members = map[string][]string{"analysts": {"alice", "bob"}}
	cases["members_per_user"] = members

	cases["nothing_granted"] = world()
	return cases
}

func TestRenderMatchesGoldenFiles(t *testing.T) {
	for name, in := range goldenCases(t) {
		t.Run(name, func(t *testing.T) {
			got, err := trino.Render(in)
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", name+".golden")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -run TestRenderMatchesGoldenFiles -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from the rendered rules (run with -update if the change is intended):\n%s", path, got)
			}
		})
	}
}

func TestRenderIsDeterministic(t *testing.T) {
	in := goldenCases(t)["members_per_user"]
	first, err := trino.Render(in)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 20; i++ { // map iteration order varies run to run
		again, _ := trino.Render(in)
		if !bytes.Equal(first, again) {
			t.Fatal("two renders of the same input differ")
		}
	}
}

func TestRenderRefusesMissingCatalogOrTime(t *testing.T) {
	for name, in := range map[string]trino.Input{
		"no catalog": {Now: now},
		"no time":    {Catalog: "tarn"},
	} {
		_, err := trino.Render(in)
		if !errors.Is(err, trino.ErrInvalidInput) || tarn.ErrorCode(err) != tarn.EINVALID {
			t.Errorf("%s: Render = %v, want EINVALID wrapping ErrInvalidInput", name, err)
		}
	}
}

func TestNamesAreEscapedAndAnchored(t *testing.T) {
	in := world(grant(t, 1, "user:svc.bot+1", "dim.zones"))
	doc := render(t, in)
	re := ""
	for _, r := range *doc.Tables {
		if r.User != nil {
			re = *r.User
		}
	}
	if re != `^svc\.bot\+1$` {
		t.Fatalf("user regex = %q", re)
	}
	m := regexp.MustCompile(re)
	for name, want := range map[string]bool{"svc.bot+1": true, "svcxbot+1": false, "svc.bot1": false, "svc.bot+10": false} {
		if m.MatchString(name) != want {
			t.Errorf("%q matches %s: %v, want %v", name, re, !want, want)
		}
	}
}

func TestDefaultMasksCoverTheStringTags(t *testing.T) {
	m := trino.DefaultMasks()
	for _, tag := range []string{governance.TagEmail, governance.TagPhone, governance.TagCreditCard, governance.TagIP,
		governance.TagPersonName, governance.TagFreeText, governance.TagSecret} {
		if !strings.Contains(m[tag], "{col}") {
			t.Errorf("no mask template for %s: %q", tag, m[tag])
		}
	}
	if _, ok := m[governance.TagUserID]; ok {
		t.Error("user_id has a Trino mask, but Trino cannot hash with Tarn's key")
	}
}

func asJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
