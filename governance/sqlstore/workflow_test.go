package sqlstore_test

import (
	"testing"

	"github.com/tarn-data/tarn/governance"
	"github.com/tarn-data/tarn/governance/govtest"
	"github.com/tarn-data/tarn/store/storetest"
)

func TestWorkflowLifecyclesOnTheSQLStore(t *testing.T) {
	storetest.EachStore(t, func(t *testing.T, url string) {
		db := openDB(t, url)
		govtest.RunWorkflowSuite(t, func(t *testing.T) governance.Store { return emptied(t, db) })
	})
}
