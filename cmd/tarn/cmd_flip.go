package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/governance"
	"github.com/tarn-data/tarn/governance/audit"
)

func newFlipCommand() *cobra.Command {
	var why, forDur string
	cmd := &cobra.Command{
		Use:   "flip NAMESPACE.TABLE --why REASON",
		Short: "Lift PII redaction on a table for a while (a session flip)",
		Long: `Asks to see raw PII in one table for a while (at most 60 minutes), with a
justification. Holders of unmask on the table start it at once; every query under
it is audited with the justification. It ends by itself; 'tarn flip end' ends it early.`,
		Example: `  tarn flip fct.security_events --why "incident 42: which IPs" --for 30m --as carol
  tarn flip end 3 --as carol
  tarn flip list --as carol`,
		Args: cobra.ExactArgs(1),
		RunE: govRun(func(ctx context.Context, cmd *cobra.Command, m *Main, actor string, args []string) error {
			ns, table, ok := strings.Cut(args[0], ".")
			if !ok {
				return tarn.Errorf(tarn.EINVALID, "Name the table as namespace.table.")
			}
			d, err := parseDays(forDur)
			if err != nil {
				return err
			}
			f, err := m.Workflow.RequestFlip(ctx, actor, ns, table, why, d)
			if err := m.record(ctx, actor, audit.ActionFlip, args[0], err, map[string]string{"flip": fmt.Sprint(f.ID), "why": why}); err != nil {
				return err
			}
			if f.State == governance.FlipActive {
				fmt.Fprintf(cmd.OutOrStdout(), "flip %d: raw values of %s for you until %s\n", f.ID, args[0], f.ExpiresAt.Format(time.RFC3339))
			} else {
				fmt.Fprintf(cmd.OutOrStdout(), "flip %d is %s: an approver must approve it ('tarn flip approve %d')\n", f.ID, f.State, f.ID)
			}
			return nil
		}),
	}
	cmd.Flags().StringVar(&why, "why", "", "justification (required; recorded with every query)")
	cmd.Flags().StringVar(&forDur, "for", "", "how long, e.g. 30m (default and most 60m)")
	for _, verb := range []string{"end", "approve"} {
		verb := verb
		cmd.AddCommand(&cobra.Command{
			Use:   verb + " FLIP_ID",
			Short: map[string]string{"end": "End a flip early", "approve": "Approve a pending flip"}[verb],
			Args:  cobra.ExactArgs(1),
			RunE: govRun(func(ctx context.Context, cmd *cobra.Command, m *Main, actor string, args []string) error {
				id, err := parseID(args[0], "flip")
				if err != nil {
					return err
				}
				var f governance.Flip
				if verb == "end" {
					f, err = m.Workflow.EndFlip(ctx, actor, id)
				} else {
					f, err = m.Workflow.ApproveFlip(ctx, actor, id)
				}
				if err := m.record(ctx, actor, "flip_"+verb, "flip "+args[0], err, nil); err != nil {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "flip %d is %s\n", f.ID, f.State)
				return nil
			}),
		})
	}
	list := &cobra.Command{
		Use:   "list",
		Short: "List your active flips",
		Args:  cobra.NoArgs,
		RunE: govRun(func(ctx context.Context, cmd *cobra.Command, m *Main, actor string, args []string) error {
			f, err := FormatFromFlags(cmd.Flags())
			if err != nil {
				return err
			}
			fs, err := m.Workflow.ActiveFlips(ctx, actor)
			if err != nil {
				return err
			}
			var rows [][]string
			for _, f := range fs {
				rows = append(rows, []string{fmt.Sprint(f.ID), f.Namespace + "." + f.Table, f.State, f.ExpiresAt.Format(time.RFC3339), f.Justification})
			}
			return WriteRows(cmd.OutOrStdout(), f, []string{"id", "table", "state", "until", "why"}, rows)
		}),
	}
	AddFormatFlag(list.Flags())
	cmd.AddCommand(list)
	return cmd
}

func newAuditCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "audit",
		Short: "Read and verify the hash-chained audit log",
	}
	var n int
	tail := &cobra.Command{
		Use:   "tail",
		Short: "Show the newest audit entries",
		Args:  cobra.NoArgs,
		RunE: auditRun(func(ctx context.Context, cmd *cobra.Command, m *Main) error {
			f, err := FormatFromFlags(cmd.Flags())
			if err != nil {
				return err
			}
			es, err := m.Audit.Tail(ctx, n)
			if err != nil {
				return err
			}
			var rows [][]string
			for _, e := range es {
				ok := "allowed"
				if !e.Allowed {
					ok = "refused"
				}
				what := e.Object
				if e.SQL != "" {
					what = strings.Join(strings.Fields(e.SQL), " ")
				}
				rows = append(rows, []string{fmt.Sprint(e.Seq), e.Time.Format(time.RFC3339), e.Actor, e.Action, ok, what, fmt.Sprint(e.Rows), strings.Join(e.Masked, ","), e.Reason})
			}
			return WriteRows(cmd.OutOrStdout(), f, []string{"seq", "time", "actor", "action", "result", "what", "rows", "masked", "reason"}, rows)
		}),
	}
	tail.Flags().IntVarP(&n, "n", "n", 20, "how many entries")
	AddFormatFlag(tail.Flags())
	var from int64
	export := &cobra.Command{
		Use:   "export",
		Short: "Write the audit log as JSON lines, oldest first",
		Args:  cobra.NoArgs,
		RunE: auditRun(func(ctx context.Context, cmd *cobra.Command, m *Main) error {
			return m.Audit.Export(ctx, cmd.OutOrStdout(), from)
		}),
	}
	export.Flags().Int64Var(&from, "from", 1, "first sequence number")
	verify := &cobra.Command{
		Use:   "verify",
		Short: "Check that no audit entry was changed, removed or inserted",
		Args:  cobra.NoArgs,
		RunE: auditRun(func(ctx context.Context, cmd *cobra.Command, m *Main) error {
			r, err := m.Audit.Verify(ctx)
			if err != nil {
				return err
			}
			for _, p := range r.Problems {
				fmt.Fprintf(cmd.OutOrStdout(), "entry %d: %s — %s\n", p.Seq, p.Kind, p.Detail)
			}
			if r.OK {
				fmt.Fprintf(cmd.OutOrStdout(), "audit log intact: %d entries, every hash chains to the one before\n", r.Entries)
				return nil
			}
			return r.Err()
		}),
	}
	cmd.AddCommand(tail, export, verify)
	return cmd
}

// auditRun runs an audit command for a principal who holds approve
// (or admin) everywhere: the audit log holds everyone's queries.
func auditRun(fn func(ctx context.Context, cmd *cobra.Command, m *Main) error) func(*cobra.Command, []string) error {
	return govRun(func(ctx context.Context, cmd *cobra.Command, m *Main, actor string, _ []string) error {
		ok, err := m.Workflow.HoldsPrivilege(ctx, actor, governance.Approve, "*", "")
		if err != nil {
			return err
		}
		if !ok {
			err := tarn.Wrap(governance.ErrNotGranted, tarn.EFORBIDDEN, "Ask the governance group.",
				"Reading the audit log needs approve on everything (*); %s does not hold it.", actor)
			return m.record(ctx, actor, "audit_read", "audit log", err, nil)
		}
		return fn(ctx, cmd, m)
	})
}
