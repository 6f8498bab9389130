package transform

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/tarn-data/tarn/engine/guard"
	"github.com/tarn-data/tarn/lake"
)

func TestSinceSourceCutsTheSourceToTheRebuiltBuckets(t *testing.T) {
	p, err := guard.NewParser()
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	r := NewRunner(Options{Tables: GuardTables{Parser: p}})
	b := &bucketStart{time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)}
	src := lake.MustIdent("fct.http_requests")
	j := &Job{Rollup: RollupSpec{Time: "ts"}}
	for _, c := range []struct{ sql, want string }{
		{"SELECT count(*) AS n FROM fct.http_requests",
			`WITH __tarn_since AS (SELECT * FROM fct.http_requests WHERE "ts" >= TIMESTAMP '2026-11-24 00:00:00') SELECT count(*) AS n FROM __tarn_since`},
		{"WITH x AS (SELECT * FROM FCT.HTTP_REQUESTS r) SELECT count(*) FROM x JOIN dim.zones z USING (zone_id) JOIN fct.http_requests USING (zone_id)",
			`WITH __tarn_since AS (SELECT * FROM fct.http_requests WHERE "ts" >= TIMESTAMP '2026-11-24 00:00:00'), x AS (SELECT * FROM __tarn_since r) SELECT count(*) FROM x JOIN dim.zones z USING (zone_id) JOIN __tarn_since USING (zone_id)`},
		{`SELECT count(*) FROM "fct"."http_requests"`, `SELECT count(*) FROM "fct"."http_requests"`}, // left alone
	} {
		j.SQL = c.sql
		if got := r.sinceSource(context.Background(), j, src, b); got != c.want {
			t.Errorf("%s\n got %s\nwant %s", c.sql, got, c.want)
		}
		if _, err := p.Parse(context.Background(), r.sinceSource(context.Background(), j, src, b)); err != nil && !strings.Contains(c.sql, `"fct"`) {
			t.Errorf("the rewritten SQL does not parse: %v", err)
		}
	}
}
