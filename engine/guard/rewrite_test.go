package guard

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/tarn-data/tarn"
)

// viewNames names table reference i "tarn_v<i>".
func viewNames(q *Query) map[int]string {
	names := map[int]string{}
	for i := range q.Tables {
		names[i] = fmt.Sprintf("tarn_v%d", i)
	}
	return names
}

func rewrite(t *testing.T, q *Query, names map[int]string) string {
	t.Helper()
	out, err := q.Rewrite(context.Background(), testParser, names)
	if err != nil {
		t.Fatalf("Rewrite(%q): %v", q.SQL, err)
	}
	return out
}

// TestRewriteReplacesTableReferences proves the rewritten text points at the
// given relations, keeps aliases, aliases unaliased tables by their name,
// shortens namespace.table.column qualifiers and drops AT clauses.
func TestRewriteReplacesTableReferences(t *testing.T) {
	cases := []struct{ sql, want string }{
		{
			"SELECT count(*) FROM fct.http_requests",
			"SELECT count_star() FROM tarn_v0 AS http_requests",
		},
		{
			"SELECT r.status FROM fct.http_requests AS r AT (VERSION => 42)",
			"SELECT r.status FROM tarn_v0 AS r",
		},
		{
			"SELECT http_requests.status, fct.http_requests.bytes, fct.http_requests.ts FROM fct.http_requests AT (TIMESTAMP => TIMESTAMP '2026-11-01') WHERE fct.http_requests.status = 200",
			"SELECT http_requests.status, http_requests.bytes, http_requests.ts FROM tarn_v0 AS http_requests WHERE (http_requests.status = 200)",
		},
		{
			"SELECT a.t.x, b.t.y FROM a.t, b.t",
			"SELECT a_t.x, b_t.y FROM tarn_v0 AS a_t , tarn_v1 AS b_t",
		},
		{
			"SELECT * EXCLUDE (fct.http_requests.path) RENAME (fct.http_requests.ts AS seen) FROM fct.http_requests",
			"SELECT * EXCLUDE (http_requests.path) RENAME (http_requests.ts AS seen) FROM tarn_v0 AS http_requests",
		},
		{
			"SELECT (SELECT max(fct.http_requests.ts) FROM dim.zones WHERE dim.zones.zone_id = fct.http_requests.zone_id) FROM fct.http_requests",
			"SELECT (SELECT max(http_requests.ts) FROM tarn_v0 AS zones WHERE (zones.zone_id = http_requests.zone_id)) FROM tarn_v1 AS http_requests",
		},
		{
			"WITH x AS (SELECT * FROM dim.accounts) SELECT * FROM x, fct.billing_invoices i",
			"WITH x AS (SELECT * FROM tarn_v0 AS accounts)SELECT * FROM x , tarn_v1 AS i",
		},
	}
	for _, c := range cases {
		q := mustParse(t, c.sql)
		if got := rewrite(t, q, viewNames(q)); got != c.want {
			t.Errorf("Rewrite(%q)\n got  %s\n want %s", c.sql, got, c.want)
		}
	}
}

// TestRewriteQuotesRelationNames proves names that need quoting are quoted
// by DuckDB and come back intact.
func TestRewriteQuotesRelationNames(t *testing.T) {
	q := mustParse(t, "SELECT * FROM fct.http_requests r")
	name := `tarn "view" 0; DROP`
	out := rewrite(t, q, map[int]string{0: name})
	if want := `SELECT * FROM "tarn ""view"" 0; DROP" AS r`; out != want {
		t.Fatalf("got %s, want %s", out, want)
	}
	back := mustParse(t, out, AllowViews(name))
	if len(back.Tables) != 1 || back.Tables[0].Name != name || back.Tables[0].Namespace != "" || back.Tables[0].Alias != "r" {
		t.Fatalf("re-parsed tables %+v", back.Tables)
	}
}

// TestRewriteRoundTripPassesGuard proves the rewritten SQL parses again and
// passes the guard with exactly the given views, for every allowed query.
func TestRewriteRoundTripPassesGuard(t *testing.T) {
	var cases []allowedCase
	cases = append(cases, benchmarkQueries...)
	cases = append(cases, allowedQueries...)
	cases = append(cases, filterCases...)
	for _, c := range cases {
		q := mustParse(t, c.sql)
		names := viewNames(q)
		out := rewrite(t, q, names)
		var views []string
		for _, n := range names {
			views = append(views, n)
		}
		back, err := parse(t, out, AllowViews(views...))
		if err != nil {
			t.Errorf("%s: rewritten SQL refused: %v\n%s", c.name, err, out)
			continue
		}
		if len(back.Tables) != len(q.Tables) {
			t.Errorf("%s: %d references after rewrite, want %d", c.name, len(back.Tables), len(q.Tables))
		}
		for _, tr := range back.Tables {
			if tr.Namespace != "" || !strings.HasPrefix(tr.Name, "tarn_v") || tr.AtVersion != nil || tr.AtTimestamp != nil {
				t.Errorf("%s: reference %+v after rewrite", c.name, tr)
			}
		}
	}
}

