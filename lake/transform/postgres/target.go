package postgres

import (
	"context"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/iceberg-go"
	"github.com/apache/iceberg-go/table"
	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/lake"
	"github.com/tarn-data/tarn/lake/transform"
)

// Lake is what a run needs of the lake; *lake.Lake implements it. Tests
// wrap one to fail or cancel at chosen points.
type Lake interface {
	CreateNamespace(ctx context.Context, ns string, props map[string]string) error
	CreateTable(ctx context.Context, id lake.Ident, spec lake.TableSpec) (*table.Table, error)
	SchemaAt(ctx context.Context, id lake.Ident, a lake.AsOf) (*iceberg.Schema, error)
	EvolveSchema(ctx context.Context, id lake.Ident, changes ...lake.SchemaChange) error
	Position(ctx context.Context, id lake.Ident, key string) (value string, ok bool, err error)
	AppendFrom(ctx context.Context, id lake.Ident, rdr array.RecordReader, key, from, to string, props map[string]string) (lake.Commit, error)
	OverwriteFrom(ctx context.Context, id lake.Ident, filter iceberg.BooleanExpression, rdr array.RecordReader, key, from, to string, props map[string]string) (lake.Commit, error)
}

// ensureTarget creates the target from cols, or brings its schema up to
// cols (new columns added, types widened), and returns the Arrow schema
// rows are written with (transform.EnsureTarget). It returns
// ErrIncompatible (tarn.EINVALID) before changing anything when the target
// cannot follow the source, and the errors of the lake otherwise.
func ensureTarget(ctx context.Context, l Lake, o Options, cols []column) (*arrow.Schema, bool, []lake.SchemaChange, error) {
	src := make([]transform.SourceColumn, len(cols))
	byName := map[string]column{}
	for i, c := range cols {
		src[i] = transform.SourceColumn{Name: c.name, Arrow: c.typ.arrow(), Iceberg: c.typ.iceberg(), Required: c.required(), NeverNull: c.notNull}
		byName[c.name] = c
	}
	return transform.EnsureTarget(ctx, l, o.Target, o.Partition, map[string]string{"tarn.source": "postgres:" + o.Name}, src,
		func(sc transform.SourceColumn, f iceberg.NestedField, m transform.Mismatch) error {
			id, c := o.Target, byName[sc.Name]
			switch m {
			case transform.MayBeNull:
				return incompatible(id, c, f, "may now be NULL in the source, but")
			case transform.OtherType:
				return incompatible(id, c, f, "is "+c.display+" ("+c.typ.iceberg().String()+") in the source, but")
			}
			return tarn.Wrap(fmt.Errorf("%w: required column %q of %s is gone from the source", ErrIncompatible, f.Name, id), tarn.EINVALID,
				"Nothing was written. Bring the column back upstream, or write to a new table.",
				"Column %q is required in %s but the Postgres source no longer has it.", f.Name, id)
		})
}

// newSchema is the Arrow schema of a table created from cols.
func newSchema(cols []column) *arrow.Schema {
	fields := make([]arrow.Field, len(cols))
	for i, c := range cols {
		fields[i] = arrow.Field{Name: c.name, Type: c.typ.arrow(), Nullable: !c.required()}
	}
	return arrow.NewSchema(fields, nil)
}

func incompatible(id lake.Ident, c column, f iceberg.NestedField, how string) error {
	req := ""
	if f.Required {
		req = "required "
	}
	return tarn.Wrap(fmt.Errorf("%w: column %q: source %s (%s), target %s%s", ErrIncompatible, c.name, c.display, c.typ.iceberg(), req, f.Type), tarn.EINVALID,
		"Nothing was written. Cast the column back in a query (e.g. SELECT "+quoteIdent(c.name)+"::<old type>), or write to a new table.",
		"Column %q %s %s stores it as %s%s, which cannot hold the new values.", c.name, how, id, req, f.Type)
}
