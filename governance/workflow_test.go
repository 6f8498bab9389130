package governance_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/governance"
	"github.com/tarn-data/tarn/governance/govtest"
	"github.com/tarn-data/tarn/governance/memstore"
)

// The fixture (govtest.NewFixture): root is admin on *, dave (governance)
// approves fct and dim, alice (analysts) selects dim, bob (billing) selects
// fct.billing_invoices, carol (security) may unmask fct.security_events,
// erin has nothing. The clock stands at govtest.T0.

func wfFixture(t *testing.T) *govtest.Fixture { return govtest.NewFixture(t, memstore.New()) }

func wfObject(t *testing.T, s string) governance.Object {
	t.Helper()
	o, err := governance.ParseObject(s)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

// wfWant checks an outcome: code "" wants success.
func wfWant(t *testing.T, what string, err error, code string, sentinel error) {
	t.Helper()
	if code == "" {
		if err != nil {
			t.Errorf("%s: %v, want success", what, err)
		}
		return
	}
	govtest.WantRefusal(t, what, err, code, sentinel)
}

func TestWorkflowLifecyclesOnTheMemstore(t *testing.T) {
	govtest.RunWorkflowSuite(t, func(*testing.T) governance.Store { return memstore.New() })
}

func TestWorkflowGrantChecksAuthorityAndInput(t *testing.T) {
	past := govtest.T0.Add(-time.Minute)
	future := govtest.T0.Add(time.Hour)
	cases := []struct {
		name     string
		by       string
		g        governance.Grant
		code     string
		sentinel error
	}{
		{"admin grants admin", "root", governance.Grant{Privilege: governance.Admin, Object: governance.Object{Namespace: "*"}, Grantee: "user:dave"}, "", nil},
		{"approver grants select on their namespace", "dave", governance.Grant{Privilege: governance.Select, Object: governance.Object{Namespace: "fct", Table: "traffic_daily"}, Grantee: "user:erin"}, "", nil},
		{"approver grants unmask to a group", "dave", governance.Grant{Privilege: governance.Unmask, Object: governance.Object{Namespace: "fct", Table: "http_requests"}, Grantee: "group:security"}, "", nil},
		{"approver grants columns with a row filter", "dave", governance.Grant{Privilege: governance.Select, Object: governance.Object{Namespace: "fct", Table: "http_requests", Columns: []string{"ts", "zone_id"}}, Grantee: "user:erin", RowFilter: "zone_id = 7", Until: &future}, "", nil},
		{"approver may not grant approve", "dave", governance.Grant{Privilege: governance.Approve, Object: governance.Object{Namespace: "fct"}, Grantee: "user:erin"}, tarn.EFORBIDDEN, governance.ErrNotGranted},
		{"approver may not grant admin", "dave", governance.Grant{Privilege: governance.Admin, Object: governance.Object{Namespace: "fct"}, Grantee: "user:erin"}, tarn.EFORBIDDEN, governance.ErrNotGranted},
		{"approver may not grant outside their namespaces", "dave", governance.Grant{Privilege: governance.Select, Object: governance.Object{Namespace: "raw", Table: "support_tickets"}, Grantee: "user:erin"}, tarn.EFORBIDDEN, governance.ErrNotGranted},
		{"approver on fct may not grant everything", "dave", governance.Grant{Privilege: governance.Select, Object: governance.Object{Namespace: "*"}, Grantee: "user:erin"}, tarn.EFORBIDDEN, governance.ErrNotGranted},
		{"a reader may not grant", "alice", governance.Grant{Privilege: governance.Select, Object: governance.Object{Namespace: "dim"}, Grantee: "user:erin"}, tarn.EFORBIDDEN, governance.ErrNotGranted},
		{"an unknown granter", "mallory", governance.Grant{Privilege: governance.Select, Object: governance.Object{Namespace: "dim"}, Grantee: "user:erin"}, tarn.EFORBIDDEN, governance.ErrUnknownPrincipal},
		{"an unknown user", "root", governance.Grant{Privilege: governance.Select, Object: governance.Object{Namespace: "dim"}, Grantee: "user:nobody"}, tarn.ENOTFOUND, governance.ErrUnknownPrincipal},
		{"an unknown group", "root", governance.Grant{Privilege: governance.Select, Object: governance.Object{Namespace: "dim"}, Grantee: "group:nobody"}, tarn.ENOTFOUND, governance.ErrUnknownPrincipal},
		{"a grantee without a kind", "root", governance.Grant{Privilege: governance.Select, Object: governance.Object{Namespace: "dim"}, Grantee: "erin"}, tarn.EINVALID, governance.ErrInvalid},
		{"an unknown privilege", "root", governance.Grant{Privilege: "write", Object: governance.Object{Namespace: "dim"}, Grantee: "user:erin"}, tarn.EINVALID, governance.ErrInvalid},
		{"no object", "root", governance.Grant{Privilege: governance.Select, Grantee: "user:erin"}, tarn.EINVALID, governance.ErrInvalid},
		{"a table in every namespace", "root", governance.Grant{Privilege: governance.Select, Object: governance.Object{Namespace: "*", Table: "zones"}, Grantee: "user:erin"}, tarn.EINVALID, governance.ErrInvalid},
		{"columns of no table", "root", governance.Grant{Privilege: governance.Select, Object: governance.Object{Namespace: "dim", Columns: []string{"a"}}, Grantee: "user:erin"}, tarn.EINVALID, governance.ErrInvalid},
		{"columns on unmask", "root", governance.Grant{Privilege: governance.Unmask, Object: governance.Object{Namespace: "dim", Table: "accounts", Columns: []string{"owner_email"}}, Grantee: "user:erin"}, tarn.EINVALID, governance.ErrInvalid},
		{"a row filter on unmask", "root", governance.Grant{Privilege: governance.Unmask, Object: governance.Object{Namespace: "dim", Table: "accounts"}, Grantee: "user:erin", RowFilter: "region = 'europe'"}, tarn.EINVALID, governance.ErrInvalid},
		{"a row filter on a namespace", "root", governance.Grant{Privilege: governance.Select, Object: governance.Object{Namespace: "dim"}, Grantee: "user:erin", RowFilter: "region = 'europe'"}, tarn.EINVALID, governance.ErrInvalid},
		{"an end in the past", "root", governance.Grant{Privilege: governance.Select, Object: governance.Object{Namespace: "dim"}, Grantee: "user:erin", Until: &past}, tarn.EINVALID, governance.ErrInvalid},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := wfFixture(t)
			g, err := f.W.Grant(context.Background(), c.by, c.g)
			wfWant(t, "Grant", err, c.code, c.sentinel)
			if err != nil {
				return
			}
			if g.ID == 0 || g.CreatedBy != c.by || !g.CreatedAt.Equal(govtest.T0) || g.RequestID != 0 {
				t.Errorf("granted %+v, want an ID, CreatedBy %s and CreatedAt %v", g, c.by, govtest.T0)
			}
			stored, err := f.Store.Grant(context.Background(), g.ID)
			if err != nil || stored.Grantee != c.g.Grantee || stored.RowFilter != c.g.RowFilter || stored.Object.String() != c.g.Object.String() {
				t.Errorf("stored %+v (%v), want what was granted", stored, err)
			}
		})
	}
}

