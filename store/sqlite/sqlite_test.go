package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

func TestOpenConfiguresEveryPooledConnection(t *testing.T) {
	db, err := Open(filepath.Join(t.TempDir(), "tarn.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()

	// Hold three connections at once so that the pool must open new ones.
	conns := make([]*sql.Conn, 3)
	for i := range conns {
		if conns[i], err = db.Conn(ctx); err != nil {
			t.Fatal(err)
		}
		defer conns[i].Close()
	}
	want := map[string]string{
		"journal_mode": "wal",
		"busy_timeout": "10000",
		"foreign_keys": "1",
		"synchronous":  "1", // NORMAL
	}
	for i, c := range conns {
		for pragma, value := range want {
			var got string
			if err := c.QueryRowContext(ctx, "PRAGMA "+pragma).Scan(&got); err != nil {
				t.Fatalf("connection %d: PRAGMA %s: %v", i, pragma, err)
			}
			if got != value {
				t.Errorf("connection %d: %s = %s, want %s", i, pragma, got, value)
			}
		}
	}
}

func TestOpenCreatesTheParentDirectory(t *testing.T) {
	path := filepath.Join(t.TempDir(), "data", "meta", "tarn.db")
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("database file not created: %v", err)
	}
}

func TestOpenRejectsWhatIsNotAPlainFilePath(t *testing.T) {
	for _, path := range []string{"", ":memory:", "file:tarn.db?mode=memory", "odd?name.db"} {
		t.Run(path, func(t *testing.T) {
			db, err := Open(path)
			if err == nil {
				db.Close()
			}
			if !errors.Is(err, ErrOpen) {
				t.Fatalf("Open(%q) err = %v, want ErrOpen", path, err)
			}
		})
	}
}

// Transactions that read and then write would fail with SQLITE_BUSY when two
// upgrade their locks at once; with immediate transactions they queue.
func TestConcurrentReadThenWriteTransactionsAllCommit(t *testing.T) {
	db, err := Open(filepath.Join(t.TempDir(), "tarn.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	if _, err := db.Exec("CREATE TABLE counter (n INTEGER NOT NULL); INSERT INTO counter VALUES (0)"); err != nil {
		t.Fatal(err)
	}

	const writers, rounds = 8, 200
	var wg sync.WaitGroup
	errs := make(chan error, writers*rounds)
	for range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range rounds {
				errs <- increment(ctx, db)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("increment: %v", err)
		}
	}
	var n int
	if err := db.QueryRow("SELECT n FROM counter").Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != writers*rounds {
		t.Fatalf("counter = %d, want %d: increments were lost", n, writers*rounds)
	}
}

func increment(ctx context.Context, db *sql.DB) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT n FROM counter").Scan(&n); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE counter SET n = ?", n+1); err != nil {
		return err
	}
	return tx.Commit()
}
