package main

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/governance"
	"github.com/tarn-data/tarn/governance/audit"
	"github.com/tarn-data/tarn/lake"
)

func newRequestCommand() *cobra.Command {
	var why, forDur string
	cmd := &cobra.Command{
		Use:   "request PRIVILEGE OBJECT --why REASON",
		Short: "Ask for access; a holder of approve on the object decides",
		Example: `  tarn request select fct.billing_invoices --why "quarterly revenue review" --as alice
  tarn request unmask fct.security_events --for 7d --why "incident 42" --as carol`,
		Args: cobra.ExactArgs(2),
		RunE: govRun(func(ctx context.Context, cmd *cobra.Command, m *Main, actor string, args []string) error {
			obj, err := governance.ParseObject(args[1])
			if err != nil {
				return tarn.Wrap(err, tarn.EINVALID, "Write ns, ns.table or ns.table(col1,col2).", "%q is not an object.", args[1])
			}
			d, err := parseDays(forDur)
			if err != nil {
				return err
			}
			r, err := m.Workflow.RequestAccess(ctx, actor, governance.Privilege(args[0]), obj, why, d)
			if err := m.record(ctx, actor, audit.ActionRequest, fmt.Sprintf("%s on %s", args[0], obj), err,
				map[string]string{"request": fmt.Sprint(r.ID), "why": why}); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "request %d is pending: %s on %s for %s (expires %s unless decided)\n",
				r.ID, r.Privilege, r.Object, r.Duration, r.ExpiresAt.Format(time.RFC3339))
			return nil
		}),
	}
	cmd.Flags().StringVar(&why, "why", "", "justification (required)")
	cmd.Flags().StringVar(&forDur, "for", "", "how long the access should last, e.g. 7d (default 7d, at most 90d)")
	return cmd
}

func newRequestsCommand() *cobra.Command {
	var state string
	cmd := &cobra.Command{
		Use:   "requests",
		Short: "List access requests",
		Args:  cobra.NoArgs,
		RunE: govRun(func(ctx context.Context, cmd *cobra.Command, m *Main, actor string, args []string) error {
			f, err := FormatFromFlags(cmd.Flags())
			if err != nil {
				return err
			}
			rs, err := m.Workflow.Requests(ctx, governance.RequestFilter{State: governance.RequestState(state)})
			if err != nil {
				return err
			}
			var rows [][]string
			for _, r := range rs {
				rows = append(rows, []string{fmt.Sprint(r.ID), r.Requester, string(r.Privilege), r.Object.String(), string(r.State), r.Justification, r.DecidedBy})
			}
			return WriteRows(cmd.OutOrStdout(), f, []string{"id", "requester", "privilege", "object", "state", "why", "decided_by"}, rows)
		}),
	}
	cmd.Flags().StringVar(&state, "state", "", "only requests in this state: pending, approved, denied, expired, cancelled")
	AddFormatFlag(cmd.Flags())
	return cmd
}

// newDecideCommand builds approve, deny and cancel.
func newDecideCommand(verb string) *cobra.Command {
	var reason string
	cmd := &cobra.Command{
		Use:   verb + " REQUEST_ID",
		Short: map[string]string{"approve": "Approve a pending request: creates a time-bound grant", "deny": "Deny a pending request", "cancel": "Cancel your own pending request"}[verb],
		Args:  cobra.ExactArgs(1),
		RunE: govRun(func(ctx context.Context, cmd *cobra.Command, m *Main, actor string, args []string) error {
			id, err := parseID(args[0], "request")
			if err != nil {
				return err
			}
			var r governance.Request
			var g governance.Grant
			switch verb {
			case "approve":
				r, g, err = m.Workflow.Approve(ctx, actor, id, reason)
			case "deny":
				r, err = m.Workflow.Deny(ctx, actor, id, reason)
			default:
				r, err = m.Workflow.Cancel(ctx, actor, id)
			}
			if err := m.record(ctx, actor, verb, "request "+args[0], err, map[string]string{"reason": reason, "grant": fmt.Sprint(g.ID)}); err != nil {
				return err
			}
			out := fmt.Sprintf("request %d is %s", r.ID, r.State)
			if g.ID != 0 {
				out += fmt.Sprintf(": grant %d, %s on %s to %s", g.ID, g.Privilege, g.Object, g.Grantee)
				if g.Until != nil {
					out += " until " + g.Until.Format(time.RFC3339)
				}
			}
			fmt.Fprintln(cmd.OutOrStdout(), out)
			return nil
		}),
	}
	if verb != "cancel" {
		cmd.Flags().StringVar(&reason, "reason", "", "a note for the requester and the audit log")
	}
	return cmd
}