func TestWorkflowGrantNormalisesObjectsLikeParseObject(t *testing.T) {
	f := wfFixture(t)
	g, err := f.W.Grant(context.Background(), "dave", governance.Grant{Privilege: governance.Select,
		Object: governance.Object{Namespace: " FCT", Table: "Traffic_Daily", Columns: []string{"Day", "day", " zone_id "}}, Grantee: "user:erin"})
	if err != nil {
		t.Fatal(err)
	}
	if got := g.Object.String(); got != "fct.traffic_daily(day,zone_id)" {
		t.Errorf("stored object %s, want fct.traffic_daily(day,zone_id)", got)
	}
}

func TestWorkflowRevokeChecksAuthority(t *testing.T) {
	ctx := context.Background()
	f := wfFixture(t)
	g, err := f.W.Grant(ctx, "dave", governance.Grant{Privilege: governance.Select, Object: wfObject(t, "fct.traffic_daily"), Grantee: "user:erin"})
	if err != nil {
		t.Fatal(err)
	}
	rootAdmin, err := f.Store.Grants(ctx, governance.GrantFilter{Grantees: []string{"user:root"}})
	if err != nil || len(rootAdmin) != 1 {
		t.Fatalf("root's grants: %v, %v", rootAdmin, err)
	}
	wfWant(t, "alice revoking", f.W.Revoke(ctx, "alice", g.ID), tarn.EFORBIDDEN, governance.ErrNotGranted)
	wfWant(t, "dave revoking root's admin", f.W.Revoke(ctx, "dave", rootAdmin[0].ID), tarn.EFORBIDDEN, governance.ErrNotGranted)
	wfWant(t, "revoking a missing grant", f.W.Revoke(ctx, "root", 9999), tarn.ENOTFOUND, governance.ErrNotFound)
	wfWant(t, "dave revoking what he granted", f.W.Revoke(ctx, "dave", g.ID), "", nil)
	wfWant(t, "revoking twice", f.W.Revoke(ctx, "root", g.ID), tarn.ENOTFOUND, governance.ErrNotFound)
	stored, _ := f.Store.Grant(ctx, g.ID)
	if stored.RevokedBy != "dave" || stored.RevokedAt == nil || !stored.RevokedAt.Equal(govtest.T0) {
		t.Errorf("revoked grant = %+v, want revoked by dave at %v", stored, govtest.T0)
	}
}

