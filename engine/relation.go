package engine

import (
	"context"
	"fmt"
	"strings"

	"github.com/apache/iceberg-go"
	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/lake"
)

// relation is the SQL of one temp view: the planned files of one table
// reference, with deletes, row filter and masks applied.
type relation struct {
	sql     string
	columns []string // visible columns, in schema order
}

// buildRelation renders a scan plan as DuckDB SQL. local maps every data
// and delete file location of the plan to the local path DuckDB reads (see
// Engine.localFiles).
func buildRelation(plan *lake.ScanPlan, dec TableDecision, local map[string]string) (relation, error) {
	var rel relation
	fields := plan.Schema.Fields()
	schemaMap, err := schemaParam(fields)
	if err != nil {
		return rel, err
	}
	raw := make([]string, len(fields))
	for i, f := range fields {
		raw[i] = quoteIdent(f.Name)
	}
	cols := strings.Join(raw, ", ")

	var parts []string
	var plain []string
	for _, f := range plan.Files {
		p, err := localPath(local, f.Location)
		if err != nil {
			return rel, err
		}
		if len(f.PositionDeletes) == 0 && len(f.EqualityDeletes) == 0 {
			plain = append(plain, quoteString(p))
			continue
		}
		q, err := deletedScan(p, f, local, cols, schemaMap, fields)
		if err != nil {
			return rel, err
		}
		parts = append(parts, q)
	}
	if len(plain) > 0 {
		// Mapping columns by field ID costs DuckDB about twice the scan
		// time, so it is used only when the schema ever changed; until then
		// every file carries the current names and types.
		mapping := ""
		if plan.SchemaEvolved {
			mapping = ", schema=" + schemaMap
		}
		parts = append([]string{fmt.Sprintf("SELECT %s FROM read_parquet([%s]%s)", cols, strings.Join(plain, ", "), mapping)}, parts...)
	}
	if len(parts) == 0 {
		parts = []string{emptyScan(fields)}
	}
	scan := strings.Join(parts, "\nUNION ALL\n")

	var proj []string
	for _, f := range fields {
		rule, decided := dec.Columns[f.Name]
		// A policy that decided on columns hides the ones it did not
		// mention (default-closed); AllowAll decides on none.
		if rule.Hidden || (dec.Columns != nil && !decided) {
			continue
		}
		rel.columns = append(rel.columns, f.Name)
		q := quoteIdent(f.Name)
		if rule.Mask != "" {
			proj = append(proj, "("+strings.ReplaceAll(rule.Mask, "{{col}}", q)+") AS "+q)
		} else {
			proj = append(proj, q)
		}
	}
	if len(proj) == 0 {
		return rel, tarn.Errorf(tarn.EFORBIDDEN, "None of the columns of %s are visible to you.", plan.Table)
	}
	rel.sql = fmt.Sprintf("SELECT %s FROM (%s) AS r", strings.Join(proj, ", "), scan)
	if dec.RowFilter != "" {
		rel.sql += " WHERE (" + dec.RowFilter + ")"
	}
	return rel, nil
}

// schemaParam renders read_parquet's schema= argument, which maps Parquet
// field IDs to the names and types of the schema being read. Columns added
// after a file was written read as NULL; renamed columns keep their data.
func schemaParam(fields []iceberg.NestedField) (string, error) {
	parts := make([]string, len(fields))
	for i, f := range fields {
		t, err := duckType(f.Type)
		if err != nil {
			return "", err
		}
		parts[i] = fmt.Sprintf("%d: {name: %s, type: %s, default_value: NULL}", f.ID, quoteString(f.Name), quoteString(t))
	}
	return "MAP {" + strings.Join(parts, ", ") + "}", nil
}

// localPath is the local path of a planned file.
func localPath(local map[string]string, location string) (string, error) {
	p := local[location]
	if p == "" {
		return "", tarn.Wrap(fmt.Errorf("%w: no local copy of %s", ErrUnsupported, location), tarn.EINTERNAL, "", "A table file was not available locally.")
	}
	return p, nil
}

// deletedScan reads one data file minus its position and equality deletes.
func deletedScan(path string, f lake.DataFile, local map[string]string, cols, schemaMap string, fields []iceberg.NestedField) (string, error) {
	var conds []string
	if len(f.PositionDeletes) > 0 {
		var pd []string
		for _, d := range f.PositionDeletes {
			lp, err := localPath(local, d)
			if err != nil {
				return "", err
			}
			pd = append(pd, quoteString(lp))
		}
		conds = append(conds, fmt.Sprintf("file_row_number NOT IN (SELECT pos FROM read_parquet([%s]) WHERE file_path = %s)",
			strings.Join(pd, ", "), quoteString(f.Location)))
	}
	byID := map[int]iceberg.NestedField{}
	for _, fl := range fields {
		byID[fl.ID] = fl
	}
	for _, ed := range f.EqualityDeletes {
		lp, err := localPath(local, ed.Location)
		if err != nil {
			return "", err
		}
		var keyFields []iceberg.NestedField
		var match []string
		for _, id := range ed.FieldIDs {
			fl, ok := byID[id]
			if !ok {
				// The key column was dropped since; the delete still applies to
				// old files, but Tarn cannot express it over the new schema.
				return "", fmt.Errorf("%w: equality delete on dropped field %d", ErrUnsupported, id)
			}
			keyFields = append(keyFields, fl)
			match = append(match, fmt.Sprintf("e.%s IS NOT DISTINCT FROM d.%s", quoteIdent(fl.Name), quoteIdent(fl.Name)))
		}
		m, err := schemaParam(keyFields)
		if err != nil {
			return "", err
		}
		conds = append(conds, fmt.Sprintf("NOT EXISTS (SELECT 1 FROM read_parquet([%s], schema=%s) AS e WHERE %s)",
			quoteString(lp), m, strings.Join(match, " AND ")))
	}
	dcols := "d." + strings.ReplaceAll(cols, ", ", ", d.")
	q := fmt.Sprintf("SELECT %s FROM read_parquet([%s], schema=%s, file_row_number=true) AS d WHERE %s",
		dcols, quoteString(path), schemaMap, strings.Join(conds, " AND "))
	return q, nil
}

// localFiles makes every data and delete file of files readable locally
// (see lake.Lake.Local) until release is called.
func (e *Engine) localFiles(ctx context.Context, files []lake.DataFile) (map[string]string, func(), error) {
	var refs []lake.FileRef
	for _, f := range files {
		refs = append(refs, f.Files()...)
	}
	return e.lake.Local(ctx, refs)
}

// emptyScan is a relation with the table's columns and no rows.
func emptyScan(fields []iceberg.NestedField) string {
	parts := make([]string, len(fields))
	for i, f := range fields {
		t, err := duckType(f.Type)
		if err != nil {
			t = "VARCHAR"
		}
		parts[i] = "CAST(NULL AS " + t + ") AS " + quoteIdent(f.Name)
	}
	return "SELECT " + strings.Join(parts, ", ") + " LIMIT 0"
}
