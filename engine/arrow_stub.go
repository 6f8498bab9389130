//go:build !duckdb_arrow

package engine

import (
	"database/sql/driver"
	"errors"
)

// ErrNoArrow says the binary was built without DuckDB's Arrow interface.
var ErrNoArrow = errors.New("this build of Tarn lacks DuckDB's Arrow interface: build it with `go build -tags duckdb_arrow`")

// NewArrowQuerier fails: DuckDB's Arrow interface needs the duckdb_arrow
// build tag.
func NewArrowQuerier(driver.Conn) (ArrowQuerier, error) { return nil, ErrNoArrow }
