// Package govtest holds what every implementation of the governance
// interfaces is tested with: RunStoreSuite, the conformance suite for
// governance.Store; RunWorkflowSuite, the request, approval and flip
// lifecycles over a given Store; and Directory, a small settable
// governance.Directory for tests.
package govtest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/tarn-data/tarn/governance"
)

// T0 is the time the suites start at: whole seconds, UTC.
var T0 = time.Date(2026, 11, 2, 9, 30, 0, 0, time.UTC)

// RunStoreSuite runs the conformance suite for governance.Store. newStore
// must return a fresh, empty store for each call.
func RunStoreSuite(t *testing.T, newStore func(t *testing.T) governance.Store) {
	t.Run("CreateGrantAssignsIDsAndRoundTripsEveryField", func(t *testing.T) { testGrantRoundTrip(t, newStore(t)) })
	t.Run("MissingGrantIsNotFound", func(t *testing.T) { testMissingGrant(t, newStore(t)) })
	t.Run("GrantFiltersSelectByGranteePrivilegeAndActivity", func(t *testing.T) { testGrantFilters(t, newStore(t)) })
	t.Run("RevokeTwiceIsNotFound", func(t *testing.T) { testRevokeTwice(t, newStore(t)) })
	t.Run("RequestsRoundTripAndFilter", func(t *testing.T) { testRequests(t, newStore(t)) })
	t.Run("UpdateRequestIsCompareAndSet", func(t *testing.T) { testUpdateRequestCAS(t, newStore(t)) })
	t.Run("RacingDecidersExactlyOneWins", func(t *testing.T) { testRequestRace(t, newStore(t)) })
	t.Run("ReviewsReplaceAndList", func(t *testing.T) { testReviews(t, newStore(t)) })
	t.Run("FlipsRoundTripNewestFirst", func(t *testing.T) { testFlips(t, newStore(t)) })
	t.Run("UpdateFlipIsCompareAndSet", func(t *testing.T) { testUpdateFlipCAS(t, newStore(t)) })
	t.Run("RacingFlipEndersExactlyOneWins", func(t *testing.T) { testFlipRace(t, newStore(t)) })
	t.Run("VersionIncreasesWithEveryChangeOnly", func(t *testing.T) { testVersion(t, newStore(t)) })
	t.Run("ReturnedValuesAreCopies", func(t *testing.T) { testCopies(t, newStore(t)) })
	t.Run("MaskKeyIsMadeOnceAndKept", func(t *testing.T) { testMaskKey(t, newStore(t)) })
}

func ptr(t time.Time) *time.Time { return &t }

// sampleGrant is a grant with every field set; sub-second times with
// microseconds and a non-UTC zone check precision and normalisation.
func sampleGrant() governance.Grant {
	zone := time.FixedZone("CET", 3600)
	return governance.Grant{
		ID:        999, // ignored
		Privilege: governance.Select,
		Object:    governance.Object{Namespace: "fct", Table: "http_requests", Columns: []string{"ts", "zone_id"}},
		Grantee:   "user:alice",
		RowFilter: "zone_id = 7",
		Until:     ptr(T0.Add(48 * time.Hour).In(zone)),
		CreatedBy: "dave",
		CreatedAt: T0.Add(123456 * time.Microsecond),
		RequestID: 42,
	}
}

func testGrantRoundTrip(t *testing.T, s governance.Store) {
	ctx := context.Background()
	want := sampleGrant()
	g1, err := s.CreateGrant(ctx, want)
	if err != nil {
		t.Fatalf("CreateGrant: %v", err)
	}
	if g1.ID <= 0 {
		t.Fatalf("CreateGrant returned ID %d, want a positive ID", g1.ID)
	}
	want.ID = g1.ID
	sameGrant(t, "CreateGrant", g1, want)
	got, err := s.Grant(ctx, g1.ID)
	if err != nil {
		t.Fatalf("Grant(%d): %v", g1.ID, err)
	}
	sameGrant(t, "Grant", got, want)
	if got.CreatedAt.Location() != time.UTC || got.Until.Location() != time.UTC {
		t.Errorf("times come back in %v and %v, want UTC", got.CreatedAt.Location(), got.Until.Location())
	}

	bare := governance.Grant{Privilege: governance.Admin, Object: governance.Object{Namespace: "*"}, Grantee: "group:governance", CreatedAt: T0}
	g2, err := s.CreateGrant(ctx, bare)
	if err != nil {
		t.Fatalf("CreateGrant: %v", err)
	}
	if g2.ID <= g1.ID {
		t.Errorf("second grant has ID %d, want more than %d", g2.ID, g1.ID)
	}
	bare.ID = g2.ID
	got, err = s.Grant(ctx, g2.ID)
	if err != nil {
		t.Fatalf("Grant(%d): %v", g2.ID, err)
	}
	sameGrant(t, "Grant without optional fields", got, bare)
}

