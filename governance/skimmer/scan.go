package skimmer

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"strings"
	"sync"
	"time"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/engine"
	"github.com/tarn-data/tarn/governance"
	"github.com/tarn-data/tarn/lake"
)

// Sampler reads raw samples of tables; engine.Engine is one.
type Sampler interface {
	Sample(ctx context.Context, id lake.Ident, o engine.SampleOptions) (*engine.Sample, error)
}

// Catalog is what the scanner reads of the lake: the tables and what
// people wrote about their columns. lake.Lake is one.
type Catalog interface {
	Namespaces(ctx context.Context) ([]string, error)
	Tables(ctx context.Context, ns string) ([]lake.Ident, error)
	Note(ctx context.Context, id lake.Ident) (lake.Note, error)
}

// Checker is the optional second pass: given the table's full context and
// the first pass's classification of a flagged column, it confirms or
// corrects it. It is handed column names, types, descriptions and the
// evidence; the columns come without their values.
type Checker interface {
	Check(ctx context.Context, table string, columns []engine.SampleColumn, notes lake.Note, c Classification) (Classification, error)
}

// Options configure a Scanner.
type Options struct {
	Sampler Sampler
	Catalog Catalog
	Store   *Store
	// Rows is the sample size per scan (default 1,000).
	Rows int
	// PersonKeys are "namespace.table.column" keys of people or accounts:
	// an ID column of another table whose values are found among a key's
	// is an opaque ID traceable to a person.
	PersonKeys []string
	// Checker is the second pass, used when set.
	Checker Checker
	// OnScan is called after every scan of a table, changed or not, e.g.
	// to ask for the review of a table nobody reviewed yet (see
	// MarkReviewAsked).
	OnScan func(ctx context.Context, r Report)
	Clock  tarn.Clock
	Logger *slog.Logger
}

// Scanner classifies the columns of lake tables from samples of their
// rows and keeps a report per table. It is safe for concurrent use; scans
// of one table are serialised.
type Scanner struct {
	o     Options
	mu    sync.Mutex
	locks map[lake.Ident]*sync.Mutex

	kmu  sync.Mutex
	keyc map[string]keySet // person key → its values so far
}

// keySet is the values of one person key as of a snapshot of its table.
// A set is never changed once made (scans read it concurrently): new
// values make a new set.
type keySet struct {
	snapshot int64
	values   map[string]struct{}
}

// NewScanner returns a scanner.
func NewScanner(o Options) *Scanner {
	if o.Rows <= 0 {
		o.Rows = 1000
	}
	if o.Clock == nil {
		o.Clock = tarn.SystemClock{}
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return &Scanner{o: o, locks: map[lake.Ident]*sync.Mutex{}, keyc: map[string]keySet{}}
}

func (s *Scanner) lock(id lake.Ident) func() {
	s.mu.Lock()
	m := s.locks[id]
	if m == nil {
		m = &sync.Mutex{}
		s.locks[id] = m
	}
	s.mu.Unlock()
	m.Lock()
	return m.Unlock
}

// Scan classifies the table's columns from a sample of the data added
// since its last scan (all of it the first time), folds the result into
// the table's report and keeps it. A table whose snapshot has not moved is
// not read again.
//
// Errors: lake.ErrNoSuchTable; ErrStore.
func (s *Scanner) Scan(ctx context.Context, id lake.Ident) (Report, error) {
	r, err := s.scan(ctx, id)
	if err == nil && s.o.OnScan != nil {
		s.o.OnScan(ctx, r)
	}
	return r, err
}

// MarkReviewAsked records in the table's report that review request n was
// made for it, so that it is asked for once.
//
// Errors: ErrStore; ErrNoReport when the table was never scanned.
func (s *Scanner) MarkReviewAsked(ctx context.Context, id lake.Ident, n int64) error {
	defer s.lock(id)()
	r, ok, err := s.o.Store.Report(ctx, id)
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("%w: %s", ErrNoReport, id)
	}
	r.ReviewAsked = n
	return s.o.Store.Put(ctx, r)
}

