package memstore_test

import (
	"testing"

	"github.com/tarn-data/tarn/governance"
	"github.com/tarn-data/tarn/governance/govtest"
	"github.com/tarn-data/tarn/governance/memstore"
)

func TestMemstorePassesTheStoreConformanceSuite(t *testing.T) {
	govtest.RunStoreSuite(t, func(*testing.T) governance.Store { return memstore.New() })
}
