package governance

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/engine"
	"github.com/tarn-data/tarn/lake"
)

// MaskKeyStore is a Store that keeps the installation's key for hashing
// user IDs (see TagUserID). The SQL store implements it; the key is made
// once, at random, and never changes.
type MaskKeyStore interface {
	MaskKey(ctx context.Context) ([]byte, error)
}

// Service decides queries: it implements engine.Policy over a Store and a
// Directory. It keeps an index of grants, reviews and flips that it
// rebuilds only when Store.Version changes, so a decision costs one cheap
// store call and a few map lookups. It is safe for concurrent use; set the
// fields before the first decision and do not change them after.
type Service struct {
	Store     Store
	Directory Directory
	// Clock decides whether grants and flips are in force; default the
	// system clock.
	Clock tarn.Clock
	// PII returns the PII tags of a table's columns as the lake's
	// annotations give them (column → tag); tags in the table's review
	// take precedence. Optional. It runs on every decision, so it should
	// be cheap (cached).
	PII func(ctx context.Context, ns, table string) (map[string]string, error)
	// MaskKey keys the hash of user IDs. When nil, the key comes from a
	// Store that is a MaskKeyStore, or else is made at random for the
	// lifetime of the Service.
	MaskKey []byte

	idx     atomic.Pointer[index]
	rebuild sync.Mutex
	keyMu   sync.Mutex
	key     []byte
}

var _ engine.Policy = (*Service)(nil)

// Decide decides one query: for each table it reads, whether the caller may
// read it, which columns it sees, which are masked, and which rows exist.
// Refusals are *tarn.Error values with code EFORBIDDEN wrapping
// ErrUnknownPrincipal, ErrNeedsReview or ErrNotGranted; their message says
// what to request.
func (s *Service) Decide(ctx context.Context, c engine.Caller, tables []engine.TableAccess) ([]engine.TableDecision, error) {
	p, err := s.resolve(ctx, c)
	if err != nil {
		return nil, err
	}
	idx, err := s.index(ctx)
	if err != nil {
		return nil, err
	}
	key, err := s.maskKey(ctx)
	if err != nil {
		return nil, err
	}
	d := decider{s: s, idx: idx, p: p, who: grantees(p), now: s.now(), key: key}
	out := make([]engine.TableDecision, len(tables))
	done := map[string]int{} // a table read twice is decided once (same AsOf rules)
	for i, t := range tables {
		k := tableKey(t.Table.Namespace, t.Table.Name) + "\x00" + strings.Join(t.Columns, ",") + "\x00" + strings.Join(t.Types, ",")
		if j, ok := done[k]; ok {
			out[i] = out[j]
			continue
		}
		dec, err := d.decide(ctx, t)
		if err != nil {
			return nil, err
		}
		out[i], done[k] = dec, i
	}
	return out, nil
}

// resolve finds the principal behind a caller's identity.
func (s *Service) resolve(ctx context.Context, c engine.Caller) (Principal, error) {
	if s.Directory == nil {
		return Principal{}, fmt.Errorf("%w: governance has no directory", ErrUnknownPrincipal)
	}
	p, err := s.Directory.Lookup(ctx, c.Principal)
	if errors.Is(err, ErrUnknownPrincipal) {
		return p, tarn.Wrap(err, tarn.EFORBIDDEN, "Ask an administrator to add this identity to Tarn's directory.",
			"%s is not a known principal, so it may read nothing.", c.Principal)
	}
	return p, err
}

// Principal resolves a caller to its principal and groups; unknown
// identities are refused like in Decide.
func (s *Service) Principal(ctx context.Context, c engine.Caller) (Principal, error) {
	return s.resolve(ctx, c)
}

func (s *Service) now() time.Time {
	if s.Clock == nil {
		return time.Now().UTC()
	}
	return s.Clock.Now()
}

// index returns the index at the store's current version, rebuilding it if
// the store changed.
func (s *Service) index(ctx context.Context) (*index, error) {
	v, err := s.Store.Version(ctx)
	if err != nil {
		return nil, err
	}
	if idx := s.idx.Load(); idx != nil && idx.version == v {
		return idx, nil
	}
	s.rebuild.Lock()
	defer s.rebuild.Unlock()
	if idx := s.idx.Load(); idx != nil && idx.version >= v {
		return idx, nil
	}
	// Read the version again under the lock: what the index holds is at
	// least as new as this, so it is never taken for newer than it is.
	if v, err = s.Store.Version(ctx); err != nil {
		return nil, err
	}
	idx, err := buildIndex(ctx, s.Store, v)
	if err != nil {
		return nil, err
	}
	idx.built = s.now()
	s.idx.Store(idx)
	return idx, nil
}

// Changed returns when this Service first saw the store at its current
// version: at or after the last change of grants, reviews or flips. An
// engine enforcing rules rendered from the store (Trino, which re-reads
// them every refresh period) has them once a refresh period has passed
// since. It returns the store's errors.
func (s *Service) Changed(ctx context.Context) (time.Time, error) {
	idx, err := s.index(ctx)
	if err != nil {
		return time.Time{}, err
	}
	return idx.built, nil
}

func (s *Service) maskKey(ctx context.Context) ([]byte, error) {
	if s.MaskKey != nil {
		return s.MaskKey, nil
	}
	s.keyMu.Lock()
	defer s.keyMu.Unlock()
	if s.key != nil {
		return s.key, nil
	}
	// A failure is not kept: the next decision tries again.
	if ks, ok := s.Store.(MaskKeyStore); ok {
		key, err := ks.MaskKey(ctx)
		if err != nil {
			return nil, fmt.Errorf("reading the mask key: %w", err)
		}
		s.key = key
		return key, nil
	}
	key := make([]byte, 32)
	_, _ = rand.Read(key) // crypto/rand.Read never fails
	s.key = key
	return key, nil
}

// TableStatus says whether a caller may query a table, and if not why.
type TableStatus struct {
	Table lake.Ident
	// Refusal is why the table may not be queried, nil if it may.
	Refusal error
}

// Tables says, for each table, whether the caller may query it. Table
// names are visible to every known principal; the columns of a table only
// through Decide. Unknown principals are refused.
func (s *Service) Tables(ctx context.Context, c engine.Caller, ids []lake.Ident) ([]TableStatus, error) {
	p, err := s.resolve(ctx, c)
	if err != nil {
		return nil, err
	}
	idx, err := s.index(ctx)
	if err != nil {
		return nil, err
	}
	d := decider{s: s, idx: idx, p: p, who: grantees(p), now: s.now()}
	out := make([]TableStatus, len(ids))
	for i, id := range ids {
		out[i].Table = id
		if _, err := d.review(id); err != nil {
			out[i].Refusal = err
		} else if len(d.grants(id)) == 0 {
			out[i].Refusal = d.notGranted(id)
		}
	}
	return out, nil
}

// groupsWith lists the groups holding an active read grant covering table.
func (idx *index) groupsWith(id lake.Ident, now time.Time) []string {
	var out []string
	for _, k := range []string{tableKey(id.Namespace, id.Name), tableKey(id.Namespace, ""), tableKey("*", "")} {
		for _, g := range idx.readOn[k] {
			if name, ok := strings.CutPrefix(g.Grantee, "group:"); ok && g.Active(now) {
				out = append(out, name)
			}
		}
	}
	sort.Strings(out)
	return slices.Compact(out)
}
