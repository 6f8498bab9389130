package governance

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/tarn-data/tarn"
)

// Limits of the workflows.
const (
	// DefaultGrantDuration is how long an approved request's grant lasts
	// when the request names no duration.
	DefaultGrantDuration = 7 * 24 * time.Hour
	// MaxGrantDuration caps the duration a request may ask for.
	MaxGrantDuration = 90 * 24 * time.Hour
	// RequestTTL is how long a request waits for a decision before it
	// expires by itself.
	RequestTTL = 7 * 24 * time.Hour
	// DefaultFlipDuration is FlipPolicy.MaxDuration when it is not set.
	DefaultFlipDuration = 60 * time.Minute
)

// The states of a Flip.
const (
	FlipPending = "pending" // waiting for an approver
	FlipActive  = "active"  // lifting redaction until ExpiresAt
	FlipEnded   = "ended"   // ended early (EndedAt says when)
	FlipExpired = "expired" // ran its course
	FlipDenied  = "denied"  // an approver said no
)

// FlipPolicy says how session flips are granted.
type FlipPolicy struct {
	// MaxDuration caps how long a flip lasts; DefaultFlipDuration when zero.
	MaxDuration time.Duration
	// SelfServe lets holders of unmask start a flip, active at once;
	// otherwise a flip waits for ApproveFlip.
	SelfServe bool
}

// Workflow changes governance state on people's behalf: grants and their
// revocation, access requests and their decisions, table reviews and
// session flips. Every method checks who may do what against the Store and
// the Directory as they are at the call, and returns what it changed so the
// caller can audit it. Refusals are *tarn.Error values wrapping this
// package's sentinels: EFORBIDDEN (not allowed; ErrNotGranted,
// ErrSelfDecision, ErrUnknownPrincipal), EINVALID (bad input, ErrInvalid;
// or too late, ErrExpired), ENOTFOUND (ErrNotFound, ErrUnknownPrincipal) and
// ECONFLICT (someone decided first, ErrAlreadyDecided).
//
// Who may decide: admin on an object covering the thing decided allows
// everything; approve on it allows granting, revoking and deciding select
// and unmask, reviewing tables and approving flips. Nobody decides their own
// request or flip.
type Workflow struct {
	Store     Store
	Directory Directory
	// Clock decides expiry; the system clock when nil.
	Clock  tarn.Clock
	Policy FlipPolicy
	// CheckFilter, when set, vets a grant's row filter before it is
	// stored: the engine checks that it is one SQL predicate over that
	// table alone (a subquery over another table would read it without a
	// decision).
	CheckFilter func(ctx context.Context, ns, table, filter string) error
}

func (w *Workflow) now() time.Time {
	if w.Clock == nil {
		return time.Now().UTC()
	}
	return w.Clock.Now().UTC()
}

func (w *Workflow) maxFlip() time.Duration {
	if w.Policy.MaxDuration > 0 {
		return w.Policy.MaxDuration
	}
	return DefaultFlipDuration
}

// Grant gives g.Privilege on g.Object to g.Grantee ("user:<name>" of a
// principal in the Directory, or "group:<name>" of a known group), until
// g.Until (nil: until revoked), with g.RowFilter (select on a table only).
// by must hold admin on the object, or approve for select and unmask
// grants. It returns the stored grant; CreatedBy, CreatedAt and the ID are
// set here.
func (w *Workflow) Grant(ctx context.Context, by string, g Grant) (Grant, error) {
	now := w.now()
	g.Object = normObject(g.Object)
	g.Grantee = strings.TrimSpace(g.Grantee)
	g.RowFilter = strings.TrimSpace(g.RowFilter)
	if err := checkObject(g.Privilege, g.Object); err != nil {
		return Grant{}, err
	}
	if g.RowFilter != "" && (g.Privilege != Select || g.Object.Table == "") {
		return Grant{}, invalid("A row filter applies only to a select grant on one table, not to %s on %s.", g.Privilege, g.Object)
	}
	if g.Until != nil && !g.Until.After(now) {
		return Grant{}, invalid("The grant would end at %s, which is not in the future.", stamp(*g.Until))
	}
	if g.RowFilter != "" && w.CheckFilter != nil {
		if err := w.CheckFilter(ctx, g.Object.Namespace, g.Object.Table, g.RowFilter); err != nil {
			return Grant{}, err
		}
	}
	if err := w.authorize(ctx, by, g.Privilege, g.Object, fmt.Sprintf("grant %s on %s", g.Privilege, g.Object)); err != nil {
		return Grant{}, err
	}
	if err := w.checkGrantee(ctx, g.Grantee); err != nil {
		return Grant{}, err
	}
	if g.Until != nil {
		u := g.Until.UTC()
		g.Until = &u
	}
	g.ID, g.CreatedBy, g.CreatedAt, g.RevokedAt, g.RevokedBy, g.RequestID = 0, by, now, nil, "", 0
	created, err := w.Store.CreateGrant(ctx, g)
	if err != nil {
		return Grant{}, storeFailure(err, "store the grant")
	}
	return created, nil
}