func testMissingGrant(t *testing.T, s governance.Store) {
	ctx := context.Background()
	if _, err := s.Grant(ctx, 12345); !errors.Is(err, governance.ErrNotFound) {
		t.Errorf("Grant(missing) = %v, want ErrNotFound", err)
	}
	if err := s.RevokeGrant(ctx, 12345, "dave", T0); !errors.Is(err, governance.ErrNotFound) {
		t.Errorf("RevokeGrant(missing) = %v, want ErrNotFound", err)
	}
}

func testGrantFilters(t *testing.T, s governance.Store) {
	ctx := context.Background()
	mk := func(p governance.Privilege, grantee string, until *time.Time) int64 {
		g, err := s.CreateGrant(ctx, governance.Grant{Privilege: p, Object: governance.Object{Namespace: "dim"},
			Grantee: grantee, Until: until, CreatedAt: T0})
		if err != nil {
			t.Fatalf("CreateGrant: %v", err)
		}
		return g.ID
	}
	aliceSel := mk(governance.Select, "user:alice", nil)
	analystsSel := mk(governance.Select, "group:analysts", ptr(T0.Add(time.Hour)))
	bobSel := mk(governance.Select, "user:bob", nil)
	aliceUnmask := mk(governance.Unmask, "user:alice", ptr(T0.Add(2*time.Hour)))
	revoked := mk(governance.Select, "user:alice", nil)
	if err := s.RevokeGrant(ctx, revoked, "dave", T0.Add(time.Minute)); err != nil {
		t.Fatalf("RevokeGrant: %v", err)
	}

	at := func(d time.Duration) *time.Time { return ptr(T0.Add(d)) }
	cases := []struct {
		name string
		f    governance.GrantFilter
		want []int64
	}{
		{"everything", governance.GrantFilter{}, []int64{aliceSel, analystsSel, bobSel, aliceUnmask, revoked}},
		{"one grantee", governance.GrantFilter{Grantees: []string{"user:alice"}}, []int64{aliceSel, aliceUnmask, revoked}},
		{"user and group", governance.GrantFilter{Grantees: []string{"user:alice", "group:analysts"}}, []int64{aliceSel, analystsSel, aliceUnmask, revoked}},
		{"unknown grantee", governance.GrantFilter{Grantees: []string{"user:nobody"}}, nil},
		{"privilege", governance.GrantFilter{Privilege: governance.Unmask}, []int64{aliceUnmask}},
		{"active leaves out revoked", governance.GrantFilter{ActiveAt: at(2 * time.Minute)}, []int64{aliceSel, analystsSel, bobSel, aliceUnmask}},
		{"a revoked grant is inactive even before its revocation time", governance.GrantFilter{ActiveAt: at(0)}, []int64{aliceSel, analystsSel, bobSel, aliceUnmask}},
		{"until is exclusive", governance.GrantFilter{ActiveAt: at(time.Hour)}, []int64{aliceSel, bobSel, aliceUnmask}},
		{"just before until", governance.GrantFilter{ActiveAt: at(time.Hour - time.Microsecond)}, []int64{aliceSel, analystsSel, bobSel, aliceUnmask}},
		{"all filters", governance.GrantFilter{Grantees: []string{"user:alice", "group:analysts"}, Privilege: governance.Select, ActiveAt: at(90 * time.Minute)}, []int64{aliceSel}},
	}
	for _, c := range cases {
		gs, err := s.Grants(ctx, c.f)
		if err != nil {
			t.Fatalf("%s: Grants: %v", c.name, err)
		}
		var ids []int64
		for _, g := range gs {
			ids = append(ids, g.ID)
		}
		if !reflect.DeepEqual(ids, c.want) {
			t.Errorf("%s: Grants = %v, want %v", c.name, ids, c.want)
		}
	}
}

