package governance

import (
	"context"
	"time"
)

// GrantFilter selects grants. Zero fields match everything.
type GrantFilter struct {
	// Grantees are "user:<name>" / "group:<name>" values; empty means all.
	Grantees []string
	// ActiveAt keeps only grants in force at that time.
	ActiveAt *time.Time
	// Privilege keeps only grants of this privilege.
	Privilege Privilege
}

// RequestFilter selects requests. Zero fields match everything.
type RequestFilter struct {
	Requester string
	State     RequestState
}

// Store keeps governance state in the metadata database. Every method is
// atomic. Update methods take the state the caller read and fail with
// ErrAlreadyDecided if another writer changed it first (compare-and-set),
// so two approvers racing cannot both decide. Version increases with every
// change, so a reader can cache and cheaply check staleness.
type Store interface {
	CreateGrant(ctx context.Context, g Grant) (Grant, error)
	// RevokeGrant marks a grant revoked; revoking twice returns ErrNotFound.
	RevokeGrant(ctx context.Context, id int64, by string, at time.Time) error
	Grant(ctx context.Context, id int64) (Grant, error)
	Grants(ctx context.Context, f GrantFilter) ([]Grant, error)

	CreateRequest(ctx context.Context, r Request) (Request, error)
	Request(ctx context.Context, id int64) (Request, error)
	Requests(ctx context.Context, f RequestFilter) ([]Request, error)
	// UpdateRequest stores r if the stored request is still in state from.
	UpdateRequest(ctx context.Context, r Request, from RequestState) error

	// PutReview replaces the review of a table.
	PutReview(ctx context.Context, r Review) error
	// Review returns the review of a table; ok is false if there is none.
	Review(ctx context.Context, namespace, table string) (r Review, ok bool, err error)
	Reviews(ctx context.Context) ([]Review, error)

	CreateFlip(ctx context.Context, f Flip) (Flip, error)
	Flip(ctx context.Context, id int64) (Flip, error)
	// Flips lists a principal's flips ("" for everyone's), newest first.
	Flips(ctx context.Context, principal string) ([]Flip, error)
	// UpdateFlip stores f if the stored flip is still in state from.
	UpdateFlip(ctx context.Context, f Flip, from string) error

	// Version increases with every change to grants, requests, reviews or
	// flips.
	Version(ctx context.Context) (int64, error)
}

// Directory resolves front-door identities to principals and their groups.
// It is read at decision time, so changes take effect without a restart.
type Directory interface {
	// Lookup finds the principal an identity ("slack:T01/U02",
	// "cli:alice", …) belongs to. Unknown identities return
	// ErrUnknownPrincipal.
	Lookup(ctx context.Context, identity string) (Principal, error)
	// Principal finds a principal by name.
	Principal(ctx context.Context, name string) (Principal, error)
	// Groups lists every group name.
	Groups(ctx context.Context) ([]string, error)
}