// Revoke ends grant id now. by needs the same authority as for granting
// it. A missing or already revoked grant is ENOTFOUND.
func (w *Workflow) Revoke(ctx context.Context, by string, grantID int64) error {
	g, err := w.Store.Grant(ctx, grantID)
	if err != nil {
		return notFoundOr(err, "There is no grant %d.", grantID)
	}
	if err := w.authorize(ctx, by, g.Privilege, g.Object, fmt.Sprintf("revoke grant %d (%s on %s)", g.ID, g.Privilege, g.Object)); err != nil {
		return err
	}
	if g.RevokedAt != nil {
		return refuse(ErrNotFound, tarn.ENOTFOUND, "", "Grant %d was already revoked by %s at %s.", g.ID, g.RevokedBy, stamp(*g.RevokedAt))
	}
	if err := w.Store.RevokeGrant(ctx, grantID, by, w.now()); err != nil {
		return notFoundOr(err, "Grant %d was revoked by someone else just now.", grantID)
	}
	return nil
}

// HoldsPrivilege reports whether principal holds p on ns.table (table ""
// for the whole namespace) through an active grant to itself or to one of
// its groups, as the Directory has them now. Admin implies every
// privilege. A select grant on some columns only does not count as select
// on the table. An unknown principal is ENOTFOUND.
func (w *Workflow) HoldsPrivilege(ctx context.Context, principal string, p Privilege, ns, table string) (bool, error) {
	pr, err := w.lookup(ctx, principal, tarn.ENOTFOUND)
	if err != nil {
		return false, err
	}
	gs, err := w.activeGrants(ctx, pr)
	if err != nil {
		return false, err
	}
	return holds(gs, p, normObject(Object{Namespace: ns, Table: table})), nil
}

// authorize returns nil if who may grant or decide p on o: admin on an
// object covering o, or approve on one for select and unmask. action
// describes the attempt for the refusal ("decide request 4").
func (w *Workflow) authorize(ctx context.Context, who string, p Privilege, o Object, action string) error {
	pr, err := w.lookup(ctx, who, tarn.EFORBIDDEN)
	if err != nil {
		return err
	}
	gs, err := w.activeGrants(ctx, pr)
	if err != nil {
		return err
	}
	if holds(gs, Admin, o) {
		return nil
	}
	if p == Select || p == Unmask {
		if holds(gs, Approve, o) {
			return nil
		}
		return refuse(ErrNotGranted, tarn.EFORBIDDEN, fmt.Sprintf("Ask someone who holds approve on %s.", o),
			"%s may not %s: that needs approve on %s (or admin).", who, action, o)
	}
	return refuse(ErrNotGranted, tarn.EFORBIDDEN, fmt.Sprintf("Ask someone who holds admin on %s.", o),
		"%s may not %s: that needs admin on %s.", who, action, o)
}

// lookup finds a principal by name; an unknown name is an error with code.
func (w *Workflow) lookup(ctx context.Context, name, code string) (Principal, error) {
	if w.Directory == nil {
		return Principal{}, tarn.Wrap(fmt.Errorf("%w: no directory", ErrUnknownPrincipal), tarn.EINTERNAL,
			"Configure a directory of people for governance.", "Governance has no directory, so it cannot tell who %s is.", name)
	}
	p, err := w.Directory.Principal(ctx, name)
	if errors.Is(err, ErrUnknownPrincipal) {
		return p, tarn.Wrap(err, code, "Ask an administrator to add them to Tarn's directory.", "%q is not a known principal.", name)
	}
	if err != nil {
		return p, storeFailure(err, "look up "+name+" in the directory")
	}
	return p, nil
}