func TestWorkflowHoldsPrivilege(t *testing.T) {
	f := wfFixture(t)
	ctx := context.Background()
	if _, err := f.W.Grant(ctx, "dave", governance.Grant{Privilege: governance.Select, Object: wfObject(t, "fct.http_requests(ts)"), Grantee: "user:erin"}); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		principal string
		p         governance.Privilege
		ns, table string
		want      bool
	}{
		{"alice", governance.Select, "dim", "accounts", true}, // through analysts
		{"alice", governance.Select, "DIM", "Accounts", true}, // names are not case-sensitive
		{"alice", governance.Select, "dim", "", true},         // the grant is on the namespace
		{"alice", governance.Select, "fct", "http_requests", false},
		{"alice", governance.Unmask, "dim", "accounts", false},
		{"bob", governance.Select, "fct", "billing_invoices", true},
		{"bob", governance.Select, "fct", "", false},                // a table grant is not the namespace
		{"root", governance.Unmask, "raw", "support_tickets", true}, // admin implies everything
		{"root", governance.Approve, "fct", "", true},
		{"dave", governance.Approve, "fct", "http_requests", true},
		{"dave", governance.Select, "fct", "http_requests", false}, // approve is not select
		{"carol", governance.Unmask, "fct", "security_events", true},
		{"carol", governance.Unmask, "fct", "http_requests", false},
		{"erin", governance.Select, "fct", "http_requests", false}, // some columns are not the table
		{"erin", governance.Select, "dim", "zones", false},
	}
	for _, c := range cases {
		if got := f.Holds(t, c.principal, c.p, c.ns, c.table); got != c.want {
			t.Errorf("HoldsPrivilege(%s, %s, %s.%s) = %v, want %v", c.principal, c.p, c.ns, c.table, got, c.want)
		}
	}
	_, err := f.W.HoldsPrivilege(ctx, "mallory", governance.Select, "dim", "zones")
	wfWant(t, "an unknown principal", err, tarn.ENOTFOUND, governance.ErrUnknownPrincipal)
}

func TestWorkflowAnExpiredGrantNoLongerCounts(t *testing.T) {
	f := wfFixture(t)
	until := govtest.T0.Add(2 * time.Hour)
	if _, err := f.W.Grant(context.Background(), "dave", governance.Grant{Privilege: governance.Select,
		Object: wfObject(t, "fct.traffic_daily"), Grantee: "user:erin", Until: &until}); err != nil {
		t.Fatal(err)
	}
	f.Clock.Set(until.Add(-time.Second))
	if !f.Holds(t, "erin", governance.Select, "fct", "traffic_daily") {
		t.Error("erin does not hold the grant a second before it ends")
	}
	f.Clock.Set(until)
	if f.Holds(t, "erin", governance.Select, "fct", "traffic_daily") {
		t.Error("erin still holds the grant at its end")
	}
}

func TestWorkflowAnApproverWhoseGrantLapsedMayNotDecide(t *testing.T) {
	ctx := context.Background()
	f := wfFixture(t)
	until := govtest.T0.Add(time.Hour)
	if _, err := f.W.Grant(ctx, "root", governance.Grant{Privilege: governance.Approve, Object: wfObject(t, "raw"), Grantee: "user:erin", Until: &until}); err != nil {
		t.Fatal(err)
	}
	r, err := f.W.RequestAccess(ctx, "alice", governance.Select, wfObject(t, "raw.support_tickets"), "tickets", 0)
	if err != nil {
		t.Fatal(err)
	}
	f.Clock.Set(until)
	_, _, err = f.W.Approve(ctx, "erin", r.ID, "")
	wfWant(t, "approving after the approve grant ended", err, tarn.EFORBIDDEN, governance.ErrNotGranted)
}

func TestWorkflowRequestAccessValidatesAndCaps(t *testing.T) {
	cases := []struct {
		name          string
		requester     string
		p             governance.Privilege
		object        string
		justification string
		d             time.Duration
		wantDuration  time.Duration
		code          string
		sentinel      error
	}{
		{"the default duration", "alice", governance.Select, "fct.http_requests", "traffic report", 0, governance.DefaultGrantDuration, "", nil},
		{"a duration asked for", "alice", governance.Select, "fct.http_requests", "traffic report", 36 * time.Hour, 36 * time.Hour, "", nil},
		{"a duration over the cap", "alice", governance.Select, "fct.http_requests", "traffic report", 200 * 24 * time.Hour, governance.MaxGrantDuration, "", nil},
		{"columns", "erin", governance.Select, "fct.http_requests(ts,bytes)", "sizes", 0, governance.DefaultGrantDuration, "", nil},
		{"unmask", "alice", governance.Unmask, "dim.accounts", "support case", time.Hour, time.Hour, "", nil},
		{"an unknown requester", "mallory", governance.Select, "dim", "why not", 0, 0, tarn.ENOTFOUND, governance.ErrUnknownPrincipal},
		{"no justification", "alice", governance.Select, "fct.http_requests", "  ", 0, 0, tarn.EINVALID, governance.ErrInvalid},
		{"a negative duration", "alice", governance.Select, "fct.http_requests", "report", -time.Hour, 0, tarn.EINVALID, governance.ErrInvalid},
		{"an unknown privilege", "alice", "delete", "fct.http_requests", "report", 0, 0, tarn.EINVALID, governance.ErrInvalid},
		{"columns on unmask", "alice", governance.Unmask, "dim.accounts(owner_email)", "report", 0, 0, tarn.EINVALID, governance.ErrInvalid},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := wfFixture(t)
			r, err := f.W.RequestAccess(context.Background(), c.requester, c.p, wfObject(t, c.object), c.justification, c.d)
			wfWant(t, "RequestAccess", err, c.code, c.sentinel)
			if err != nil {
				return
			}
			if r.Duration != c.wantDuration || r.State != governance.Pending || r.Requester != c.requester ||
				!r.CreatedAt.Equal(govtest.T0) || !r.ExpiresAt.Equal(govtest.T0.Add(governance.RequestTTL)) {
				t.Errorf("request = %+v, want pending for %s", r, c.wantDuration)
			}
		})
	}
}