func testRevokeTwice(t *testing.T, s governance.Store) {
	ctx := context.Background()
	g, err := s.CreateGrant(ctx, sampleGrant())
	if err != nil {
		t.Fatal(err)
	}
	at := T0.Add(time.Hour + 250*time.Microsecond)
	if err := s.RevokeGrant(ctx, g.ID, "dave", at); err != nil {
		t.Fatalf("first RevokeGrant: %v", err)
	}
	got, err := s.Grant(ctx, g.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.RevokedAt == nil || !got.RevokedAt.Equal(at) || got.RevokedBy != "dave" {
		t.Errorf("after revoke: RevokedAt=%v RevokedBy=%q, want %v and dave", got.RevokedAt, got.RevokedBy, at)
	}
	if err := s.RevokeGrant(ctx, g.ID, "erin", at.Add(time.Hour)); !errors.Is(err, governance.ErrNotFound) {
		t.Errorf("second RevokeGrant = %v, want ErrNotFound", err)
	}
	again, _ := s.Grant(ctx, g.ID)
	if again.RevokedBy != "dave" || !again.RevokedAt.Equal(at) {
		t.Errorf("second revoke changed the grant: RevokedBy=%q RevokedAt=%v", again.RevokedBy, again.RevokedAt)
	}
}

func sampleRequest(requester string) governance.Request {
	return governance.Request{
		Requester:     requester,
		Privilege:     governance.Select,
		Object:        governance.Object{Namespace: "fct", Table: "billing_invoices", Columns: []string{"invoice_id"}},
		Justification: "month-end revenue report",
		Duration:      7 * 24 * time.Hour,
		State:         governance.Pending,
		CreatedAt:     T0,
		ExpiresAt:     T0.Add(7 * 24 * time.Hour),
	}
}

func testRequests(t *testing.T, s governance.Store) {
	ctx := context.Background()
	want := sampleRequest("alice")
	r1, err := s.CreateRequest(ctx, want)
	if err != nil {
		t.Fatalf("CreateRequest: %v", err)
	}
	if r1.ID <= 0 {
		t.Fatalf("CreateRequest returned ID %d", r1.ID)
	}
	want.ID = r1.ID
	sameRequest(t, "CreateRequest", r1, want)
	got, err := s.Request(ctx, r1.ID)
	if err != nil {
		t.Fatalf("Request: %v", err)
	}
	sameRequest(t, "Request", got, want)
	if _, err := s.Request(ctx, r1.ID+100); !errors.Is(err, governance.ErrNotFound) {
		t.Errorf("Request(missing) = %v, want ErrNotFound", err)
	}

	r2, _ := s.CreateRequest(ctx, sampleRequest("bob"))
	denied := sampleRequest("alice")
	denied.State = governance.Denied
	r3, _ := s.CreateRequest(ctx, denied)
	cases := []struct {
		name string
		f    governance.RequestFilter
		want []int64
	}{
		{"everything", governance.RequestFilter{}, []int64{r1.ID, r2.ID, r3.ID}},
		{"requester", governance.RequestFilter{Requester: "alice"}, []int64{r1.ID, r3.ID}},
		{"state", governance.RequestFilter{State: governance.Pending}, []int64{r1.ID, r2.ID}},
		{"both", governance.RequestFilter{Requester: "alice", State: governance.Denied}, []int64{r3.ID}},
		{"none", governance.RequestFilter{Requester: "erin"}, nil},
	}
	for _, c := range cases {
		rs, err := s.Requests(ctx, c.f)
		if err != nil {
			t.Fatalf("%s: Requests: %v", c.name, err)
		}
		var ids []int64
		for _, r := range rs {
			ids = append(ids, r.ID)
		}
		if !reflect.DeepEqual(ids, c.want) {
			t.Errorf("%s: Requests = %v, want %v", c.name, ids, c.want)
		}
	}
}

func testUpdateRequestCAS(t *testing.T, s governance.Store) {
	ctx := context.Background()
	r, err := s.CreateRequest(ctx, sampleRequest("alice"))
	if err != nil {
		t.Fatal(err)
	}
	approved := r
	approved.State = governance.Approved
	approved.DecidedBy = "dave"
	approved.DecidedAt = ptr(T0.Add(time.Hour + 7*time.Microsecond))
	approved.Reason = "ok for the report"
	approved.GrantID = 17
	if err := s.UpdateRequest(ctx, approved, governance.Pending); err != nil {
		t.Fatalf("UpdateRequest from pending: %v", err)
	}
	got, _ := s.Request(ctx, r.ID)
	sameRequest(t, "after UpdateRequest", got, approved)

	denied := r
	denied.State = governance.Denied
	denied.DecidedBy = "erin"
	if err := s.UpdateRequest(ctx, denied, governance.Pending); !errors.Is(err, governance.ErrAlreadyDecided) {
		t.Errorf("UpdateRequest from a stale state = %v, want ErrAlreadyDecided", err)
	}
	got, _ = s.Request(ctx, r.ID)
	sameRequest(t, "after a refused UpdateRequest", got, approved)

	// The same state may be the from state: a decided request can be amended
	// by whoever checks that it is still decided.
	approved.Reason = "amended"
	if err := s.UpdateRequest(ctx, approved, governance.Approved); err != nil {
		t.Errorf("UpdateRequest from approved to approved: %v", err)
	}
	missing := approved
	missing.ID = r.ID + 100
	if err := s.UpdateRequest(ctx, missing, governance.Pending); !errors.Is(err, governance.ErrNotFound) {
		t.Errorf("UpdateRequest(missing) = %v, want ErrNotFound", err)
	}
}

// racers is how many goroutines race to decide the same thing.
const racers = 8

func testRequestRace(t *testing.T, s governance.Store) {
	ctx := context.Background()
	r, err := s.CreateRequest(ctx, sampleRequest("alice"))
	if err != nil {
		t.Fatal(err)
	}
	errs := make([]error, racers)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range racers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			d := r
			d.State = governance.Approved
			if i%2 == 1 {
				d.State = governance.Denied
			}
			d.DecidedBy = fmt.Sprintf("approver%d", i)
			d.DecidedAt = ptr(T0.Add(time.Minute))
			errs[i] = s.UpdateRequest(ctx, d, governance.Pending)
		}()
	}
	close(start)
	wg.Wait()
	winner := -1
	for i, err := range errs {
		switch {
		case err == nil:
			if winner >= 0 {
				t.Fatalf("approver%d and approver%d both decided request %d", winner, i, r.ID)
			}
			winner = i
		case !errors.Is(err, governance.ErrAlreadyDecided):
			t.Errorf("approver%d: %v, want nil or ErrAlreadyDecided", i, err)
		}
	}
	if winner < 0 {
		t.Fatal("no racer decided the request")
	}
	got, _ := s.Request(ctx, r.ID)
	if got.DecidedBy != fmt.Sprintf("approver%d", winner) {
		t.Errorf("stored DecidedBy = %q, want the winner approver%d", got.DecidedBy, winner)
	}
}

