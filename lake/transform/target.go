package transform

import (
	"context"
	"errors"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/iceberg-go"
	"github.com/apache/iceberg-go/table"
	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/lake"
)

// target is the job's table, ready for this run's rows.
type target struct {
	schema *iceberg.Schema
	// casts maps result columns to the wider type the table keeps.
	casts map[string]arrow.DataType
	// wasEmpty: the table had no snapshot before this run.
	wasEmpty bool
}

// ensureTarget creates the target from the result's schema, or evolves it
// when the result has new columns or wider types. It returns
// ErrIncompatibleSchema (EINVALID) naming the column and both types when
// Iceberg cannot evolve the table to the result.
func (r *Runner) ensureTarget(ctx context.Context, j *Job, sc *arrow.Schema) (target, error) {
	t, err := r.o.Lake.Load(ctx, j.Target)
	if errors.Is(err, lake.ErrNoSuchTable) {
		t, err = r.create(ctx, j, sc)
	}
	if err != nil {
		return target{}, jobErr(j, err)
	}
	changes, casts, err := reconcile(j, t.Schema(), sc)
	if err != nil {
		return target{}, err
	}
	if len(changes) > 0 {
		if err := r.o.Lake.EvolveSchema(ctx, j.Target, changes...); err != nil {
			return target{}, jobErr(j, err)
		}
		r.o.Logger.Info("transform: evolved the target's schema", "job", j.Name, "table", j.Target, "changes", len(changes))
		if t, err = r.o.Lake.Load(ctx, j.Target); err != nil {
			return target{}, jobErr(j, err)
		}
	}
	return target{schema: t.Schema(), casts: casts, wasEmpty: t.CurrentSnapshot() == nil}, nil
}

// create makes the target table (and its namespace) from the result's
// schema, every column optional.
func (r *Runner) create(ctx context.Context, j *Job, sc *arrow.Schema) (*table.Table, error) {
	if err := r.o.Lake.CreateNamespace(ctx, j.Target.Namespace, nil); err != nil {
		return nil, err
	}
	fields := make([]arrow.Field, sc.NumFields())
	for i, f := range sc.Fields() {
		f.Nullable = true
		f.Metadata = arrow.Metadata{}
		fields[i] = f
	}
	t, err := r.o.Lake.CreateTable(ctx, j.Target, lake.TableSpec{Schema: arrow.NewSchema(fields, nil), Partition: j.Partition,
		Properties: map[string]string{"tarn.job": j.Name}})
	if errors.Is(err, lake.ErrTableExists) { // another run created it first
		return r.o.Lake.Load(ctx, j.Target)
	}
	return t, err
}

// reconcile compares the table's columns with the result's: new columns
// are added, narrower table types widened (int→long, float→double,
// decimal precision up), and result columns narrower than the table's
// cast up when written. Anything else stops the job.
func reconcile(j *Job, have *iceberg.Schema, got *arrow.Schema) ([]lake.SchemaChange, map[string]arrow.DataType, error) {
	var changes []lake.SchemaChange
	casts := map[string]arrow.DataType{}
	for _, f := range got.Fields() {
		typ, err := icebergType(f)
		if err != nil {
			return nil, nil, tarn.Wrap(fmt.Errorf("%w: %s.%s: %v", ErrIncompatibleSchema, j.Target, f.Name, err), tarn.EINVALID,
				"Cast the column in the SQL to a type Iceberg keeps (BIGINT, DOUBLE, DECIMAL, VARCHAR, DATE, TIMESTAMP…).",
				"Job %s: column %s has type %s, which an Iceberg table cannot hold.", j.Name, f.Name, f.Type)
		}
		cur, ok := have.FindFieldByName(f.Name)
		switch {
		case !ok:
			doc, _ := j.Doc(f.Name)
			changes = append(changes, lake.SchemaChange{Op: "add", Column: f.Name, Type: typ, Doc: doc.Description})
		case cur.Type.Equals(typ):
		case lake.Widens(cur.Type, typ):
			changes = append(changes, lake.SchemaChange{Op: "widen", Column: f.Name, Type: typ})
		case lake.Widens(typ, cur.Type):
			at, err := arrowType(cur.Type)
			if err != nil {
				return nil, nil, err
			}
			casts[f.Name] = at
		default:
			return nil, nil, tarn.Wrap(fmt.Errorf("%w: %s.%s: %s → %s", ErrIncompatibleSchema, j.Target, f.Name, cur.Type, typ), tarn.EINVALID,
				"Iceberg widens int to long, float to double and decimal precision only: cast the column in the SQL back to "+cur.Type.String()+", or write a new table.",
				"Job %s stopped: column %s of %s is %s in the table but the SQL now gives %s.", j.Name, f.Name, j.Target, cur.Type, typ)
		}
	}
	return changes, casts, nil
}

// icebergType is the Iceberg type of one Arrow field.
func icebergType(f arrow.Field) (iceberg.Type, error) {
	f.Nullable, f.Metadata = true, arrow.Metadata{}
	sc, err := table.ArrowSchemaToIcebergWithFreshIDs(arrow.NewSchema([]arrow.Field{f}, nil), true)
	if err != nil {
		return nil, err
	}
	return sc.Field(0).Type, nil
}

// arrowType is the Arrow type a numeric Iceberg type is written from.
func arrowType(t iceberg.Type) (arrow.DataType, error) {
	switch t := t.(type) {
	case iceberg.Int64Type:
		return arrow.PrimitiveTypes.Int64, nil
	case iceberg.Float64Type:
		return arrow.PrimitiveTypes.Float64, nil
	case iceberg.DecimalType:
		return &arrow.Decimal128Type{Precision: int32(t.Precision()), Scale: int32(t.Scale())}, nil
	}
	return nil, fmt.Errorf("%w: no cast to %s", ErrIncompatibleSchema, t)
}
