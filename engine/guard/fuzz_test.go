package guard

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/tarn-data/tarn"
)

// FuzzParse checks, for any text: Parse never panics; what it refuses is a
// *tarn.Error (or a parser failure); what it accepts has only two-part lake
// table references and filters that point at them; and the rewrite of an
// accepted query parses again and passes the guard with every reference
// pointing at the given views.
func FuzzParse(f *testing.F) {
	for _, c := range benchmarkQueries {
		f.Add(c.sql)
	}
	for _, c := range allowedQueries {
		f.Add(c.sql)
	}
	for _, c := range filterCases {
		f.Add(c.sql)
	}
	for _, c := range forbiddenCases {
		f.Add(c.sql)
	}
	for _, s := range []string{
		"SELECT * FROM read_csv('/etc/passwd')",
		"SELECT * FROM fct.http_requests WHERE EXISTS (FROM duckdb_tables())",
		"WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 3) SELECT * FROM r",
		"SELECT a.t.x, b.t.y FROM a.t, b.t",
		"SELECT * EXCLUDE (fct.http_requests.path) FROM fct.http_requests",
		"SELECT * FROM fct.http_requests AT (VERSION => 1) JOIN dim.zones USING (zone_id)",
		"DESCRIBE fct.http_requests",
		"SELECT 1; SELECT 2",
	} {
		f.Add(s)
	}
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, sql string) {
		q, err := testParser.Parse(ctx, sql)
		if err != nil {
			var te *tarn.Error
			if !errors.As(err, &te) && !errors.Is(err, ErrParser) {
				t.Fatalf("Parse(%q) = %v (%T): neither a *tarn.Error nor ErrParser", sql, err, err)
			}
			return
		}
		for i, tr := range q.Tables {
			if tr.Index != i || tr.Namespace == "" || tr.Name == "" {
				t.Fatalf("Parse(%q) accepted reference %+v", sql, tr)
			}
		}
		for _, fl := range q.Filters {
			if fl.Table >= len(q.Tables) || (fl.Table < 0 && len(fl.Candidates) == 0) {
				t.Fatalf("Parse(%q) gave filter %+v for %d tables", sql, fl, len(q.Tables))
			}
		}
		names := viewNames(q)
		out, err := q.Rewrite(ctx, testParser, names)
		if errors.Is(err, ErrRoundTrip) {
			// DuckDB renders a few constructs (mostly of made-up functions)
			// as SQL it cannot read back; Rewrite refuses them, which is safe.
			t.Logf("Rewrite(%q): %v", sql, errors.Unwrap(err))
			return
		}
		if err != nil {
			t.Fatalf("Rewrite(%q): %v (%v)", sql, err, errors.Unwrap(err))
		}
		var views []string
		for _, n := range names {
			views = append(views, n)
		}
		back, err := testParser.Parse(ctx, out, AllowViews(views...))
		if err != nil {
			t.Fatalf("rewrite of %q refused: %v\n%s", sql, err, out)
		}
		if len(back.Tables) != len(q.Tables) {
			t.Fatalf("rewrite of %q has %d references, want %d\n%s", sql, len(back.Tables), len(q.Tables), out)
		}
		for _, tr := range back.Tables {
			if tr.Namespace != "" || !strings.HasPrefix(tr.Name, "tarn_v") || tr.AtVersion != nil || tr.AtTimestamp != nil {
				t.Fatalf("rewrite of %q kept reference %+v\n%s", sql, tr, out)
			}
		}
	})
}
