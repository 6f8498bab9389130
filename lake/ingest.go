package lake

import (
	"context"
	"fmt"
	"maps"
	"strings"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/iceberg-go"
	"github.com/apache/iceberg-go/table"
	"github.com/tarn-data/tarn"
)

// PositionPrefix starts the snapshot summary keys that record how far a
// source has been read into a table.
const PositionPrefix = "tarn.position."

// Position returns the latest value of key (a full key, PositionPrefix +
// source name) recorded by the table's current snapshot or its nearest
// ancestor that has it; ok false when none. It returns the errors of Load
// (ErrNoSuchTable as tarn.ENOTFOUND).
func (l *Lake) Position(ctx context.Context, id Ident, key string) (value string, ok bool, err error) {
	t, err := l.Load(ctx, id)
	if err != nil {
		return "", false, err
	}
	value, ok = positionAt(t.Metadata(), key)
	return value, ok, nil
}

// Positions returns every position the table's current snapshot and its
// ancestors record, the nearest value of each key. It returns the errors
// of Load.
func (l *Lake) Positions(ctx context.Context, id Ident) (map[string]string, error) {
	t, err := l.Load(ctx, id)
	if err != nil {
		return nil, err
	}
	return positionsAt(t.Metadata()), nil
}

// AppendFrom appends the rows of rdr in one snapshot whose summary records
// key=to (plus props), only if the table's position for key is still from
// ("" = none yet). Otherwise nothing is committed and it returns
// ErrPositionMoved wrapped in a *tarn.Error with code tarn.ECONFLICT; the
// caller re-reads Position and resumes from there.
//
// The condition is checked before any file is written and again by the
// catalog, atomically with the commit, each time the commit is tried: a
// commit of another process that left the position alone (an unrelated
// append, a compaction) is replayed under this one, one that moved it makes
// this one fail. A reader with no rows still commits a snapshot, so that the
// position moves. It also returns ErrInvalid (tarn.EINVALID) for a key
// without PositionPrefix or props that set another position, the errors of
// Append otherwise. It does not release rdr.
func (l *Lake) AppendFrom(ctx context.Context, id Ident, rdr array.RecordReader, key, from, to string, props map[string]string) (Commit, error) {
	sp, err := positionProps(id, key, to, props)
	if err != nil {
		return Commit{}, err
	}
	return l.commitWith(ctx, id, false, expectPosition(id, key, from), func(ctx context.Context, tx *table.Transaction) error {
		return tx.Append(ctx, rdr, sp)
	})
}

// OverwriteFrom is AppendFrom for Overwrite (filter nil = whole table): the
// rows matching filter are replaced by the rows of rdr in one snapshot that
// records key=to, only if the position for key is still from. It returns
// the same errors as AppendFrom.
func (l *Lake) OverwriteFrom(ctx context.Context, id Ident, filter iceberg.BooleanExpression, rdr array.RecordReader, key, from, to string, props map[string]string) (Commit, error) {
	sp, err := positionProps(id, key, to, props)
	if err != nil {
		return Commit{}, err
	}
	return l.commitWith(ctx, id, false, expectPosition(id, key, from), func(ctx context.Context, tx *table.Transaction) error {
		var opts []table.OverwriteOption
		if filter != nil {
			opts = append(opts, table.WithOverwriteFilter(filter))
		}
		return tx.Overwrite(ctx, rdr, sp, opts...)
	})
}

// positionProps builds the summary properties of a positioned commit.
func positionProps(id Ident, key, to string, props map[string]string) (iceberg.Properties, error) {
	if !strings.HasPrefix(key, PositionPrefix) || len(key) == len(PositionPrefix) {
		return nil, tarn.Wrap(fmt.Errorf("%w: position key %q", ErrInvalid, key), tarn.EINVALID,
			"Name positions "+PositionPrefix+"<source>.", "%q is not a position key.", key)
	}
	sp := iceberg.Properties{}
	for k, v := range props {
		if strings.HasPrefix(k, PositionPrefix) && k != key {
			return nil, tarn.Wrap(fmt.Errorf("%w: property %q sets another position", ErrInvalid, k), tarn.EINVALID,
				"", "A write to %s may move one position only; %q is another.", id, k)
		}
		sp[k] = v
	}
	sp[key] = to
	return sp, nil
}

