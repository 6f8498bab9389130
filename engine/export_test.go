package engine

import "github.com/tarn-data/tarn/lake"

// SetPlanned sets the hook called between planning a reference and
// leasing its files.
func SetPlanned(e *Engine, f func(lake.Ident)) { e.planned = f }