// activeGrants returns the grants in force now for p and its groups.
func (w *Workflow) activeGrants(ctx context.Context, p Principal) ([]Grant, error) {
	now := w.now()
	who := make([]string, 0, 1+len(p.Groups))
	who = append(who, "user:"+p.Name)
	for _, g := range p.Groups {
		who = append(who, "group:"+g)
	}
	gs, err := w.Store.Grants(ctx, GrantFilter{Grantees: who, ActiveAt: &now})
	if err != nil {
		return nil, storeFailure(err, "read the grants of "+p.Name)
	}
	return gs, nil
}

// checkGrantee checks that a grantee names a known principal or group.
func (w *Workflow) checkGrantee(ctx context.Context, grantee string) error {
	kind, name, _ := strings.Cut(grantee, ":")
	switch {
	case name == "":
	case kind == "user":
		_, err := w.lookup(ctx, name, tarn.ENOTFOUND)
		return err
	case kind == "group":
		groups, err := w.Directory.Groups(ctx)
		if err != nil {
			return storeFailure(err, "list the directory's groups")
		}
		if !slices.Contains(groups, name) {
			return refuse(ErrUnknownPrincipal, tarn.ENOTFOUND, "Check the spelling, or add the group to Tarn's directory.",
				"There is no group %q.", name)
		}
		return nil
	}
	return invalid("Grantee %q: write user:<name> or group:<name>.", grantee)
}

// holds reports whether grants include p, or admin, on an object covering o.
func holds(grants []Grant, p Privilege, o Object) bool {
	for _, g := range grants {
		if (g.Privilege == p || g.Privilege == Admin) && objectCovers(g.Object, o) {
			return true
		}
	}
	return false
}

// objectCovers reports whether a grant on outer reaches everything inner
// names: the same or every namespace, the same table or the whole
// namespace, and, when outer names columns, only those columns.
func objectCovers(outer, inner Object) bool {
	if outer.Namespace != "*" && outer.Namespace != inner.Namespace {
		return false
	}
	if outer.Table != "" && outer.Table != inner.Table {
		return false
	}
	if len(outer.Columns) == 0 {
		return true
	}
	if len(inner.Columns) == 0 {
		return false
	}
	for _, c := range inner.Columns {
		if !slices.Contains(outer.Columns, c) {
			return false
		}
	}
	return true
}

// normObject lower-cases and trims an object, as ParseObject does.
func normObject(o Object) Object {
	o.Namespace = strings.ToLower(strings.TrimSpace(o.Namespace))
	o.Table = strings.ToLower(strings.TrimSpace(o.Table))
	o.Columns = normColumns(o.Columns)
	return o
}

