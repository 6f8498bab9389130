package files_test

import (
	"bufio"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tarn-data/tarn/lake/transform"
)

const (
	benchFiles = 10
	benchRows  = 100_000 // per file
)

// writeBenchCSV writes benchFiles CSV files of benchRows rows each, about
// 7 MB apiece: an id, a timestamp, a country, two numbers and a flag.
func writeBenchCSV(b *testing.B, dir string) {
	b.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.Fatal(err)
	}
	t0 := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	countries := []string{"DE", "FR", "US", "JP", "NL", "BR"}
	for f := 0; f < benchFiles; f++ {
		out, err := os.Create(filepath.Join(dir, fmt.Sprintf("part-%03d.csv", f)))
		if err != nil {
			b.Fatal(err)
		}
		w := bufio.NewWriterSize(out, 1<<20)
		w.WriteString("id,ts,country,bytes,amount,ok\n")
		for i := 0; i < benchRows; i++ {
			n := f*benchRows + i
			fmt.Fprintf(w, "%d,%s,%s,%d,%d.%02d,%t\n", n, t0.Add(time.Duration(n)*time.Second).Format("2006-01-02 15:04:05"),
				countries[n%len(countries)], n%100_000, n%10_000, n%100, n%2 == 0)
		}
		if err := w.Flush(); err != nil {
			b.Fatal(err)
		}
		out.Close()
	}
}

// BenchmarkFilesToIceberg loads 1,000,000 CSV rows (10 files) into a lake
// table in one snapshot, and, as the peer, has DuckDB alone turn the same
// files into one Parquet file: the ratio is what Iceberg and Tarn's
// checks cost on top of reading and writing.
func BenchmarkFilesToIceberg(b *testing.B) {
	e := newEnv(b)
	writeBenchCSV(b, filepath.Join(e.dir, "bench"))
	total := float64(benchFiles * benchRows)
	j := e.job("bench", "target: raw.bench\nmaterialization: full_replace\nsource: {kind: files, path: bench/*.csv}")
	b.Run("tarn", func(b *testing.B) {
		for b.Loop() {
			r, err := e.run(j, transform.RunOptions{Full: true})
			if err != nil || r.Rows != int64(total) {
				b.Fatalf("%+v %v", r, err)
			}
		}
		b.ReportMetric(total*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	})
	b.Run("duckdb_csv_to_parquet", func(b *testing.B) {
		db, err := sql.Open("duckdb", "")
		if err != nil {
			b.Fatal(err)
		}
		defer db.Close()
		src := filepath.Join(e.dir, "bench", "*.csv")
		dst := filepath.Join(b.TempDir(), "out.parquet")
		for b.Loop() {
			if _, err := db.Exec(fmt.Sprintf("COPY (SELECT * FROM read_csv('%s')) TO '%s' (FORMAT parquet)", src, strings.ReplaceAll(dst, "'", "''"))); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(total*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	})
}
