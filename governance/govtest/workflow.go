package govtest

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/governance"
)

// RunWorkflowSuite runs the request, approval, revocation and flip
// lifecycles of governance.Workflow over stores from newStore (fresh and
// empty for each call), so that the workflows' guarantees — above all that
// of racing approvers exactly one wins — hold on every Store.
func RunWorkflowSuite(t *testing.T, newStore func(t *testing.T) governance.Store) {
	run := func(name string, fn func(t *testing.T, f *Fixture)) {
		t.Run(name, func(t *testing.T) { fn(t, NewFixture(t, newStore(t))) })
	}
	run("ApprovalCreatesATimeBoundGrantThatLapses", testApprovalLifecycle)
	run("NobodyDecidesTheirOwnRequest", testSelfDecision)
	run("RacingApproversExactlyOneWins", testRacingApprovers)
	run("AnExpiredRequestCannotBeApproved", testExpiredRequest)
	run("ARevokedGrantNoLongerCounts", testRevokedGrant)
	run("AGroupGrantCountsOnlyWhileTheDirectorySaysSo", testGroupGrant)
	run("AFlipIsCappedAndExpiresByItself", testFlipLifecycle)
	run("AnApprovedFlipRunsFromApproval", testApprovedFlip)
}

func testApprovalLifecycle(t *testing.T, f *Fixture) {
	ctx := context.Background()
	if f.Holds(t, "alice", governance.Select, "fct", "billing_invoices") {
		t.Fatal("alice holds select on fct.billing_invoices before asking")
	}
	r, err := f.W.RequestAccess(ctx, "alice", governance.Select, governance.Object{Namespace: "fct", Table: "billing_invoices"},
		"month-end report", 48*time.Hour)
	if err != nil {
		t.Fatalf("RequestAccess: %v", err)
	}
	if r.State != governance.Pending || !r.ExpiresAt.Equal(T0.Add(governance.RequestTTL)) {
		t.Errorf("new request: state %s, expires %v; want pending, expiring at %v", r.State, r.ExpiresAt, T0.Add(governance.RequestTTL))
	}
	f.Clock.Advance(time.Hour)
	decided, g, err := f.W.Approve(ctx, "dave", r.ID, "ok")
	if err != nil {
		t.Fatalf("Approve: %v", err)
	}
	approvedAt := T0.Add(time.Hour)
	if decided.State != governance.Approved || decided.DecidedBy != "dave" || decided.GrantID != g.ID || decided.Reason != "ok" {
		t.Errorf("approved request = %+v", decided)
	}
	if g.Grantee != "user:alice" || g.RequestID != r.ID || g.CreatedBy != "dave" || g.Until == nil || !g.Until.Equal(approvedAt.Add(48*time.Hour)) {
		t.Errorf("grant = %+v, want user:alice until %v from request %d", g, approvedAt.Add(48*time.Hour), r.ID)
	}
	stored, err := f.W.Request(ctx, r.ID)
	if err != nil || stored.GrantID != g.ID || stored.State != governance.Approved {
		t.Errorf("stored request = %+v, %v; want approved with grant %d", stored, err, g.ID)
	}
	if !f.Holds(t, "alice", governance.Select, "fct", "billing_invoices") {
		t.Error("alice does not hold select after approval")
	}
	f.Clock.Set(*g.Until)
	if f.Holds(t, "alice", governance.Select, "fct", "billing_invoices") {
		t.Error("alice still holds select once the grant's time is up")
	}
}

func testSelfDecision(t *testing.T, f *Fixture) {
	ctx := context.Background()
	r, err := f.W.RequestAccess(ctx, "dave", governance.Select, governance.Object{Namespace: "fct"}, "audit", 0)
	if err != nil {
		t.Fatalf("RequestAccess: %v", err)
	}
	_, _, err = f.W.Approve(ctx, "dave", r.ID, "")
	WantRefusal(t, "dave approving his own request", err, tarn.EFORBIDDEN, governance.ErrSelfDecision)
	_, err = f.W.Deny(ctx, "dave", r.ID, "")
	WantRefusal(t, "dave denying his own request", err, tarn.EFORBIDDEN, governance.ErrSelfDecision)
	if got, _ := f.W.Request(ctx, r.ID); got.State != governance.Pending {
		t.Errorf("request is %s after refused self-decisions, want pending", got.State)
	}
}

