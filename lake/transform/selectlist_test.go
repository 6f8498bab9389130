package transform

import (
	"testing"
	"unicode/utf8"
)

func TestSelectListReadsSimpleDerivations(t *testing.T) {
	got := selectList(`-- daily rollup
WITH x AS (SELECT a AS nope FROM t)
SELECT DISTINCT CAST(ts AS DATE) AS day,
       r.zone_id,
       coalesce(sum(bytes) FILTER (WHERE cache_status = 'hit, miss'), 0) AS cached_bytes, -- comment, here
       count(*) AS "Requests",
       a + b
FROM fct.http_requests r GROUP BY ALL`)
	want := map[string]string{
		"day":          "CAST(ts AS DATE)",
		"zone_id":      "r.zone_id",
		"cached_bytes": "coalesce(sum(bytes) FILTER (WHERE cache_status = 'hit, miss'), 0)",
		"Requests":     "count(*)",
	}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: got %q, want %q", k, got[k], v)
		}
	}
}

func FuzzSelectList(f *testing.F) {
	for _, s := range []string{"SELECT a AS b FROM t", "SELECT (", "select 'x'' AS y' AS z", "SELECT a -- AS b\n, c", "/*"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for name, expr := range selectList(s) {
			if name == "" || expr == "" || !utf8.ValidString(name) && utf8.ValidString(s) {
				t.Fatalf("%q gave %q = %q", s, name, expr)
			}
		}
	})
}
