package kafka

import (
	"context"
	"errors"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/iceberg-go"
	"github.com/apache/iceberg-go/table"
	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/lake"
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
// rows are written with. It returns ErrIncompatible (tarn.EINVALID) before
// changing anything when the table cannot take the declared columns, and
// the errors of the lake otherwise.
func ensureTarget(ctx context.Context, l Lake, o Options, cols []column) (_ *arrow.Schema, created bool, changes []lake.SchemaChange, err error) {
	id := o.Target
	sc, err := l.SchemaAt(ctx, id, lake.AsOf{})
	if errors.Is(err, lake.ErrNoSuchTable) {
		if err := l.CreateNamespace(ctx, id.Namespace, nil); err != nil {
			return nil, false, nil, err
		}
		fields := make([]arrow.Field, len(cols))
		for i, c := range cols {
			fields[i] = arrow.Field{Name: c.name, Type: c.typ.arrow(), Nullable: !c.required}
		}
		schema := arrow.NewSchema(fields, nil)
		_, err = l.CreateTable(ctx, id, lake.TableSpec{Schema: schema, Partition: o.Partition,
			Properties: map[string]string{"tarn.source": "kafka:" + o.Name}})
		if err == nil {
			return schema, true, nil, nil
		}
		if !errors.Is(err, lake.ErrTableExists) {
			return nil, false, nil, err
		}
		// Another run created it first: follow its schema.
		sc, err = l.SchemaAt(ctx, id, lake.AsOf{})
	}
	if err != nil {
		return nil, false, nil, err
	}
	fields := make([]arrow.Field, len(cols))
	seen := map[string]bool{}
	for i, c := range cols {
		seen[c.name] = true
		fields[i] = arrow.Field{Name: c.name, Type: c.typ.arrow(), Nullable: true}
		f, ok := sc.FindFieldByName(c.name)
		if !ok {
			changes = append(changes, lake.SchemaChange{Op: "add", Column: c.name, Type: c.typ.iceberg(), Doc: c.doc})
			continue
		}
		fields[i].Nullable = !f.Required
		if f.Required && !c.required {
			return nil, false, nil, incompatible(id, c, f, "is declared optional, but")
		}
		switch t, want := f.Type, c.typ.iceberg(); {
		case t.Equals(want):
		case lake.Widens(t, want):
			changes = append(changes, lake.SchemaChange{Op: "widen", Column: c.name, Type: want})
		default:
			return nil, false, nil, incompatible(id, c, f, "is declared "+c.typ.String()+", but")
		}
	}
	for _, f := range sc.Fields() {
		if !seen[f.Name] && f.Required {
			return nil, false, nil, tarn.Wrap(fmt.Errorf("%w: required column %q of %s is not declared", ErrIncompatible, f.Name, id), tarn.EINVALID,
				"Nothing was written. Declare the column (required), or write to a new table.",
				"Column %q is required in %s but the Kafka source does not declare it.", f.Name, id)
		}
	}
	if len(changes) > 0 {
		if err := l.EvolveSchema(ctx, id, changes...); err != nil {
			return nil, false, nil, err
		}
	}
	return arrow.NewSchema(fields, nil), false, changes, nil
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