func testRacingApprovers(t *testing.T, f *Fixture) {
	ctx := context.Background()
	deciders := []string{"dave", "root", "gina", "hank"}
	for _, name := range deciders[2:] {
		f.Dir.Put(governance.Principal{Name: name, Groups: []string{"governance"}})
	}
	r, err := f.W.RequestAccess(ctx, "alice", governance.Select, governance.Object{Namespace: "fct", Table: "billing_invoices"}, "report", 0)
	if err != nil {
		t.Fatal(err)
	}
	errs := make([]error, 2*len(deciders))
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			who := deciders[i%len(deciders)]
			if i < len(deciders) {
				_, _, errs[i] = f.W.Approve(ctx, who, r.ID, "")
			} else {
				_, errs[i] = f.W.Deny(ctx, who, r.ID, "")
			}
		}()
	}
	close(start)
	wg.Wait()
	wins := 0
	for i, err := range errs {
		if err == nil {
			wins++
			continue
		}
		WantRefusal(t, fmt.Sprintf("racer %d", i), err, tarn.ECONFLICT, governance.ErrAlreadyDecided)
	}
	if wins != 1 {
		t.Fatalf("%d racers decided request %d, want exactly 1", wins, r.ID)
	}
	final, _ := f.W.Request(ctx, r.ID)
	grants, _ := f.Store.Grants(ctx, governance.GrantFilter{Grantees: []string{"user:alice"}})
	want := 0
	if final.State == governance.Approved {
		want = 1
	}
	if len(grants) != want {
		t.Errorf("request ended %s with %d grants to alice, want %d", final.State, len(grants), want)
	}
}

func testExpiredRequest(t *testing.T, f *Fixture) {
	ctx := context.Background()
	r, err := f.W.RequestAccess(ctx, "erin", governance.Select, governance.Object{Namespace: "dim"}, "onboarding", 0)
	if err != nil {
		t.Fatal(err)
	}
	f.Clock.Advance(governance.RequestTTL)
	_, _, err = f.W.Approve(ctx, "dave", r.ID, "")
	WantRefusal(t, "approving an expired request", err, tarn.EINVALID, governance.ErrExpired)
	stored, err := f.Store.Request(ctx, r.ID)
	if err != nil || stored.State != governance.Expired {
		t.Errorf("stored request is %s (%v), want expired", stored.State, err)
	}
	if f.Holds(t, "erin", governance.Select, "dim", "zones") {
		t.Error("erin holds select after her request expired")
	}
}

func testRevokedGrant(t *testing.T, f *Fixture) {
	ctx := context.Background()
	g, err := f.W.Grant(ctx, "dave", governance.Grant{Privilege: governance.Select,
		Object: governance.Object{Namespace: "fct", Table: "traffic_daily"}, Grantee: "user:erin"})
	if err != nil {
		t.Fatalf("Grant: %v", err)
	}
	if !f.Holds(t, "erin", governance.Select, "fct", "traffic_daily") {
		t.Fatal("erin does not hold the grant just made")
	}
	if err := f.W.Revoke(ctx, "dave", g.ID); err != nil {
		t.Fatalf("Revoke: %v", err)
	}
	if f.Holds(t, "erin", governance.Select, "fct", "traffic_daily") {
		t.Error("erin still holds a revoked grant")
	}
	WantRefusal(t, "revoking twice", f.W.Revoke(ctx, "dave", g.ID), tarn.ENOTFOUND, governance.ErrNotFound)
}

