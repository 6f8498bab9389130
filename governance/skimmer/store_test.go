package skimmer_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/tarn-data/tarn/governance/skimmer"
	"github.com/tarn-data/tarn/lake"
	"github.com/tarn-data/tarn/store"
	"github.com/tarn-data/tarn/store/storetest"
)

func TestTheStoreKeepsTheLatestReportPerTableOnBothDatabases(t *testing.T) {
	storetest.EachStore(t, func(t *testing.T, url string) {
		ctx := context.Background()
		db, err := store.Open(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		s := skimmer.NewStore(db)
		if _, ok, err := s.Report(ctx, lake.MustIdent("dim.accounts")); ok || err != nil {
			t.Fatalf("a report before any scan: %t, %v", ok, err)
		}
		at := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
		r := skimmer.Report{Table: "dim.accounts", Snapshot: 7, Scanned: at, Rows: 1000, Sampled: 1000,
			Columns: []skimmer.Classification{{Column: "owner_email", Tag: "email", Confidence: 0.99,
				Evidence: []skimmer.Evidence{{Detector: "email", Matched: 990, Sampled: 1000, Share: 0.99}}}, {Column: "plan"}}}
		if err := s.Put(ctx, r); err != nil {
			t.Fatal(err)
		}
		r.Snapshot, r.Sampled, r.ReviewAsked = 8, 1500, 3
		if err := s.Put(ctx, r); err != nil {
			t.Fatal(err)
		}
		got, ok, err := s.Report(ctx, lake.MustIdent("dim.accounts"))
		if err != nil || !ok || got.Snapshot != 8 || got.Sampled != 1500 || got.ReviewAsked != 3 || got.Tags()["owner_email"] != "email" || !got.Scanned.Equal(at) {
			t.Fatalf("report read back: %+v (%t, %v)", got, ok, err)
		}
		all, err := s.Reports(ctx)
		if err != nil || len(all) != 1 {
			t.Fatalf("reports: %d, %v", len(all), err)
		}
		if err := s.Delete(ctx, lake.MustIdent("dim.accounts")); err != nil {
			t.Fatal(err)
		}
		if _, ok, _ := s.Report(ctx, lake.MustIdent("dim.accounts")); ok {
			t.Fatal("a deleted report is still there")
		}
		if err := s.Put(ctx, skimmer.Report{Table: "nodot"}); !errors.Is(err, skimmer.ErrStore) {
			t.Fatalf("a report for a table without a namespace: %v", err)
		}
	})
}
