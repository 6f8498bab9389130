package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/lake/transform"
)

func newJobsCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "jobs",
		Short: "Transformation jobs: SQL files that build tables (plan, run, status)",
		Long: `A job is a SQL file with YAML front matter in the jobs folder (jobs.dir, default
<data>/jobs): the table it builds, how (full_replace, incremental_append with a
cursor, merge on keys, rollup into time buckets, or maintenance of a table), the
jobs it depends on, a cron schedule and the owner its SQL runs as through
governance. A job with a source instead of SQL loads a Postgres table or query,
a Kafka topic, or CSV, Parquet and JSON lines files. 'tarn serve' runs them on
their schedules (and keeps jobs with follow: true running); see the README.`,
	}
	cmd.AddCommand(newJobsPlanCommand(), newJobsRunCommand(), newJobsStatusCommand())
	return cmd
}

func addJobsDir(cmd *cobra.Command) {
	cmd.Flags().String("dir", "", "the jobs `folder` (default jobs.dir, <data>/jobs)")
}

// openJobs opens Tarn with its engine and the jobs of --dir (or jobs.dir);
// the folder must hold jobs.
func openJobs(ctx context.Context, cmd *cobra.Command) (*Main, error) {
	m, err := openMain(ctx, cmd, true)
	if err != nil {
		return nil, err
	}
	dir := m.Config.Jobs.Dir
	if d, _ := cmd.Flags().GetString("dir"); d != "" {
		dir = d
	}
	if err := m.OpenJobs(ctx, dir); err != nil {
		m.Close()
		return nil, err
	}
	if m.jobs.dag == nil {
		m.Close()
		return nil, tarn.Wrap(fmt.Errorf("%w: %s does not exist", transform.ErrInvalidJob, dir), tarn.ENOTFOUND,
			"Write jobs as NAME.sql there, point --dir (or jobs.dir) at your folder, or run `tarn demo` for the demo's jobs.",
			"There is no jobs folder at %s.", dir)
	}
	return m, nil
}

func newJobsPlanCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:     "plan",
		Short:   "Show the jobs in the order they run, with schedules and dependencies",
		Example: "  tarn jobs plan\n  tarn jobs plan --dir ./jobs --format json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			f, err := FormatFromFlags(cmd.Flags())
			if err != nil {
				return err
			}
			m, err := openJobs(ctx, cmd)
			if err != nil {
				return err
			}
			defer m.Close()
			now := time.Now().UTC()
			var rows [][]string
			for i, j := range m.jobs.dag.Order() {
				next, sched := "", j.Schedule
				switch {
				case j.Cron != nil:
					next = j.Next(now).Format("2006-01-02 15:04")
				case j.Source != nil && j.Source.Follow:
					sched = "(follows)"
				default:
					sched = "(manual)"
				}
				rows = append(rows, []string{strconv.Itoa(i + 1), j.Name, j.Target.String(), string(j.Materialization), reads(j),
					sched, next, strings.Join(j.Needs, ", "), j.Owner})
			}
			return WriteRows(cmd.OutOrStdout(), f, []string{"#", "job", "target", "materialization", "reads", "schedule", "next_utc", "needs", "owner"}, rows)
		},
	}
	addJobsDir(cmd)
	AddFormatFlag(cmd.Flags())
	return cmd
}

// reads says what a job reads: its source's kind, or the tables its SQL
// reads.
func reads(j *transform.Job) string {
	if j.Source != nil {
		return j.Source.Kind
	}
	names := make([]string, len(j.Sources))
	for i, s := range j.Sources {
		names[i] = s.String()
	}
	return strings.Join(names, ", ")
}

func newJobsRunCommand() *cobra.Command {
	var full bool
	cmd := &cobra.Command{
		Use:   "run [JOB ...]",
		Short: "Run jobs now: the ones named and the jobs they need, or all, in order",
		Long: `Runs the named jobs, and first every job they need, in dependency order; with
no names, every job. Each runs exactly once through governance as its owner: a
run that fails or is interrupted leaves its table as it was, and running it
again picks up where the last commit left off. A job whose upstream job failed
is skipped. --full rebuilds rollups and reruns jobs whose sources did not change.`,
		Example: "  tarn jobs run\n  tarn jobs run traffic_daily\n  tarn jobs run --full traffic_daily",
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			m, err := openJobs(ctx, cmd)
			if err != nil {
				return err
			}
			defer m.Close()
			list := m.jobs.dag.Order()
			if len(args) > 0 {
				if list, err = m.jobs.dag.Closure(args...); err != nil {
					return err
				}
			}
			return runJobs(ctx, cmd.OutOrStdout(), m.jobs.runner, list, transform.RunOptions{Trigger: "cli", Full: full})
		},
	}
	addJobsDir(cmd)
	cmd.Flags().BoolVar(&full, "full", false, "rebuild rollups whole and run jobs even when their sources did not change")
	return cmd
}

