package lake

import (
	"context"
	"fmt"
	"strconv"

	"github.com/apache/iceberg-go"
	"github.com/apache/iceberg-go/table"
)

// DataFile is one Parquet data file a scan must read, with the delete files
// that apply to it.
type DataFile struct {
	Location  string // as recorded in the manifest (a URL)
	Records   int64
	SizeBytes int64
	// PositionDeletes are delete files holding (file_path, pos) rows; only
	// rows whose file_path equals Location apply to this file.
	PositionDeletes []string
	// EqualityDeletes apply to this file (sequence numbers already checked).
	EqualityDeletes []EqualityDelete
	// DeleteSizes are the sizes in bytes of the delete files, by location.
	DeleteSizes map[string]int64
}

// EqualityDelete is an equality delete file and the field IDs it matches on.
type EqualityDelete struct {
	Location string
	FieldIDs []int
}

// ScanPlan is what the engine needs to read a table at one snapshot.
type ScanPlan struct {
	Table Ident
	// Snapshot is nil when the table has no snapshot yet (no rows).
	Snapshot *Snapshot
	// Schema is the schema of the snapshot read: the current schema for the
	// current snapshot, the snapshot's own schema for time travel.
	Schema *iceberg.Schema
	Files  []DataFile
	// TotalFiles is how many data files the snapshot holds; len(Files) of
	// them survived partition and column-metrics pruning.
	TotalFiles int64
	// SchemaEvolved reports whether the table ever had another schema, in
	// which case older files may use other names or types for a field and
	// must be read by field ID.
	SchemaEvolved bool
}

// PlanScan plans a scan of a table: it resolves the snapshot, reads the
// manifests and prunes data files with filter (which may be nil) using
// partition values and column metrics. The filter is an optimisation only:
// the caller must still apply its full predicate to the rows. Plans are
// cached per table version and shared: callers must not modify them.
func (l *Lake) PlanScan(ctx context.Context, id Ident, at AsOf, filter iceberg.BooleanExpression) (*ScanPlan, error) {
	t, err := l.Load(ctx, id)
	if err != nil {
		return nil, err
	}
	snap, err := resolve(id, t, at)
	if err != nil {
		return nil, err
	}
	plan := &ScanPlan{Table: id, Schema: t.Schema(), SchemaEvolved: evolved(t)}
	if snap == nil {
		return plan, nil
	}
	// A plan is a pure function of the table version, the snapshot, the
	// kind of read and the filter: snapshots are immutable.
	key := fmt.Sprintf("%s|%d|%t|%v", t.MetadataLocation(), snap.SnapshotID, at.SnapshotID != nil || at.Time != nil, filter)
	if p, ok := l.plans.Get(key); ok {
		return p, nil
	}

	s := toSnapshot(*snap, t.CurrentSnapshot())
	plan.Snapshot = &s
	var opts []table.ScanOption
	if filter != nil {
		opts = append(opts, table.WithRowFilter(filter))
	}
	// The live table reads with its current schema even when the last
	// snapshot predates a schema change; time travel reads with the
	// snapshot's own schema.
	if at.SnapshotID != nil || at.Time != nil {
		opts = append(opts, table.WithSnapshotID(snap.SnapshotID))
		if snap.SchemaID != nil {
			if sc := schemaByID(t, *snap.SchemaID); sc != nil {
				plan.Schema = sc
			}
		}
	}
	scan := t.Scan(opts...)
	tasks, err := scan.PlanFiles(ctx)
	if err != nil {
		return nil, fmt.Errorf("planning a scan of %s: %w", id, err)
	}
	for _, task := range tasks {
		if len(task.DeletionVectorFiles) > 0 {
			return nil, fmt.Errorf("%w: %s uses deletion vectors (format v3), which Tarn does not read yet", ErrInvalid, id)
		}
		f := DataFile{Location: task.File.FilePath(), Records: task.File.Count(), SizeBytes: task.File.FileSizeBytes()}
		for _, d := range task.DeleteFiles {
			f.PositionDeletes = append(f.PositionDeletes, d.FilePath())
			f.deleteSize(d.FilePath(), d.FileSizeBytes())
		}
		for _, d := range task.EqualityDeleteFiles {
			f.EqualityDeletes = append(f.EqualityDeletes, EqualityDelete{Location: d.FilePath(), FieldIDs: d.EqualityFieldIDs()})
			f.deleteSize(d.FilePath(), d.FileSizeBytes())
		}
		plan.Files = append(plan.Files, f)
	}
	if snap.Summary != nil {
		plan.TotalFiles, _ = strconv.ParseInt(snap.Summary.Properties["total-data-files"], 10, 64)
	}
	l.plans.Put(key, plan)
	return plan, nil
}

func (f *DataFile) deleteSize(loc string, n int64) {
	if f.DeleteSizes == nil {
		f.DeleteSizes = map[string]int64{}
	}
	f.DeleteSizes[loc] = n
}

func schemaByID(t *table.Table, id int) *iceberg.Schema {
	for _, sc := range t.Metadata().Schemas() {
		if sc.ID == id {
			return sc
		}
	}
	return nil
}

// evolved reports whether any of the table's schemas differs from the
// current one in a field's ID, name or type.
func evolved(t *table.Table) bool {
	cur := t.Schema()
	for _, sc := range t.Metadata().Schemas() {
		if sc.ID == cur.ID {
			continue
		}
		if len(sc.Fields()) != len(cur.Fields()) {
			return true
		}
		for i, f := range sc.Fields() {
			g := cur.Fields()[i]
			if f.ID != g.ID || f.Name != g.Name || !f.Type.Equals(g.Type) {
				return true
			}
		}
	}
	return false
}
