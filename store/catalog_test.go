package store_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/apache/iceberg-go"
	icesql "github.com/apache/iceberg-go/catalog/sql"
	"github.com/apache/iceberg-go/table"

	"github.com/tarn-data/tarn/store/storetest"
)

// The Iceberg SQL catalog shares the metadata database: a handle from Open,
// with its pool settings, is one iceberg-go can create its tables in and
// commit to, beside Tarn's own tables.
func TestIcebergSQLCatalogWorksOnAnOpenedStore(t *testing.T) {
	storetest.EachStore(t, func(t *testing.T, url string) {
		db := open(t, url)
		ctx := context.Background()
		cat, err := icesql.NewCatalog("tarn", db.DB, icesql.SupportedDialect(db.Dialect), iceberg.Properties{
			"warehouse": "file://" + t.TempDir(),
		})
		if err != nil {
			t.Fatalf("NewCatalog: %v", err)
		}
		defer cat.Close()
		if err := cat.CreateNamespace(ctx, table.Identifier{"dim"}, iceberg.Properties{"owner": "growth"}); err != nil {
			t.Fatalf("CreateNamespace: %v", err)
		}
		nss, err := cat.ListNamespaces(ctx, nil)
		if err != nil {
			t.Fatalf("ListNamespaces: %v", err)
		}
		if !slices.ContainsFunc(nss, func(id table.Identifier) bool { return strings.Join(id, ".") == "dim" }) {
			t.Fatalf("namespaces %v, want dim", nss)
		}
		if len(recorded(t, db)) == 0 {
			t.Fatal("Tarn's migrations table is gone")
		}
	})
}