func newReviewCommand() *cobra.Command {
	var columns, pii, note string
	var all, deny bool
	cmd := &cobra.Command{
		Use:   "review NAMESPACE.TABLE (--all | --columns a,b) [--pii col=tag,…] | --deny",
		Short: "Approve a table and its columns (and their PII tags), or deny it",
		Long: `A new table is closed: listed by name, not queryable. A review by a holder of
approve on it opens it, and only the approved columns exist for queries. --pii
sets or overrides a column's PII tag (email, phone, ip, person_name, credit_card,
secret, free_text, user_id, iban, ssn, mac_address, geo, street_address); with --all,
the lake's annotations and Skimmer's findings (tarn scan) give the defaults.`,
		Example: `  tarn review raw.support_tickets --columns ticket_id,created_at,channel,priority,status --as dave
  tarn review raw.support_tickets --all --pii body=free_text --as dave`,
		Args: cobra.ExactArgs(1),
		RunE: govRun(func(ctx context.Context, cmd *cobra.Command, m *Main, actor string, args []string) error {
			ns, table, ok := strings.Cut(args[0], ".")
			if !ok {
				return tarn.Errorf(tarn.EINVALID, "Name the table as namespace.table.")
			}
			r := governance.Review{Namespace: ns, Table: table, Approved: !deny, PII: map[string]string{}, Note: note}
			if !deny {
				if all {
					id, err := lake.ParseIdent(args[0])
					if err != nil {
						return err
					}
					t, err := m.Lake.Load(ctx, id)
					if err != nil {
						return err
					}
					for _, f := range t.Schema().Fields() {
						r.Columns = append(r.Columns, f.Name)
					}
					for c, tag := range m.piiTags(ctx, id) {
						r.PII[c] = tag
					}
				} else if columns != "" {
					r.Columns = strings.Split(columns, ",")
					found := m.piiTags(ctx, lake.Ident{Namespace: ns, Name: table})
					for _, c := range r.Columns {
						if tag := found[strings.TrimSpace(c)]; tag != "" {
							r.PII[strings.TrimSpace(c)] = tag
						}
					}
				} else {
					return tarn.Errorf(tarn.EINVALID, "Say which columns to approve (--columns a,b or --all), or --deny.")
				}
				for _, kv := range strings.Split(pii, ",") {
					if c, tag, ok := strings.Cut(strings.TrimSpace(kv), "="); ok {
						r.PII[c] = tag
					}
				}
			}
			err := m.Workflow.Review(ctx, actor, r)
			if err := m.record(ctx, actor, audit.ActionReview, args[0], err,
				map[string]string{"approved": fmt.Sprint(r.Approved), "columns": strings.Join(r.Columns, ",")}); err != nil {
				return err
			}
			if deny {
				fmt.Fprintf(cmd.OutOrStdout(), "%s: review denied; the table stays closed\n", args[0])
			} else {
				fmt.Fprintf(cmd.OutOrStdout(), "%s: reviewed, %d columns approved\n", args[0], len(r.Columns))
				var tagged []string
				for _, c := range slices.Sorted(maps.Keys(r.PII)) {
					if r.PII[c] != "" {
						tagged = append(tagged, c+"="+r.PII[c])
					}
				}
				if len(tagged) > 0 {
					fmt.Fprintf(cmd.OutOrStdout(), "masked as PII: %s\n", strings.Join(tagged, ", "))
				}
			}
			return nil
		}),
	}
	cmd.Flags().StringVar(&columns, "columns", "", "comma-separated columns to approve")
	cmd.Flags().BoolVar(&all, "all", false, "approve every column")
	cmd.Flags().StringVar(&pii, "pii", "", "PII tags: col=tag,col=tag")
	cmd.Flags().BoolVar(&deny, "deny", false, "deny the table")
	cmd.Flags().StringVar(&note, "note", "", "a note for the audit log")
	return cmd
}
