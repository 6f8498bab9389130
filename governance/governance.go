// Package governance decides who may read what, and records every decision.
//
// Nothing reaches data unless governance said yes. A principal (a person or
// a service account, known by the identities the front doors give it) reads
// a table only if the table passed review and a grant covers it — to the
// principal or to one of its groups, unexpired and unrevoked. Columns that no
// review approved do not exist for anyone. Columns tagged as PII are masked
// unless the reader has an active session flip on that table. Grants may
// carry row filters. Requests for access are decided by holders of approve on
// the object, never by the requester. Every decision and every query goes to
// a hash-chained audit log.
//
// The root package holds the domain types and the interfaces; Service
// implements engine.Policy over a Store; adapters for the metadata database
// and the YAML directory live in subpackages.
package governance

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Sentinel errors, wrapped sentinel-first inside *tarn.Error values.
var (
	ErrUnknownPrincipal = errors.New("unknown principal")
	ErrNotGranted       = errors.New("not granted")
	ErrNeedsReview      = errors.New("table needs review")
	ErrNotFound         = errors.New("not found")
	ErrInvalid          = errors.New("invalid governance request")
	ErrSelfDecision     = errors.New("cannot decide own request")
	ErrAlreadyDecided   = errors.New("request already decided")
	ErrExpired          = errors.New("expired")
)

// TableRefusal is the internal cause of a refusal to read one table:
// Reason is ErrNeedsReview or ErrNotGranted, so errors.Is finds the
// sentinel, and a front door can read which table to offer a request or a
// review for with errors.As.
type TableRefusal struct {
	Reason           error
	Namespace, Table string
	Principal        string // who was refused
	Detail           string // e.g. "was denied at review"
}

func (r *TableRefusal) Error() string {
	s := r.Reason.Error() + ": "
	if r.Principal != "" {
		s += r.Principal + " on "
	}
	s += r.Namespace + "." + r.Table
	if r.Detail != "" {
		s += " " + r.Detail
	}
	return s
}

func (r *TableRefusal) Unwrap() error { return r.Reason }

// Privilege is what a grant allows.
type Privilege string

// The privileges.
const (
	// Select reads a namespace, a table, or some columns of a table.
	Select Privilege = "select"
	// Unmask may flip a table: lift PII redaction for a while.
	Unmask Privilege = "unmask"
	// Approve decides requests and reviews for a namespace or table.
	Approve Privilege = "approve"
	// Admin does everything, everywhere it is granted.
	Admin Privilege = "admin"
)

// Valid reports whether p is a known privilege.
func (p Privilege) Valid() bool {
	switch p {
	case Select, Unmask, Approve, Admin:
		return true
	}
	return false
}

// Object is what a grant, request or review is about: a namespace ("fct"),
// a table ("fct.http_requests"), or columns of a table, or "*" for all.
type Object struct {
	Namespace string   // "*" for every namespace
	Table     string   // "" for the whole namespace
	Columns   []string // empty for all columns
}

// ParseObject parses "*", "ns", "ns.*", "ns.table" or "ns.table(col1,col2)".
func ParseObject(s string) (Object, error) {
	s = strings.TrimSpace(strings.ToLower(s))
	var o Object
	if s == "*" || s == "*.*" {
		return Object{Namespace: "*"}, nil
	}
	if open := strings.IndexByte(s, '('); open >= 0 {
		if !strings.HasSuffix(s, ")") {
			return o, fmt.Errorf("%w: object %q: missing )", ErrInvalid, s)
		}
		for _, c := range strings.Split(s[open+1:len(s)-1], ",") {
			if c = strings.TrimSpace(c); c != "" {
				o.Columns = append(o.Columns, c)
			}
		}
		s = s[:open]
	}
	ns, tbl, _ := strings.Cut(s, ".")
	if tbl == "*" {
		tbl = ""
	}
	o.Namespace, o.Table = ns, tbl
	if ns == "" || (len(o.Columns) > 0 && tbl == "") {
		return o, fmt.Errorf("%w: object %q: write ns, ns.table or ns.table(col, …)", ErrInvalid, s)
	}
	return o, nil
}

func (o Object) String() string {
	s := o.Namespace
	if o.Table != "" {
		s += "." + o.Table
	}
	if len(o.Columns) > 0 {
		s += "(" + strings.Join(o.Columns, ",") + ")"
	}
	return s
}

// Covers reports whether o covers table ns.table (ignoring columns).
func (o Object) Covers(ns, table string) bool {
	if o.Namespace != "*" && o.Namespace != ns {
		return false
	}
	return o.Table == "" || o.Table == table
}

// Principal is a person or a service account.
type Principal struct {
	Name       string   // e.g. "alice"
	Kind       string   // "person" or "service"
	Identities []string // e.g. "slack:T01/U02", "discord:123", "web:alice", "cli:alice"
	Groups     []string // resolved at decision time from the directory
}

// Grant gives a privilege on an object to a principal or a group.
type Grant struct {
	ID        int64
	Privilege Privilege
	Object    Object
	// Grantee is "user:<name>" or "group:<name>".
	Grantee string
	// RowFilter is a SQL predicate over the table's columns (select only);
	// rows for which it is not true do not exist for the grantee.
	RowFilter string
	Until     *time.Time // nil: until revoked
	CreatedBy string
	CreatedAt time.Time
	RevokedAt *time.Time
	RevokedBy string
	// RequestID is the request whose approval created the grant, or 0.
	RequestID int64
}

// Active reports whether the grant is in force at t.
func (g Grant) Active(t time.Time) bool {
	return g.RevokedAt == nil && (g.Until == nil || t.Before(*g.Until))
}

// RequestState is where a request is in its life.
type RequestState string

// The request states: pending → approved | denied | expired | cancelled.
const (
	Pending   RequestState = "pending"
	Approved  RequestState = "approved"
	Denied    RequestState = "denied"
	Expired   RequestState = "expired"
	Cancelled RequestState = "cancelled"
)

// Request asks for a privilege on an object for a while.
type Request struct {
	ID            int64
	Requester     string // principal name
	Privilege     Privilege
	Object        Object
	Justification string
	Duration      time.Duration // how long the grant should last once approved
	State         RequestState
	CreatedAt     time.Time
	ExpiresAt     time.Time // a pending request expires by itself
	DecidedBy     string
	DecidedAt     *time.Time
	Reason        string // the decider's note
	GrantID       int64  // the grant an approval created
}

// Review is the verdict on a table: approved with a set of columns (and
// their PII tags), or denied.
type Review struct {
	Namespace, Table string
	Approved         bool
	Columns          []string          // approved columns
	PII              map[string]string // column → PII tag ("" for none)
	ReviewedBy       string
	ReviewedAt       time.Time
	Note             string
}

// Flip lifts PII redaction on one table for one principal for a while.
type Flip struct {
	ID            int64
	Principal     string
	Namespace     string
	Table         string
	Justification string
	StartedAt     time.Time
	ExpiresAt     time.Time
	ApprovedBy    string // "" when self-served by a holder of unmask
	EndedAt       *time.Time
	State         string // "pending", "active", "ended", "expired", "denied"
}

// ActiveAt reports whether the flip lifts redaction at t.
func (f Flip) ActiveAt(t time.Time) bool {
	return f.State == "active" && f.EndedAt == nil && t.Before(f.ExpiresAt)
}
