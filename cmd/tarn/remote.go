package main

import (
	"context"

	"github.com/tarn-data/tarn/engine"
	enginetrino "github.com/tarn-data/tarn/engine/trino"
)

// openRemote connects the Trino cluster of engine.trino.url, or returns nil
// when none is configured. The client is closed with Main.
func (m *Main) openRemote() (engine.Remote, error) {
	if m.Config.Engine.Trino.URL == "" {
		return nil, nil
	}
	c, err := enginetrino.Open(enginetrino.Options{DSN: m.Config.Engine.Trino.URL, Allocator: m.Lake.Allocator()})
	if err != nil {
		return nil, err
	}
	m.trino = c
	return gatedRemote{Remote: c, m: m}, nil
}

// gatedRemote is Trino, available only once its rules have caught up:
// Trino re-reads the rules document every refresh period, so for
// engine.trino.rules_lag after a change of grants, reviews or flips a
// query stays on DuckDB, which decides by the new rules at once.
type gatedRemote struct {
	engine.Remote
	m *Main
}

// Available says the rules have not changed for engine.trino.rules_lag.
func (g gatedRemote) Available(ctx context.Context) bool {
	lag := g.m.Config.Engine.Trino.RulesLag
	if lag <= 0 {
		return true
	}
	changed, err := g.m.Policy.Changed(ctx)
	return err == nil && g.m.now().Sub(changed) >= lag
}