// ErrNoReport is returned for a table that was never scanned.
var ErrNoReport = errors.New("skimmer: no report")

func (s *Scanner) scan(ctx context.Context, id lake.Ident) (Report, error) {
	defer s.lock(id)()
	prev, seen, err := s.o.Store.Report(ctx, id)
	if err != nil {
		return Report{}, err
	}
	opts := engine.SampleOptions{Rows: s.o.Rows, Seed: seed(id)}
	if seen {
		opts.Since = prev.Snapshot
	}
	sample, err := s.o.Sampler.Sample(ctx, id, opts)
	if err != nil {
		return Report{}, err
	}
	if seen && sample.Snapshot == prev.Snapshot {
		return prev, nil
	}
	note, _ := s.o.Catalog.Note(ctx, id) // no note: no descriptions
	r := Report{Table: id.String(), Snapshot: sample.Snapshot, Scanned: s.o.Clock.Now().UTC(), Rows: sample.Rows,
		Sampled: prev.Sampled + int64(sample.Rows), Incremental: sample.Incremental, ReviewAsked: prev.ReviewAsked}
	keys, err := s.keys(ctx, id)
	if err != nil {
		s.o.Logger.Warn("skimmer: reading person keys", "table", id.String(), "err", err)
	}
	byName := map[string]Classification{}
	for _, c := range prev.Columns {
		byName[c.Column] = c
	}
	for _, col := range sample.Columns {
		c := s.classify(col, note, keys, id)
		if old, ok := byName[col.Name]; ok && sample.Rows > 0 {
			c = merge(old, c)
		} else if ok {
			c = old
		}
		if c.Tag != "" && s.o.Checker != nil && sample.Rows > 0 {
			if checked, err := s.o.Checker.Check(ctx, id.String(), schemaOnly(sample.Columns), note, c); err != nil {
				s.o.Logger.Warn("skimmer: the second pass failed; the first stands", "table", id.String(), "column", col.Name, "err", err)
			} else {
				c, r.Checked = checked, true
			}
		}
		r.Columns = append(r.Columns, c)
	}
	if err := s.o.Store.Put(ctx, r); err != nil {
		return Report{}, err
	}
	s.o.Logger.Info("skimmer: scanned", "table", id.String(), "snapshot", r.Snapshot, "rows", r.Rows, "flagged", len(r.Flagged()))
	return r, nil
}

// classify is the first pass over one column, with what people wrote about
// it and the person keys for opaque IDs.
func (s *Scanner) classify(col engine.SampleColumn, note lake.Note, keys map[string]map[string]struct{}, id lake.Ident) Classification {
	in := Column{Name: col.Name, Type: col.Type, Values: col.Values}
	for _, cn := range note.Columns {
		if cn.Name == col.Name {
			in.Description = cn.Description
		}
	}
	c := Classify(in)
	if c.Tag != "" || !idLike(col.Name) || len(col.Values) == 0 {
		return c
	}
	for key, values := range keys {
		if key == id.String()+"."+col.Name {
			continue // the key itself
		}
		if distinct(col.Values) < minDistinctIDs {
			break
		}
		if share := ContainedShare(col.Values, values); share >= 0.9 {
			return Classification{Column: col.Name, Tag: governance.TagUserID, Confidence: share,
				Evidence: []Evidence{{Detector: "joins to " + key, Matched: int(share * float64(len(col.Values))), Sampled: len(col.Values), Share: share}}}
		}
	}
	return c
}

// schemaOnly is the columns without their values: the second pass sees
// the table's shape, never a sampled value.
func schemaOnly(cols []engine.SampleColumn) []engine.SampleColumn {
	out := make([]engine.SampleColumn, len(cols))
	for i, c := range cols {
		out[i] = engine.SampleColumn{Name: c.Name, Type: c.Type}
	}
	return out
}

// minDistinctIDs keeps small codes (statuses, flags) that happen to fall
// among a key's values from passing for IDs.
const minDistinctIDs = 20

