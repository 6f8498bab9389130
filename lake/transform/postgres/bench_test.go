package postgres

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/jackc/pgx/v5"
	"github.com/tarn-data/tarn/lake"
)

// benchRows is the size of the benchmark table; TARN_BENCH_PG_ROWS
// overrides it.
func benchRows() int {
	if n, err := strconv.Atoi(os.Getenv("TARN_BENCH_PG_ROWS")); err == nil && n > 0 {
		return n
	}
	return 1_000_000
}

// wideDDL is an orders-like table of 11 mixed columns (about 150 bytes a
// row on the wire).
const wideDDL = `CREATE TABLE wide (
	id bigint PRIMARY KEY, created_at timestamptz NOT NULL, account_id integer NOT NULL,
	amount numeric(12,2), ratio double precision, qty smallint, status text,
	country varchar(2), email text, active boolean, order_uuid uuid)`

func fillWide(b *testing.B, f *fixture, n int) {
	b.Helper()
	f.exec(wideDDL, fmt.Sprintf(`INSERT INTO wide SELECT i,
		TIMESTAMPTZ '2026-01-01 00:00:00+00' + i * interval '31 seconds', (i * 7919) %% 50000,
		((i * 104729) %% 10000000) / 100.0, (i %% 1000) / 7.0, (i %% 20)::smallint,
		(ARRAY['paid', 'pending', 'refunded', 'failed'])[1 + i %% 4],
		(ARRAY['DE', 'FR', 'US', 'JP', 'BR', 'IN'])[1 + i %% 6], 'user' || (i %% 50000) || '@example.com',
		i %% 3 <> 0, md5(i::text)::uuid
		FROM generate_series(1::bigint, %d) AS i`, n), `VACUUM ANALYZE wide`)
}

// BenchmarkPostgresToIceberg reads a wide table of benchRows() rows from
// Postgres into a new Iceberg snapshot (a full load: COPY binary → Arrow →
// Parquet → commit) and, in the same iteration, reads the same rows with
// plain pgx (Query, rows.Values: decoded to Go values, nothing written).
// rows/s is the ingestion's rate, pgx-rows/s the plain read's, and
// x-pgx their ratio.
func BenchmarkPostgresToIceberg(b *testing.B) {
	f := newFixture(b)
	n := benchRows()
	fillWide(b, f, n)
	id := lake.MustIdent("raw.wide")
	o := Options{URL: f.url, Table: "wide", Target: id}
	var ingest, plain time.Duration
	b.ResetTimer()
	for range b.N {
		start := time.Now()
		res, err := Run(f.ctx, f.lake, f.mem, o)
		if err != nil {
			b.Fatal(err)
		}
		if res.Rows != int64(n) {
			b.Fatalf("loaded %d rows, want %d", res.Rows, n)
		}
		ingest += time.Since(start)

		start = time.Now()
		if got := pgxRead(b, f.ctx, f.url, "SELECT * FROM wide"); got != n {
			b.Fatalf("pgx read %d rows", got)
		}
		plain += time.Since(start)
	}
	b.StopTimer()
	rate := float64(n) * float64(b.N) / ingest.Seconds()
	pgxRate := float64(n) * float64(b.N) / plain.Seconds()
	b.ReportMetric(rate, "rows/s")
	b.ReportMetric(pgxRate, "pgx-rows/s")
	b.ReportMetric(rate/pgxRate, "x-pgx")
	b.ReportMetric(0, "ns/op")
}

// pgxRead reads every row of sql with pgx as an application would:
// rows.Values decodes each value into Go.
func pgxRead(b *testing.B, ctx context.Context, url, sql string) int {
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close(ctx)
	rows, err := conn.Query(ctx, sql)
	if err != nil {
		b.Fatal(err)
	}
	n := 0
	for rows.Next() {
		if _, err := rows.Values(); err != nil {
			b.Fatal(err)
		}
		n++
	}
	if err := rows.Err(); err != nil {
		b.Fatal(err)
	}
	return n
}