func TestWorkflowASecondPendingRequestForTheSameThingIsAConflict(t *testing.T) {
	ctx := context.Background()
	f := wfFixture(t)
	first, err := f.W.RequestAccess(ctx, "alice", governance.Select, wfObject(t, "fct.http_requests"), "report", 0)
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.W.RequestAccess(ctx, "alice", governance.Select, wfObject(t, "FCT.http_requests"), "again", 0)
	wfWant(t, "asking twice", err, tarn.ECONFLICT, governance.ErrAlreadyDecided)
	if _, err := f.W.RequestAccess(ctx, "alice", governance.Unmask, wfObject(t, "fct.http_requests"), "other privilege", 0); err != nil {
		t.Errorf("asking for another privilege: %v", err)
	}
	if _, err := f.W.Cancel(ctx, "alice", first.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.W.RequestAccess(ctx, "alice", governance.Select, wfObject(t, "fct.http_requests"), "after cancelling", 0); err != nil {
		t.Errorf("asking again after cancelling: %v", err)
	}
}

func TestWorkflowDecisions(t *testing.T) {
	type step func(w *governance.Workflow, id int64) error
	approve := func(who string) step {
		return func(w *governance.Workflow, id int64) error {
			_, _, err := w.Approve(context.Background(), who, id, "fine")
			return err
		}
	}
	deny := func(who string) step {
		return func(w *governance.Workflow, id int64) error {
			_, err := w.Deny(context.Background(), who, id, "no")
			return err
		}
	}
	cancel := func(who string) step {
		return func(w *governance.Workflow, id int64) error {
			_, err := w.Cancel(context.Background(), who, id)
			return err
		}
	}
	cases := []struct {
		name      string
		requester string
		p         governance.Privilege
		object    string
		before    []step // must succeed
		advance   time.Duration
		act       step
		wantState governance.RequestState // after act, when it succeeds
		code      string
		sentinel  error
	}{
		{name: "an approver approves", requester: "alice", object: "fct.billing_invoices", act: approve("dave"), wantState: governance.Approved},
		{name: "an approver denies", requester: "alice", object: "fct.billing_invoices", act: deny("dave"), wantState: governance.Denied},
		{name: "an admin approves", requester: "alice", object: "raw.support_tickets", act: approve("root"), wantState: governance.Approved},
		{name: "the requester cancels", requester: "alice", object: "fct.billing_invoices", act: cancel("alice"), wantState: governance.Cancelled},
		{name: "self-approval", requester: "dave", object: "fct.billing_invoices", act: approve("dave"), code: tarn.EFORBIDDEN, sentinel: governance.ErrSelfDecision},
		{name: "self-approval by an admin", requester: "root", object: "fct.billing_invoices", act: approve("root"), code: tarn.EFORBIDDEN, sentinel: governance.ErrSelfDecision},
		{name: "a reader approves", requester: "alice", object: "fct.billing_invoices", act: approve("bob"), code: tarn.EFORBIDDEN, sentinel: governance.ErrNotGranted},
		{name: "an approver outside their namespace", requester: "alice", object: "raw.support_tickets", act: approve("dave"), code: tarn.EFORBIDDEN, sentinel: governance.ErrNotGranted},
		{name: "an approver approves approve", requester: "alice", p: governance.Approve, object: "fct", act: approve("dave"), code: tarn.EFORBIDDEN, sentinel: governance.ErrNotGranted},
		{name: "an admin approves approve", requester: "alice", p: governance.Approve, object: "fct", act: approve("root"), wantState: governance.Approved},
		{name: "an unknown decider", requester: "alice", object: "fct.billing_invoices", act: approve("mallory"), code: tarn.EFORBIDDEN, sentinel: governance.ErrUnknownPrincipal},
		{name: "approving twice", requester: "alice", object: "fct.billing_invoices", before: []step{approve("dave")}, act: approve("root"), code: tarn.ECONFLICT, sentinel: governance.ErrAlreadyDecided},
		{name: "approving a denied request", requester: "alice", object: "fct.billing_invoices", before: []step{deny("dave")}, act: approve("root"), code: tarn.ECONFLICT, sentinel: governance.ErrAlreadyDecided},
		{name: "denying an approved request", requester: "alice", object: "fct.billing_invoices", before: []step{approve("dave")}, act: deny("root"), code: tarn.ECONFLICT, sentinel: governance.ErrAlreadyDecided},
		{name: "approving a cancelled request", requester: "alice", object: "fct.billing_invoices", before: []step{cancel("alice")}, act: approve("dave"), code: tarn.ECONFLICT, sentinel: governance.ErrAlreadyDecided},
		{name: "someone else cancels", requester: "alice", object: "fct.billing_invoices", act: cancel("dave"), code: tarn.EFORBIDDEN, sentinel: governance.ErrNotGranted},
		{name: "cancelling a decided request", requester: "alice", object: "fct.billing_invoices", before: []step{deny("dave")}, act: cancel("alice"), code: tarn.ECONFLICT, sentinel: governance.ErrAlreadyDecided},
		{name: "approving just before expiry", requester: "alice", object: "fct.billing_invoices", advance: governance.RequestTTL - time.Second, act: approve("dave"), wantState: governance.Approved},
		{name: "approving an expired request", requester: "alice", object: "fct.billing_invoices", advance: governance.RequestTTL, act: approve("dave"), code: tarn.EINVALID, sentinel: governance.ErrExpired},
		{name: "denying an expired request", requester: "alice", object: "fct.billing_invoices", advance: governance.RequestTTL, act: deny("dave"), code: tarn.EINVALID, sentinel: governance.ErrExpired},
		{name: "cancelling an expired request", requester: "alice", object: "fct.billing_invoices", advance: governance.RequestTTL + time.Hour, act: cancel("alice"), code: tarn.EINVALID, sentinel: governance.ErrExpired},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := wfFixture(t)
			p := c.p
			if p == "" {
				p = governance.Select
			}
			r, err := f.W.RequestAccess(context.Background(), c.requester, p, wfObject(t, c.object), "needed", 0)
			if err != nil {
				t.Fatal(err)
			}
			for i, s := range c.before {
				if err := s(f.W, r.ID); err != nil {
					t.Fatalf("step %d before: %v", i, err)
				}
			}
			before, _ := f.Store.Request(context.Background(), r.ID)
			f.Clock.Advance(c.advance)
			err = c.act(f.W, r.ID)
			wfWant(t, c.name, err, c.code, c.sentinel)
			after, _ := f.Store.Request(context.Background(), r.ID)
			if err != nil {
				if after.DecidedBy != before.DecidedBy || (after.State != before.State && after.State != governance.Expired) {
					t.Errorf("a refused decision changed the request from %+v to %+v", before, after)
				}
				return
			}
			if after.State != c.wantState || after.DecidedAt == nil || !after.DecidedAt.Equal(govtest.T0.Add(c.advance)) {
				t.Errorf("request after %s = %+v, want %s decided at %v", c.name, after, c.wantState, govtest.T0.Add(c.advance))
			}
		})
	}
}

