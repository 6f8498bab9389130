//go:build duckdb_arrow

package engine

import (
	"database/sql/driver"

	"github.com/duckdb/duckdb-go/v2"
)

// NewArrowQuerier returns DuckDB's Arrow interface on a driver connection.
func NewArrowQuerier(c driver.Conn) (ArrowQuerier, error) { return duckdb.NewArrowFromConn(c) }
