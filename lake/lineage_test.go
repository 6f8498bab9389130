package lake_test

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/lake"
	"github.com/tarn-data/tarn/store"
	"github.com/tarn-data/tarn/store/storetest"
)

func TestLineageRoundTripsAndIsReplacedOnBothStores(t *testing.T) {
	storetest.EachStore(t, func(t *testing.T, url string) {
		ctx := context.Background()
		db, err := store.Open(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		clock := tarn.NewFakeClock(time.Date(2026, 11, 25, 8, 30, 0, 123456000, time.UTC))
		l, err := lake.Open(ctx, lake.Options{Store: db, Warehouse: t.TempDir(), Clock: clock})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { l.Close() })
		id := lake.MustIdent("fct.billings_allocated")

		first := lake.Lineage{SQL: "SELECT 1", Sources: []string{"fct.billing_invoices"}}
		if err := l.PutLineage(ctx, id, first); err != nil {
			t.Fatal(err)
		}
		want := lake.Lineage{
			SQL:     "SELECT account_id, billed_amount / 12 AS alloc_amount FROM fct.billing_invoices",
			Sources: []string{"fct.billing_invoices"},
			Columns: []lake.ColumnDerivation{
				{Name: "account_id", Expr: "account_id"},
				{Name: "alloc_amount", Expr: "billed_amount / 12", Description: "a twelfth of annual invoices"},
			},
		}
		clock.Advance(time.Hour)
		if err := l.PutLineage(ctx, id, want); err != nil {
			t.Fatal(err)
		}
		got, err := l.Lineage(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		want.Updated = clock.Now()
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("lineage read back\n %+v\nwant\n %+v", got, want)
		}
	})
}

func TestLineageOfATableWithNoneIsNotFound(t *testing.T) {
	l := openLake(t, storetest.SQLiteURL(t))
	_, err := l.Lineage(context.Background(), lake.MustIdent("fct.nothing"))
	if !errors.Is(err, lake.ErrNoLineage) || tarn.ErrorCode(err) != tarn.ENOTFOUND {
		t.Fatalf("err = %v (code %s), want ErrNoLineage with ENOTFOUND", err, tarn.ErrorCode(err))
	}
}

func TestPutLineageRefusesAMalformedName(t *testing.T) {
	l := openLake(t, storetest.SQLiteURL(t))
	err := l.PutLineage(context.Background(), lake.Ident{Namespace: "fct", Name: "Bad-Name"}, lake.Lineage{})
	if tarn.ErrorCode(err) != tarn.EINVALID {
		t.Fatalf("err = %v, want EINVALID", err)
	}
}