// runJobs runs list in order, printing a line per job; jobs whose upstream
// failed are skipped. It returns an error when any job failed.
func runJobs(ctx context.Context, w io.Writer, r transform.JobRunner, list []*transform.Job, o transform.RunOptions) error {
	failed := map[string]bool{}
	var errs []string
	for i, j := range list {
		fmt.Fprintf(w, "[%d/%d] %s → %s (%s): ", i+1, len(list), j.Name, j.Target, j.Materialization)
		if up := firstFailed(j, failed); up != "" {
			failed[j.Name] = true
			fmt.Fprintf(w, "skipped: %s failed\n", up)
			continue
		}
		start := time.Now()
		run, err := r.Run(ctx, j, o)
		took := time.Since(start).Round(10 * time.Millisecond)
		switch {
		case err != nil:
			failed[j.Name] = true
			errs = append(errs, j.Name)
			fmt.Fprintf(w, "failed after %s: %s\n", took, tarn.ErrorMessage(err))
		case run.Status == transform.StatusUpToDate:
			fmt.Fprintf(w, "up to date (%s)\n", took)
		case j.Materialization == transform.Maintenance:
			fmt.Fprintf(w, "done in %s\n", took)
		default:
			fmt.Fprintf(w, "%s rows in %s (snapshot %d)\n", humanCount(float64(run.Rows)), took, run.SnapshotID)
		}
		if ctx.Err() != nil {
			return tarn.Wrap(ctx.Err(), tarn.ETIMEOUT, "Run them again: each picks up where its last commit left off.", "Interrupted.")
		}
	}
	if len(errs) > 0 {
		return tarn.Errorf(tarn.EINVALID, "%d of %d jobs failed: %s. `tarn jobs status` shows their runs.", len(errs), len(list), strings.Join(errs, ", "))
	}
	return nil
}

func firstFailed(j *transform.Job, failed map[string]bool) string {
	for _, n := range j.Needs {
		if failed[n] {
			return n
		}
	}
	return ""
}

func newJobsStatusCommand() *cobra.Command {
	var limit int
	cmd := &cobra.Command{
		Use:     "status [JOB]",
		Short:   "Show the history of job runs, newest first",
		Example: "  tarn jobs status\n  tarn jobs status traffic_daily --limit 5",
		Args:    cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			f, err := FormatFromFlags(cmd.Flags())
			if err != nil {
				return err
			}
			m, err := openMain(ctx, cmd, true)
			if err != nil {
				return err
			}
			defer m.Close()
			if err := m.OpenJobs(ctx, ""); err != nil {
				return err
			}
			flt := transform.RunFilter{Limit: limit}
			if len(args) == 1 {
				flt.Job = args[0]
			}
			runs, err := m.jobs.runs.Runs(ctx, flt)
			if err != nil {
				return err
			}
			var rows [][]string
			newer := map[string]bool{} // jobs with a newer run than the one at hand
			for _, r := range runs {
				took, status := "", r.Status
				if status == transform.StatusRunning && newer[r.Job] {
					status = "interrupted" // its process died: a later run started
				}
				newer[r.Job] = true
				if !r.Ended.IsZero() {
					took = r.Ended.Sub(r.Started).Round(10 * time.Millisecond).String()
				}
				msg := r.Error
				if i := strings.IndexByte(msg, '\n'); i >= 0 {
					msg = msg[:i]
				}
				rows = append(rows, []string{strconv.FormatInt(r.ID, 10), r.Job, r.Target, status, r.Trigger,
					r.Started.Format("2006-01-02 15:04:05"), took, strconv.FormatInt(r.Rows, 10), strconv.FormatInt(r.SnapshotID, 10), r.Position, msg})
			}
			return WriteRows(cmd.OutOrStdout(), f, []string{"run", "job", "target", "status", "trigger", "started_utc", "took", "rows", "snapshot", "watermark", "error"}, rows)
		},
	}
	cmd.Flags().IntVar(&limit, "limit", 20, "most `runs` to show")
	AddFormatFlag(cmd.Flags())
	return cmd
}
