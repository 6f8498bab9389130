package postgres

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
// rows are written with. It returns ErrIncompatible (tarn.EINVALID) before
// changing anything when the target cannot follow the source, and the
// errors of the lake otherwise.
func ensureTarget(ctx context.Context, l Lake, o Options, cols []column) (_ *arrow.Schema, created bool, changes []lake.SchemaChange, err error) {
	id := o.Target
	sc, err := l.SchemaAt(ctx, id, lake.AsOf{})
	if errors.Is(err, lake.ErrNoSuchTable) {
		if err := l.CreateNamespace(ctx, id.Namespace, nil); err != nil {
			return nil, false, nil, err
		}
		schema := newSchema(cols)
		_, err = l.CreateTable(ctx, id, lake.TableSpec{Schema: schema, Partition: o.Partition,
			Properties: map[string]string{"tarn.source": "postgres:" + o.Name}})
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
			changes = append(changes, lake.SchemaChange{Op: "add", Column: c.name, Type: c.typ.iceberg()})
			continue
		}
		fields[i].Nullable = !f.Required
		if f.Required && !c.notNull {
			return nil, false, nil, incompatible(id, c, f, "may now be NULL in the source, but")
		}
		switch compareTypes(f.Type, c.typ.iceberg()) {
		case sameType:
		case widerType:
			changes = append(changes, lake.SchemaChange{Op: "widen", Column: c.name, Type: c.typ.iceberg()})
		default:
			return nil, false, nil, incompatible(id, c, f, "is "+c.display+" ("+c.typ.iceberg().String()+") in the source, but")
		}
	}
	for _, f := range sc.Fields() {
		if !seen[f.Name] && f.Required {
			return nil, false, nil, tarn.Wrap(fmt.Errorf("%w: required column %q of %s is gone from the source", ErrIncompatible, f.Name, id), tarn.EINVALID,
				"Nothing was written. Bring the column back upstream, or write to a new table.",
				"Column %q is required in %s but the Postgres source no longer has it.", f.Name, id)
		}
	}
	if len(changes) > 0 {
		if err := l.EvolveSchema(ctx, id, changes...); err != nil {
			return nil, false, nil, err
		}
	}
	return arrow.NewSchema(fields, nil), false, changes, nil
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

// typeChange is how a source type relates to the target's.
type typeChange int

const (
	sameType typeChange = iota
	widerType
	otherType
)

// compareTypes says whether src is tgt, a widening of it that Iceberg can
// apply (int→long, float→double, decimal precision up at the same scale),
// or anything else. List element IDs are ignored; elements must match.
func compareTypes(tgt, src iceberg.Type) typeChange {
	if tl, ok := tgt.(*iceberg.ListType); ok {
		sl, ok := src.(*iceberg.ListType)
		if ok && !tl.ElementRequired && compareTypes(tl.Element, sl.Element) == sameType {
			return sameType
		}
		return otherType
	}
	if tgt.Equals(src) {
		return sameType
	}
	if lake.Widens(tgt, src) {
		return widerType
	}
	return otherType
}
