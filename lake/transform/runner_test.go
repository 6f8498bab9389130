package transform_test

import (
	"context"
	"testing"

	"github.com/tarn-data/tarn/lake"
	"github.com/tarn-data/tarn/lake/transform"
)

func TestFullReplaceBuildsRecordsAndSkipsWhenNothingChanged(t *testing.T) {
	e := newEnv(t)
	e.createEvents()
	e.appendEvents(0, 48, 10)
	j := e.job("zone_bytes", "target: agg.zone_bytes\nowner: test\ndescription: Bytes per zone.\ncolumns:\n  total: Sum of bytes.",
		"SELECT zone, CAST(sum(bytes) AS BIGINT) AS total, count(*) AS n FROM src.events GROUP BY zone")
	r := e.run(j, transform.RunOptions{})
	if r.Status != transform.StatusSucceeded || r.Rows != 3 || r.SnapshotID == 0 {
		t.Fatalf("first run: %+v", r)
	}
	e.sameRows("SELECT * FROM agg.zone_bytes", "SELECT zone, sum(bytes), count(*) FROM src.events GROUP BY zone")
	if len(e.newTab) != 1 || e.newTab[0] != lake.MustIdent("agg.zone_bytes") {
		t.Fatalf("OnNewTable got %v", e.newTab)
	}
	lin, err := e.lake.Lineage(context.Background(), j.Target)
	if err != nil {
		t.Fatal(err)
	}
	if len(lin.Sources) != 1 || lin.Sources[0] != "src.events" || lin.SQL != j.SQL {
		t.Fatalf("lineage %+v", lin)
	}
	var total lake.ColumnDerivation
	for _, c := range lin.Columns {
		if c.Name == "total" {
			total = c
		}
	}
	if total.Expr != "CAST(sum(bytes) AS BIGINT)" || total.Description != "Sum of bytes." {
		t.Fatalf("derivation of total: %+v", total)
	}
	if r := e.run(j, transform.RunOptions{}); r.Status != transform.StatusUpToDate {
		t.Fatalf("second run with nothing new: %+v", r)
	}
	e.appendEvents(48, 49, 10)
	if r := e.run(j, transform.RunOptions{}); r.Status != transform.StatusSucceeded || r.Rows != 3 {
		t.Fatalf("run after new source rows: %+v", r)
	}
	e.sameRows("SELECT * FROM agg.zone_bytes", "SELECT zone, sum(bytes), count(*) FROM src.events GROUP BY zone")
	if len(e.newTab) != 1 {
		t.Fatalf("OnNewTable called again: %v", e.newTab)
	}
}
