package main

import (
	"context"
	"fmt"
	"io"

	"github.com/tarn-data/tarn/lake"
)

// benchScan times Skimmer: a full classification of fct.http_requests from
// scratch (sampling, every column's detectors, the person-key check, the
// report kept), a rescan when nothing changed, and a first scan of the
// whole lake. Medians of runs, after one warm-up.
func benchScan(ctx context.Context, m *Main, runs int, out io.Writer) error {
	m.Config.Skimmer.PersonKeys = demoPersonKeys
	if err := m.OpenSkimmer(); err != nil {
		return err
	}
	id := lake.MustIdent("fct.http_requests")
	var rows int64
	if t, err := m.Lake.Load(ctx, id); err == nil && t.CurrentSnapshot() != nil {
		fmt.Sscan(t.CurrentSnapshot().Summary.Properties["total-records"], &rows)
	}
	full := func() (int64, error) {
		if err := m.Findings.Delete(ctx, id); err != nil {
			return 0, err
		}
		r, err := m.Skimmer.Scan(ctx, id)
		return int64(r.Rows), err
	}
	dFull, sampled, err := timeIt(runs, full)
	if err != nil {
		return err
	}
	dSame, _, err := timeIt(runs, func() (int64, error) {
		r, err := m.Skimmer.Scan(ctx, id)
		return int64(r.Rows), err
	})
	if err != nil {
		return err
	}
	ids, err := m.Skimmer.Tables(ctx)
	if err != nil {
		return err
	}
	dLake, _, err := timeIt(runs, func() (int64, error) {
		for _, t := range ids {
			if err := m.Findings.Delete(ctx, t); err != nil {
				return 0, err
			}
		}
		rs, err := m.Skimmer.ScanAll(ctx, nil)
		return int64(len(rs)), err
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "\nSkimmer (sample %d rows per table, median of %d runs)\n\n", m.Config.Skimmer.Rows, runs)
	fmt.Fprintf(out, "  %-66s %9s ms\n", fmt.Sprintf("full classification of fct.http_requests (%s rows, %d sampled)", humanCount(float64(rows)), sampled), ms(dFull))
	fmt.Fprintf(out, "  %-66s %9s ms\n", "rescan of fct.http_requests with no new snapshot", ms(dSame))
	fmt.Fprintf(out, "  %-66s %9s ms\n", fmt.Sprintf("first scan of the whole lake (%d tables)", len(ids)), ms(dLake))
	return nil
}
