package governance_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tarn-data/tarn/engine"
	"github.com/tarn-data/tarn/governance"
	"github.com/tarn-data/tarn/governance/memstore"
	"github.com/tarn-data/tarn/governance/sqlstore"
	"github.com/tarn-data/tarn/governance/yamldir"
	"github.com/tarn-data/tarn/lake"
	"github.com/tarn-data/tarn/store"
	"github.com/tarn-data/tarn/store/storetest"
)

// The decision benchmark's world: 1,000 principals in 1,000 groups (five
// groups each), 10,000 grants (9,000 to groups, 1,000 to people; a tenth
// with row filters, a tenth on some columns only) over 1,000 reviewed
// tables of ten columns, two of them PII.
const (
	benchPeople  = 1000
	benchGroups  = 1000
	benchGrants  = 10000
	benchTables  = 1000
	benchColumns = 10
)

var benchCols = func() []string {
	var c []string
	for i := 0; i < benchColumns; i++ {
		c = append(c, fmt.Sprintf("c%d", i))
	}
	return c
}()

func benchTable(i int) lake.Ident {
	return lake.Ident{Namespace: fmt.Sprintf("ns%d", i%10), Name: fmt.Sprintf("t%d", i)}
}

func benchDirectory(b *testing.B) *yamldir.Directory {
	b.Helper()
	rng := rand.New(rand.NewPCG(1, 2))
	var sb strings.Builder
	sb.WriteString("people:\n")
	for p := 0; p < benchPeople; p++ {
		var gs []string
		for len(gs) < 5 {
			g := fmt.Sprintf("g%d", rng.IntN(benchGroups))
			if !slices.Contains(gs, g) {
				gs = append(gs, g)
			}
		}
		fmt.Fprintf(&sb, "  - {name: p%d, identities: [cli:p%d], groups: [%s]}\n", p, p, strings.Join(gs, ", "))
	}
	sb.WriteString("groups:\n")
	for g := 0; g < benchGroups; g++ {
		fmt.Fprintf(&sb, "  - {name: g%d}\n", g)
	}
	d, err := yamldir.New([]byte(sb.String()))
	if err != nil {
		b.Fatal(err)
	}
	return d
}

func fillBenchStore(b *testing.B, st governance.Store) {
	b.Helper()
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < benchTables; i++ {
		id := benchTable(i)
		must(b, st.PutReview(ctx, governance.Review{Namespace: id.Namespace, Table: id.Name, Approved: true,
			Columns: benchCols, PII: map[string]string{"c1": "email", "c2": "ip"}, ReviewedBy: "dave", ReviewedAt: t0}))
	}
	until := t0.Add(24 * time.Hour)
	for i := 0; i < benchGrants; i++ {
		id := benchTable(rng.IntN(benchTables))
		g := governance.Grant{Privilege: governance.Select, Object: governance.Object{Namespace: id.Namespace, Table: id.Name},
			Grantee: fmt.Sprintf("group:g%d", i%benchGroups), CreatedBy: "dave", CreatedAt: t0}
		if i >= benchGrants-benchPeople {
			g.Grantee = fmt.Sprintf("user:p%d", i%benchPeople)
		}
		switch i % 10 {
		case 1:
			g.RowFilter = fmt.Sprintf("c0 = %d", i)
		case 2:
			g.Object.Columns = []string{"c0", "c1", "c3"}
		case 3:
			g.Until = &until
		}
		_, err := st.CreateGrant(ctx, g)
		must(b, err)
	}
}

// benchRequests are (principal, table) pairs the principal may read.
func benchRequests(b *testing.B, s *governance.Service) [][2]string {
	b.Helper()
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(5, 6))
	var out [][2]string
	for len(out) < 200 {
		who := fmt.Sprintf("cli:p%d", rng.IntN(benchPeople))
		table := benchTable(rng.IntN(benchTables)).String()
		_, err := s.Decide(ctx, engine.Caller{Principal: who}, []engine.TableAccess{{Table: lake.MustIdent(table), Columns: benchCols}})
		if err == nil {
			out = append(out, [2]string{who, table})
		}
	}
	return out
}

func BenchmarkDecide(b *testing.B) {
	dir := benchDirectory(b)
	b.Run("memstore", func(b *testing.B) {
		st := memstore.New()
		fillBenchStore(b, st)
		runDecideBench(b, &governance.Service{Store: st, Directory: dir, MaskKey: testKey})
	})
	b.Run("sqlstore-sqlite", func(b *testing.B) {
		db, err := store.Open(context.Background(), storetest.SQLiteURL(b))
		must(b, err)
		defer db.Close()
		st := sqlstore.New(db)
		fillBenchStore(b, st)
		runDecideBench(b, &governance.Service{Store: st, Directory: dir, MaskKey: testKey})
	})
}

// BenchmarkDecideAfterAChange measures the first decision after the store
// changed, which rebuilds the index of 10,000 grants.
func BenchmarkDecideAfterAChange(b *testing.B) {
	st := memstore.New()
	fillBenchStore(b, st)
	s := &governance.Service{Store: st, Directory: benchDirectory(b), MaskKey: testKey}
	reqs := benchRequests(b, s)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		must(b, st.PutReview(ctx, governance.Review{Namespace: "x", Table: fmt.Sprint(i), Approved: true}))
		b.StartTimer()
		r := reqs[i%len(reqs)]
		if _, err := s.Decide(ctx, engine.Caller{Principal: r[0]}, []engine.TableAccess{{Table: lake.MustIdent(r[1]), Columns: benchCols}}); err != nil {
			b.Fatal(err)
		}
	}
}

// runDecideBench decides one allowed table per operation and reports the
// median and 99th percentile latency besides the mean.
func runDecideBench(b *testing.B, s *governance.Service) {
	ctx := context.Background()
	reqs := benchRequests(b, s)
	lat := make([]time.Duration, 0, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r := reqs[i%len(reqs)]
		start := time.Now()
		_, err := s.Decide(ctx, engine.Caller{Principal: r[0]}, []engine.TableAccess{{Table: lake.MustIdent(r[1]), Columns: benchCols}})
		lat = append(lat, time.Since(start))
		if err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Nanoseconds())/1e3, "p50-µs")
	b.ReportMetric(float64(lat[len(lat)*99/100].Nanoseconds())/1e3, "p99-µs")
}
