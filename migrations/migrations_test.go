package migrations

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/tarn-data/tarn/store/postgres"
	"github.com/tarn-data/tarn/store/sqlite"
	"github.com/tarn-data/tarn/store/storetest"
)

// openRaw opens url with the store adapters, without migrating, and returns
// the handle and its dialect.
func openRaw(t *testing.T, url string) (*sql.DB, string) {
	t.Helper()
	var (
		db      *sql.DB
		dialect string
		err     error
	)
	if path, ok := strings.CutPrefix(url, "sqlite://"); ok {
		db, err = sqlite.Open(path)
		dialect = SQLite
	} else {
		db, err = postgres.Open(url)
		dialect = Postgres
	}
	if err != nil {
		t.Fatalf("open %s: %v", url, err)
	}
	t.Cleanup(func() { db.Close() })
	return db, dialect
}

// openPlainSQLite opens path with nothing but WAL and a busy timeout.
func openPlainSQLite(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open(sqlite.DriverName, path+"?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func recordedVersions(t *testing.T, db *sql.DB) []string {
	t.Helper()
	rows, err := db.Query("SELECT version FROM tarn_schema_migrations ORDER BY version")
	if err != nil {
		t.Fatalf("read tarn_schema_migrations: %v", err)
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
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return vs
}

func tableExists(db *sql.DB, name string) bool {
	var n int
	return db.QueryRow("SELECT COUNT(*) FROM "+name).Scan(&n) == nil
}

func TestEmbeddedDialectsHaveTheSameFiles(t *testing.T) {
	lite, err := Versions(SQLite)
	if err != nil {
		t.Fatal(err)
	}
	pg, err := Versions(Postgres)
	if err != nil {
		t.Fatal(err)
	}
	if len(lite) == 0 || !slices.Equal(lite, pg) {
		t.Fatalf("sqlite has %v, postgres has %v; every migration needs a file for both", lite, pg)
	}
	if lite[0] != "0001_catalog_annotations" {
		t.Fatalf("first migration is %q, want 0001_catalog_annotations", lite[0])
	}
}

func TestApplyCreatesTheSchemaAndRecordsEachVersion(t *testing.T) {
	storetest.EachStore(t, func(t *testing.T, url string) {
		db, dialect := openRaw(t, url)
		want, _ := Versions(dialect)

		applied, err := Apply(context.Background(), db, dialect)
		if err != nil {
			t.Fatalf("Apply: %v", err)
		}
		if !slices.Equal(applied, want) {
			t.Fatalf("applied %v, want %v", applied, want)
		}
		if got := recordedVersions(t, db); !slices.Equal(got, want) {
			t.Fatalf("recorded %v, want %v", got, want)
		}
		for _, table := range []string{"tarn_table_annotations", "tarn_column_annotations", "tarn_pages"} {
			if !tableExists(db, table) {
				t.Errorf("table %s was not created", table)
			}
		}
	})
}

func TestApplyTwiceAppliesNothingTheSecondTime(t *testing.T) {
	storetest.EachStore(t, func(t *testing.T, url string) {
		db, dialect := openRaw(t, url)
		ctx := context.Background()
		if _, err := Apply(ctx, db, dialect); err != nil {
			t.Fatalf("first Apply: %v", err)
		}
		applied, err := Apply(ctx, db, dialect)
		if err != nil {
			t.Fatalf("second Apply: %v", err)
		}
		if len(applied) != 0 {
			t.Fatalf("second Apply applied %v, want nothing", applied)
		}
	})
}

// threeMigrations uses plain CREATE TABLE, so applying any file twice fails.
func threeMigrations(dialect string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for i := 1; i <= 3; i++ {
		name := fmt.Sprintf("%s/%04d_t%d.sql", dialect, i, i)
		fsys[name] = &fstest.MapFile{Data: []byte(fmt.Sprintf(
			"CREATE TABLE t%d (id INTEGER PRIMARY KEY);\nINSERT INTO t%d (id) VALUES (1);", i, i))}
	}
	return fsys
}

func TestConcurrentApplyAppliesEachMigrationOnce(t *testing.T) {
	storetest.EachStore(t, func(t *testing.T, url string) {
		const starters = 4
		dbs := make([]*sql.DB, starters)
		var dialect string
		for i := range dbs {
			// One pool each, as if four processes started at once. SQLite
			// handles get only a busy timeout, not the adapter's immediate
			// transactions, so that Apply's own locking is what is tested.
			dbs[i], dialect = openRaw(t, url)
			if dialect == SQLite {
				dbs[i] = openPlainSQLite(t, strings.TrimPrefix(url, "sqlite://"))
			}
		}
		fsys := threeMigrations(dialect)

		var (
			wg      sync.WaitGroup
			mu      sync.Mutex
			counts  = map[string]int{}
			errs    []error
			barrier = make(chan struct{})
		)
		for _, db := range dbs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-barrier
				applied, err := applyFS(context.Background(), db, dialect, fsys)
				mu.Lock()
				defer mu.Unlock()
				if err != nil {
					errs = append(errs, err)
				}
				for _, v := range applied {
					counts[v]++
				}
			}()
		}
		close(barrier)
		wg.Wait()

		if len(errs) > 0 {
			t.Fatalf("concurrent Apply failed: %v", errs)
		}
		want := map[string]int{"0001_t1": 1, "0002_t2": 1, "0003_t3": 1}
		if fmt.Sprint(counts) != fmt.Sprint(want) {
			t.Fatalf("times each version was applied: %v, want %v", counts, want)
		}
		if got := recordedVersions(t, dbs[0]); len(got) != 3 {
			t.Fatalf("recorded %v, want the three versions", got)
		}
	})
}

