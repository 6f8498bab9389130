package lake

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/apache/iceberg-go"
	icebergio "github.com/apache/iceberg-go/io"
	"github.com/apache/iceberg-go/table"
	"github.com/apache/iceberg-go/table/compaction"
)

// CompactOptions tune compaction.
type CompactOptions struct {
	// TargetFileSize is the size output files aim for; default the lake's.
	TargetFileSize int64
}

// CompactResult says what compaction did.
type CompactResult struct {
	Commit             Commit
	FilesBefore        int
	FilesAfter         int
	RewrittenFiles     int
	AddedFiles         int
	RemovedDeleteFiles int
}

// Compact bin-packs small data files into files near the target size and
// rewrites away delete files, in one snapshot. Every row survives: the new
// files hold exactly the live rows of the files they replace. Readers of
// older snapshots are unaffected (the old files stay until expiry). The
// new snapshot carries the table's read positions (see Position) forward,
// and is committed only if no other writer moved them meanwhile; if one
// did, compaction runs again on the new table.
func (l *Lake) Compact(ctx context.Context, id Ident, o CompactOptions) (CompactResult, error) {
	if o.TargetFileSize <= 0 {
		o.TargetFileSize = l.opts.TargetFileSize
	}
	var res CompactResult
	c, err := l.commitWith(ctx, id, true, keepPositions, func(ctx context.Context, tx *table.Transaction) error {
		res = CompactResult{}
		st, err := tx.StagedTable()
		if err != nil {
			return err
		}
		snap := st.CurrentSnapshot()
		if snap == nil {
			return nil
		}
		// A staged table cannot be scanned (iceberg-go panics); the
		// transaction's own scan reads the same snapshot.
		scan, err := tx.Scan()
		if err != nil {
			return err
		}
		tasks, err := scan.PlanFiles(ctx)
		if err != nil {
			return err
		}
		res.FilesBefore = len(tasks)
		cfg := compaction.DefaultConfig()
		cfg.TargetFileSizeBytes = o.TargetFileSize
		cfg.MinFileSizeBytes = o.TargetFileSize * 3 / 4
		cfg.MaxFileSizeBytes = o.TargetFileSize * 18 / 10
		cfg.MinInputFiles = 2
		cfg.DeleteFileThreshold = 1
		plan, err := cfg.PlanCompaction(tasks)
		if err != nil {
			return err
		}
		var groups []table.CompactionTaskGroup
		rewritten := map[string]struct{}{}
		for _, g := range plan.Groups {
			groups = append(groups, table.CompactionTaskGroup{PartitionKey: g.PartitionKey, Tasks: g.Tasks, TotalSizeBytes: g.TotalSizeBytes})
			for _, t := range g.Tasks {
				rewritten[t.File.FilePath()] = struct{}{}
			}
		}
		if len(groups) == 0 {
			res.FilesAfter = res.FilesBefore
			return nil
		}
		fs, err := st.FS(ctx)
		if err != nil {
			return err
		}
		deadPos, err := compaction.CollectDeadPositionDeletes(ctx, fs, snap, rewritten)
		if err != nil {
			return err
		}
		deadEq, err := compaction.CollectDeadEqualityDeletesWithSpecs(ctx, fs, st.Metadata(), snap, rewritten)
		if err != nil {
			return err
		}
		r, err := tx.RewriteDataFiles(ctx, groups, table.RewriteDataFilesOptions{
			ExtraDeleteFilesToRemove: append(deadPos, deadEq...),
			SnapshotProps:            withPositions(iceberg.Properties{"tarn.operation": "compact"}, positionsAt(st.Metadata())),
		})
		if err != nil {
			return err
		}
		res.RewrittenFiles = r.RemovedDataFiles
		res.AddedFiles = r.AddedDataFiles
		res.RemovedDeleteFiles = r.RemovedPositionDeleteFiles + r.RemovedEqualityDeleteFiles
		res.FilesAfter = res.FilesBefore - r.RemovedDataFiles + r.AddedDataFiles
		return nil
	})
	res.Commit = c
	return res, err
}

// ExpireOptions say which snapshots to expire: those older than OlderThan,
// always keeping the newest RetainLast (at least 1). Snapshot times are
// stamped by the wall clock to the millisecond; a snapshot stamped in the
// same millisecond as OlderThan, or the one before, is kept.
type ExpireOptions struct {
	OlderThan  time.Time
	RetainLast int
}

// ExpireResult says what expiry removed.
type ExpireResult struct {
	ExpiredSnapshots int
	DeletedFiles     int
	// KeptInUse counts unreferenced files left in place because a query in
	// this process was reading them; orphan removal takes them later.
	KeptInUse int
}

