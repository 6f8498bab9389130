package sqlstore_test

import (
	"context"
	"testing"

	"github.com/tarn-data/tarn/governance"
	"github.com/tarn-data/tarn/governance/govtest"
	"github.com/tarn-data/tarn/governance/sqlstore"
	"github.com/tarn-data/tarn/store"
	"github.com/tarn-data/tarn/store/storetest"
)

// openDB opens and migrates the database at url for the rest of the test.
func openDB(t *testing.T, url string) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), url)
	if err != nil {
		t.Fatalf("open %s: %v", url, err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// emptied deletes all governance state from db and returns a Store on it, so
// that the subtests of a suite share one database yet each start empty.
func emptied(t *testing.T, db *store.DB) governance.Store {
	t.Helper()
	for _, table := range []string{"tarn_grants", "tarn_requests", "tarn_reviews", "tarn_flips"} {
		if _, err := db.Exec("DELETE FROM " + table); err != nil {
			t.Fatalf("empty %s: %v", table, err)
		}
	}
	return sqlstore.New(db)
}

func TestSQLStorePassesTheStoreConformanceSuite(t *testing.T) {
	storetest.EachStore(t, func(t *testing.T, url string) {
		db := openDB(t, url)
		govtest.RunStoreSuite(t, func(t *testing.T) governance.Store { return emptied(t, db) })
	})
}