func testReviews(t *testing.T, s governance.Store) {
	ctx := context.Background()
	if _, ok, err := s.Review(ctx, "fct", "http_requests"); err != nil || ok {
		t.Fatalf("Review before any = ok %v, err %v; want not ok, nil", ok, err)
	}
	first := governance.Review{Namespace: "fct", Table: "http_requests", Approved: true,
		Columns: []string{"ts", "zone_id", "client_ip"}, PII: map[string]string{"client_ip": "ip", "ts": ""},
		ReviewedBy: "dave", ReviewedAt: T0, Note: "skimmer found IPs"}
	if err := s.PutReview(ctx, first); err != nil {
		t.Fatalf("PutReview: %v", err)
	}
	got, ok, err := s.Review(ctx, "fct", "http_requests")
	if err != nil || !ok {
		t.Fatalf("Review = ok %v, err %v", ok, err)
	}
	sameReview(t, "Review", got, first)

	override := governance.Review{Namespace: "fct", Table: "http_requests", Approved: true,
		Columns: []string{"ts"}, ReviewedBy: "erin", ReviewedAt: T0.Add(time.Hour)}
	if err := s.PutReview(ctx, override); err != nil {
		t.Fatalf("PutReview again: %v", err)
	}
	got, _, _ = s.Review(ctx, "fct", "http_requests")
	sameReview(t, "Review after replacement", got, override)

	denied := governance.Review{Namespace: "raw", Table: "support_tickets", ReviewedBy: "dave", ReviewedAt: T0, Note: "free text"}
	other := governance.Review{Namespace: "dim", Table: "zones", Approved: true, Columns: []string{"zone_id"}, ReviewedAt: T0}
	for _, r := range []governance.Review{denied, other} {
		if err := s.PutReview(ctx, r); err != nil {
			t.Fatalf("PutReview: %v", err)
		}
	}
	all, err := s.Reviews(ctx)
	if err != nil {
		t.Fatalf("Reviews: %v", err)
	}
	if len(all) != 3 {
		t.Fatalf("Reviews returned %d reviews, want 3", len(all))
	}
	for i, want := range []governance.Review{other, override, denied} {
		sameReview(t, fmt.Sprintf("Reviews[%d]", i), all[i], want)
	}
}