func idLike(name string) bool {
	n := strings.ToLower(name)
	return n == "id" || strings.HasSuffix(n, "_id") || strings.HasSuffix(n, "id") && len(n) > 2 || strings.HasSuffix(n, "_key")
}

func distinct(vs []string) int {
	m := make(map[string]struct{}, len(vs))
	for _, v := range vs {
		m[v] = struct{}{}
	}
	return len(m)
}

// keys returns the values of the person keys (up to 200,000 each), except
// those of the table being scanned. Each key's table is read once, then
// only for the files added since: a scan of another table costs nothing
// when the key's table did not change.
func (s *Scanner) keys(ctx context.Context, scanning lake.Ident) (map[string]map[string]struct{}, error) {
	out := map[string]map[string]struct{}{}
	var errs []error
	for _, k := range s.o.PersonKeys {
		i := strings.LastIndexByte(k, '.')
		if i < 0 {
			continue
		}
		id, err := lake.ParseIdent(k[:i])
		if err != nil || id == scanning {
			continue
		}
		s.kmu.Lock()
		cached := s.keyc[k]
		s.kmu.Unlock()
		smp, err := s.o.Sampler.Sample(ctx, id, engine.SampleOptions{Rows: 200_000, Seed: 1, Since: cached.snapshot})
		if err != nil {
			errs = append(errs, err)
			continue
		}
		set := cached.values
		if smp.Rows > 0 || !smp.Incremental {
			set = map[string]struct{}{}
			if smp.Incremental {
				maps.Copy(set, cached.values)
			}
			for _, c := range smp.Columns {
				if c.Name == k[i+1:] {
					for _, v := range c.Values {
						set[v] = struct{}{}
					}
				}
			}
			s.kmu.Lock()
			s.keyc[k] = keySet{snapshot: smp.Snapshot, values: set}
			s.kmu.Unlock()
		}
		if set != nil {
			out[k] = set
		}
	}
	return out, errors.Join(errs...)
}

// ScanAll scans every table of the lake, reporting progress as it goes
// (progress may be nil), and returns the reports of the tables it could
// scan with the errors of the others joined.
func (s *Scanner) ScanAll(ctx context.Context, progress func(done, total int, table string)) ([]Report, error) {
	ids, err := s.Tables(ctx)
	if err != nil {
		return nil, err
	}
	var out []Report
	var errs []error
	for i, id := range ids {
		if progress != nil {
			progress(i, len(ids), id.String())
		}
		r, err := s.Scan(ctx, id)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", id, err))
			continue
		}
		out = append(out, r)
	}
	if progress != nil {
		progress(len(ids), len(ids), "")
	}
	return out, errors.Join(errs...)
}

// Tables lists every table of the lake, the tables ScanAll scans.
func (s *Scanner) Tables(ctx context.Context) ([]lake.Ident, error) {
	nss, err := s.o.Catalog.Namespaces(ctx)
	if err != nil {
		return nil, err
	}
	var ids []lake.Ident
	for _, ns := range nss {
		ts, err := s.o.Catalog.Tables(ctx, ns)
		if err != nil {
			return nil, err
		}
		ids = append(ids, ts...)
	}
	return ids, nil
}

// Run scans every table whose snapshot moved since its last scan, every
// interval, until ctx ends. Errors are logged; the next round tries again.
func (s *Scanner) Run(ctx context.Context, every time.Duration) {
	if every <= 0 {
		every = time.Minute
	}
	for {
		if _, err := s.ScanAll(ctx, nil); err != nil && ctx.Err() == nil {
			s.o.Logger.Warn("skimmer: a round of scans failed in part", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(every):
		}
	}
}

// seed makes a table's samples repeatable.
func seed(id lake.Ident) uint64 {
	var h uint64 = 14695981039346656037
	for _, b := range []byte(id.String()) {
		h = (h ^ uint64(b)) * 1099511628211
	}
	return h
}
