package postgres

import (
	"context"
	"encoding/hex"
	"fmt"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/tarn-data/tarn/lake"
	"github.com/tarn-data/tarn/store"
	"github.com/tarn-data/tarn/store/storetest"
)

// fixture is a fresh Postgres database (the source) and a fresh lake (the
// target, on SQLite) for one test.
type fixture struct {
	t    testing.TB
	ctx  context.Context
	url  string // the source database
	pg   *pgx.Conn
	lake *lake.Lake
	mem  *memory.CheckedAllocator
	// storeURL and warehouse are the lake's, for other processes.
	storeURL, warehouse string
}

// newFixture needs TARN_TEST_POSTGRES_URL (storetest.PostgresURL skips
// without it, or fails under CI). The checked allocator must be back at
// zero when the test ends.
func newFixture(t testing.TB) *fixture {
	t.Helper()
	url := storetest.PostgresURL(t)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	f := &fixture{t: t, ctx: ctx, url: url, pg: conn, storeURL: storetest.SQLiteURL(t), warehouse: t.TempDir()}
	f.lake = openLake(t, f.storeURL, f.warehouse)
	f.mem = memory.NewCheckedAllocator(memory.NewGoAllocator())
	t.Cleanup(func() { f.mem.AssertSize(t, 0) })
	return f
}

// openLake opens a lake on the metadata store at storeURL.
func openLake(t testing.TB, storeURL, warehouse string) *lake.Lake {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, storeURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	l, err := lake.Open(ctx, lake.Options{Store: db, Warehouse: warehouse})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return l
}

// exec runs SQL statements on the source.
func (f *fixture) exec(sql ...string) {
	f.t.Helper()
	for _, s := range sql {
		if _, err := f.pg.Exec(f.ctx, s); err != nil {
			f.t.Fatalf("%s: %v", s, err)
		}
	}
}

// run runs an ingestion with the fixture's allocator and URL.
func (f *fixture) run(o Options) (Result, error) {
	o.URL = f.url
	return Run(f.ctx, f.lake, f.mem, o)
}

// mustRun is run that fails the test on error.
func (f *fixture) mustRun(o Options) Result {
	f.t.Helper()
	res, err := f.run(o)
	if err != nil {
		f.t.Fatalf("run %s: %v", o.Target, err)
	}
	return res
}

// want reads the source with pgx, one canonical string per row in the
// order of query.
func (f *fixture) want(query string) []string {
	f.t.Helper()
	rows, err := f.pg.Query(f.ctx, query)
	if err != nil {
		f.t.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		vals, err := rows.Values()
		if err != nil {
			f.t.Fatal(err)
		}
		parts := make([]string, len(vals))
		for i, v := range vals {
			parts[i] = canonGo(v)
		}
		out = append(out, strings.Join(parts, " | "))
	}
	if err := rows.Err(); err != nil {
		f.t.Fatal(err)
	}
	return out
}

// got reads the target table through iceberg-go, one canonical string per
// row with the columns cols, sorted by the first column's canonical form
// when it is an integer column (numerically) or as strings.
func (f *fixture) got(id lake.Ident, cols ...string) []string {
	f.t.Helper()
	tbl, err := f.lake.Load(f.ctx, id)
	if err != nil {
		f.t.Fatal(err)
	}
	at, err := tbl.Scan().ToArrowTable(f.ctx)
	if err != nil {
		f.t.Fatal(err)
	}
	defer at.Release()
	var chunks [][]arrow.Array
	for _, c := range cols {
		idx := at.Schema().FieldIndices(c)
		if len(idx) != 1 {
			f.t.Fatalf("%s has no column %q (schema %s)", id, c, at.Schema())
		}
		chunks = append(chunks, at.Column(idx[0]).Data().Chunks())
	}
	var out []string
	for ci := range chunks[0] {
		for i := 0; i < chunks[0][ci].Len(); i++ {
			parts := make([]string, len(cols))
			for k := range cols {
				parts[k] = canonArrow(chunks[k][ci], i)
			}
			out = append(out, strings.Join(parts, " | "))
		}
	}
	slices.SortFunc(out, func(a, b string) int {
		ka, _, _ := strings.Cut(a, " | ")
		kb, _, _ := strings.Cut(b, " | ")
		na, ea := strconv.ParseInt(ka, 10, 64)
		nb, eb := strconv.ParseInt(kb, 10, 64)
		if ea == nil && eb == nil && na != nb {
			return cmpInt(na, nb)
		}
		return strings.Compare(a, b)
	})
	return out
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// sameRows fails the test unless got and want are equal, naming the first
// difference.
func sameRows(t testing.TB, got, want []string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("got %d rows, want %d", len(got), len(want))
	}
	for i := range min(len(got), len(want)) {
		if got[i] != want[i] {
			t.Fatalf("row %d:\n got  %s\n want %s", i, got[i], want[i])
		}
	}
	if len(got) != len(want) {
		t.FailNow()
	}
}

