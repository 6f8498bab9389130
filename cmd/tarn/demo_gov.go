package main

import (
	"context"

	"github.com/tarn-data/tarn/governance/demogov"
	"github.com/tarn-data/tarn/lake/demo"
)

// seedDemoGovernance gives the demo lake its reviews and grants the first
// time (see demogov.Seed); every step is audited.
func seedDemoGovernance(ctx context.Context, m *Main, o demo.Options) error {
	return demogov.Seed(ctx, m.Gov, m.Workflow, o, m.now(), m.record)
}
