package engine

import (
	"context"

	"github.com/tarn-data/tarn/lake"
)

// Column is a column of a table as one caller sees it.
type Column struct {
	Name   string `json:"name"`
	Type   string `json:"type"`
	Masked bool   `json:"masked,omitempty"`
}

// Describe lists the columns of a table that the caller may see, through
// the same policy decision as a query: hidden columns are left out, masked
// ones are marked. A refusal is the policy's error.
func (e *Engine) Describe(ctx context.Context, c Caller, id lake.Ident) ([]Column, error) {
	t, err := e.lake.Load(ctx, id)
	if err != nil {
		return nil, err
	}
	fields := t.Schema().Fields()
	names := make([]string, len(fields))
	types := make([]string, len(fields))
	for i, f := range fields {
		names[i] = f.Name
		types[i], _ = duckType(f.Type)
	}
	ds, err := e.opts.Policy.Decide(ctx, c, []TableAccess{{Table: id, Columns: names, Types: types}})
	if err != nil {
		return nil, err
	}
	var out []Column
	for _, f := range fields {
		r, decided := ds[0].Columns[f.Name]
		if r.Hidden || (ds[0].Columns != nil && !decided) {
			continue
		}
		typ, err := duckType(f.Type)
		if err != nil {
			typ = f.Type.String()
		}
		out = append(out, Column{Name: f.Name, Type: typ, Masked: r.Mask != ""})
	}
	return out, nil
}
