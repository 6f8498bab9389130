package sqlstore_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/tarn-data/tarn/governance"
	"github.com/tarn-data/tarn/governance/govtest"
	"github.com/tarn-data/tarn/governance/sqlstore"
	"github.com/tarn-data/tarn/store"
	"github.com/tarn-data/tarn/store/storetest"
)

// benchStores runs fn on a fresh SQLite store and, when a server is
// configured, a fresh Postgres one.
func benchStores(b *testing.B, fn func(b *testing.B, s governance.Store)) {
	for _, kind := range []struct {
		name string
		url  func(testing.TB) string
	}{{"sqlite", storetest.SQLiteURL}, {"postgres", storetest.PostgresURL}} {
		b.Run(kind.name, func(b *testing.B) {
			db, err := store.Open(context.Background(), kind.url(b))
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { db.Close() })
			fn(b, sqlstore.New(db))
		})
	}
}

// seedGrants stores n select grants spread over 100 users and 20 groups.
func seedGrants(b *testing.B, s governance.Store, n int) {
	ctx := context.Background()
	for i := range n {
		grantee := fmt.Sprintf("user:u%d", i%100)
		if i%5 == 0 {
			grantee = fmt.Sprintf("group:g%d", i%20)
		}
		if _, err := s.CreateGrant(ctx, governance.Grant{Privilege: governance.Select,
			Object:  governance.Object{Namespace: "fct", Table: fmt.Sprintf("t%d", i)},
			Grantee: grantee, CreatedAt: govtest.T0}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkActiveGrantsOfOnePrincipalAmong1000(b *testing.B) {
	benchStores(b, func(b *testing.B, s governance.Store) {
		seedGrants(b, s, 1000)
		ctx := context.Background()
		now := govtest.T0.Add(time.Hour)
		f := governance.GrantFilter{Grantees: []string{"user:u7", "group:g3", "group:g5"}, ActiveAt: &now}
		b.ResetTimer()
		for b.Loop() {
			if _, err := s.Grants(ctx, f); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkCreateGrant(b *testing.B) {
	benchStores(b, func(b *testing.B, s governance.Store) {
		ctx := context.Background()
		g := governance.Grant{Privilege: governance.Select, Object: governance.Object{Namespace: "dim"}, Grantee: "user:alice", CreatedAt: govtest.T0}
		for b.Loop() {
			if _, err := s.CreateGrant(ctx, g); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkApproveARequest(b *testing.B) {
	benchStores(b, func(b *testing.B, s governance.Store) {
		f := govtest.NewFixture(b, s)
		ctx := context.Background()
		for b.Loop() {
			b.StopTimer()
			r, err := f.W.RequestAccess(ctx, "alice", governance.Select, governance.Object{Namespace: "fct", Table: "http_requests"}, "bench", 0)
			if err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			if _, _, err := f.W.Approve(ctx, "dave", r.ID, ""); err != nil {
				b.Fatal(err)
			}
		}
	})
}
