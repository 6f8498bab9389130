package kafka

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

// Lake is what ingestion needs of the lake; *lake.Lake has it.
type Lake interface {
	CreateNamespace(ctx context.Context, ns string, props map[string]string) error
	CreateTable(ctx context.Context, id lake.Ident, spec lake.TableSpec) (*table.Table, error)
	SchemaAt(ctx context.Context, id lake.Ident, a lake.AsOf) (*iceberg.Schema, error)
	EvolveSchema(ctx context.Context, id lake.Ident, changes ...lake.SchemaChange) error
	Position(ctx context.Context, id lake.Ident, key string) (value string, ok bool, err error)
	AppendFrom(ctx context.Context, id lake.Ident, rdr array.RecordReader, key, from, to string, props map[string]string) (lake.Commit, error)
}

// ensureTarget creates the target from cols, or brings its schema up to
// cols (new columns added, types widened), and returns the Arrow schema
// rows are written with (transform.EnsureTarget). It returns
// ErrIncompatible (tarn.EINVALID) before changing anything when the table
// cannot take the declared columns, and the errors of the lake otherwise.
func ensureTarget(ctx context.Context, l Lake, o Options, cols []column) (*arrow.Schema, bool, []lake.SchemaChange, error) {
	src := make([]transform.SourceColumn, len(cols))
	byName := map[string]column{}
	for i, c := range cols {
		src[i] = transform.SourceColumn{Name: c.name, Arrow: c.typ.arrow(), Iceberg: c.typ.iceberg(), Required: c.required, NeverNull: c.required, Doc: c.doc}
		byName[c.name] = c
	}
	return transform.EnsureTarget(ctx, l, o.Target, o.Partition, map[string]string{"tarn.source": "kafka:" + o.Name}, src,
		func(sc transform.SourceColumn, f iceberg.NestedField, m transform.Mismatch) error {
			id, c := o.Target, byName[sc.Name]
			switch m {
			case transform.MayBeNull:
				return incompatible(id, c, f, "is declared optional, but")
			case transform.OtherType:
				return incompatible(id, c, f, "is declared "+c.typ.String()+", but")
			}
			return tarn.Wrap(fmt.Errorf("%w: required column %q of %s is not declared", ErrIncompatible, f.Name, id), tarn.EINVALID,
				"Nothing was written. Declare the column (required), or write to a new table.",
				"Column %q is required in %s but the Kafka source does not declare it.", f.Name, id)
		})
}

func incompatible(id lake.Ident, c column, f iceberg.NestedField, how string) error {
	req := ""
	if f.Required {
		req = "required "
	}
	return tarn.Wrap(fmt.Errorf("%w: column %q: declared %s, table %s%s", ErrIncompatible, c.name, c.typ, req, f.Type), tarn.EINVALID,
		"Nothing was written. Declare the table's type, or write to a new table.",
		"Column %q %s %s stores it as %s%s.", c.name, how, id, req, f.Type)
}
