package lake

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/iceberg-go"
	"github.com/apache/iceberg-go/catalog"
	"github.com/apache/iceberg-go/table"
	"github.com/tarn-data/tarn"
)

// PartitionField partitions a table by a transform of one column.
// Transform is one of identity, year, month, day, hour, bucket[N],
// truncate[W].
type PartitionField struct {
	Column    string
	Transform string
}

// TableSpec describes a table to create.
type TableSpec struct {
	Schema     *arrow.Schema
	Partition  []PartitionField
	Properties map[string]string
}

// CreateTable creates a table from an Arrow schema, with fresh Iceberg field
// IDs, and returns it. It returns ErrTableExists (as tarn.ECONFLICT) if the
// name is taken and ErrNoSuchNamespace if the namespace is missing.
func (l *Lake) CreateTable(ctx context.Context, id Ident, spec TableSpec) (*table.Table, error) {
	if err := id.Validate(); err != nil {
		return nil, err
	}
	if spec.Schema == nil || spec.Schema.NumFields() == 0 {
		return nil, tarn.Wrap(fmt.Errorf("%w: empty schema", ErrInvalid), tarn.EINVALID, "", "A table needs at least one column.")
	}
	sc, err := table.ArrowSchemaToIcebergWithFreshIDs(spec.Schema, true)
	if err != nil {
		return nil, tarn.Wrap(fmt.Errorf("%w: %v", ErrInvalid, err), tarn.EINVALID, "", "The schema of %s cannot be stored in Iceberg: %v", id, err)
	}
	ps, err := partitionSpec(sc, spec.Partition)
	if err != nil {
		return nil, err
	}
	props := map[string]string{}
	// Timestamps are nearly unique per row: dictionary-encoding them only
	// costs hashing before Parquet falls back to plain encoding.
	for _, f := range sc.Fields() {
		switch f.Type.(type) {
		case iceberg.TimestampType, iceberg.TimestampTzType:
			props["write.parquet.dict-encoding-enabled.column."+f.Name] = "false"
		}
	}
	for k, v := range spec.Properties {
		props[k] = v
	}
	opts := []catalog.CreateTableOpt{catalog.WithProperties(l.tableProps(props))}
	if ps.NumFields() > 0 {
		opts = append(opts, catalog.WithPartitionSpec(&ps))
	}
	t, err := l.cat.CreateTable(ctx, id.iceberg(), sc, opts...)
	switch {
	case errors.Is(err, catalog.ErrTableAlreadyExists):
		return nil, tarn.Wrap(fmt.Errorf("%w: %s", ErrTableExists, id), tarn.ECONFLICT, "", "Table %s already exists.", id)
	case errors.Is(err, catalog.ErrNoSuchNamespace):
		return nil, notFoundNamespace(id.Namespace)
	case err != nil:
		return nil, fmt.Errorf("creating %s: %w", id, err)
	}
	l.remember(id, t)
	return t, nil
}

func partitionSpec(sc *iceberg.Schema, fields []PartitionField) (iceberg.PartitionSpec, error) {
	var pf []iceberg.PartitionField
	for i, f := range fields {
		col, ok := sc.FindFieldByName(f.Column)
		if !ok {
			return iceberg.PartitionSpec{}, tarn.Wrap(fmt.Errorf("%w: partition column %q", ErrNoSuchColumn, f.Column),
				tarn.EINVALID, "", "Cannot partition by %q: there is no such column.", f.Column)
		}
		tr, err := ParseTransform(f.Transform)
		if err != nil {
			return iceberg.PartitionSpec{}, err
		}
		if !tr.CanTransform(col.Type) {
			return iceberg.PartitionSpec{}, tarn.Wrap(fmt.Errorf("%w: transform %s on %s", ErrInvalid, tr, col.Type), tarn.EINVALID, "",
				"Cannot partition %s of type %s by %s.", f.Column, col.Type, tr)
		}
		name := f.Column
		if _, isIdentity := tr.(iceberg.IdentityTransform); !isIdentity {
			name = f.Column + "_" + strings.SplitN(tr.String(), "[", 2)[0]
		}
		pf = append(pf, iceberg.PartitionField{SourceIDs: []int{col.ID}, FieldID: 1000 + i, Name: name, Transform: tr})
	}
	return iceberg.NewPartitionSpec(pf...), nil
}

// ParseTransform parses identity, year, month, day, hour, bucket[N] and
// truncate[W].
func ParseTransform(s string) (iceberg.Transform, error) {
	bad := func() error {
		return tarn.Wrap(fmt.Errorf("%w: transform %q", ErrInvalid, s), tarn.EINVALID,
			"Use identity, year, month, day, hour, bucket[N] or truncate[W].", "Unknown partition transform %q.", s)
	}
	s = strings.ToLower(strings.TrimSpace(s))
	switch s {
	case "", "identity":
		return iceberg.IdentityTransform{}, nil
	case "year":
		return iceberg.YearTransform{}, nil
	case "month":
		return iceberg.MonthTransform{}, nil
	case "day":
		return iceberg.DayTransform{}, nil
	case "hour":
		return iceberg.HourTransform{}, nil
	}
	name, arg, ok := strings.Cut(strings.TrimSuffix(s, "]"), "[")
	n, err := strconv.Atoi(arg)
	if !ok || err != nil || n <= 0 {
		return nil, bad()
	}
	switch name {
	case "bucket":
		return iceberg.BucketTransform{NumBuckets: n}, nil
	case "truncate":
		return iceberg.TruncateTransform{Width: n}, nil
	}
	return nil, bad()
}