func TestWorkflowApproveAndDenyRecordTheDecision(t *testing.T) {
	ctx := context.Background()
	f := wfFixture(t)
	r1, _ := f.W.RequestAccess(ctx, "alice", governance.Select, wfObject(t, "fct.billing_invoices(invoice_id,billed_amount)"), "totals", 3*24*time.Hour)
	r2, _ := f.W.RequestAccess(ctx, "erin", governance.Unmask, wfObject(t, "dim.accounts"), "support", 0)
	d1, g, err := f.W.Approve(ctx, "dave", r1.ID, " for the quarter ")
	if err != nil {
		t.Fatal(err)
	}
	if d1.Reason != "for the quarter" || d1.GrantID != g.ID || g.Object.String() != "fct.billing_invoices(invoice_id,billed_amount)" ||
		g.Privilege != governance.Select || !g.Until.Equal(govtest.T0.Add(3*24*time.Hour)) {
		t.Errorf("approval = %+v with grant %+v", d1, g)
	}
	d2, err := f.W.Deny(ctx, "dave", r2.ID, "use the masked column")
	if err != nil {
		t.Fatal(err)
	}
	if d2.State != governance.Denied || d2.DecidedBy != "dave" || d2.Reason != "use the masked column" || d2.GrantID != 0 {
		t.Errorf("denial = %+v", d2)
	}
	if f.Holds(t, "erin", governance.Unmask, "dim", "accounts") {
		t.Error("a denied request granted something")
	}
	_, _, err = f.W.Approve(ctx, "dave", 9999, "")
	wfWant(t, "approving a missing request", err, tarn.ENOTFOUND, governance.ErrNotFound)
}

func TestWorkflowRequestsExpireWhenRead(t *testing.T) {
	ctx := context.Background()
	f := wfFixture(t)
	old, _ := f.W.RequestAccess(ctx, "alice", governance.Select, wfObject(t, "fct.http_requests"), "old", 0)
	f.Clock.Advance(governance.RequestTTL / 2)
	fresh, _ := f.W.RequestAccess(ctx, "bob", governance.Select, wfObject(t, "fct.http_requests"), "new", 0)
	f.Clock.Advance(governance.RequestTTL / 2)
	pending, err := f.W.Requests(ctx, governance.RequestFilter{State: governance.Pending})
	if err != nil {
		t.Fatal(err)
	}
	if len(pending) != 1 || pending[0].ID != fresh.ID {
		t.Errorf("pending requests = %+v, want only %d", pending, fresh.ID)
	}
	got, err := f.W.Request(ctx, old.ID)
	if err != nil || got.State != governance.Expired || got.DecidedAt == nil || !got.DecidedAt.Equal(old.ExpiresAt) {
		t.Errorf("old request = %+v, %v; want expired at %v", got, err, old.ExpiresAt)
	}
}

// grantlessStore fails to store grants, as a broken database would.
type grantlessStore struct{ governance.Store }

