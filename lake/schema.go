package lake

import (
	"context"
	"fmt"
	"strings"

	"github.com/apache/iceberg-go"
	"github.com/apache/iceberg-go/table"
	"github.com/tarn-data/tarn"
)

// SchemaChange is one schema evolution step. Exactly one of its forms is
// used: Add (Column, Type, Doc), Rename (Column → NewName), Drop (Column),
// Widen (Column → Type: int→long, float→double, decimal precision up).
type SchemaChange struct {
	Op      string // "add", "rename", "drop", "widen"
	Column  string
	NewName string
	Type    iceberg.Type
	Doc     string
}

// Widens reports whether Iceberg can promote a column of type from to type
// to, the "widen" change: int→long, float→double, decimal precision up at
// the same scale.
func Widens(from, to iceberg.Type) bool {
	switch f := from.(type) {
	case iceberg.Int32Type:
		_, ok := to.(iceberg.Int64Type)
		return ok
	case iceberg.Float32Type:
		_, ok := to.(iceberg.Float64Type)
		return ok
	case iceberg.DecimalType:
		t, ok := to.(iceberg.DecimalType)
		return ok && t.Scale() == f.Scale() && t.Precision() > f.Precision()
	}
	return false
}

// EvolveSchema applies changes in one commit. Old snapshots keep their own
// schema and stay readable: Iceberg tracks columns by field ID, so a renamed
// column keeps its data, a dropped one disappears and an added one reads as
// NULL in old files.
func (l *Lake) EvolveSchema(ctx context.Context, id Ident, changes ...SchemaChange) error {
	_, err := l.commit(ctx, id, func(ctx context.Context, tx *table.Transaction) error {
		u := tx.UpdateSchema(true, false)
		for _, c := range changes {
			path := strings.Split(c.Column, ".")
			switch c.Op {
			case "add":
				u = u.AddColumn(path, c.Type, c.Doc, false, nil)
			case "rename":
				u = u.RenameColumn(path, c.NewName)
			case "drop":
				u = u.DeleteColumn(path)
			case "widen":
				u = u.UpdateColumn(path, table.ColumnUpdate{FieldType: iceberg.Optional[iceberg.Type]{Valid: true, Val: c.Type}})
			default:
				return tarn.Errorf(tarn.EINVALID, "Unknown schema change %q; use add, rename, drop or widen.", c.Op)
			}
		}
		if err := u.Commit(); err != nil {
			return tarn.Wrap(fmt.Errorf("%w: %v", ErrInvalid, err), tarn.EINVALID, "", "Cannot change the schema of %s: %v", id, err)
		}
		return nil
	})
	return err
}
