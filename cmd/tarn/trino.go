package main

import (
	"context"

	enginetrino "github.com/tarn-data/tarn/engine/trino"
	"github.com/tarn-data/tarn/governance"
	"github.com/tarn-data/tarn/governance/trino"
)

// trinoInput gathers what the Trino rules document is rendered from: every
// grant and review, the directory's group members, and each table's
// columns and PII tags.
func (m *Main) trinoInput(ctx context.Context) (trino.Input, error) {
	in := trino.Input{Catalog: enginetrino.Catalog, Now: m.now(), Masks: trino.DefaultMasks(),
		Members: map[string][]string{}, Columns: map[string][]string{}, PII: map[string]map[string]string{}}
	var err error
	if in.Grants, err = m.Gov.Grants(ctx, governance.GrantFilter{}); err != nil {
		return in, err
	}
	if in.Reviews, err = m.Gov.Reviews(ctx); err != nil {
		return in, err
	}
	people, err := m.People.Principals(ctx)
	if err != nil {
		return in, err
	}
	for _, p := range people {
		for _, g := range p.Groups {
			in.Members[g] = append(in.Members[g], p.Name)
		}
	}
	ids, err := m.Lake.Tables(ctx, "")
	if err != nil {
		return in, err
	}
	pii := newPIICache(m.Lake)
	for _, id := range ids {
		t, err := m.Lake.Load(ctx, id)
		if err != nil {
			return in, err
		}
		for _, f := range t.Schema().Fields() {
			in.Columns[id.String()] = append(in.Columns[id.String()], f.Name)
		}
		if in.PII[id.String()], err = pii.lookup(ctx, id.Namespace, id.Name); err != nil {
			return in, err
		}
	}
	return in, nil
}
