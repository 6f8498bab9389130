// Package memstore keeps governance state in memory: a governance.Store
// guarded by one mutex, for tests and for throwaway runs. It honours the same
// contract as the SQL store (IDs from 1, compare-and-set updates, a version
// bumped on every change) and returns copies, so callers cannot change what
// it holds behind its back.
package memstore

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/tarn-data/tarn/governance"
)

// Store is an in-memory governance.Store. The zero value is not usable; call
// New.
type Store struct {
	mu       sync.Mutex
	version  int64
	nextID   map[string]int64
	grants   map[int64]governance.Grant
	requests map[int64]governance.Request
	reviews  map[reviewKey]governance.Review
	flips    map[int64]governance.Flip
	maskKey  []byte
}

type reviewKey struct{ namespace, table string }

var _ governance.Store = (*Store)(nil)

// New returns an empty store at version 0.
func New() *Store {
	return &Store{
		nextID:   map[string]int64{},
		grants:   map[int64]governance.Grant{},
		requests: map[int64]governance.Request{},
		reviews:  map[reviewKey]governance.Review{},
		flips:    map[int64]governance.Flip{},
	}
}

// lock takes the mutex unless ctx is already done.
func (s *Store) lock(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	return nil
}

// next returns the next ID of kind; the caller holds the mutex.
func (s *Store) next(kind string) int64 {
	s.nextID[kind]++
	return s.nextID[kind]
}

// CreateGrant stores g under a new ID (g.ID is ignored) and returns it.
func (s *Store) CreateGrant(ctx context.Context, g governance.Grant) (governance.Grant, error) {
	if err := s.lock(ctx); err != nil {
		return governance.Grant{}, err
	}
	defer s.mu.Unlock()
	g = cloneGrant(g)
	g.ID = s.next("grant")
	s.grants[g.ID] = g
	s.version++
	return cloneGrant(g), nil
}

// RevokeGrant marks grant id revoked by by at at. It returns an error
// wrapping governance.ErrNotFound if there is no such grant or it is already
// revoked.
func (s *Store) RevokeGrant(ctx context.Context, id int64, by string, at time.Time) error {
	if err := s.lock(ctx); err != nil {
		return err
	}
	defer s.mu.Unlock()
	g, ok := s.grants[id]
	if !ok {
		return fmt.Errorf("%w: grant %d", governance.ErrNotFound, id)
	}
	if g.RevokedAt != nil {
		return fmt.Errorf("%w: grant %d is already revoked", governance.ErrNotFound, id)
	}
	at = at.UTC()
	g.RevokedAt, g.RevokedBy = &at, by
	s.grants[id] = g
	s.version++
	return nil
}

// Grant returns grant id, revoked or not, or an error wrapping
// governance.ErrNotFound.
func (s *Store) Grant(ctx context.Context, id int64) (governance.Grant, error) {
	if err := s.lock(ctx); err != nil {
		return governance.Grant{}, err
	}
	defer s.mu.Unlock()
	g, ok := s.grants[id]
	if !ok {
		return governance.Grant{}, fmt.Errorf("%w: grant %d", governance.ErrNotFound, id)
	}
	return cloneGrant(g), nil
}

