package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/governance"
	"github.com/tarn-data/tarn/governance/audit"
)

// govRun adapts a governance command: it opens Tarn, resolves who --as is
// (unknown identities are refused), runs fn as that principal, and closes.
func govRun(fn func(ctx context.Context, cmd *cobra.Command, m *Main, actor string, args []string) error) func(*cobra.Command, []string) error {
	return govRunEngine(false, fn)
}

// govRunEngine is govRun, with the engine started when withEngine is set
// (grants with row filters are checked by the engine's guard).
func govRunEngine(withEngine bool, fn func(ctx context.Context, cmd *cobra.Command, m *Main, actor string, args []string) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		ctx := cmd.Context()
		m, err := openMain(ctx, cmd, withEngine)
		if err != nil {
			return err
		}
		defer m.Close()
		p, err := m.People.Lookup(ctx, m.Config.As)
		if err != nil {
			return tarn.Wrap(err, tarn.EFORBIDDEN, "Use --as <name> with a person from the people directory ("+m.Config.People+").",
				"%s is not a known principal.", m.Config.As)
		}
		return fn(ctx, cmd, m, p.Name, args)
	}
}

func parseID(s, what string) (int64, error) {
	id, err := strconv.ParseInt(strings.TrimPrefix(s, "#"), 10, 64)
	if err != nil || id <= 0 {
		return 0, tarn.Errorf(tarn.EINVALID, "%q is not a %s number.", s, what)
	}
	return id, nil
}

func parseDays(s string) (time.Duration, error) {
	if s == "" {
		return 0, nil
	}
	if d, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(d)
		if err == nil && n > 0 {
			return time.Duration(n) * 24 * time.Hour, nil
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, tarn.Errorf(tarn.EINVALID, "%q is not a duration; write 30m, 8h or 7d.", s)
	}
	return d, nil
}

func newGrantCommand() *cobra.Command {
	var to, filter, forDur string
	cmd := &cobra.Command{
		Use:   "grant PRIVILEGE OBJECT --to user:NAME|group:NAME",
		Short: "Give select, unmask, approve or admin on a namespace, table or columns",
		Long: `Grants a privilege. PRIVILEGE is select, unmask (may flip the table's PII
redaction), approve (decides requests and reviews) or admin. OBJECT is a namespace
(fct), a table (fct.http_requests), some columns (fct.http_requests(ts,status)) or *.
Only admins, or holders of approve for select and unmask, may grant.`,
		Example: `  tarn grant select fct.billing_invoices --to group:billing --as dave
  tarn grant select dim.accounts --to user:erin --filter "region = 'europe'" --for 30d --as dave`,
		Args: cobra.ExactArgs(2),
		RunE: govRunEngine(true, func(ctx context.Context, cmd *cobra.Command, m *Main, actor string, args []string) error {
			obj, err := governance.ParseObject(args[1])
			if err != nil {
				return tarn.Wrap(err, tarn.EINVALID, "Write ns, ns.table or ns.table(col1,col2).", "%q is not an object.", args[1])
			}
			d, err := parseDays(forDur)
			if err != nil {
				return err
			}
			g := governance.Grant{Privilege: governance.Privilege(args[0]), Object: obj, Grantee: to, RowFilter: filter}
			if d > 0 {
				until := m.now().Add(d)
				g.Until = &until
			}
			g, err = m.Workflow.Grant(ctx, actor, g)
			if err := m.record(ctx, actor, audit.ActionGrant, fmt.Sprintf("%s on %s to %s", args[0], obj, to), err,
				map[string]string{"grant": fmt.Sprint(g.ID), "row_filter": filter}); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "grant %d: %s on %s to %s\n", g.ID, g.Privilege, g.Object, g.Grantee)
			return nil
		}),
	}
	cmd.Flags().StringVar(&to, "to", "", "grantee: user:NAME or group:NAME")
	cmd.Flags().StringVar(&filter, "filter", "", "row filter, a SQL predicate (select on a table only)")
	cmd.Flags().StringVar(&forDur, "for", "", "how long, e.g. 8h or 30d (default until revoked)")
	_ = cmd.MarkFlagRequired("to")
	return cmd
}

func newRevokeCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "revoke GRANT_ID",
		Short: "Revoke a grant",
		Args:  cobra.ExactArgs(1),
		RunE: govRun(func(ctx context.Context, cmd *cobra.Command, m *Main, actor string, args []string) error {
			id, err := parseID(args[0], "grant")
			if err != nil {
				return err
			}
			err = m.Workflow.Revoke(ctx, actor, id)
			if err := m.record(ctx, actor, audit.ActionRevoke, "grant "+args[0], err, nil); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "grant %d revoked\n", id)
			return nil
		}),
	}
}

func newGrantsCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "grants",
		Short: "List grants in force",
		Args:  cobra.NoArgs,
		RunE: govRun(func(ctx context.Context, cmd *cobra.Command, m *Main, actor string, args []string) error {
			f, err := FormatFromFlags(cmd.Flags())
			if err != nil {
				return err
			}
			now := m.now()
			gs, err := m.Gov.Grants(ctx, governance.GrantFilter{ActiveAt: &now})
			if err != nil {
				return err
			}
			var rows [][]string
			for _, g := range gs {
				until := ""
				if g.Until != nil {
					until = g.Until.Format(time.RFC3339)
				}
				rows = append(rows, []string{fmt.Sprint(g.ID), string(g.Privilege), g.Object.String(), g.Grantee, g.RowFilter, until, g.CreatedBy})
			}
			return WriteRows(cmd.OutOrStdout(), f, []string{"id", "privilege", "object", "grantee", "row_filter", "until", "by"}, rows)
		}),
	}
	AddFormatFlag(cmd.Flags())
	return cmd
}