// expectPosition is the pin of a positioned commit: the loaded table must
// be at from for key, and the catalog checks that it still is.
func expectPosition(id Ident, key, from string) pinFunc {
	return func(m table.Metadata) (map[string]string, error) {
		cond := map[string]string{key: from}
		if err := (positionRequirement{cond}).Validate(m); err != nil {
			return nil, positionMovedErr(id, err)
		}
		return cond, nil
	}
}

// keepPositions is the pin of a commit that carries the table's positions
// forward (compaction, expiry): they must not move before it lands.
func keepPositions(m table.Metadata) (map[string]string, error) {
	return positionsAt(m), nil
}

// pinFunc computes the positions a commit requires from the table it was
// built on; nil means none. An error stops the commit before it is built.
type pinFunc func(table.Metadata) (map[string]string, error)

func positionMovedErr(id Ident, err error) error {
	return tarn.Wrap(err, tarn.ECONFLICT, "Read the position again and resume from there.",
		"Another writer moved the read position of %s first; nothing was written.", id)
}

// positionRequirement is a commit requirement the catalog checks against
// the table's metadata just before it swaps the pointer: each key must be at
// its value ("" = absent).
type positionRequirement struct{ want map[string]string }

// Validate returns ErrPositionMoved when a key is elsewhere.
func (r positionRequirement) Validate(m table.Metadata) error {
	for k, want := range r.want {
		var got string
		if m != nil {
			got, _ = positionAt(m, k)
		}
		if got != want {
			return fmt.Errorf("%w: %s is at %q, not %q", ErrPositionMoved, k, got, want)
		}
	}
	return nil
}

// GetType names the requirement; it never leaves the process.
func (positionRequirement) GetType() string { return "tarn-assert-positions" }

// positionAt walks from the current snapshot to its ancestors and returns
// the first value of key.
func positionAt(m table.Metadata, key string) (string, bool) {
	for s := m.CurrentSnapshot(); s != nil; s = parentOf(m, s) {
		if s.Summary != nil {
			if v, ok := s.Summary.Properties[key]; ok {
				return v, true
			}
		}
	}
	return "", false
}

// positionsAt returns the nearest value of every position key.
func positionsAt(m table.Metadata) map[string]string {
	out := map[string]string{}
	for s := m.CurrentSnapshot(); s != nil; s = parentOf(m, s) {
		if s.Summary == nil {
			continue
		}
		for k, v := range s.Summary.Properties {
			if _, seen := out[k]; !seen && strings.HasPrefix(k, PositionPrefix) {
				out[k] = v
			}
		}
	}
	return out
}

func parentOf(m table.Metadata, s *table.Snapshot) *table.Snapshot {
	if s.ParentSnapshotID == nil {
		return nil
	}
	return m.SnapshotByID(*s.ParentSnapshotID)
}

// withPositions returns props with the positions added.
func withPositions(props iceberg.Properties, pos map[string]string) iceberg.Properties {
	out := maps.Clone(props)
	if out == nil {
		out = iceberg.Properties{}
	}
	maps.Copy(out, pos)
	return out
}

// checkpointPositions adds an empty snapshot carrying the table's read
// positions to tx when expiring with opts would otherwise drop every
// snapshot that records one of them.
func checkpointPositions(ctx context.Context, tx *table.Transaction, opts []table.ExpireSnapshotsOpt) error {
	st, err := tx.StagedTable()
	if err != nil {
		return err
	}
	pos := positionsAt(st.Metadata())
	if len(pos) == 0 {
		return nil
	}
	probe := st.Table.NewTransaction()
	if err := probe.ExpireSnapshots(opts...); err != nil {
		return err
	}
	after, err := probe.StagedTable()
	if err != nil {
		return err
	}
	if maps.Equal(positionsAt(after.Metadata()), pos) {
		return nil
	}
	return tx.AddFiles(ctx, nil, withPositions(iceberg.Properties{"tarn.operation": "positions"}, pos), false)
}