func sampleFlip(principal string) governance.Flip {
	return governance.Flip{
		Principal:     principal,
		Namespace:     "fct",
		Table:         "security_events",
		Justification: "incident 42",
		StartedAt:     T0.Add(500 * time.Microsecond),
		ExpiresAt:     T0.Add(time.Hour),
		State:         "active",
	}
}

func testFlips(t *testing.T, s governance.Store) {
	ctx := context.Background()
	want := sampleFlip("carol")
	f1, err := s.CreateFlip(ctx, want)
	if err != nil {
		t.Fatalf("CreateFlip: %v", err)
	}
	want.ID = f1.ID
	sameFlip(t, "CreateFlip", f1, want)
	got, err := s.Flip(ctx, f1.ID)
	if err != nil {
		t.Fatalf("Flip: %v", err)
	}
	sameFlip(t, "Flip", got, want)
	if _, err := s.Flip(ctx, f1.ID+100); !errors.Is(err, governance.ErrNotFound) {
		t.Errorf("Flip(missing) = %v, want ErrNotFound", err)
	}
	pending := sampleFlip("alice")
	pending.State = "pending"
	f2, _ := s.CreateFlip(ctx, pending)
	ended := sampleFlip("carol")
	ended.State, ended.EndedAt, ended.ApprovedBy = "ended", ptr(T0.Add(time.Minute)), "dave"
	f3, _ := s.CreateFlip(ctx, ended)
	ended.ID = f3.ID
	got, _ = s.Flip(ctx, f3.ID)
	sameFlip(t, "Flip with EndedAt", got, ended)

	cases := []struct {
		principal string
		want      []int64
	}{
		{"carol", []int64{f3.ID, f1.ID}},
		{"alice", []int64{f2.ID}},
		{"", []int64{f3.ID, f2.ID, f1.ID}},
		{"erin", nil},
	}
	for _, c := range cases {
		fs, err := s.Flips(ctx, c.principal)
		if err != nil {
			t.Fatalf("Flips(%q): %v", c.principal, err)
		}
		var ids []int64
		for _, f := range fs {
			ids = append(ids, f.ID)
		}
		if !reflect.DeepEqual(ids, c.want) {
			t.Errorf("Flips(%q) = %v, want %v (newest first)", c.principal, ids, c.want)
		}
	}
}

func testUpdateFlipCAS(t *testing.T, s governance.Store) {
	ctx := context.Background()
	p := sampleFlip("carol")
	p.State = "pending"
	f, err := s.CreateFlip(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	active := f
	active.State, active.ApprovedBy = "active", "dave"
	active.StartedAt, active.ExpiresAt = T0.Add(time.Hour), T0.Add(2*time.Hour)
	if err := s.UpdateFlip(ctx, active, "pending"); err != nil {
		t.Fatalf("UpdateFlip from pending: %v", err)
	}
	got, _ := s.Flip(ctx, f.ID)
	sameFlip(t, "after UpdateFlip", got, active)
	denied := f
	denied.State = "denied"
	if err := s.UpdateFlip(ctx, denied, "pending"); !errors.Is(err, governance.ErrAlreadyDecided) {
		t.Errorf("UpdateFlip from a stale state = %v, want ErrAlreadyDecided", err)
	}
	got, _ = s.Flip(ctx, f.ID)
	sameFlip(t, "after a refused UpdateFlip", got, active)
	missing := active
	missing.ID = f.ID + 100
	if err := s.UpdateFlip(ctx, missing, "active"); !errors.Is(err, governance.ErrNotFound) {
		t.Errorf("UpdateFlip(missing) = %v, want ErrNotFound", err)
	}
}

func testFlipRace(t *testing.T, s governance.Store) {
	ctx := context.Background()
	f, err := s.CreateFlip(ctx, sampleFlip("carol"))
	if err != nil {
		t.Fatal(err)
	}
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		wins int
	)
	start := make(chan struct{})
	for i := range racers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			e := f
			e.State, e.EndedAt = "ended", ptr(T0.Add(time.Duration(i)*time.Second))
			err := s.UpdateFlip(ctx, e, "active")
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				wins++
			case !errors.Is(err, governance.ErrAlreadyDecided):
				t.Errorf("racer %d: %v, want nil or ErrAlreadyDecided", i, err)
			}
		}()
	}
	close(start)
	wg.Wait()
	if wins != 1 {
		t.Errorf("%d racers ended the flip, want exactly 1", wins)
	}
}

