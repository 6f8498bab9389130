package govtest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/governance"
)

// Fixture is a Workflow over a Store with the demo people in a Directory,
// a fake clock at T0 and a few seeded grants:
//
//	root              admin   on *
//	group:governance  approve on fct and on dim      (dave)
//	group:analysts    select  on dim                 (alice)
//	group:billing     select  on fct.billing_invoices (bob)
//	group:security    unmask  on fct.security_events (carol)
//
// erin is in no group.
type Fixture struct {
	W     *governance.Workflow
	Store governance.Store
	Dir   *Directory
	Clock *tarn.FakeClock
}

// NewFixture seeds s (which must be empty) and returns the fixture; the
// flip policy is self-serve with the default maximum.
func NewFixture(t testing.TB, s governance.Store) *Fixture {
	t.Helper()
	f := &Fixture{
		Store: s,
		Clock: tarn.NewFakeClock(T0),
		Dir: NewDirectory(
			governance.Principal{Name: "root"},
			governance.Principal{Name: "alice", Groups: []string{"analysts"}},
			governance.Principal{Name: "bob", Groups: []string{"billing"}},
			governance.Principal{Name: "carol", Groups: []string{"security"}},
			governance.Principal{Name: "dave", Groups: []string{"governance"}},
			governance.Principal{Name: "erin"},
		),
	}
	f.W = &governance.Workflow{Store: s, Directory: f.Dir, Clock: f.Clock, Policy: governance.FlipPolicy{SelfServe: true}}
	for _, g := range []struct {
		p       governance.Privilege
		object  string
		grantee string
	}{
		{governance.Admin, "*", "user:root"},
		{governance.Approve, "fct", "group:governance"},
		{governance.Approve, "dim", "group:governance"},
		{governance.Select, "dim", "group:analysts"},
		{governance.Select, "fct.billing_invoices", "group:billing"},
		{governance.Unmask, "fct.security_events", "group:security"},
	} {
		o, err := governance.ParseObject(g.object)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.CreateGrant(context.Background(), governance.Grant{Privilege: g.p, Object: o,
			Grantee: g.grantee, CreatedBy: "seed", CreatedAt: T0.Add(-time.Hour)}); err != nil {
			t.Fatalf("seed grant: %v", err)
		}
	}
	return f
}

// Holds is Workflow.HoldsPrivilege that fails the test on error.
func (f *Fixture) Holds(t testing.TB, principal string, p governance.Privilege, ns, table string) bool {
	t.Helper()
	ok, err := f.W.HoldsPrivilege(context.Background(), principal, p, ns, table)
	if err != nil {
		t.Fatalf("HoldsPrivilege(%s, %s, %s.%s): %v", principal, p, ns, table, err)
	}
	return ok
}

// WantRefusal fails the test unless err is a *tarn.Error with code that
// wraps sentinel.
func WantRefusal(t testing.TB, what string, err error, code string, sentinel error) {
	t.Helper()
	if err == nil {
		t.Errorf("%s: succeeded, want a %s refusal wrapping %q", what, code, sentinel)
		return
	}
	if got := tarn.ErrorCode(err); got != code {
		t.Errorf("%s: code %s (%v), want %s", what, got, err, code)
	}
	if sentinel != nil && !errors.Is(err, sentinel) {
		t.Errorf("%s: %v does not wrap %q", what, err, sentinel)
	}
}
