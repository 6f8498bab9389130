package transform

import (
	"context"
	"strings"

	"github.com/tarn-data/tarn/engine/guard"
	"github.com/tarn-data/tarn/lake"
)

// GuardTables is the TableReader of the engine's SQL guard: the tables a
// statement reads, each once, in order of first appearance.
type GuardTables struct{ Parser *guard.Parser }

// TableRef is one reference to a lake table in a statement: the table and
// the byte offset of its name in the text.
type TableRef struct {
	Table lake.Ident
	Pos   int
}

// References parses sql with the guard and returns every lake table
// reference with its position (-1 when DuckDB did not report one). It
// returns the guard's errors.
func (g GuardTables) References(ctx context.Context, sql string) ([]TableRef, error) {
	q, err := g.Parser.Parse(ctx, sql)
	if err != nil {
		return nil, err
	}
	var out []TableRef
	for _, ref := range q.Tables {
		if ref.Namespace != "" {
			out = append(out, TableRef{Table: lake.Ident{Namespace: strings.ToLower(ref.Namespace), Name: strings.ToLower(ref.Name)}, Pos: ref.Position})
		}
	}
	return out, nil
}

// Tables parses sql with the guard and returns its lake tables. It returns
// the guard's errors (EINVALID, EFORBIDDEN) for SQL it refuses.
func (g GuardTables) Tables(ctx context.Context, sql string) ([]lake.Ident, error) {
	q, err := g.Parser.Parse(ctx, sql)
	if err != nil {
		return nil, err
	}
	seen := map[lake.Ident]bool{}
	var out []lake.Ident
	for _, ref := range q.Tables {
		if ref.Namespace == "" {
			continue
		}
		id := lake.Ident{Namespace: strings.ToLower(ref.Namespace), Name: strings.ToLower(ref.Name)}
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out, nil
}
