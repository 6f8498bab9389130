package lake

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/apache/iceberg-go"
	"github.com/apache/iceberg-go/table"
	"github.com/tarn-data/tarn"
)

// Snapshot is one committed version of a table.
type Snapshot struct {
	ID        int64
	ParentID  int64 // 0 for the first snapshot
	Sequence  int64
	Timestamp time.Time
	Operation string
	SchemaID  int
	Current   bool
	Summary   map[string]string
}

// Snapshots lists a table's snapshots, oldest first.
func (l *Lake) Snapshots(ctx context.Context, id Ident) ([]Snapshot, error) {
	t, err := l.Load(ctx, id)
	if err != nil {
		return nil, err
	}
	cur := t.CurrentSnapshot()
	var out []Snapshot
	for _, s := range t.Metadata().Snapshots() {
		out = append(out, toSnapshot(s, cur))
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Sequence < out[j].Sequence })
	return out, nil
}

func toSnapshot(s table.Snapshot, cur *table.Snapshot) Snapshot {
	o := Snapshot{ID: s.SnapshotID, Sequence: s.SequenceNumber, Timestamp: time.UnixMilli(s.TimestampMs).UTC()}
	if s.ParentSnapshotID != nil {
		o.ParentID = *s.ParentSnapshotID
	}
	if s.SchemaID != nil {
		o.SchemaID = *s.SchemaID
	}
	if s.Summary != nil {
		o.Operation = string(s.Summary.Operation)
		o.Summary = s.Summary.Properties
	}
	o.Current = cur != nil && cur.SnapshotID == s.SnapshotID
	return o
}

// AsOf selects a table version: a snapshot id, a point in time, or (both
// unset) the current snapshot.
type AsOf struct {
	SnapshotID *int64
	Time       *time.Time
}

func (a AsOf) String() string {
	switch {
	case a.SnapshotID != nil:
		return fmt.Sprintf("VERSION %d", *a.SnapshotID)
	case a.Time != nil:
		return "TIMESTAMP " + a.Time.UTC().Format(time.RFC3339Nano)
	}
	return "current"
}

// resolve finds the snapshot an AsOf selects. A nil snapshot with no error
// means the table has no snapshot yet (it is empty).
func resolve(id Ident, t *table.Table, a AsOf) (*table.Snapshot, error) {
	switch {
	case a.SnapshotID != nil:
		s := t.SnapshotByID(*a.SnapshotID)
		if s == nil {
			return nil, tarn.Wrap(fmt.Errorf("%w: %s version %d", ErrNoSuchSnapshot, id, *a.SnapshotID), tarn.ENOTFOUND,
				fmt.Sprintf("Run `tarn snapshots %s` to list its versions.", id), "%s has no snapshot %d.", id, *a.SnapshotID)
		}
		return s, nil
	case a.Time != nil:
		s := t.SnapshotAsOf(a.Time.UnixMilli(), true)
		if s == nil {
			return nil, tarn.Wrap(fmt.Errorf("%w: %s as of %s", ErrNoSuchSnapshot, id, a.Time.UTC().Format(time.RFC3339)), tarn.ENOTFOUND,
				fmt.Sprintf("Run `tarn snapshots %s` to list its versions.", id), "%s did not exist yet at %s.", id, a.Time.UTC().Format(time.RFC3339))
		}
		return s, nil
	}
	return t.CurrentSnapshot(), nil
}

// SchemaAt returns the schema a read of the table at a uses: the current
// schema for the current snapshot, the snapshot's own schema for time
// travel. It fails like PlanScan for unknown tables and snapshots.
func (l *Lake) SchemaAt(ctx context.Context, id Ident, a AsOf) (*iceberg.Schema, error) {
	t, err := l.Load(ctx, id)
	if err != nil {
		return nil, err
	}
	if a.SnapshotID == nil && a.Time == nil {
		return t.Schema(), nil
	}
	snap, err := resolve(id, t, a)
	if err != nil {
		return nil, err
	}
	if snap != nil && snap.SchemaID != nil {
		if sc := schemaByID(t, *snap.SchemaID); sc != nil {
			return sc, nil
		}
	}
	return t.Schema(), nil
}

// Retains reports whether the table's current metadata still holds the
// snapshot: false once expiry removed it (and may have deleted its
// files). It returns the errors of Load.
func (l *Lake) Retains(ctx context.Context, id Ident, snapshotID int64) (bool, error) {
	t, err := l.Load(ctx, id)
	if err != nil {
		return false, err
	}
	return t.SnapshotByID(snapshotID) != nil, nil
}
