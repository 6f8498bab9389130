// Package storetest gives tests a fresh, empty metadata database of each
// kind, so that every package can run its conformance suite against both
// stores:
//
//	func TestGrants(t *testing.T) {
//		storetest.EachStore(t, func(t *testing.T, url string) {
//			db, err := store.Open(ctx, url)
//			...
//		})
//	}
//
// SQLite needs nothing. Postgres needs a server whose admin URL is in
// TARN_TEST_POSTGRES_URL (deploy/dev/postgres.sh starts one); each test gets
// its own database on it, dropped when the test ends. Without the variable
// the Postgres tests skip, unless CI=true or TARN_REQUIRE_POSTGRES=1, where
// they fail.
package storetest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Environment variables read by PostgresURL.
const (
	// EnvPostgresURL holds the admin URL of a Postgres server for tests,
	// e.g. postgres://postgres@127.0.0.1:55432/postgres?sslmode=disable.
	EnvPostgresURL = "TARN_TEST_POSTGRES_URL"
	// EnvRequirePostgres set to 1 turns a missing server into a failure.
	EnvRequirePostgres = "TARN_REQUIRE_POSTGRES"
)

// howTo tells a person how to run the Postgres tests.
const howTo = `start a throwaway server with: eval "$(deploy/dev/postgres.sh start)"`

// SQLiteURL returns the URL of a SQLite database file in a fresh temporary
// directory, removed when the test ends. The file does not exist yet.
func SQLiteURL(t testing.TB) string {
	t.Helper()
	return "sqlite://" + filepath.Join(t.TempDir(), "tarn.db")
}

// PostgresURL creates a fresh, empty database tarn_test_<random> on the
// server named by TARN_TEST_POSTGRES_URL and returns its URL; the database is
// dropped, with any connections still open to it, when the test ends. Without
// the variable it skips the test, or fails it when CI=true or
// TARN_REQUIRE_POSTGRES=1.
func PostgresURL(t testing.TB) string {
	t.Helper()
	admin := os.Getenv(EnvPostgresURL)
	if admin == "" {
		if Required() {
			t.Fatalf("Postgres required: set %s to an admin URL (%s)", EnvPostgresURL, howTo)
		}
		t.Skipf("Postgres tests skipped: %s is not set; to run them, %s", EnvPostgresURL, howTo)
	}
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatalf("%s does not parse as a URL", EnvPostgresURL)
	}
	name := "tarn_test_" + randomHex(8)

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		t.Fatalf("connect to the test Postgres at %s: %v", u.Redacted(), err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("create test database %s: %v", name, err)
	}
	t.Cleanup(func() { dropDatabase(t, admin, name) })

	u.Path = "/" + name
	return u.String()
}

// dropDatabase drops name, ending any connection a test left open to it.
func dropDatabase(t testing.TB, admin, name string) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		t.Errorf("drop test database %s: connect: %v", name, err)
		return
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
		t.Errorf("drop test database %s: %v", name, err)
	}
}

// Required reports whether the environment demands that the Postgres tests
// run: CI=true or TARN_REQUIRE_POSTGRES=1.
func Required() bool {
	return os.Getenv("CI") == "true" || os.Getenv(EnvRequirePostgres) == "1"
}

// EachStore runs fn as the subtests "sqlite" and "postgres", each with the
// URL of a fresh, empty database of that kind.
func EachStore(t *testing.T, fn func(t *testing.T, url string)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLiteURL(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, PostgresURL(t)) })
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	return hex.EncodeToString(b)
}