func TestBrokenMigrationLeavesNothingOfItselfBehind(t *testing.T) {
	storetest.EachStore(t, func(t *testing.T, url string) {
		db, dialect := openRaw(t, url)
		ctx := context.Background()
		fsys := fstest.MapFS{
			dialect + "/0001_good.sql": {Data: []byte("CREATE TABLE good (id INTEGER);")},
			// The first statement succeeds, the second does not parse.
			dialect + "/0002_broken.sql": {Data: []byte("CREATE TABLE half (id INTEGER);\nCREATE TABLE broken (;")},
			dialect + "/0003_later.sql":  {Data: []byte("CREATE TABLE later (id INTEGER);")},
		}

		applied, err := applyFS(ctx, db, dialect, fsys)
		if !errors.Is(err, ErrMigration) {
			t.Fatalf("err = %v, want ErrMigration", err)
		}
		if !strings.Contains(err.Error(), "0002_broken.sql") {
			t.Errorf("error %q does not name the broken file", err)
		}
		if !slices.Equal(applied, []string{"0001_good"}) {
			t.Errorf("applied %v, want [0001_good]", applied)
		}
		if tableExists(db, "half") {
			t.Error("table half from the broken file survived its failure")
		}
		if tableExists(db, "later") {
			t.Error("a file after the broken one was applied")
		}
		if got := recordedVersions(t, db); !slices.Equal(got, []string{"0001_good"}) {
			t.Errorf("recorded %v, want [0001_good]", got)
		}

		// Once the file is fixed, the next start applies it and what follows.
		fsys[dialect+"/0002_broken.sql"] = &fstest.MapFile{Data: []byte("CREATE TABLE half (id INTEGER);")}
		applied, err = applyFS(ctx, db, dialect, fsys)
		if err != nil {
			t.Fatalf("Apply after the fix: %v", err)
		}
		if !slices.Equal(applied, []string{"0002_broken", "0003_later"}) {
			t.Errorf("applied %v after the fix, want [0002_broken 0003_later]", applied)
		}
	})
}

func TestApplyRejectsAnUnknownDialect(t *testing.T) {
	db, _ := openRaw(t, storetest.SQLiteURL(t))
	_, err := Apply(context.Background(), db, "mysql")
	if !errors.Is(err, ErrMigration) || !strings.Contains(err.Error(), `"mysql"`) {
		t.Fatalf("err = %v, want ErrMigration naming the dialect", err)
	}
}