func (grantlessStore) CreateGrant(context.Context, governance.Grant) (governance.Grant, error) {
	return governance.Grant{}, errors.New("disk full")
}

func TestWorkflowAnApprovalWhoseGrantFailsLeavesTheRequestPending(t *testing.T) {
	ctx := context.Background()
	f := wfFixture(t)
	r, _ := f.W.RequestAccess(ctx, "alice", governance.Select, wfObject(t, "fct.http_requests"), "report", 0)
	f.W.Store = grantlessStore{f.Store}
	_, _, err := f.W.Approve(ctx, "dave", r.ID, "")
	wfWant(t, "approving without a working store", err, tarn.EINTERNAL, nil)
	if got, _ := f.Store.Request(ctx, r.ID); got.State != governance.Pending {
		t.Errorf("request is %s after the grant failed, want pending", got.State)
	}
}

func TestWorkflowReviews(t *testing.T) {
	ctx := context.Background()
	f := wfFixture(t)
	review := func(who string, r governance.Review) error { return f.W.Review(ctx, who, r) }
	stored := func() governance.Review {
		r, ok, err := f.Store.Review(ctx, "fct", "http_requests")
		if err != nil || !ok {
			t.Fatalf("no stored review: %v", err)
		}
		return r
	}

	cases := []struct {
		name     string
		who      string
		r        governance.Review
		code     string
		sentinel error
	}{
		{"a reader reviews", "alice", governance.Review{Namespace: "fct", Table: "http_requests", Approved: true, Columns: []string{"ts"}}, tarn.EFORBIDDEN, governance.ErrNotGranted},
		{"an approver outside their namespace", "dave", governance.Review{Namespace: "raw", Table: "support_tickets", Approved: true, Columns: []string{"ticket_id"}}, tarn.EFORBIDDEN, governance.ErrNotGranted},
		{"approved without columns", "dave", governance.Review{Namespace: "fct", Table: "http_requests", Approved: true}, tarn.EINVALID, governance.ErrInvalid},
		{"a PII tag on a column not approved", "dave", governance.Review{Namespace: "fct", Table: "http_requests", Approved: true, Columns: []string{"ts"}, PII: map[string]string{"client_ip": "ip"}}, tarn.EINVALID, governance.ErrInvalid},
		{"no table", "dave", governance.Review{Namespace: "fct", Approved: true, Columns: []string{"ts"}}, tarn.EINVALID, governance.ErrInvalid},
	}
	for _, c := range cases {
		wfWant(t, c.name, review(c.who, c.r), c.code, c.sentinel)
	}
	if all, _ := f.Store.Reviews(ctx); len(all) != 0 {
		t.Fatalf("refused reviews stored %+v", all)
	}

	// Approve with tags, then override one tag and keep the other.
	wfWant(t, "first review", review("dave", governance.Review{Namespace: "FCT", Table: "http_requests", Approved: true,
		Columns: []string{"ts", "client_ip", "User_Agent"}, PII: map[string]string{"client_ip": "IP_Address", "user_agent": "free_text"}, Note: "skimmer"}), "", nil)
	r := stored()
	if r.ReviewedBy != "dave" || !r.ReviewedAt.Equal(govtest.T0) || r.PII["client_ip"] != "ip" || strings.Join(r.Columns, ",") != "ts,client_ip,user_agent" {
		t.Errorf("first review stored as %+v", r)
	}
	f.Clock.Advance(time.Hour)
	wfWant(t, "override", review("root", governance.Review{Namespace: "fct", Table: "http_requests", Approved: true,
		Columns: []string{"ts", "client_ip", "user_agent"}, PII: map[string]string{"user_agent": ""}}), "", nil)
	r = stored()
	if r.ReviewedBy != "root" || r.PII["client_ip"] != "ip" || r.PII["user_agent"] != "" {
		t.Errorf("after the override: %+v, want client_ip still ip and user_agent untagged", r)
	}
	wfWant(t, "narrowing", review("dave", governance.Review{Namespace: "fct", Table: "http_requests", Approved: true, Columns: []string{"ts"}}), "", nil)
	if r = stored(); len(r.PII) != 0 {
		t.Errorf("tags of columns no longer approved were kept: %+v", r.PII)
	}
	wfWant(t, "denial", review("dave", governance.Review{Namespace: "fct", Table: "http_requests", Columns: []string{"ts"}, Note: "too raw"}), "", nil)
	if r = stored(); r.Approved || len(r.Columns) != 0 || r.Note != "too raw" {
		t.Errorf("a denial stored as %+v, want no approved columns", r)
	}
}