// normColumns lower-cases, trims and de-duplicates column names, keeping
// their order; nil when there are none.
func normColumns(cols []string) []string {
	var out []string
	for _, c := range cols {
		if c = strings.ToLower(strings.TrimSpace(c)); c != "" && !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

// checkObject checks that p is a privilege and o an object it may be on.
func checkObject(p Privilege, o Object) error {
	switch {
	case !p.Valid():
		return invalid("Unknown privilege %q: use select, unmask, approve or admin.", p)
	case o.Namespace == "":
		return invalid("Name what the %s is on: a namespace, a table (ns.table), columns (ns.table(a,b)) or * for everything.", p)
	case o.Namespace == "*" && (o.Table != "" || len(o.Columns) > 0):
		return invalid("%s is not an object: a table needs its namespace, or write * alone for everything.", o)
	case len(o.Columns) > 0 && o.Table == "":
		return invalid("Columns belong to a table: write ns.table(a,b).")
	case len(o.Columns) > 0 && p != Select:
		return invalid("Only select can be limited to columns, not %s on %s.", p, o)
	}
	return nil
}

// refuse builds a *tarn.Error whose cause wraps sentinel.
func refuse(sentinel error, code, hint, format string, args ...any) *tarn.Error {
	msg := fmt.Sprintf(format, args...)
	return tarn.Wrap(fmt.Errorf("%w: %s", sentinel, msg), code, hint, "%s", msg)
}

func invalid(format string, args ...any) *tarn.Error {
	return refuse(ErrInvalid, tarn.EINVALID, "", format, args...)
}

// notFoundOr turns a store's ErrNotFound into ENOTFOUND with msg, and other
// failures into storeFailure.
func notFoundOr(err error, format string, args ...any) error {
	if errors.Is(err, ErrNotFound) {
		return tarn.Wrap(err, tarn.ENOTFOUND, "", format, args...)
	}
	return storeFailure(err, "read governance state")
}

// storeFailure reports a failure below governance: ETIMEOUT when the
// context ended, EINTERNAL otherwise.
func storeFailure(err error, what string) error {
	var te *tarn.Error
	if errors.As(err, &te) {
		return err
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return tarn.Wrap(err, tarn.ETIMEOUT, "Try again.", "Governance could not %s in time.", what)
	}
	return tarn.Wrap(err, tarn.EINTERNAL, "", "Governance could not %s.", what)
}

// stamp formats a time for messages.
func stamp(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") }

// RequestAccess asks for p on o for d (DefaultGrantDuration when 0, capped
// at MaxGrantDuration), with a justification. The request waits RequestTTL
// for a decision. requester must be in the Directory (else ENOTFOUND); a
// second pending request for the same thing is ECONFLICT.
func (w *Workflow) RequestAccess(ctx context.Context, requester string, p Privilege, o Object, justification string, d time.Duration) (Request, error) {
	now := w.now()
	o = normObject(o)
	if err := checkObject(p, o); err != nil {
		return Request{}, err
	}
	if justification = strings.TrimSpace(justification); justification == "" {
		return Request{}, invalid("Say why you need %s on %s: a request needs a justification.", p, o)
	}
	switch {
	case d < 0:
		return Request{}, invalid("A request cannot last a negative time (%s).", d)
	case d == 0:
		d = DefaultGrantDuration
	case d > MaxGrantDuration:
		d = MaxGrantDuration
	}
	if _, err := w.lookup(ctx, requester, tarn.ENOTFOUND); err != nil {
		return Request{}, err
	}
	pending, err := w.Requests(ctx, RequestFilter{Requester: requester, State: Pending})
	if err != nil {
		return Request{}, err
	}
	for _, r := range pending {
		if r.Privilege == p && r.Object.String() == o.String() {
			return Request{}, refuse(ErrAlreadyDecided, tarn.ECONFLICT, "Wait for a decision, or cancel it and ask again.",
				"You already asked for %s on %s: request %d is pending.", p, o, r.ID)
		}
	}
	r, err := w.Store.CreateRequest(ctx, Request{
		Requester: requester, Privilege: p, Object: o, Justification: justification, Duration: d,
		State: Pending, CreatedAt: now, ExpiresAt: now.Add(RequestTTL),
	})
	if err != nil {
		return Request{}, storeFailure(err, "store the request")
	}
	return r, nil
}

// Request returns request id; a pending request past its ExpiresAt is
// turned expired first.
func (w *Workflow) Request(ctx context.Context, id int64) (Request, error) {
	r, err := w.Store.Request(ctx, id)
	if err != nil {
		return Request{}, notFoundOr(err, "There is no request %d.", id)
	}
	return w.expireRequest(ctx, r)
}

// Requests lists the requests f selects, by ID, turning pending requests
// past their ExpiresAt expired first.
func (w *Workflow) Requests(ctx context.Context, f RequestFilter) ([]Request, error) {
	rs, err := w.Store.Requests(ctx, f)
	if err != nil {
		return nil, storeFailure(err, "list requests")
	}
	out := rs[:0]
	for _, r := range rs {
		if r, err = w.expireRequest(ctx, r); err != nil {
			return nil, err
		}
		if f.State == "" || r.State == f.State {
			out = append(out, r)
		}
	}
	return out, nil
}

// expireRequest stores r as expired if it is pending past its ExpiresAt,
// and returns it as stored.
func (w *Workflow) expireRequest(ctx context.Context, r Request) (Request, error) {
	if r.State != Pending || w.now().Before(r.ExpiresAt) {
		return r, nil
	}
	e := r
	e.State = Expired
	at := r.ExpiresAt
	e.DecidedAt = &at
	err := w.Store.UpdateRequest(ctx, e, Pending)
	if errors.Is(err, ErrAlreadyDecided) { // someone else got there first
		return w.Request(ctx, r.ID)
	}
	if err != nil {
		return r, storeFailure(err, "expire request "+fmt.Sprint(r.ID))
	}
	return e, nil
}

// Approve grants request id: the requester gets its privilege on its object
// until now + its duration, in a grant whose RequestID is id. decider may
// not be the requester and needs the authority to grant the privilege; the
// request must be pending (expired: EINVALID wrapping ErrExpired; decided:
// ECONFLICT wrapping ErrAlreadyDecided — of two approvers racing, one
// wins). It returns the decided request and the new grant.
func (w *Workflow) Approve(ctx context.Context, decider string, id int64, reason string) (Request, Grant, error) {
	return w.ApproveFor(ctx, decider, id, reason, 0)
}

// ApproveFor is Approve with the grant's length chosen by the decider: d
// (capped at MaxGrantDuration) instead of the length asked for; 0 keeps it.
func (w *Workflow) ApproveFor(ctx context.Context, decider string, id int64, reason string, length time.Duration) (Request, Grant, error) {
	if length < 0 {
		return Request{}, Grant{}, invalid("A grant cannot last a negative time (%s).", length)
	}
	r, d, err := w.decide(ctx, decider, id, Approved, reason)
	if err != nil {
		return Request{}, Grant{}, err
	}
	if length > 0 {
		d.Duration = min(length, MaxGrantDuration)
	}
	until := d.DecidedAt.Add(d.Duration)
	g, err := w.Store.CreateGrant(ctx, Grant{
		Privilege: d.Privilege, Object: d.Object, Grantee: "user:" + d.Requester, Until: &until,
		CreatedBy: decider, CreatedAt: *d.DecidedAt, RequestID: d.ID,
	})
	if err != nil {
		// Put the request back so that it can be decided again.
		_ = w.Store.UpdateRequest(ctx, r, Approved)
		return Request{}, Grant{}, storeFailure(err, fmt.Sprintf("create the grant for request %d", id))
	}
	d.GrantID = g.ID
	if err := w.Store.UpdateRequest(ctx, d, Approved); err != nil {
		return d, g, storeFailure(err, fmt.Sprintf("record grant %d on request %d", g.ID, id))
	}
	return d, g, nil
}

// Deny refuses request id, under the same rules as Approve.
func (w *Workflow) Deny(ctx context.Context, decider string, id int64, reason string) (Request, error) {
	_, d, err := w.decide(ctx, decider, id, Denied, reason)
	return d, err
}

// Cancel withdraws request id; only its requester may, while it is pending.
func (w *Workflow) Cancel(ctx context.Context, requester string, id int64) (Request, error) {
	r, err := w.Request(ctx, id)
	if err != nil {
		return Request{}, err
	}
	if r.Requester != requester {
		return Request{}, refuse(ErrNotGranted, tarn.EFORBIDDEN, "", "Only %s, who asked, may cancel request %d.", r.Requester, id)
	}
	if err := stillPending(r); err != nil {
		return Request{}, err
	}
	now := w.now()
	c := r
	c.State, c.DecidedBy, c.DecidedAt = Cancelled, requester, &now
	if err := w.Store.UpdateRequest(ctx, c, Pending); err != nil {
		return Request{}, w.lostRace(ctx, err, id)
	}
	return c, nil
}

// decide moves pending request id to state to on decider's word. It
// returns the request as it was and as decided.
func (w *Workflow) decide(ctx context.Context, decider string, id int64, to RequestState, reason string) (Request, Request, error) {
	r, err := w.Request(ctx, id)
	if err != nil {
		return r, r, err
	}
	if r.Requester == decider {
		return r, r, refuse(ErrSelfDecision, tarn.EFORBIDDEN, fmt.Sprintf("Ask another holder of approve on %s.", r.Object),
			"Nobody decides their own request: %s asked for request %d.", decider, id)
	}
	if err := w.authorize(ctx, decider, r.Privilege, r.Object, fmt.Sprintf("decide request %d (%s on %s)", id, r.Privilege, r.Object)); err != nil {
		return r, r, err
	}
	if err := stillPending(r); err != nil {
		return r, r, err
	}
	now := w.now()
	d := r
	d.State, d.DecidedBy, d.DecidedAt, d.Reason = to, decider, &now, strings.TrimSpace(reason)
	if err := w.Store.UpdateRequest(ctx, d, Pending); err != nil {
		return r, r, w.lostRace(ctx, err, id)
	}
	return r, d, nil
}

// stillPending refuses a request that is no longer pending.
func stillPending(r Request) error {
	switch r.State {
	case Pending:
		return nil
	case Expired:
		return refuse(ErrExpired, tarn.EINVALID, "The requester can ask again.",
			"Request %d expired at %s without a decision.", r.ID, stamp(r.ExpiresAt))
	}
	by := ""
	if r.DecidedBy != "" {
		by = " by " + r.DecidedBy
	}
	return refuse(ErrAlreadyDecided, tarn.ECONFLICT, "", "Request %d was already %s%s.", r.ID, r.State, by)
}

// lostRace explains a failed compare-and-set on request id.
func (w *Workflow) lostRace(ctx context.Context, err error, id int64) error {
	if !errors.Is(err, ErrAlreadyDecided) {
		return notFoundOr(err, "There is no request %d.", id)
	}
	r, rerr := w.Store.Request(ctx, id)
	if rerr != nil {
		return refuse(ErrAlreadyDecided, tarn.ECONFLICT, "", "Request %d was decided by someone else just now.", id)
	}
	return stillPending(r)
}

// Review records reviewer's verdict on table r.Namespace.r.Table: approved
// with r.Columns (at least one), or denied (r.Approved false; columns are
// dropped). r.PII sets or overrides the PII tag of approved columns ("" for
// none); approved columns it does not mention keep the tag of the previous
// review. reviewer needs approve or admin on the table. ReviewedBy and
// ReviewedAt are set here.
func (w *Workflow) Review(ctx context.Context, reviewer string, r Review) error {
	r.Namespace = strings.ToLower(strings.TrimSpace(r.Namespace))
	r.Table = strings.ToLower(strings.TrimSpace(r.Table))
	if r.Namespace == "" || r.Namespace == "*" || r.Table == "" {
		return invalid("Name the table to review as namespace.table.")
	}
	id := r.Namespace + "." + r.Table
	r.Columns = normColumns(r.Columns)
	if r.Approved && len(r.Columns) == 0 {
		return invalid("Name the columns of %s that the review approves.", id)
	}
	if !r.Approved {
		r.Columns = nil
	}
	pii := make(map[string]string, len(r.PII))
	for c, tag := range r.PII {
		c = strings.ToLower(strings.TrimSpace(c))
		if r.Approved && !slices.Contains(r.Columns, c) {
			return invalid("The review tags %s.%s as PII but does not approve that column.", id, c)
		}
		pii[c] = NormalizeTag(tag)
	}
	if err := w.authorize(ctx, reviewer, Select, Object{Namespace: r.Namespace, Table: r.Table}, "review "+id); err != nil {
		return err
	}
	old, ok, err := w.Store.Review(ctx, r.Namespace, r.Table)
	if err != nil {
		return storeFailure(err, "read the review of "+id)
	}
	if ok && r.Approved {
		for c, tag := range old.PII {
			if _, set := pii[c]; !set && slices.Contains(r.Columns, c) {
				pii[c] = tag
			}
		}
	}
	r.PII = pii
	if len(pii) == 0 {
		r.PII = nil
	}
	r.ReviewedBy, r.ReviewedAt = reviewer, w.now()
	if err := w.Store.PutReview(ctx, r); err != nil {
		return storeFailure(err, "store the review of "+id)
	}
	return nil
}

// RequestFlip asks to lift PII redaction on ns.table for principal for d
// (capped at, and by default, the policy's MaxDuration), with a
// justification. principal must hold unmask on the table (else EFORBIDDEN
// naming the privilege to request) and have no other flip on it pending or
// in force (ECONFLICT). Under a self-serve policy the flip is active at
// once; otherwise it is pending until ApproveFlip, and its ExpiresAt minus
// StartedAt holds the length asked for.
func (w *Workflow) RequestFlip(ctx context.Context, principal, ns, table, justification string, d time.Duration) (Flip, error) {
	now := w.now()
	ns, table = strings.ToLower(strings.TrimSpace(ns)), strings.ToLower(strings.TrimSpace(table))
	if ns == "" || ns == "*" || table == "" {
		return Flip{}, invalid("Name the table to flip as namespace.table.")
	}
	id := ns + "." + table
	if justification = strings.TrimSpace(justification); justification == "" {
		return Flip{}, invalid("Say why you need to see the PII in %s: a flip needs a justification.", id)
	}
	switch {
	case d < 0:
		return Flip{}, invalid("A flip cannot last a negative time (%s).", d)
	case d == 0 || d > w.maxFlip():
		d = w.maxFlip()
	}
	pr, err := w.lookup(ctx, principal, tarn.EFORBIDDEN)
	if err != nil {
		return Flip{}, err
	}
	gs, err := w.activeGrants(ctx, pr)
	if err != nil {
		return Flip{}, err
	}
	if !holds(gs, Unmask, Object{Namespace: ns, Table: table}) {
		return Flip{}, refuse(ErrNotGranted, tarn.EFORBIDDEN, fmt.Sprintf("Request it: tarn request unmask %s --why '…'.", id),
			"%s may not flip %s: lifting its redaction needs the unmask privilege on %s.", principal, id, id)
	}
	flips, err := w.currentFlips(ctx, principal)
	if err != nil {
		return Flip{}, err
	}
	for _, f := range flips {
		if f.Namespace == ns && f.Table == table {
			if f.State == FlipPending {
				return Flip{}, refuse(ErrAlreadyDecided, tarn.ECONFLICT, "Wait for an approver, or end it and ask again.",
					"Flip %d on %s is already waiting for approval.", f.ID, id)
			}
			return Flip{}, refuse(ErrAlreadyDecided, tarn.ECONFLICT, "End it first to start another.",
				"Flip %d on %s is already active until %s.", f.ID, id, stamp(f.ExpiresAt))
		}
	}
	f := Flip{Principal: principal, Namespace: ns, Table: table, Justification: justification,
		StartedAt: now, ExpiresAt: now.Add(d), State: FlipPending}
	if w.Policy.SelfServe {
		f.State = FlipActive
	}
	created, err := w.Store.CreateFlip(ctx, f)
	if err != nil {
		return Flip{}, storeFailure(err, "store the flip")
	}
	return created, nil
}

// ApproveFlip makes pending flip id active from now for the length asked
// for (capped at the policy's MaxDuration). approver may not be the flip's
// principal and needs approve or admin on the table.
func (w *Workflow) ApproveFlip(ctx context.Context, approver string, id int64) (Flip, error) {
	f, err := w.decideFlip(ctx, approver, id, "approve")
	if err != nil {
		return Flip{}, err
	}
	now := w.now()
	d := min(f.ExpiresAt.Sub(f.StartedAt), w.maxFlip())
	a := f
	a.State, a.ApprovedBy, a.StartedAt, a.ExpiresAt = FlipActive, approver, now, now.Add(d)
	if err := w.Store.UpdateFlip(ctx, a, FlipPending); err != nil {
		return Flip{}, w.lostFlipRace(ctx, err, id)
	}
	return a, nil
}

// DenyFlip refuses pending flip id, under the same rules as ApproveFlip.
func (w *Workflow) DenyFlip(ctx context.Context, approver string, id int64) (Flip, error) {
	f, err := w.decideFlip(ctx, approver, id, "deny")
	if err != nil {
		return Flip{}, err
	}
	now := w.now()
	dn := f
	dn.State, dn.EndedAt = FlipDenied, &now
	if err := w.Store.UpdateFlip(ctx, dn, FlipPending); err != nil {
		return Flip{}, w.lostFlipRace(ctx, err, id)
	}
	return dn, nil
}

// decideFlip loads pending flip id and checks that approver may decide it.
func (w *Workflow) decideFlip(ctx context.Context, approver string, id int64, verb string) (Flip, error) {
	f, err := w.Store.Flip(ctx, id)
	if err != nil {
		return Flip{}, notFoundOr(err, "There is no flip %d.", id)
	}
	obj := Object{Namespace: f.Namespace, Table: f.Table}
	if f.Principal == approver {
		return Flip{}, refuse(ErrSelfDecision, tarn.EFORBIDDEN, fmt.Sprintf("Ask another holder of approve on %s.", obj),
			"Nobody approves their own flip: flip %d is %s's.", id, approver)
	}
	if err := w.authorize(ctx, approver, Unmask, obj, fmt.Sprintf("%s flip %d on %s", verb, id, obj)); err != nil {
		return Flip{}, err
	}
	if f.State != FlipPending {
		return Flip{}, refuse(ErrAlreadyDecided, tarn.ECONFLICT, "", "Flip %d is already %s.", id, f.State)
	}
	return f, nil
}

// EndFlip ends flip id now, whether active or still pending. The flip's
// principal may end it, and so may holders of approve or admin on its
// table. A flip that already ran its course is EINVALID wrapping
// ErrExpired; one already ended or denied is ECONFLICT.
func (w *Workflow) EndFlip(ctx context.Context, by string, id int64) (Flip, error) {
	f, err := w.Store.Flip(ctx, id)
	if err != nil {
		return Flip{}, notFoundOr(err, "There is no flip %d.", id)
	}
	obj := Object{Namespace: f.Namespace, Table: f.Table}
	if by != f.Principal {
		if err := w.authorize(ctx, by, Unmask, obj, fmt.Sprintf("end %s's flip %d on %s", f.Principal, id, obj)); err != nil {
			return Flip{}, err
		}
	}
	if f, err = w.expireFlip(ctx, f); err != nil {
		return Flip{}, err
	}
	switch f.State {
	case FlipActive, FlipPending:
	case FlipExpired:
		return Flip{}, refuse(ErrExpired, tarn.EINVALID, "", "Flip %d already ran its course at %s.", id, stamp(f.ExpiresAt))
	default:
		return Flip{}, refuse(ErrAlreadyDecided, tarn.ECONFLICT, "", "Flip %d is already %s.", id, f.State)
	}
	now := w.now()
	e := f
	e.State, e.EndedAt = FlipEnded, &now
	if err := w.Store.UpdateFlip(ctx, e, f.State); err != nil {
		return Flip{}, w.lostFlipRace(ctx, err, id)
	}
	return e, nil
}

// ActiveFlips lists principal's flips in force now ("" for everyone's),
// newest first. Active flips past their ExpiresAt are turned expired.
func (w *Workflow) ActiveFlips(ctx context.Context, principal string) ([]Flip, error) {
	fs, err := w.currentFlips(ctx, principal)
	if err != nil {
		return nil, err
	}
	now := w.now()
	out := fs[:0]
	for _, f := range fs {
		if f.ActiveAt(now) {
			out = append(out, f)
		}
	}
	return out, nil
}

// currentFlips lists principal's pending and active flips, newest first,
// expiring those that ran their course.
func (w *Workflow) currentFlips(ctx context.Context, principal string) ([]Flip, error) {
	fs, err := w.Store.Flips(ctx, principal)
	if err != nil {
		return nil, storeFailure(err, "list flips")
	}
	var out []Flip
	for _, f := range fs {
		if f, err = w.expireFlip(ctx, f); err != nil {
			return nil, err
		}
		if f.State == FlipActive || f.State == FlipPending {
			out = append(out, f)
		}
	}
	return out, nil
}

// expireFlip stores f as expired if it is active past its ExpiresAt, and
// returns it as stored.
func (w *Workflow) expireFlip(ctx context.Context, f Flip) (Flip, error) {
	if f.State != FlipActive || w.now().Before(f.ExpiresAt) {
		return f, nil
	}
	e := f
	e.State = FlipExpired
	err := w.Store.UpdateFlip(ctx, e, FlipActive)
	if errors.Is(err, ErrAlreadyDecided) {
		if f, err = w.Store.Flip(ctx, f.ID); err == nil {
			return f, nil
		}
	}
	if err != nil {
		return f, storeFailure(err, fmt.Sprintf("expire flip %d", f.ID))
	}
	return e, nil
}

// lostFlipRace explains a failed compare-and-set on flip id.
func (w *Workflow) lostFlipRace(ctx context.Context, err error, id int64) error {
	if !errors.Is(err, ErrAlreadyDecided) {
		return notFoundOr(err, "There is no flip %d.", id)
	}
	if f, ferr := w.Store.Flip(ctx, id); ferr == nil {
		return refuse(ErrAlreadyDecided, tarn.ECONFLICT, "", "Flip %d became %s just now.", id, f.State)
	}
	return refuse(ErrAlreadyDecided, tarn.ECONFLICT, "", "Flip %d was changed by someone else just now.", id)
}
