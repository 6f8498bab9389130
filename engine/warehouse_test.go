package engine_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/tarn-data/tarn/lake"
	"github.com/tarn-data/tarn/lake/s3/s3test"
)

// warehouseOptions completes o with a temporary warehouse: a local
// directory, or — with TARN_TEST_WAREHOUSE=s3 — a bucket in an in-process
// fake S3 store read through a local cache, so the whole suite can run
// against object storage.
func warehouseOptions(t testing.TB, o lake.Options) lake.Options {
	t.Helper()
	if os.Getenv("TARN_TEST_WAREHOUSE") != "s3" {
		o.Warehouse = t.TempDir()
		return o
	}
	fake := s3test.New(t, "tarn")
	o.Warehouse = fake.Warehouse("warehouse")
	o.IOProps = fake.Config().Props()
	o.CacheDir = filepath.Join(t.TempDir(), "cache")
	return o
}