// Expire removes old snapshots from the table's metadata, then deletes the
// files only they referenced. Time travel to any retained snapshot keeps
// working. Files a running query in this process has leased are left for
// orphan removal. Read positions survive: when the snapshots that record
// them would go, an empty snapshot carrying them is committed first, in the
// same commit (it counts as one of the RetainLast).
func (l *Lake) Expire(ctx context.Context, id Ident, o ExpireOptions) (ExpireResult, error) {
	var res ExpireResult
	if o.RetainLast < 1 {
		o.RetainLast = 1
	}
	before, err := l.Load(ctx, id)
	if err != nil {
		return res, err
	}
	_, err = l.commitWith(ctx, id, true, keepPositions, func(ctx context.Context, tx *table.Transaction) error {
		// iceberg-go takes an age and measures it from its own "now", read
		// just after this; the age is taken here (not before waiting for the
		// commit lock) and rounded up to the next millisecond, so the cut
		// never moves past OlderThan and expires a snapshot meant to stay.
		age := time.Since(o.OlderThan).Truncate(time.Millisecond) + time.Millisecond
		if age < 0 {
			age = 0
		}
		opts := []table.ExpireSnapshotsOpt{table.WithOlderThan(age), table.WithRetainLast(o.RetainLast), table.WithPostCommit(false)}
		if err := checkpointPositions(ctx, tx, opts); err != nil {
			return err
		}
		return tx.ExpireSnapshots(opts...)
	})
	if err != nil {
		return res, err
	}
	l.leases.expiries.Add(1) // before any file is deleted (see Expiries)
	after, err := l.Load(ctx, id)
	if err != nil {
		return res, err
	}
	for _, s := range before.Metadata().Snapshots() {
		if after.SnapshotByID(s.SnapshotID) == nil {
			res.ExpiredSnapshots++
		}
	}
	if res.ExpiredSnapshots == 0 {
		return res, nil
	}
	fs, err := after.FS(ctx)
	if err != nil {
		return res, err
	}
	keep, err := reachable(fs, after)
	if err != nil {
		return res, err
	}
	old, err := reachable(fs, before)
	if err != nil {
		return res, err
	}
	for f := range old {
		if _, ok := keep[f]; ok {
			continue
		}
		if l.leased(f) {
			res.KeptInUse++
			continue
		}
		if err := fs.Remove(f); err == nil {
			res.DeletedFiles++
			l.forget(f)
		}
	}
	return res, nil
}

// reachable lists every file a table's snapshots reference: manifest lists,
// manifests, data and delete files.
func reachable(fs icebergio.IO, t *table.Table) (map[string]struct{}, error) {
	out := map[string]struct{}{}
	seenManifest := map[string]bool{}
	for _, s := range t.Metadata().Snapshots() {
		if s.ManifestList != "" {
			out[s.ManifestList] = struct{}{}
		}
		mfs, err := s.Manifests(fs)
		if err != nil {
			return nil, fmt.Errorf("reading manifests of snapshot %d: %w", s.SnapshotID, err)
		}
		for _, m := range mfs {
			if seenManifest[m.FilePath()] {
				continue
			}
			seenManifest[m.FilePath()] = true
			out[m.FilePath()] = struct{}{}
			for e, err := range m.Entries(fs, true) {
				if err != nil {
					return nil, fmt.Errorf("reading manifest %s: %w", m.FilePath(), err)
				}
				out[e.DataFile().FilePath()] = struct{}{}
			}
		}
	}
	return out, nil
}

// OrphanOptions tune orphan removal.
type OrphanOptions struct {
	// OlderThan protects files younger than this age: a writer may still be
	// about to commit them. Default three days.
	OlderThan time.Duration
	DryRun    bool
}

// OrphanResult lists the orphan files found (and deleted unless DryRun).
type OrphanResult struct {
	Orphans    []string
	Deleted    int
	TotalBytes int64
}

// RemoveOrphans deletes files under the table's location that no snapshot
// references and that are older than OlderThan.
func (l *Lake) RemoveOrphans(ctx context.Context, id Ident, o OrphanOptions) (OrphanResult, error) {
	if o.OlderThan <= 0 {
		o.OlderThan = 72 * time.Hour
	}
	t, err := l.Load(ctx, id)
	if err != nil {
		return OrphanResult{}, err
	}
	fs, err := t.FS(ctx)
	if err != nil {
		return OrphanResult{}, err
	}
	var deleted atomic.Int64
	r, err := t.DeleteOrphanFiles(ctx,
		table.WithFilesOlderThan(o.OlderThan),
		table.WithDryRun(o.DryRun),
		table.WithDeleteFunc(func(p string) error {
			// Orphans come as listed by the file system (a plain path
			// for local disk); leases hold locations as manifests record
			// them (file:// URLs).
			if l.leased(p) {
				return nil
			}
			if err := fs.Remove(p); err != nil {
				return err
			}
			l.forget(p)
			deleted.Add(1)
			return nil
		}))
	if err != nil {
		return OrphanResult{}, fmt.Errorf("removing orphan files of %s: %w", id, err)
	}
	return OrphanResult{Orphans: r.OrphanFileLocations, Deleted: int(deleted.Load()), TotalBytes: r.TotalSizeBytes}, nil
}