func TestWorkflowRequestFlip(t *testing.T) {
	cases := []struct {
		name          string
		principal     string
		table         string
		justification string
		d             time.Duration
		policy        governance.FlipPolicy
		wantState     string
		wantLength    time.Duration
		code          string
		sentinel      error
	}{
		{name: "capped at 60 minutes", principal: "carol", table: "security_events", justification: "incident", d: 3 * time.Hour, policy: governance.FlipPolicy{SelfServe: true}, wantState: governance.FlipActive, wantLength: 60 * time.Minute},
		{name: "the default length", principal: "carol", table: "security_events", justification: "incident", policy: governance.FlipPolicy{SelfServe: true}, wantState: governance.FlipActive, wantLength: 60 * time.Minute},
		{name: "a shorter length", principal: "carol", table: "security_events", justification: "incident", d: 10 * time.Minute, policy: governance.FlipPolicy{SelfServe: true}, wantState: governance.FlipActive, wantLength: 10 * time.Minute},
		{name: "the policy's cap", principal: "carol", table: "security_events", justification: "incident", d: time.Hour, policy: governance.FlipPolicy{SelfServe: true, MaxDuration: 15 * time.Minute}, wantState: governance.FlipActive, wantLength: 15 * time.Minute},
		{name: "waits for approval", principal: "carol", table: "security_events", justification: "incident", d: 20 * time.Minute, wantState: governance.FlipPending, wantLength: 20 * time.Minute},
		{name: "an admin may flip", principal: "root", table: "http_requests", justification: "debugging", policy: governance.FlipPolicy{SelfServe: true}, wantState: governance.FlipActive, wantLength: 60 * time.Minute},
		{name: "without unmask", principal: "alice", table: "security_events", justification: "curious", policy: governance.FlipPolicy{SelfServe: true}, code: tarn.EFORBIDDEN, sentinel: governance.ErrNotGranted},
		{name: "unmask on another table", principal: "carol", table: "http_requests", justification: "incident", policy: governance.FlipPolicy{SelfServe: true}, code: tarn.EFORBIDDEN, sentinel: governance.ErrNotGranted},
		{name: "approve is not unmask", principal: "dave", table: "security_events", justification: "check", policy: governance.FlipPolicy{SelfServe: true}, code: tarn.EFORBIDDEN, sentinel: governance.ErrNotGranted},
		{name: "an unknown principal", principal: "mallory", table: "security_events", justification: "x", code: tarn.EFORBIDDEN, sentinel: governance.ErrUnknownPrincipal},
		{name: "no justification", principal: "carol", table: "security_events", code: tarn.EINVALID, sentinel: governance.ErrInvalid},
		{name: "a negative length", principal: "carol", table: "security_events", justification: "incident", d: -time.Minute, code: tarn.EINVALID, sentinel: governance.ErrInvalid},
		{name: "no table", principal: "carol", justification: "incident", code: tarn.EINVALID, sentinel: governance.ErrInvalid},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := wfFixture(t)
			f.W.Policy = c.policy
			fl, err := f.W.RequestFlip(context.Background(), c.principal, "fct", c.table, c.justification, c.d)
			wfWant(t, "RequestFlip", err, c.code, c.sentinel)
			if err != nil {
				return
			}
			if fl.State != c.wantState || fl.Principal != c.principal || !fl.StartedAt.Equal(govtest.T0) || fl.ExpiresAt.Sub(fl.StartedAt) != c.wantLength {
				t.Errorf("flip = %+v, want %s for %s", fl, c.wantState, c.wantLength)
			}
		})
	}
}

func TestWorkflowAFlipRefusalNamesThePrivilegeToRequest(t *testing.T) {
	f := wfFixture(t)
	_, err := f.W.RequestFlip(context.Background(), "alice", "fct", "security_events", "curious", 0)
	msg := tarn.ErrorMessage(err)
	if !strings.Contains(msg, "unmask") || !strings.Contains(msg, "fct.security_events") {
		t.Errorf("refusal says %q, want it to name unmask on fct.security_events", msg)
	}
}

func TestWorkflowFlipsEndAndExpire(t *testing.T) {
	ctx := context.Background()
	f := wfFixture(t)
	fl, err := f.W.RequestFlip(ctx, "carol", "fct", "security_events", "incident", 0)
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.W.RequestFlip(ctx, "carol", "fct", "security_events", "again", 0)
	wfWant(t, "a second flip on the same table", err, tarn.ECONFLICT, governance.ErrAlreadyDecided)
	_, err = f.W.EndFlip(ctx, "alice", fl.ID)
	wfWant(t, "alice ending carol's flip", err, tarn.EFORBIDDEN, governance.ErrNotGranted)
	_, err = f.W.EndFlip(ctx, "carol", 9999)
	wfWant(t, "ending a missing flip", err, tarn.ENOTFOUND, governance.ErrNotFound)

	f.Clock.Advance(10 * time.Minute)
	e, err := f.W.EndFlip(ctx, "carol", fl.ID)
	if err != nil || e.State != governance.FlipEnded || e.EndedAt == nil || !e.EndedAt.Equal(govtest.T0.Add(10*time.Minute)) {
		t.Fatalf("EndFlip = %+v, %v; want ended now", e, err)
	}
	_, err = f.W.EndFlip(ctx, "carol", fl.ID)
	wfWant(t, "ending twice", err, tarn.ECONFLICT, governance.ErrAlreadyDecided)

	// A new flip, ended by an approver this time; then one left to expire.
	fl2, err := f.W.RequestFlip(ctx, "carol", "fct", "security_events", "incident", 0)
	if err != nil {
		t.Fatalf("a flip after ending the last: %v", err)
	}
	if _, err := f.W.EndFlip(ctx, "dave", fl2.ID); err != nil {
		t.Errorf("an approver ending a flip: %v", err)
	}
	fl3, _ := f.W.RequestFlip(ctx, "carol", "fct", "security_events", "incident", 30*time.Minute)
	root, _ := f.W.RequestFlip(ctx, "root", "fct", "http_requests", "debugging", 0)
	all, _ := f.W.ActiveFlips(ctx, "")
	if len(all) != 2 || all[0].ID != root.ID || all[1].ID != fl3.ID {
		t.Errorf("everyone's active flips = %+v, want %d and %d, newest first", all, root.ID, fl3.ID)
	}
	f.Clock.Advance(30*time.Minute - time.Second)
	if active, _ := f.W.ActiveFlips(ctx, "carol"); len(active) != 1 {
		t.Errorf("a second before its end the flip is not active: %+v", active)
	}
	f.Clock.Advance(time.Second)
	if active, _ := f.W.ActiveFlips(ctx, "carol"); len(active) != 0 {
		t.Errorf("the flip is still active at its end: %+v", active)
	}
	if got, _ := f.Store.Flip(ctx, fl3.ID); got.State != governance.FlipExpired {
		t.Errorf("stored flip is %s, want expired", got.State)
	}
}

