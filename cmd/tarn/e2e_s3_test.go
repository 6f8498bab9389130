package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tarn-data/tarn/lake/s3/s3test"
)

// TestDemoOnS3 builds the demo lake in a fake S3 store (the bucket and
// endpoint from the config file, the keys from the environment) and
// queries it: the same answer as the local demo lake, with table files read
// from the local cache and nothing written to a local warehouse.
func TestDemoOnS3(t *testing.T) {
	fake := s3test.New(t, "tarn")
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "tarn.yaml"), `lake:
  warehouse: s3://tarn/demo
  s3:
    endpoint: `+fake.URL+`
    region: auto
    path_style: true
    compat: true
`)
	t.Setenv("TARN_S3_ACCESS_KEY_ID", "tarn")
	t.Setenv("TARN_S3_SECRET_ACCESS_KEY", "tarn-secret")
	tarn := func(args ...string) string {
		t.Helper()
		var out, errb bytes.Buffer
		if code := run(context.Background(), append(args, "--data", dir), &out, &errb); code != 0 {
			t.Fatalf("tarn %s: exit %d\n%s", strings.Join(args, " "), code, errb.String())
		}
		return out.String()
	}
	tarn("demo", "--no-serve", "--scale", "0.02", "--as-of", "2026-11-25")
	const q = "SELECT count(*) AS n, sum(bytes) AS b FROM fct.http_requests"
	got := tarn("sql", "--as", "alice", "--format", "csv", q)
	if local, _, code := cli(t, "sql", "--as", "alice", "--format", "csv", q); code != 0 || got != local {
		t.Errorf("the demo on S3 answers\n%s\nthe local demo\n%s", got, local)
	}
	if _, err := os.Stat(filepath.Join(dir, "warehouse")); err == nil {
		t.Error("a local warehouse was written")
	}
	copies, _ := filepath.Glob(filepath.Join(dir, "cache", "*", "*.parquet"))
	if len(copies) == 0 {
		t.Error("no table file was read from the local cache")
	}
	gets := fake.GetsWithSuffix(".parquet")
	tarn("sql", "--as", "alice", "--format", "csv", q)
	// A new process reads the table's metadata again, but its data files
	// from the cache the first one left.
	if n := fake.GetsWithSuffix(".parquet") - gets; n != 0 {
		t.Errorf("a second process downloaded %d data files the cache held", n)
	}
}
