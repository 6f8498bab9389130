package main

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/tarn-data/tarn/governance/skimmer"
	"github.com/tarn-data/tarn/lake"
)

func newScanCommand() *cobra.Command {
	var rows int
	cmd := &cobra.Command{
		Use:   "scan [NAMESPACE.TABLE ...]",
		Short: "Find PII in tables from samples of their rows (Skimmer)",
		Long: `Samples the rows of each table (every table without arguments) — only data added
since the table's last scan — and classifies each column: email, phone, ip,
credit_card, iban, ssn, secret, person_name, street_address, mac_address, geo,
user_id (an ID that joins to a person key), or free_text holding any of them.
Prints, per flagged column, the kind, the confidence and the evidence: which
detector matched what share of the sampled values. Values are never printed.

The findings are kept; a review (tarn review --all, or Approve in chat) starts
from them, and masks follow the tags the reviewer accepts. 'tarn serve' scans
new snapshots by itself.`,
		Example: `  tarn scan raw.support_tickets
  tarn scan --rows 5000 --format json`,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			f, err := FormatFromFlags(cmd.Flags())
			if err != nil {
				return err
			}
			var ids []lake.Ident
			for _, a := range args {
				id, err := lake.ParseIdent(a)
				if err != nil {
					return err
				}
				ids = append(ids, id)
			}
			m, err := openMain(ctx, cmd, true)
			if err != nil {
				return err
			}
			defer m.Close()
			if rows > 0 {
				m.Config.Skimmer.Rows = rows
			}
			if err := m.OpenSkimmer(); err != nil {
				return err
			}
			start := time.Now()
			var reports []skimmer.Report
			if len(ids) == 0 {
				var bar *Progress
				var once sync.Once
				reports, err = m.Skimmer.ScanAll(ctx, func(done, total int, _ string) {
					once.Do(func() { bar = NewProgress(cmd.ErrOrStderr(), "scanning tables", int64(total)) })
					if done > 0 {
						bar.Add(1)
					}
				})
				if bar != nil {
					bar.Done()
				}
			} else {
				for _, id := range ids {
					r, serr := m.Skimmer.Scan(ctx, id)
					if serr != nil {
						return serr
					}
					reports = append(reports, r)
				}
			}
			if err != nil && len(reports) == 0 {
				return err
			}
			var out [][]string
			for _, r := range reports {
				for _, c := range r.Flagged() {
					out = append(out, []string{r.Table, c.Column, c.Tag, fmt.Sprintf("%.2f", c.Confidence), evidence(c)})
				}
			}
			if werr := WriteRows(cmd.OutOrStdout(), f, []string{"table", "column", "kind", "confidence", "evidence"}, out); werr != nil {
				return werr
			}
			var sampled int64
			for _, r := range reports {
				sampled += int64(r.Rows)
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "%d tables scanned (%d rows sampled) in %s; %d columns hold PII\n",
				len(reports), sampled, time.Since(start).Round(time.Millisecond), len(out))
			return err
		},
	}
	cmd.Flags().IntVar(&rows, "rows", 0, "rows to sample per table (default skimmer.rows, 1000)")
	AddFormatFlag(cmd.Flags())
	AddEngineFlags(cmd.Flags())
	return cmd
}

// evidence is a classification's evidence in a few words, without values.
func evidence(c skimmer.Classification) string {
	var parts []string
	for _, e := range c.Evidence {
		if e.Sampled > 0 {
			parts = append(parts, fmt.Sprintf("%s %d/%d", e.Detector, e.Matched, e.Sampled))
		} else {
			parts = append(parts, e.Detector)
		}
	}
	for _, kind := range slices.Sorted(maps.Keys(c.Inside)) {
		parts = append(parts, fmt.Sprintf("%s inside %d", kind, c.Inside[kind]))
	}
	return strings.Join(parts, "; ")
}
