package main

import (
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
	return c, nil
}
