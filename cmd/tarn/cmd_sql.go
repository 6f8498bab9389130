package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/tarn-data/tarn/charts"

	"github.com/spf13/cobra"
	"github.com/tarn-data/tarn/engine"
)

func newSQLCommand() *cobra.Command {
	var explain bool
	var chartFile, chartTitle, chartKind, chartTheme string
	cmd := &cobra.Command{
		Use:   "sql QUERY",
		Short: "Run one read-only SQL query over lake tables",
		Long: `Runs one SELECT over lake tables named namespace.table, through the SQL guard and
Iceberg scan planning, and prints the result.

Time travel: FROM fct.http_requests AT (VERSION => <snapshot id>)
             FROM fct.http_requests AT (TIMESTAMP => TIMESTAMP '2026-11-01 00:00:00')
Only read-only queries pass: no DDL or DML, no table functions such as
read_csv, no ATTACH, COPY, PRAGMA or SET.`,
		Example: `  tarn sql "SELECT plan, count(*) FROM dim.accounts GROUP BY plan"
  tarn sql --format csv "SELECT * FROM dim.zones LIMIT 10" > zones.csv`,
		Args: cobra.ExactArgs(1),
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
			res, err := m.Engine.Query(ctx, engine.Request{SQL: args[0], Caller: engine.Caller{Principal: m.Config.As}})
			if err != nil {
				return err
			}
			rdr := array.RecordReader(res.Reader)
			var recs []arrow.RecordBatch
			if chartFile != "" {
				// Keep the rows to chart them after printing.
				if recs, err = collect(res.Reader); err != nil {
					return errors.Join(err, res.Close())
				}
				defer func() {
					for _, r := range recs {
						r.Release()
					}
				}()
				if rdr, err = readerOf(res.Schema(), recs); err != nil {
					return errors.Join(err, res.Close())
				}
				defer rdr.Release()
			}
			_, _, werr := WriteRecords(cmd.OutOrStdout(), f, rdr, 0)
			if err := errors.Join(werr, res.Close()); err != nil {
				return err
			}
			if chartFile != "" {
				title := chartTitle
				if title == "" {
					title = strings.Join(strings.Fields(args[0]), " ")
				}
				c, err := writeChart(chartFile, res.Schema(), recs, charts.Hint{Title: title, Kind: chartKind, Theme: chartTheme})
				if err != nil {
					return err
				}
				fmt.Fprintf(cmd.ErrOrStderr(), "wrote a %s chart to %s", c.Kind, chartFile)
				if c.Note != "" {
					fmt.Fprintf(cmd.ErrOrStderr(), " (%s)", c.Note)
				}
				fmt.Fprintln(cmd.ErrOrStderr())
			}
			if res.Truncated() {
				fmt.Fprintf(cmd.ErrOrStderr(), "(result cut at the row limit; raise --max-rows or add LIMIT)\n")
			}
			if explain {
				for _, s := range res.Scans {
					fmt.Fprintf(cmd.ErrOrStderr(), "scan %s snapshot %d: %d of %d data files", s.Table, s.SnapshotID, s.FilesRead, s.FilesTotal)
					if s.Pruning != "" {
						fmt.Fprintf(cmd.ErrOrStderr(), " (pruned by %s)", s.Pruning)
					}
					fmt.Fprintln(cmd.ErrOrStderr())
				}
			}
			return nil
		},
	}
	AddFormatFlag(cmd.Flags())
	AddEngineFlags(cmd.Flags())
	cmd.Flags().StringVar(&chartFile, "chart", "", "also draw the result as a chart into `file` (.png for chat, .html to open in a browser)")
	cmd.Flags().StringVar(&chartTitle, "chart-title", "", "the chart's title (default the query)")
	cmd.Flags().StringVar(&chartKind, "chart-kind", "", "force a kind: line, area, bar, donut, scatter, number, table")
	cmd.Flags().StringVar(&chartTheme, "theme", "light", "chart theme: light or dark")
	cmd.Flags().BoolVar(&explain, "explain", false, "also print, on stderr, which snapshot and how many data files each table reference read")
	return cmd
}