func testVersion(t *testing.T, s governance.Store) {
	ctx := context.Background()
	last, err := s.Version(ctx)
	if err != nil {
		t.Fatalf("Version: %v", err)
	}
	check := func(what string, changed bool) {
		t.Helper()
		v, err := s.Version(ctx)
		if err != nil {
			t.Fatalf("Version after %s: %v", what, err)
		}
		switch {
		case changed && v <= last:
			t.Errorf("Version after %s = %d, want more than %d", what, v, last)
		case !changed && v != last:
			t.Errorf("Version after %s = %d, want it unchanged at %d", what, v, last)
		}
		last = v
	}
	g, _ := s.CreateGrant(ctx, sampleGrant())
	check("CreateGrant", true)
	_ = s.RevokeGrant(ctx, g.ID, "dave", T0)
	check("RevokeGrant", true)
	_ = s.RevokeGrant(ctx, g.ID, "dave", T0)
	check("a refused RevokeGrant", false)
	_, _ = s.Grants(ctx, governance.GrantFilter{})
	_, _ = s.Grant(ctx, g.ID)
	check("reading grants", false)
	r, _ := s.CreateRequest(ctx, sampleRequest("alice"))
	check("CreateRequest", true)
	r.State = governance.Cancelled
	_ = s.UpdateRequest(ctx, r, governance.Pending)
	check("UpdateRequest", true)
	_ = s.UpdateRequest(ctx, r, governance.Pending)
	check("a refused UpdateRequest", false)
	_ = s.PutReview(ctx, governance.Review{Namespace: "dim", Table: "zones", ReviewedAt: T0})
	check("PutReview", true)
	_, _, _ = s.Review(ctx, "dim", "zones")
	_, _ = s.Reviews(ctx)
	_, _ = s.Requests(ctx, governance.RequestFilter{})
	check("reading requests and reviews", false)
	f, _ := s.CreateFlip(ctx, sampleFlip("carol"))
	check("CreateFlip", true)
	f.State = "ended"
	_ = s.UpdateFlip(ctx, f, "active")
	check("UpdateFlip", true)
	_ = s.UpdateFlip(ctx, f, "active")
	_, _ = s.Flips(ctx, "")
	check("a refused UpdateFlip and reading flips", false)
}

func testCopies(t *testing.T, s governance.Store) {
	ctx := context.Background()
	in := sampleGrant()
	g, err := s.CreateGrant(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	in.Object.Columns[0] = "changed by caller"
	*in.Until = T0
	g.Object.Columns[0] = "changed by caller"
	got, _ := s.Grant(ctx, g.ID)
	if got.Object.Columns[0] != "ts" || got.Until.Equal(T0) {
		t.Errorf("changing the caller's grant changed the stored one: %+v", got)
	}
	rv := governance.Review{Namespace: "fct", Table: "t", Approved: true, Columns: []string{"a"}, PII: map[string]string{"a": "email"}, ReviewedAt: T0}
	if err := s.PutReview(ctx, rv); err != nil {
		t.Fatal(err)
	}
	rv.PII["a"] = "changed"
	out, _, _ := s.Review(ctx, "fct", "t")
	out.Columns[0] = "changed"
	again, _, _ := s.Review(ctx, "fct", "t")
	if again.PII["a"] != "email" || again.Columns[0] != "a" {
		t.Errorf("changing a review outside the store changed the stored one: %+v", again)
	}
}

func testMaskKey(t *testing.T, s governance.Store) {
	ks, ok := s.(governance.MaskKeyStore)
	if !ok {
		t.Skip("the store keeps no mask key")
	}
	ctx := context.Background()
	k1, err := ks.MaskKey(ctx)
	if err != nil {
		t.Fatalf("MaskKey: %v", err)
	}
	if len(k1) < 16 {
		t.Fatalf("MaskKey is %d bytes, want at least 16", len(k1))
	}
	k1[0]++ // changing the returned key must not change the stored one
	k2, err := ks.MaskKey(ctx)
	if err != nil {
		t.Fatalf("MaskKey again: %v", err)
	}
	k1[0]--
	if string(k1) != string(k2) {
		t.Errorf("MaskKey changed between calls")
	}
}
