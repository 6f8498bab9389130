package sqlstore_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tarn-data/tarn/governance"
	"github.com/tarn-data/tarn/governance/sqlstore"
	"github.com/tarn-data/tarn/store/storetest"
)

func TestProcessesSharingADatabaseAgreeOnOneMaskKey(t *testing.T) {
	storetest.EachStore(t, func(t *testing.T, url string) {
		a, b := sqlstore.New(openDB(t, url)), sqlstore.New(openDB(t, url))
		keys := make([][]byte, 4)
		errs := make([]error, 4)
		var wg sync.WaitGroup
		for i := range keys {
			s := a
			if i%2 == 1 {
				s = b
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				keys[i], errs[i] = s.MaskKey(context.Background())
			}()
		}
		wg.Wait()
		for i := range keys {
			if errs[i] != nil {
				t.Fatalf("MaskKey %d: %v", i, errs[i])
			}
			if string(keys[i]) != string(keys[0]) {
				t.Errorf("MaskKey %d differs from MaskKey 0", i)
			}
		}
	})
}

func TestSQLiteStoresTimesAsUTCText(t *testing.T) {
	db := openDB(t, storetest.SQLiteURL(t))
	s := sqlstore.New(db)
	local := time.Date(2026, 11, 2, 10, 30, 0, 0, time.FixedZone("CET", 3600))
	if _, err := s.CreateGrant(context.Background(), governance.Grant{Privilege: governance.Select,
		Object: governance.Object{Namespace: "dim"}, Grantee: "user:alice", CreatedAt: local}); err != nil {
		t.Fatal(err)
	}
	var raw string
	if err := db.QueryRow(`SELECT CAST(created_at AS TEXT) FROM tarn_grants`).Scan(&raw); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(raw, "2026-11-02 09:30:00") || !strings.HasSuffix(raw, "+00:00") {
		t.Errorf("created_at is stored as %q, want 2026-11-02 09:30:00+00:00", raw)
	}
}

// The version counter is one row that every change updates, so it must
// survive many concurrent writers without losing a bump.
func TestConcurrentChangesEachBumpTheVersionOnce(t *testing.T) {
	storetest.EachStore(t, func(t *testing.T, url string) {
		s := sqlstore.New(openDB(t, url))
		ctx := context.Background()
		before, err := s.Version(ctx)
		if err != nil {
			t.Fatal(err)
		}
		const writers, each = 4, 5
		var wg sync.WaitGroup
		for range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range each {
					if _, err := s.CreateGrant(ctx, governance.Grant{Privilege: governance.Select,
						Object: governance.Object{Namespace: "dim"}, Grantee: "user:alice", CreatedAt: time.Now()}); err != nil {
						t.Error(err)
					}
				}
			}()
		}
		wg.Wait()
		after, _ := s.Version(ctx)
		if after-before != writers*each {
			t.Errorf("version moved by %d after %d changes", after-before, writers*each)
		}
	})
}
