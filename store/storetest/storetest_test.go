package storetest

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"runtime"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

// recorder is a testing.TB that notes Skip and Fatal instead of acting on
// the real test. Only the methods PostgresURL calls are implemented.
type recorder struct {
	testing.TB
	skipped, fatal string
}

func (r *recorder) Helper()        {}
func (r *recorder) Cleanup(func()) {}
func (r *recorder) Skipf(format string, args ...any) {
	r.skipped = fmt.Sprintf(format, args...)
	runtime.Goexit()
}
func (r *recorder) Fatalf(format string, args ...any) {
	r.fatal = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

// run calls PostgresURL on a recorder in its own goroutine, as the testing
// package does, so that Skip and Fatal can stop it.
func run() *recorder {
	r := &recorder{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		PostgresURL(r)
	}()
	<-done
	return r
}

func TestPostgresURLWithoutAServerSkipsLocallyAndFailsInCI(t *testing.T) {
	tests := []struct {
		name, ci, require string
		wantFatal         bool
	}{
		{"developer machine", "", "", false},
		{"CI", "true", "", true},
		{"required explicitly", "", "1", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(EnvPostgresURL, "")
			t.Setenv("CI", tt.ci)
			t.Setenv(EnvRequirePostgres, tt.require)
			r := run()
			if tt.wantFatal {
				if !strings.HasPrefix(r.fatal, "Postgres required: set TARN_TEST_POSTGRES_URL") {
					t.Fatalf("fatal = %q, skipped = %q; want a failure saying Postgres is required", r.fatal, r.skipped)
				}
				return
			}
			if r.skipped == "" || r.fatal != "" {
				t.Fatalf("skipped = %q, fatal = %q; want a skip", r.skipped, r.fatal)
			}
			if !strings.Contains(r.skipped, "deploy/dev/postgres.sh start") {
				t.Errorf("skip message %q does not say how to run the tests", r.skipped)
			}
		})
	}
}

func TestPostgresURLGivesAFreshDatabaseDroppedAfterTheTest(t *testing.T) {
	admin := os.Getenv(EnvPostgresURL)
	var name string
	t.Run("inner", func(t *testing.T) {
		dbURL := PostgresURL(t)
		u, err := url.Parse(dbURL)
		if err != nil {
			t.Fatal(err)
		}
		name = strings.TrimPrefix(u.Path, "/")
		if !strings.HasPrefix(name, "tarn_test_") {
			t.Fatalf("database %q is not named tarn_test_<random>", name)
		}
		conn, err := pgx.Connect(context.Background(), dbURL)
		if err != nil {
			t.Fatal(err)
		}
		// Left open on purpose: the drop must not depend on tests closing.
		var tables int
		err = conn.QueryRow(context.Background(),
			"SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'").Scan(&tables)
		if err != nil || tables != 0 {
			t.Fatalf("fresh database has %d tables (%v), want none", tables, err)
		}
	})
	if name == "" {
		return // skipped: no server
	}
	conn, err := pgx.Connect(context.Background(), admin)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	var exists bool
	err = conn.QueryRow(context.Background(),
		"SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&exists)
	if err != nil {
		t.Fatal(err)
	}
	if exists {
		t.Fatalf("database %s still exists after its test ended", name)
	}
}

func TestSQLiteURLNamesAFileInATemporaryDirectory(t *testing.T) {
	a, b := SQLiteURL(t), SQLiteURL(t)
	if !strings.HasPrefix(a, "sqlite:///") || !strings.HasSuffix(a, ".db") {
		t.Fatalf("SQLiteURL = %q, want sqlite:///…/tarn.db", a)
	}
	if a == b {
		t.Fatalf("two calls gave the same URL %q", a)
	}
}
