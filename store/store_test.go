package store_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/migrations"
	"github.com/tarn-data/tarn/store"
	"github.com/tarn-data/tarn/store/postgres"
	"github.com/tarn-data/tarn/store/storetest"
)

func open(t *testing.T, url string) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), url)
	if err != nil {
		t.Fatalf("Open(%s): %v", url, err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func recorded(t *testing.T, db *store.DB) []string {
	t.Helper()
	rows, err := db.Query("SELECT version FROM tarn_schema_migrations ORDER BY version")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var vs []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			t.Fatal(err)
		}
		vs = append(vs, v)
	}
	return vs
}

func TestOpenMigratesAFreshDatabase(t *testing.T) {
	storetest.EachStore(t, func(t *testing.T, url string) {
		db := open(t, url)
		want, err := migrations.Versions(string(db.Dialect))
		if err != nil {
			t.Fatal(err)
		}
		if got := recorded(t, db); !slices.Equal(got, want) {
			t.Fatalf("recorded migrations %v, want %v", got, want)
		}
		if wantDialect := store.Dialect(strings.SplitN(t.Name(), "/", 2)[1]); db.Dialect != wantDialect {
			t.Fatalf("Dialect = %q, want %q", db.Dialect, wantDialect)
		}
	})
}

func TestOpenAgainKeepsTheData(t *testing.T) {
	storetest.EachStore(t, func(t *testing.T, url string) {
		db := open(t, url)
		if _, err := db.Exec(db.Rebind("INSERT INTO tarn_pages (domain, title, body, updated_at) VALUES (?, ?, ?, ?)"),
			"billing", "Allocation", "Annual plans spread over twelve months.", time.Now()); err != nil {
			t.Fatal(err)
		}
		db.Close()

		again := open(t, url)
		var body string
		if err := again.QueryRow("SELECT body FROM tarn_pages").Scan(&body); err != nil {
			t.Fatalf("read back after reopening: %v", err)
		}
		if body != "Annual plans spread over twelve months." {
			t.Fatalf("body = %q", body)
		}
	})
}

func TestConcurrentOpenOfAFreshDatabaseSucceedsEverywhere(t *testing.T) {
	storetest.EachStore(t, func(t *testing.T, url string) {
		const starters = 4
		var (
			wg   sync.WaitGroup
			dbs  = make([]*store.DB, starters)
			errs = make([]error, starters)
		)
		for i := range starters {
			wg.Add(1)
			go func() {
				defer wg.Done()
				dbs[i], errs[i] = store.Open(context.Background(), url)
			}()
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Errorf("Open #%d: %v", i, err)
				continue
			}
			defer dbs[i].Close()
		}
		if t.Failed() {
			return
		}
		want, _ := migrations.Versions(string(dbs[0].Dialect))
		if got := recorded(t, dbs[0]); !slices.Equal(got, want) {
			t.Fatalf("recorded %v, want each of %v once", got, want)
		}
	})
}

