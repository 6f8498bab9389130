package lake_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/tarn-data/tarn/lake"
	"github.com/tarn-data/tarn/lake/s3/s3test"
)

// onS3 reports whether the suite runs against object storage:
// TARN_TEST_WAREHOUSE=s3 puts the warehouses of openLake in an in-process
// fake S3 store.
func onS3() bool { return os.Getenv("TARN_TEST_WAREHOUSE") == "s3" }

// warehouseOptions completes o with a temporary warehouse: a local
// directory, or a bucket in a fake S3 store read through a local cache.
func warehouseOptions(t testing.TB, o lake.Options) lake.Options {
	t.Helper()
	if !onS3() {
		o.Warehouse = t.TempDir()
		return o
	}
	fake := s3test.New(t, "tarn")
	o.Warehouse = fake.Warehouse("warehouse")
	o.IOProps = fake.Config().Props()
	o.CacheDir = filepath.Join(t.TempDir(), "cache")
	return o
}

// localOnly skips a test that inspects warehouse files on local disk when
// the suite runs against object storage (lake/s3 covers those cases there).
func localOnly(t testing.TB) {
	t.Helper()
	if onS3() {
		t.Skip("inspects warehouse files on local disk")
	}
}
