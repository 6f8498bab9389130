package bot

import (
	"context"

	"github.com/tarn-data/tarn/lake"
)

// LakeColumns reads a table's columns from its current schema and their
// PII tags from its catalog note, for reviews decided in chat.
func LakeColumns(l *lake.Lake) Columns {
	return func(ctx context.Context, ns, table string) ([]string, map[string]string, error) {
		id := lake.Ident{Namespace: ns, Name: table}
		t, err := l.Load(ctx, id)
		if err != nil {
			return nil, nil, err
		}
		var cols []string
		for _, f := range t.Schema().Fields() {
			cols = append(cols, f.Name)
		}
		note, err := l.Note(ctx, id)
		if err != nil {
			return cols, nil, nil // no note: no tags
		}
		pii := map[string]string{}
		for c, tag := range note.PIITags() {
			pii[c] = tag
		}
		return cols, pii, nil
	}
}