// The annotation tables store the same Go values the same way on both
// stores: times come back as the same instant, pii as its kind.
func TestAnnotationsRoundTripTheSameOnBothStores(t *testing.T) {
	updated := time.Date(2026, 11, 2, 9, 30, 15, 123456000, time.FixedZone("CET", 3600))
	storetest.EachStore(t, func(t *testing.T, url string) {
		db := open(t, url)
		ctx := context.Background()
		_, err := db.ExecContext(ctx, db.Rebind(`INSERT INTO tarn_table_annotations
			(namespace, name, description, owner, tags, updated_at) VALUES (?, ?, ?, ?, ?, ?)`),
			"fct", "http_requests", "One row per request.", "traffic@example.com", `["curated"]`, updated)
		if err != nil {
			t.Fatalf("insert table annotation: %v", err)
		}
		_, err = db.ExecContext(ctx, db.Rebind(`INSERT INTO tarn_column_annotations
			(namespace, table_name, column_name, description, pii) VALUES (?, ?, ?, ?, ?), (?, ?, ?, ?, ?)`),
			"fct", "http_requests", "client_ip", "Client address.", "ip",
			"fct", "http_requests", "status", "HTTP status.", "")
		if err != nil {
			t.Fatalf("insert column annotations: %v", err)
		}

		var (
			owner, tags string
			got         time.Time
		)
		err = db.QueryRowContext(ctx, db.Rebind(`SELECT owner, tags, updated_at FROM tarn_table_annotations
			WHERE namespace = ? AND name = ?`), "fct", "http_requests").Scan(&owner, &tags, &got)
		if err != nil {
			t.Fatalf("read table annotation: %v", err)
		}
		if owner != "traffic@example.com" || tags != `["curated"]` || !got.Equal(updated) {
			t.Fatalf("got owner %q tags %q updated_at %v, want traffic@example.com [\"curated\"] %v", owner, tags, got, updated)
		}

		rows, err := db.QueryContext(ctx, db.Rebind(`SELECT column_name, pii FROM tarn_column_annotations
			WHERE namespace = ? ORDER BY column_name`), "fct")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var seen []string
		for rows.Next() {
			var col string
			var pii string
			if err := rows.Scan(&col, &pii); err != nil {
				t.Fatalf("scan pii: %v", err)
			}
			seen = append(seen, fmt.Sprintf("%s=%s", col, pii))
		}
		if want := []string{"client_ip=ip", "status="}; !slices.Equal(seen, want) {
			t.Fatalf("columns %v, want %v", seen, want)
		}

		_, err = db.ExecContext(ctx, db.Rebind(`INSERT INTO tarn_column_annotations
			(namespace, table_name, column_name) VALUES (?, ?, ?)`), "fct", "http_requests", "status")
		if err == nil {
			t.Fatal("a second annotation for the same column was accepted; the primary key is missing")
		}
	})
}

func TestOpenRejectsAnUnknownSchemeNamingTheAcceptedForms(t *testing.T) {
	_, err := store.Open(context.Background(), "mysql://root:hunter2@db:3306/tarn")
	if tarn.ErrorCode(err) != tarn.EINVALID {
		t.Fatalf("err = %v, want EINVALID", err)
	}
	msg := tarn.ErrorMessage(err)
	for _, form := range []string{"sqlite:///", ".db", "postgres://"} {
		if !strings.Contains(msg, form) {
			t.Errorf("message %q does not name the form %q", msg, form)
		}
	}
	if strings.Contains(err.Error(), "hunter2") {
		t.Errorf("error %q shows the password", err)
	}
}

func TestOpenOfAnUnreachablePostgresSaysWhereWithoutThePassword(t *testing.T) {
	// Port 1 on loopback refuses at once.
	_, err := store.Open(context.Background(), "postgres://tarn:hunter2@127.0.0.1:1/tarn?sslmode=disable&connect_timeout=5")
	if !errors.Is(err, postgres.ErrUnreachable) {
		t.Fatalf("err = %v, want postgres.ErrUnreachable", err)
	}
	if !strings.Contains(err.Error(), "cannot reach Postgres at 127.0.0.1:1") {
		t.Errorf("error %q does not say which server", err)
	}
	if strings.Contains(err.Error(), "hunter2") || strings.Contains(tarn.ErrorMessage(err), "hunter2") {
		t.Errorf("error %q shows the password", err)
	}
}

func TestDBURLHidesThePassword(t *testing.T) {
	url := storetest.PostgresURL(t)
	// The test server trusts local connections, so any password works.
	withPassword := strings.Replace(url, "postgres://postgres@", "postgres://postgres:hunter2@", 1)
	if withPassword == url {
		t.Skipf("test server URL %s has an unexpected user part", url)
	}
	db := open(t, withPassword)
	if strings.Contains(db.URL, "hunter2") || !strings.Contains(db.URL, "xxxxx") {
		t.Fatalf("URL = %q, want the password redacted", db.URL)
	}
}
