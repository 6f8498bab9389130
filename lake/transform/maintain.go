package transform

import (
	"context"
	"fmt"

	"github.com/tarn-data/tarn/lake"
)

// maintain runs a maintenance job: compaction, then snapshot expiry, then
// orphan removal, each as the job asks. The read positions of ingestion
// and jobs survive all three (the lake carries them forward).
func (r *Runner) maintain(ctx context.Context, j *Job) (outcome, error) {
	m := j.Maintain
	var out outcome
	if m.Compact {
		res, err := r.o.Lake.Compact(ctx, j.Target, lake.CompactOptions{})
		if err != nil {
			return out, jobErr(j, err)
		}
		out.snapshot = res.Commit.SnapshotID
		r.o.Logger.Info("transform: compacted", "job", j.Name, "table", j.Target, "files_before", res.FilesBefore, "files_after", res.FilesAfter)
	}
	if m.ExpireAfter > 0 {
		res, err := r.o.Lake.Expire(ctx, j.Target, lake.ExpireOptions{OlderThan: r.o.Clock.Now().Add(-m.ExpireAfter), RetainLast: m.RetainLast})
		if err != nil {
			return out, jobErr(j, err)
		}
		r.o.Logger.Info("transform: expired snapshots", "job", j.Name, "table", j.Target, "snapshots", res.ExpiredSnapshots, "files", res.DeletedFiles)
	}
	if m.Orphans {
		res, err := r.o.Lake.RemoveOrphans(ctx, j.Target, lake.OrphanOptions{OlderThan: m.OrphansAfter})
		if err != nil {
			return out, jobErr(j, err)
		}
		r.o.Logger.Info("transform: removed orphan files", "job", j.Name, "table", j.Target, "files", res.Deleted)
	}
	if err := ctx.Err(); err != nil {
		return out, fmt.Errorf("job %s: %w", j.Name, err)
	}
	return out, nil
}
