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
