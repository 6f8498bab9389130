package agent

import (
	"context"
	"errors"
	"math"
	"sort"
	"strings"

	"github.com/tarn-data/tarn/lake"
)

// snapshot is everything the catalog knows, indexed, at one moment.
type snapshot struct {
	tables  []tableEntry
	byName  map[string][]int // "ns.table" and "table" -> tables
	tableIx *textIndex

	pages    []lake.Page
	pageIx   *textIndex
	examples []Example
	exIx     *textIndex
	notes    []TeamNote
	noteIx   *textIndex
}

// tableEntry is one table with its layers 1 to 3.
type tableEntry struct {
	id      lake.Ident
	note    lake.Note
	lineage *lake.Lineage
	uses    int    // allowed queries that read it, in the history
	joins   []Join // most common first
}

func buildSnapshot(ctx context.Context, o CatalogOptions) (*snapshot, error) {
	ids, err := o.Source.Tables(ctx)
	if err != nil {
		return nil, err
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i].String() < ids[j].String() })
	s := &snapshot{byName: map[string][]int{}}
	for i, id := range ids {
		e := tableEntry{id: id}
		if e.note, err = o.Source.Note(ctx, id); err != nil {
			return nil, err
		}
		lin, err := o.Source.Lineage(ctx, id)
		switch {
		case err == nil:
			e.lineage = &lin
		case !errors.Is(err, lake.ErrNoLineage):
			return nil, err
		}
		s.tables = append(s.tables, e)
		s.byName[id.String()] = append(s.byName[id.String()], i)
		s.byName[id.Name] = append(s.byName[id.Name], i)
	}
	if o.History != nil {
		entries, err := o.History.Recent(ctx)
		if err != nil {
			return nil, err
		}
		learnUsage(s, entries)
	}
	b := newIndexBuilder()
	for _, e := range s.tables {
		b.add(tagPrior(e.note.Tags)*(1+0.1*math.Log1p(float64(e.uses))), tableFields(e)...)
	}
	s.tableIx = b.build()

	if s.pages, err = o.Source.Pages(ctx); err != nil {
		return nil, err
	}
	b = newIndexBuilder()
	for _, p := range s.pages {
		b.add(1, field{p.Domain + " " + p.Title, 3}, field{p.Body, 1})
	}
	s.pageIx = b.build()

	if o.Memory != nil {
		if s.examples, err = o.Memory.Examples(ctx); err != nil {
			return nil, err
		}
		if s.notes, err = o.Memory.Notes(ctx); err != nil {
			return nil, err
		}
	}
	b = newIndexBuilder()
	for _, e := range s.examples {
		b.add(1, field{e.Question, 1})
	}
	s.exIx = b.build()
	b = newIndexBuilder()
	for _, n := range s.notes {
		b.add(1, field{n.Text, 1})
	}
	s.noteIx = b.build()
	return s, nil
}

// tableFields are the texts a table is found by, weighted: its name most,
// then description and tags, then columns, lineage and owner.
func tableFields(e tableEntry) []field {
	fs := []field{
		{e.id.Namespace + " " + e.id.Name, 4},
		{e.note.Description, 1.5},
		{strings.Join(e.note.Tags, " "), 1},
		{e.note.Owner, 0.5},
	}
	for _, c := range e.note.Columns {
		name := c.Name
		if strings.HasSuffix(name, "_id") {
			// a key or a reference: found by its full name, so that every
			// table with an account_id does not make "account" common
			name = strings.ReplaceAll(name, "_", "")
		}
		fs = append(fs, field{name, 1}, field{c.Description, 0.4})
		if c.PII != "" {
			fs = append(fs, field{c.PII, 0.5})
		}
	}
	if e.lineage != nil {
		fs = append(fs, field{strings.Join(e.lineage.Sources, " "), 0.5})
		for _, d := range e.lineage.Columns {
			fs = append(fs, field{d.Description, 0.3})
		}
	}
	return fs
}
