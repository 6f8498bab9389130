package transform

import (
	"context"
	"errors"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/iceberg-go"
	"github.com/apache/iceberg-go/table"
	"github.com/tarn-data/tarn/lake"
)

// SourceColumn is a column an ingester with its own type mapping (Kafka's
// declared schema, Postgres's catalog) writes to its target.
type SourceColumn struct {
	Name    string
	Arrow   arrow.DataType
	Iceberg iceberg.Type
	// Required columns are created NOT NULL.
	Required bool
	// NeverNull says the source guarantees a value, so that a column the
	// target requires can take it.
	NeverNull bool
	// Doc describes a column the target gains.
	Doc string
}

// Mismatch says why a target cannot take a source column.
type Mismatch int

// The mismatches.
const (
	// MayBeNull: the source may hold NULL where the target requires a value.
	MayBeNull Mismatch = iota
	// OtherType: the source's type is neither the target's nor a widening
	// of it Iceberg can apply.
	OtherType
	// Missing: the source lacks a column the target requires (the
	// SourceColumn holds only its name).
	Missing
)

// TargetLake is what EnsureTarget needs of the lake; *lake.Lake has it.
type TargetLake interface {
	CreateNamespace(ctx context.Context, ns string, props map[string]string) error
	CreateTable(ctx context.Context, id lake.Ident, spec lake.TableSpec) (*table.Table, error)
	SchemaAt(ctx context.Context, id lake.Ident, a lake.AsOf) (*iceberg.Schema, error)
	EvolveSchema(ctx context.Context, id lake.Ident, changes ...lake.SchemaChange) error
}

// EnsureTarget creates the table id from cols (with partition and table
// properties props), or brings its schema up to cols: new columns added,
// types widened (int→long, float→double, decimal precision; list elements
// must match). It returns the Arrow schema rows are written with, whether
// it created the table, and the changes it applied. When the table cannot
// take a column it changes nothing and returns refuse's error for it; it
// returns the lake's errors otherwise.
func EnsureTarget(ctx context.Context, l TargetLake, id lake.Ident, partition []lake.PartitionField, props map[string]string,
	cols []SourceColumn, refuse func(c SourceColumn, f iceberg.NestedField, m Mismatch) error) (_ *arrow.Schema, created bool, changes []lake.SchemaChange, err error) {
	sc, err := l.SchemaAt(ctx, id, lake.AsOf{})
	if errors.Is(err, lake.ErrNoSuchTable) {
		if err := l.CreateNamespace(ctx, id.Namespace, nil); err != nil {
			return nil, false, nil, err
		}
		fields := make([]arrow.Field, len(cols))
		for i, c := range cols {
			fields[i] = arrow.Field{Name: c.Name, Type: c.Arrow, Nullable: !c.Required}
		}
		schema := arrow.NewSchema(fields, nil)
		_, err = l.CreateTable(ctx, id, lake.TableSpec{Schema: schema, Partition: partition, Properties: props})
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
		seen[c.Name] = true
		fields[i] = arrow.Field{Name: c.Name, Type: c.Arrow, Nullable: true}
		f, ok := sc.FindFieldByName(c.Name)
		if !ok {
			changes = append(changes, lake.SchemaChange{Op: "add", Column: c.Name, Type: c.Iceberg, Doc: c.Doc})
			continue
		}
		fields[i].Nullable = !f.Required
		if f.Required && !c.NeverNull {
			return nil, false, nil, refuse(c, f, MayBeNull)
		}
		switch compareTypes(f.Type, c.Iceberg) {
		case sameType:
		case widerType:
			changes = append(changes, lake.SchemaChange{Op: "widen", Column: c.Name, Type: c.Iceberg})
		default:
			return nil, false, nil, refuse(c, f, OtherType)
		}
	}
	for _, f := range sc.Fields() {
		if !seen[f.Name] && f.Required {
			return nil, false, nil, refuse(SourceColumn{Name: f.Name}, f, Missing)
		}
	}
	if len(changes) > 0 {
		if err := l.EvolveSchema(ctx, id, changes...); err != nil {
			return nil, false, nil, err
		}
	}
	return arrow.NewSchema(fields, nil), false, changes, nil
}

// typeChange is how a source type relates to the target's.
type typeChange int

const (
	sameType typeChange = iota
	widerType
	otherType
)

// compareTypes says whether src is tgt, a widening of it that Iceberg can
// apply, or anything else. List element IDs are ignored; elements must
// match.
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