// canonGo renders a value pgx decoded.
func canonGo(v any) string {
	switch v := v.(type) {
	case nil:
		return "NULL"
	case int16:
		return strconv.FormatInt(int64(v), 10)
	case int32:
		return strconv.FormatInt(int64(v), 10)
	case int64:
		return strconv.FormatInt(v, 10)
	case float32:
		return "f" + strconv.FormatFloat(float64(v), 'g', -1, 32)
	case float64:
		return "d" + strconv.FormatFloat(v, 'g', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	case string:
		return strconv.Quote(v)
	case []byte:
		return "x" + hex.EncodeToString(v)
	case time.Time:
		return v.UTC().Format(time.RFC3339Nano)
	case pgtype.Time:
		return fmt.Sprintf("time %d", v.Microseconds)
	case pgtype.Numeric:
		if v.NaN || v.InfinityModifier != 0 || !v.Valid {
			return fmt.Sprintf("numeric %+v", v)
		}
		return decString(v.Int, int(v.Exp))
	case []any:
		parts := make([]string, len(v))
		for i, e := range v {
			parts[i] = canonGo(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	return fmt.Sprintf("%T %v", v, v)
}

// canonArrow renders arr[i] as canonGo renders the same Postgres value.
func canonArrow(arr arrow.Array, i int) string {
	if arr.IsNull(i) {
		return "NULL"
	}
	switch a := arr.(type) {
	case *array.Int32:
		return strconv.FormatInt(int64(a.Value(i)), 10)
	case *array.Int64:
		return strconv.FormatInt(a.Value(i), 10)
	case *array.Float32:
		return "f" + strconv.FormatFloat(float64(a.Value(i)), 'g', -1, 32)
	case *array.Float64:
		return "d" + strconv.FormatFloat(a.Value(i), 'g', -1, 64)
	case *array.Boolean:
		return strconv.FormatBool(a.Value(i))
	case *array.String:
		return strconv.Quote(a.Value(i))
	case *array.Binary:
		return "x" + hex.EncodeToString(a.Value(i))
	case *array.Date32:
		return time.Unix(int64(a.Value(i))*86400, 0).UTC().Format(time.RFC3339Nano)
	case *array.Time64:
		return fmt.Sprintf("time %d", a.Value(i))
	case *array.Timestamp:
		return time.UnixMicro(int64(a.Value(i))).UTC().Format(time.RFC3339Nano)
	case *array.Decimal128:
		return decString(a.Value(i).BigInt(), -int(a.DataType().(*arrow.Decimal128Type).Scale))
	case *array.List:
		start, end := a.ValueOffsets(i)
		parts := make([]string, 0, end-start)
		for j := start; j < end; j++ {
			parts = append(parts, canonArrow(a.ListValues(), int(j)))
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	return fmt.Sprintf("%T", arr)
}

// decString renders i × 10^exp without trailing fractional zeros.
func decString(i *big.Int, exp int) string {
	n := new(big.Int).Set(i)
	ten := big.NewInt(10)
	for exp < 0 {
		q, r := new(big.Int).QuoRem(n, ten, new(big.Int))
		if r.Sign() != 0 {
			break
		}
		n, exp = q, exp+1
	}
	if exp >= 0 {
		return "dec " + n.Mul(n, new(big.Int).Exp(ten, big.NewInt(int64(exp)), nil)).String()
	}
	s := new(big.Int).Abs(n).String()
	for len(s) <= -exp {
		s = "0" + s
	}
	sign := ""
	if n.Sign() < 0 {
		sign = "-"
	}
	return "dec " + sign + s[:len(s)+exp] + "." + s[len(s)+exp:]
}