// BenchmarkPostgresRead compares ways of reading the same table: the wire
// alone (binary COPY to io.Discard; pgx rows without decoding), pgx
// decoding to Go values, and Tarn's decoding into Arrow records over each
// transport (nothing written). rows/s is the figure to read.
func BenchmarkPostgresRead(b *testing.B) {
	f := newFixture(b)
	n := benchRows()
	fillWide(b, f, n)
	rate := func(b *testing.B) {
		b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	}
	b.Run("wire/copy-binary", func(b *testing.B) {
		conn, err := pgx.Connect(f.ctx, f.url)
		if err != nil {
			b.Fatal(err)
		}
		defer conn.Close(f.ctx)
		for range b.N {
			if _, err := conn.PgConn().CopyTo(f.ctx, io.Discard, "COPY wide TO STDOUT (FORMAT binary)"); err != nil {
				b.Fatal(err)
			}
		}
		rate(b)
	})
	b.Run("wire/pgx-raw", func(b *testing.B) {
		conn, err := pgx.Connect(f.ctx, f.url)
		if err != nil {
			b.Fatal(err)
		}
		defer conn.Close(f.ctx)
		for range b.N {
			rows, err := conn.Query(f.ctx, "SELECT * FROM wide")
			if err != nil {
				b.Fatal(err)
			}
			for rows.Next() {
				_ = rows.RawValues()
			}
			if err := rows.Err(); err != nil {
				b.Fatal(err)
			}
		}
		rate(b)
	})
	b.Run("pgx-values", func(b *testing.B) {
		for range b.N {
			pgxRead(b, f.ctx, f.url, "SELECT * FROM wide")
		}
		rate(b)
	})
	b.Run("arrow/decode-only", func(b *testing.B) {
		// Tarn's side alone: a captured binary COPY stream parsed and
		// decoded into Arrow, no server and no network.
		o, err := Options{URL: f.url, Table: "wide", Target: lake.MustIdent("raw.wide")}.withDefaults()
		if err != nil {
			b.Fatal(err)
		}
		src, err := open(f.ctx, o)
		if err != nil {
			b.Fatal(err)
		}
		defer src.close()
		const captured = 100_000
		var stream bytes.Buffer
		if _, err := src.conn.PgConn().CopyTo(f.ctx, &stream, fmt.Sprintf("COPY (%s LIMIT %d) TO STDOUT (FORMAT binary)", src.readSQL(""), captured)); err != nil {
			b.Fatal(err)
		}
		rows := min(n, captured)
		b.SetBytes(int64(stream.Len()))
		b.ResetTimer()
		for range b.N {
			rb := newRowBuilder(f.mem, newSchema(src.cols), src.cols)
			p := newCopyParser(len(src.cols), func(vals [][]byte) error {
				if err := rb.add(vals); err != nil {
					return err
				}
				if rb.rows >= recordRows {
					rb.flush().Release()
				}
				return nil
			})
			if _, err := p.Write(stream.Bytes()); err != nil {
				b.Fatal(err)
			}
			if r := rb.flush(); r != nil {
				r.Release()
			}
			rb.release()
		}
		b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	})
	for _, tr := range []struct {
		name string
		t    transport
	}{{"arrow/copy-binary", transportCopy}, {"arrow/query-binary", transportQuery}} {
		b.Run(tr.name, func(b *testing.B) {
			o, err := Options{URL: f.url, Table: "wide", Target: lake.MustIdent("raw.wide")}.withDefaults()
			if err != nil {
				b.Fatal(err)
			}
			for range b.N {
				if got := readArrow(b, f.ctx, f.mem, o, tr.t); got != n {
					b.Fatalf("read %d rows", got)
				}
			}
			rate(b)
		})
	}
}

// readArrow decodes the whole source into Arrow records and drops them.
func readArrow(b *testing.B, ctx context.Context, mem memory.Allocator, o Options, t transport) int {
	src, err := open(ctx, o)
	if err != nil {
		b.Fatal(err)
	}
	defer src.close()
	rd := startReader(ctx, mem, src, newSchema(src.cols), t, "", 0)
	defer rd.stop()
	n := 0
	for bt := range rd.batches {
		n += int(bt.rows())
		bt.release()
	}
	if err := rd.err(); err != nil {
		b.Fatal(err)
	}
	return n
}