// TestRewriteErrors proves Rewrite refuses incomplete or colliding names.
func TestRewriteErrors(t *testing.T) {
	q := mustParse(t, "WITH tarn_cte AS (SELECT 1) SELECT * FROM tarn_cte, fct.http_requests, dim.zones")
	for _, names := range []map[int]string{
		{0: "v0"},                        // missing 1
		{0: "v0", 1: ""},                 // empty
		{0: "v0", 1: "v1", 2: "v2"},      // out of range
		{0: "v0", 1: "TARN_CTE"},         // collides with a CTE
		{0: "v0", 1: "v1", -1: "vminus"}, // out of range
	} {
		_, err := q.Rewrite(context.Background(), testParser, names)
		if !errors.Is(err, ErrRewrite) || tarn.ErrorCode(err) != tarn.EINTERNAL {
			t.Errorf("Rewrite(%v) = %v, want ErrRewrite", names, err)
		}
	}
}

// TestRewrittenQueriesReturnTheSameRows runs each original query and its
// rewrite on a scratch DuckDB (a test fixture, not the parser) where the
// lake tables are native tables and the views select from them: the rows
// must be identical, which proves aliases and qualifiers still resolve.
func TestRewrittenQueriesReturnTheSameRows(t *testing.T) {
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	for _, stmt := range []string{
		"CREATE SCHEMA fct", "CREATE SCHEMA dim", "CREATE SCHEMA other",
		"CREATE TABLE fct.http_requests AS SELECT TIMESTAMP '2026-11-01' + INTERVAL (i) HOUR AS ts, i % 3 AS zone_id, (i * 37) % 1000 AS bytes, CASE WHEN i % 5 = 0 THEN 404 ELSE 200 END AS status FROM range(100) t(i)",
		"CREATE TABLE dim.zones AS SELECT i AS zone_id, i % 2 AS account_id, CASE WHEN i = 1 THEN 'pro' ELSE 'free' END AS plan FROM range(3) t(i)",
		"CREATE TABLE other.zones AS SELECT i AS zone_id, 'other' AS plan FROM range(3) t(i)",
	} {
		if _, err := db.Exec(stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	queries := []string{
		"SELECT fct.http_requests.status, count(*) FROM fct.http_requests GROUP BY ALL ORDER BY ALL",
		"SELECT http_requests.zone_id, sum(fct.http_requests.bytes) FROM fct.http_requests WHERE fct.http_requests.status = 200 GROUP BY ALL ORDER BY ALL",
		"SELECT z.plan, sum(r.bytes) FROM fct.http_requests r JOIN dim.zones z USING (zone_id) GROUP BY ALL ORDER BY ALL",
		"SELECT dim.zones.plan, other.zones.plan FROM dim.zones, other.zones WHERE dim.zones.zone_id = other.zones.zone_id ORDER BY ALL",
		"SELECT zone_id, (SELECT count(*) FROM fct.http_requests WHERE fct.http_requests.zone_id = dim.zones.zone_id) FROM dim.zones ORDER BY ALL",
		"SELECT * EXCLUDE (fct.http_requests.ts) FROM fct.http_requests WHERE ts::DATE = DATE '2026-11-02' ORDER BY ALL",
		"WITH z AS (SELECT * FROM dim.zones WHERE plan = 'pro') SELECT count(*) FROM fct.http_requests JOIN z USING (zone_id)",
		"SELECT * FROM fct.http_requests PIVOT (count(*) FOR status IN (200, 404) GROUP BY zone_id) ORDER BY ALL",
	}
	for i, sqlText := range queries {
		q := mustParse(t, sqlText)
		names := map[int]string{}
		for j, tr := range q.Tables {
			name := fmt.Sprintf("tarn_q%d_v%d", i, j)
			names[j] = name
			if _, err := db.Exec(fmt.Sprintf("CREATE TEMP VIEW %s AS SELECT * FROM %s", name, tr.QualifiedName())); err != nil {
				t.Fatal(err)
			}
		}
		out := rewrite(t, q, names)
		want, err := rows(db, sqlText)
		if err != nil {
			t.Fatalf("original %q: %v", sqlText, err)
		}
		got, err := rows(db, out)
		if err != nil {
			t.Errorf("rewritten %q: %v", out, err)
			continue
		}
		if !reflect.DeepEqual(got, want) || len(want) == 0 {
			t.Errorf("%q\nrewritten %q\n got  %v\n want %v", sqlText, out, got, want)
		}
	}
}

func rows(db *sql.DB, q string) ([][]any, error) {
	rs, err := db.Query(q)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	cols, err := rs.Columns()
	if err != nil {
		return nil, err
	}
	var out [][]any
	for rs.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rs.Scan(ptrs...); err != nil {
			return nil, err
		}
		out = append(out, vals)
	}
	return out, rs.Err()
}