func TestWorkflowFlipApprovals(t *testing.T) {
	ctx := context.Background()
	f := wfFixture(t)
	f.W.Policy = governance.FlipPolicy{}
	fl, err := f.W.RequestFlip(ctx, "carol", "fct", "security_events", "incident", 0)
	if err != nil {
		t.Fatal(err)
	}
	if active, _ := f.W.ActiveFlips(ctx, "carol"); len(active) != 0 {
		t.Errorf("a pending flip is active: %+v", active)
	}
	_, err = f.W.ApproveFlip(ctx, "alice", fl.ID)
	wfWant(t, "a reader approving", err, tarn.EFORBIDDEN, governance.ErrNotGranted)
	_, err = f.W.ApproveFlip(ctx, "carol", fl.ID)
	wfWant(t, "self-approval", err, tarn.EFORBIDDEN, governance.ErrSelfDecision)
	_, err = f.W.ApproveFlip(ctx, "dave", 9999)
	wfWant(t, "approving a missing flip", err, tarn.ENOTFOUND, governance.ErrNotFound)
	d, err := f.W.DenyFlip(ctx, "dave", fl.ID)
	if err != nil || d.State != governance.FlipDenied {
		t.Fatalf("DenyFlip = %+v, %v", d, err)
	}
	_, err = f.W.ApproveFlip(ctx, "root", fl.ID)
	wfWant(t, "approving a denied flip", err, tarn.ECONFLICT, governance.ErrAlreadyDecided)

	fl2, _ := f.W.RequestFlip(ctx, "carol", "fct", "security_events", "incident", 0)
	f.Clock.Advance(3 * time.Hour) // approval comes late; the flip runs from it
	a, err := f.W.ApproveFlip(ctx, "dave", fl2.ID)
	if err != nil {
		t.Fatal(err)
	}
	now := govtest.T0.Add(3 * time.Hour)
	if !a.StartedAt.Equal(now) || !a.ExpiresAt.Equal(now.Add(time.Hour)) || a.ApprovedBy != "dave" {
		t.Errorf("approved flip = %+v, want an hour from %v", a, now)
	}
	if active, _ := f.W.ActiveFlips(ctx, "carol"); len(active) != 1 || active[0].ID != fl2.ID {
		t.Errorf("ActiveFlips = %+v, want the approved flip", active)
	}
}

func TestWorkflowApproveForSetsTheGrantsLengthWithinTheCap(t *testing.T) {
	ctx := context.Background()
	f := wfFixture(t)
	r1, _ := f.W.RequestAccess(ctx, "alice", governance.Select, wfObject(t, "fct.billing_invoices"), "totals", 7*24*time.Hour)
	d, g, err := f.W.ApproveFor(ctx, "dave", r1.ID, "", 24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if d.Duration != 24*time.Hour || !g.Until.Equal(govtest.T0.Add(24*time.Hour)) {
		t.Errorf("approved for a day: request %+v, grant until %v", d, g.Until)
	}
	stored, _ := f.W.Request(ctx, r1.ID)
	if stored.Duration != 24*time.Hour || stored.GrantID != g.ID {
		t.Errorf("stored request = %+v", stored)
	}
	r2, _ := f.W.RequestAccess(ctx, "alice", governance.Select, wfObject(t, "fct.billings_allocated"), "totals", 0)
	_, g2, err := f.W.ApproveFor(ctx, "dave", r2.ID, "", 10*governance.MaxGrantDuration)
	if err != nil || !g2.Until.Equal(govtest.T0.Add(governance.MaxGrantDuration)) {
		t.Errorf("a length over the cap: grant until %v, %v", g2.Until, err)
	}
	r3, _ := f.W.RequestAccess(ctx, "erin", governance.Select, wfObject(t, "dim.accounts"), "x", 0)
	_, _, err = f.W.ApproveFor(ctx, "dave", r3.ID, "", -time.Hour)
	wfWant(t, "a negative length", err, tarn.EINVALID, governance.ErrInvalid)
}