func testGroupGrant(t *testing.T, f *Fixture) {
	if !f.Holds(t, "alice", governance.Select, "dim", "accounts") {
		t.Fatal("alice does not hold select on dim through analysts")
	}
	f.Dir.SetGroups("alice")
	if f.Holds(t, "alice", governance.Select, "dim", "accounts") {
		t.Error("alice still holds select on dim after leaving analysts")
	}
	f.Dir.SetGroups("erin", "analysts")
	if !f.Holds(t, "erin", governance.Select, "dim", "accounts") {
		t.Error("erin does not hold select on dim after joining analysts")
	}
}

func testFlipLifecycle(t *testing.T, f *Fixture) {
	ctx := context.Background()
	fl, err := f.W.RequestFlip(ctx, "carol", "fct", "security_events", "incident 42", 3*time.Hour)
	if err != nil {
		t.Fatalf("RequestFlip: %v", err)
	}
	if fl.State != governance.FlipActive || !fl.StartedAt.Equal(T0) || !fl.ExpiresAt.Equal(T0.Add(governance.DefaultFlipDuration)) {
		t.Errorf("flip = %+v, want active from %v for %s", fl, T0, governance.DefaultFlipDuration)
	}
	active, err := f.W.ActiveFlips(ctx, "carol")
	if err != nil || len(active) != 1 || active[0].ID != fl.ID {
		t.Fatalf("ActiveFlips = %+v, %v; want flip %d", active, err, fl.ID)
	}
	_, err = f.W.RequestFlip(ctx, "alice", "fct", "security_events", "curious", 0)
	WantRefusal(t, "alice flipping without unmask", err, tarn.EFORBIDDEN, governance.ErrNotGranted)

	f.Clock.Advance(governance.DefaultFlipDuration)
	active, err = f.W.ActiveFlips(ctx, "carol")
	if err != nil || len(active) != 0 {
		t.Errorf("ActiveFlips after the hour = %+v, %v; want none", active, err)
	}
	stored, _ := f.Store.Flip(ctx, fl.ID)
	if stored.State != governance.FlipExpired {
		t.Errorf("stored flip is %s once its hour is up, want expired", stored.State)
	}
	_, err = f.W.EndFlip(ctx, "carol", fl.ID)
	WantRefusal(t, "ending an expired flip", err, tarn.EINVALID, governance.ErrExpired)
}

func testApprovedFlip(t *testing.T, f *Fixture) {
	ctx := context.Background()
	f.W.Policy = governance.FlipPolicy{MaxDuration: 30 * time.Minute}
	fl, err := f.W.RequestFlip(ctx, "carol", "fct", "security_events", "incident 42", 20*time.Minute)
	if err != nil {
		t.Fatalf("RequestFlip: %v", err)
	}
	if fl.State != governance.FlipPending || fl.ActiveAt(f.Clock.Now()) {
		t.Fatalf("flip under an approval policy = %+v, want pending", fl)
	}
	_, err = f.W.ApproveFlip(ctx, "carol", fl.ID)
	WantRefusal(t, "carol approving her own flip", err, tarn.EFORBIDDEN, governance.ErrSelfDecision)
	f.Clock.Advance(5 * time.Minute)
	a, err := f.W.ApproveFlip(ctx, "dave", fl.ID)
	if err != nil {
		t.Fatalf("ApproveFlip: %v", err)
	}
	from := T0.Add(5 * time.Minute)
	if a.State != governance.FlipActive || a.ApprovedBy != "dave" || !a.StartedAt.Equal(from) || !a.ExpiresAt.Equal(from.Add(20*time.Minute)) {
		t.Errorf("approved flip = %+v, want active from %v for 20m", a, from)
	}
	_, err = f.W.ApproveFlip(ctx, "root", fl.ID)
	WantRefusal(t, "approving twice", err, tarn.ECONFLICT, governance.ErrAlreadyDecided)
	e, err := f.W.EndFlip(ctx, "dave", fl.ID)
	if err != nil || e.State != governance.FlipEnded || e.EndedAt == nil {
		t.Fatalf("EndFlip = %+v, %v; want ended", e, err)
	}
	if active, _ := f.W.ActiveFlips(ctx, "carol"); len(active) != 0 {
		t.Errorf("ActiveFlips after EndFlip = %+v, want none", active)
	}
}