// Grants returns the grants f selects, by ID.
func (s *Store) Grants(ctx context.Context, f governance.GrantFilter) ([]governance.Grant, error) {
	if err := s.lock(ctx); err != nil {
		return nil, err
	}
	defer s.mu.Unlock()
	var out []governance.Grant
	for _, g := range s.grants {
		if f.Privilege != "" && g.Privilege != f.Privilege {
			continue
		}
		if f.ActiveAt != nil && !g.Active(*f.ActiveAt) {
			continue
		}
		if len(f.Grantees) > 0 && !contains(f.Grantees, g.Grantee) {
			continue
		}
		out = append(out, cloneGrant(g))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

// CreateRequest stores r under a new ID (r.ID is ignored) and returns it.
func (s *Store) CreateRequest(ctx context.Context, r governance.Request) (governance.Request, error) {
	if err := s.lock(ctx); err != nil {
		return governance.Request{}, err
	}
	defer s.mu.Unlock()
	r = cloneRequest(r)
	r.ID = s.next("request")
	s.requests[r.ID] = r
	s.version++
	return cloneRequest(r), nil
}

// Request returns request id or an error wrapping governance.ErrNotFound.
func (s *Store) Request(ctx context.Context, id int64) (governance.Request, error) {
	if err := s.lock(ctx); err != nil {
		return governance.Request{}, err
	}
	defer s.mu.Unlock()
	r, ok := s.requests[id]
	if !ok {
		return governance.Request{}, fmt.Errorf("%w: request %d", governance.ErrNotFound, id)
	}
	return cloneRequest(r), nil
}

// Requests returns the requests f selects, by ID.
func (s *Store) Requests(ctx context.Context, f governance.RequestFilter) ([]governance.Request, error) {
	if err := s.lock(ctx); err != nil {
		return nil, err
	}
	defer s.mu.Unlock()
	var out []governance.Request
	for _, r := range s.requests {
		if (f.Requester != "" && r.Requester != f.Requester) || (f.State != "" && r.State != f.State) {
			continue
		}
		out = append(out, cloneRequest(r))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

// UpdateRequest replaces request r.ID with r if its stored state is still
// from. It returns an error wrapping governance.ErrNotFound if there is no
// such request and governance.ErrAlreadyDecided if its state has moved on.
func (s *Store) UpdateRequest(ctx context.Context, r governance.Request, from governance.RequestState) error {
	if err := s.lock(ctx); err != nil {
		return err
	}
	defer s.mu.Unlock()
	old, ok := s.requests[r.ID]
	if !ok {
		return fmt.Errorf("%w: request %d", governance.ErrNotFound, r.ID)
	}
	if old.State != from {
		return fmt.Errorf("%w: request %d is %s, not %s", governance.ErrAlreadyDecided, r.ID, old.State, from)
	}
	s.requests[r.ID] = cloneRequest(r)
	s.version++
	return nil
}

// PutReview replaces the review of r.Namespace.r.Table.
func (s *Store) PutReview(ctx context.Context, r governance.Review) error {
	if err := s.lock(ctx); err != nil {
		return err
	}
	defer s.mu.Unlock()
	s.reviews[reviewKey{r.Namespace, r.Table}] = cloneReview(r)
	s.version++
	return nil
}

// Review returns the review of namespace.table; ok is false if there is none.
func (s *Store) Review(ctx context.Context, namespace, table string) (governance.Review, bool, error) {
	if err := s.lock(ctx); err != nil {
		return governance.Review{}, false, err
	}
	defer s.mu.Unlock()
	r, ok := s.reviews[reviewKey{namespace, table}]
	if !ok {
		return governance.Review{}, false, nil
	}
	return cloneReview(r), true, nil
}

// Reviews returns every review, by namespace and table.
func (s *Store) Reviews(ctx context.Context) ([]governance.Review, error) {
	if err := s.lock(ctx); err != nil {
		return nil, err
	}
	defer s.mu.Unlock()
	out := make([]governance.Review, 0, len(s.reviews))
	for _, r := range s.reviews {
		out = append(out, cloneReview(r))
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Namespace != out[j].Namespace {
			return out[i].Namespace < out[j].Namespace
		}
		return out[i].Table < out[j].Table
	})
	return out, nil
}

// CreateFlip stores f under a new ID (f.ID is ignored) and returns it.
func (s *Store) CreateFlip(ctx context.Context, f governance.Flip) (governance.Flip, error) {
	if err := s.lock(ctx); err != nil {
		return governance.Flip{}, err
	}
	defer s.mu.Unlock()
	f = cloneFlip(f)
	f.ID = s.next("flip")
	s.flips[f.ID] = f
	s.version++
	return cloneFlip(f), nil
}

// Flip returns flip id or an error wrapping governance.ErrNotFound.
func (s *Store) Flip(ctx context.Context, id int64) (governance.Flip, error) {
	if err := s.lock(ctx); err != nil {
		return governance.Flip{}, err
	}
	defer s.mu.Unlock()
	f, ok := s.flips[id]
	if !ok {
		return governance.Flip{}, fmt.Errorf("%w: flip %d", governance.ErrNotFound, id)
	}
	return cloneFlip(f), nil
}

// Flips returns principal's flips ("" for everyone's), newest (highest ID)
// first.
func (s *Store) Flips(ctx context.Context, principal string) ([]governance.Flip, error) {
	if err := s.lock(ctx); err != nil {
		return nil, err
	}
	defer s.mu.Unlock()
	var out []governance.Flip
	for _, f := range s.flips {
		if principal == "" || f.Principal == principal {
			out = append(out, cloneFlip(f))
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID > out[j].ID })
	return out, nil
}

// UpdateFlip replaces flip f.ID with f if its stored state is still from. It
// returns an error wrapping governance.ErrNotFound if there is no such flip
// and governance.ErrAlreadyDecided if its state has moved on.
func (s *Store) UpdateFlip(ctx context.Context, f governance.Flip, from string) error {
	if err := s.lock(ctx); err != nil {
		return err
	}
	defer s.mu.Unlock()
	old, ok := s.flips[f.ID]
	if !ok {
		return fmt.Errorf("%w: flip %d", governance.ErrNotFound, f.ID)
	}
	if old.State != from {
		return fmt.Errorf("%w: flip %d is %s, not %s", governance.ErrAlreadyDecided, f.ID, old.State, from)
	}
	s.flips[f.ID] = cloneFlip(f)
	s.version++
	return nil
}

// Version returns the number of changes made so far.
func (s *Store) Version(ctx context.Context) (int64, error) {
	if err := s.lock(ctx); err != nil {
		return 0, err
	}
	defer s.mu.Unlock()
	return s.version, nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
