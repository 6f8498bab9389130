package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/tarn-data/tarn/engine"
	"github.com/tarn-data/tarn/lake"
)

func newTablesCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "tables [NAMESPACE]",
		Short: "List lake tables with their description, tags and size",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			f, err := FormatFromFlags(cmd.Flags())
			if err != nil {
				return err
			}
			m, err := openMain(ctx, cmd, false)
			if err != nil {
				return err
			}
			defer m.Close()
			ns := ""
			if len(args) == 1 {
				ns = args[0]
			}
			ids, err := m.Lake.Tables(ctx, ns)
			if err != nil {
				return err
			}
			var rows [][]string
			for _, id := range ids {
				t, err := m.Lake.Load(ctx, id)
				if err != nil {
					return err
				}
				note, err := m.Lake.Note(ctx, id)
				if err != nil {
					return err
				}
				records, files := "0", "0"
				if s := t.CurrentSnapshot(); s != nil && s.Summary != nil {
					records, files = s.Summary.Properties["total-records"], s.Summary.Properties["total-data-files"]
				}
				rows = append(rows, []string{id.String(), records, files, strings.Join(note.Tags, ","), note.Description})
			}
			return WriteRows(cmd.OutOrStdout(), f, []string{"table", "rows", "files", "tags", "description"}, rows)
		},
	}
	AddFormatFlag(cmd.Flags())
	return cmd
}

func newDescribeCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:     "describe NAMESPACE.TABLE",
		Short:   "Show a table's columns, types, descriptions and partitioning",
		Example: "  tarn describe fct.http_requests",
		Args:    cobra.ExactArgs(1),
		Long: `Shows the columns of a table that you may see: columns no review approved, or
that your grants do not cover, are left out; masked columns say so.`,
		RunE: tableRun(true, func(ctx context.Context, cmd *cobra.Command, m *Main, id lake.Ident, f Format) error {
			t, err := m.Lake.Load(ctx, id)
			if err != nil {
				return err
			}
			cols, err := m.Engine.Describe(ctx, engine.Caller{Principal: m.Config.As}, id)
			if err != nil {
				return err
			}
			note, err := m.Lake.Note(ctx, id)
			if err != nil {
				return err
			}
			byName := map[string]lake.ColumnNote{}
			for _, c := range note.Columns {
				byName[c.Name] = c
			}
			var rows [][]string
			for _, col := range cols {
				c := byName[col.Name]
				shown := "raw"
				if col.Masked {
					shown = "masked"
				}
				rows = append(rows, []string{col.Name, col.Type, c.PII, shown, c.Description})
			}
			if f == FormatTable {
				w := cmd.OutOrStdout()
				fmt.Fprintf(w, "%s — %s\n", id, note.Description)
				if len(note.Tags) > 0 || note.Owner != "" {
					fmt.Fprintf(w, "tags: %s   owner: %s\n", strings.Join(note.Tags, ", "), note.Owner)
				}
				if spec := t.Spec(); spec.NumFields() > 0 {
					fmt.Fprintf(w, "partitioned by: %s\n", spec.String())
				}
				fmt.Fprintln(w)
			}
			return WriteRows(cmd.OutOrStdout(), f, []string{"column", "type", "pii", "shown", "description"}, rows)
		}),
	}
	AddFormatFlag(cmd.Flags())
	return cmd
}

func newSnapshotsCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "snapshots NAMESPACE.TABLE",
		Short: "List a table's snapshots (versions), oldest first, for time travel",
		Long: `Lists every retained snapshot of a table. Query an old one with
  tarn sql "SELECT count(*) FROM ns.table AT (VERSION => <id>)"`,
		Args: cobra.ExactArgs(1),
		RunE: tableRun(false, func(ctx context.Context, cmd *cobra.Command, m *Main, id lake.Ident, f Format) error {
			snaps, err := m.Lake.Snapshots(ctx, id)
			if err != nil {
				return err
			}
			var rows [][]string
			for _, s := range snaps {
				cur := ""
				if s.Current {
					cur = "*"
				}
				rows = append(rows, []string{strconv.FormatInt(s.ID, 10), s.Timestamp.Format(time.RFC3339), s.Operation,
					s.Summary["added-records"], s.Summary["deleted-records"], s.Summary["total-records"], cur})
			}
			return WriteRows(cmd.OutOrStdout(), f, []string{"snapshot", "committed_at", "operation", "added", "deleted", "total_rows", "current"}, rows)
		}),
	}
	AddFormatFlag(cmd.Flags())
	return cmd
}
