package main

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"
	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/lake"
)

func newCompactCommand() *cobra.Command {
	var target string
	cmd := &cobra.Command{
		Use:   "compact NAMESPACE.TABLE",
		Short: "Bin-pack small data files and rewrite delete files away, in one snapshot",
		Long: `Rewrites small data files of each partition into files near the target size and
applies pending delete files, in one new snapshot. Queries keep running meanwhile:
they read the snapshot they started on. Old files stay until 'tarn expire'.`,
		Example: "  tarn compact fct.http_requests --target-size 128MiB",
		Args:    cobra.ExactArgs(1),
		RunE: tableRun(false, func(ctx context.Context, cmd *cobra.Command, m *Main, id lake.Ident, _ Format) error {
			var size int64
			if target != "" {
				var err error
				if size, err = parseSize(target); err != nil {
					return tarn.Wrap(err, tarn.EINVALID, "Write a size such as 64MiB or 256MB.", "--target-size %q is not a size.", target)
				}
			}
			start := time.Now()
			r, err := m.Lake.Compact(ctx, id, lake.CompactOptions{TargetFileSize: size})
			if err != nil {
				return err
			}
			if r.RewrittenFiles == 0 {
				fmt.Fprintf(cmd.OutOrStdout(), "%s: nothing to compact (%d data files are already near the target size)\n", id, r.FilesBefore)
				return nil
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%s: %d data files → %d (rewrote %d into %d, removed %d delete files) in %s; snapshot %d\n",
				id, r.FilesBefore, r.FilesAfter, r.RewrittenFiles, r.AddedFiles, r.RemovedDeleteFiles, time.Since(start).Round(time.Millisecond), r.Commit.SnapshotID)
			return nil
		}),
	}
	cmd.Flags().StringVar(&target, "target-size", "", "output file `size` (default the lake's, 128MiB)")
	return cmd
}

func newExpireCommand() *cobra.Command {
	var olderThan time.Duration
	var retain int
	cmd := &cobra.Command{
		Use:   "expire NAMESPACE.TABLE",
		Short: "Remove old snapshots and the files only they used",
		Long: `Expires snapshots older than --older-than, always keeping the newest --retain-last,
then deletes data and metadata files no retained snapshot references. Time travel
keeps working for every retained snapshot.`,
		Example: "  tarn expire fct.http_requests --older-than 168h --retain-last 5",
		Args:    cobra.ExactArgs(1),
		RunE: tableRun(false, func(ctx context.Context, cmd *cobra.Command, m *Main, id lake.Ident, _ Format) error {
			if olderThan == 0 {
				olderThan = m.Config.Lake.SnapshotMaxAge
			}
			r, err := m.Lake.Expire(ctx, id, lake.ExpireOptions{OlderThan: time.Now().Add(-olderThan), RetainLast: retain})
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%s: expired %d snapshots, deleted %d files\n", id, r.ExpiredSnapshots, r.DeletedFiles)
			return nil
		}),
	}
	cmd.Flags().DurationVar(&olderThan, "older-than", 0, "expire snapshots older than this `age` (default the lake's snapshot max age, 120h)")
	cmd.Flags().IntVar(&retain, "retain-last", 1, "always keep this many newest snapshots")
	return cmd
}

func newOrphansCommand() *cobra.Command {
	var olderThan time.Duration
	var dryRun bool
	cmd := &cobra.Command{
		Use:   "orphans NAMESPACE.TABLE",
		Short: "Delete files under a table that no snapshot references",
		Long: `Finds files under the table's location that no snapshot references (left by
crashed writers or expired snapshots) and deletes those older than --older-than.
Younger files are spared: a writer may be about to commit them.`,
		Example: "  tarn orphans fct.http_requests --dry-run",
		Args:    cobra.ExactArgs(1),
		RunE: tableRun(false, func(ctx context.Context, cmd *cobra.Command, m *Main, id lake.Ident, _ Format) error {
			r, err := m.Lake.RemoveOrphans(ctx, id, lake.OrphanOptions{OlderThan: olderThan, DryRun: dryRun})
			if err != nil {
				return err
			}
			for _, o := range r.Orphans {
				fmt.Fprintln(cmd.OutOrStdout(), o)
			}
			verb := "deleted"
			if dryRun {
				verb = "would delete"
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "%s: %d orphan files (%d bytes); %s %d\n", id, len(r.Orphans), r.TotalBytes, verb, max(r.Deleted, boolInt(dryRun)*len(r.Orphans)))
			return nil
		}),
	}
	cmd.Flags().DurationVar(&olderThan, "older-than", 72*time.Hour, "only files older than this `age`")
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "list orphans without deleting them")
	return cmd
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
