package main

import (
	"context"
	"database/sql/driver"
	"fmt"
	"regexp"
	"strings"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/duckdb/duckdb-go/v2"
	"github.com/tarn-data/tarn/engine"
	"github.com/tarn-data/tarn/lake"
)

// peer is a DuckDB connection that reads the lake's files without Tarn:
// the yardstick the benchmark compares Tarn's full path with.
type peer struct {
	conn     *duckdb.Connector
	dc       driver.Conn
	ar       engine.ArrowQuerier
	releases []func() // of the local copies its views read
}

// newPeer opens a plain in-process DuckDB with the engine's thread and
// memory settings.
func newPeer(ctx context.Context, threads int, memLimit string) (*peer, error) {
	c, err := duckdb.NewConnector("", nil)
	if err != nil {
		return nil, err
	}
	dc, err := c.Connect(ctx)
	if err != nil {
		c.Close()
		return nil, err
	}
	p := &peer{conn: c, dc: dc}
	// The engine's settings that change speed, so both sides run alike.
	if err := p.exec(ctx, "SET parquet_metadata_cache = true"); err != nil {
		return nil, err
	}
	if threads > 0 {
		if err := p.exec(ctx, fmt.Sprintf("SET threads = %d", threads)); err != nil {
			return nil, err
		}
	}
	if memLimit != "" {
		if err := p.exec(ctx, fmt.Sprintf("SET memory_limit = '%s'", memLimit)); err != nil {
			return nil, err
		}
	}
	p.ar, err = engine.NewArrowQuerier(dc)
	return p, err
}

func (p *peer) exec(ctx context.Context, q string) error {
	_, err := p.dc.(driver.ExecerContext).ExecContext(ctx, q, nil)
	return err
}

func (p *peer) Close() {
	p.dc.Close()
	p.conn.Close()
	for _, r := range p.releases {
		r()
	}
}

// viewFiles creates namespace.table views over exactly the Parquet data
// files of each table's current snapshot: DuckDB reading the same files
// directly, with no Iceberg planning, guard or governance.
func (p *peer) viewFiles(ctx context.Context, l *lake.Lake, ids []lake.Ident) error {
	for _, id := range ids {
		plan, err := l.PlanScan(ctx, id, lake.AsOf{}, nil)
		if err != nil {
			return err
		}
		var refs []lake.FileRef
		for _, f := range plan.Files {
			if len(f.PositionDeletes)+len(f.EqualityDeletes) > 0 {
				return fmt.Errorf("%s has delete files; the direct peer cannot read it the same way", id)
			}
			refs = append(refs, f.Files()...)
		}
		// Local files: the warehouse's own, or copies in the read cache.
		local, release, err := l.Local(ctx, refs)
		if err != nil {
			return err
		}
		p.releases = append(p.releases, release)
		var files []string
		for _, f := range plan.Files {
			files = append(files, "'"+local[f.Location]+"'")
		}
		if err := p.exec(ctx, "CREATE SCHEMA IF NOT EXISTS "+id.Namespace); err != nil {
			return err
		}
		if err := p.exec(ctx, fmt.Sprintf("CREATE OR REPLACE VIEW %s AS SELECT * FROM read_parquet([%s])", id, strings.Join(files, ", "))); err != nil {
			return err
		}
	}
	return nil
}

// count runs q and counts its rows, reading every batch as Arrow.
func (p *peer) count(ctx context.Context, q string) (int64, error) {
	rdr, err := p.ar.QueryContext(ctx, q)
	if err != nil {
		return 0, err
	}
	defer rdr.Release()
	return drain(rdr)
}

func drain(rdr array.RecordReader) (int64, error) {
	var n int64
	for rdr.Next() {
		n += rdr.RecordBatch().NumRows()
	}
	return n, rdr.Err()
}

var tableRef = regexp.MustCompile(`\b(dim|fct|raw|scratch)\.([a-z_]+)\b`)

// tablesOf lists the lake tables a benchmark query names.
func tablesOf(q string) []lake.Ident {
	seen := map[string]bool{}
	var out []lake.Ident
	for _, m := range tableRef.FindAllStringSubmatch(q, -1) {
		if !seen[m[0]] {
			seen[m[0]] = true
			out = append(out, lake.Ident{Namespace: m[1], Name: m[2]})
		}
	}
	return out
}

// scanViaIcebergGo reads every table q names with iceberg-go's own Arrow
// scan (all columns, no filter pushdown) and counts the rows read. It is the
// read alone, before any SQL runs: a lower bound on answering q that way.
// (Handing these Arrow tables to DuckDB through RegisterView crashed DuckDB
// 1.5.6 inside its Arrow scan for some of the queries, so the benchmark
// times the scan only.)
func scanViaIcebergGo(ctx context.Context, l *lake.Lake, q string) (int64, error) {
	var n int64
	for _, id := range tablesOf(q) {
		t, err := l.Load(ctx, id)
		if err != nil {
			return 0, err
		}
		_, recs, err := t.Scan().ToArrowRecords(ctx)
		if err != nil {
			return 0, err
		}
		for rec, err := range recs {
			if err != nil {
				return 0, err
			}
			n += rec.NumRows()
		}
	}
	return n, nil
}
