package agent

import (
	"context"
	"errors"
	"regexp"
	"sort"
	"strings"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/engine"
	"github.com/tarn-data/tarn/governance"
	"github.com/tarn-data/tarn/lake"
)

// nameBonus is added to a table the question names outright (ns.table or
// its table part), so scratch and internal tables stay findable by name.
const nameBonus = 25.0

// closedCutoff is the share of the best table's score a refused table needs
// to be named as Closed: only close matches are worth telling about.
const closedCutoff = 0.4

// identRE finds table-like names in questions and scripts.
var identRE = regexp.MustCompile(`\b[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*\b`)

// wordRE finds identifier-like words in questions.
var wordRE = regexp.MustCompile(`[a-z_][a-z0-9_]*`)

// Retrieve picks the context for a question as principal sees it: the best
// tables it may query as cards with only their visible columns, the best
// matching tables it may not query as Closed (name, reason, hint — never
// columns), pages, and the examples and notes that match, without examples
// whose scripts read a table the principal may not see. Errors: ErrNoQuestion
// for a blank question; source and governance failures other than refusals.
func (c *Catalog) Retrieve(ctx context.Context, principal, question string) (*Context, error) {
	if strings.TrimSpace(question) == "" {
		return nil, tarn.Wrap(ErrNoQuestion, tarn.EINVALID, "", "Ask a question.")
	}
	s, err := c.index(ctx)
	if err != nil {
		return nil, err
	}
	v := &visCache{vis: c.o.Visibility, principal: principal, seen: map[lake.Ident]visResult{}}
	terms := queryTerms(question)
	out := &Context{}

	ranked := rankTables(s, question, terms, 3*c.o.MaxTables)
	for _, h := range ranked {
		if len(out.Tables) >= c.o.MaxTables {
			break
		}
		e := s.tables[h.doc]
		cols, err := v.describe(ctx, e.id)
		switch {
		case err == nil:
			out.Tables = append(out.Tables, card(e, cols, h.score))
		case tarn.ErrorCode(err) == tarn.EFORBIDDEN:
			if len(out.Closed) < c.o.MaxClosed && h.score >= closedCutoff*ranked[0].score {
				out.Closed = append(out.Closed, closed(e.id, err))
			}
		case tarn.ErrorCode(err) == tarn.ENOTFOUND:
			// dropped since the index was built
		default:
			return nil, err
		}
	}

	for _, h := range s.pageIx.search(terms, c.o.MaxPages) {
		p := s.pages[h.doc]
		out.Pages = append(out.Pages, PageCard{Domain: p.Domain, Title: p.Title, Body: p.Body, Score: h.score})
	}
	for _, h := range s.exIx.search(terms, 0) {
		if len(out.Examples) >= c.o.MaxExamples {
			break
		}
		ex := s.examples[h.doc]
		ok, err := scriptVisible(ctx, s, v, ex.Script)
		if err != nil {
			return nil, err
		}
		if ok {
			ex.Score = h.score
			out.Examples = append(out.Examples, ex)
		}
	}
	for _, h := range s.noteIx.search(terms, c.o.MaxNotes) {
		n := s.notes[h.doc]
		n.Score = h.score
		out.Notes = append(out.Notes, n)
	}
	return out, nil
}

// rankTables scores the tables for a question: BM25 with priors, plus
// nameBonus for tables the question names.
func rankTables(s *snapshot, question string, terms []queryTerm, limit int) []hit {
	hits := s.tableIx.search(terms, 4*limit)
	named := map[int]bool{}
	lower := strings.ToLower(question)
	for _, w := range append(identRE.FindAllString(lower, -1), wordRE.FindAllString(lower, -1)...) {
		if !strings.Contains(w, ".") && !strings.Contains(w, "_") {
			continue // a plain word names no table outright
		}
		for _, i := range s.byName[w] {
			named[i] = true
		}
	}
	if len(named) > 0 {
		added := map[int]bool{}
		for i := range hits {
			if named[hits[i].doc] {
				hits[i].score += nameBonus
				added[hits[i].doc] = true
			}
		}
		for d := range named {
			if !added[d] {
				hits = append(hits, hit{d, nameBonus})
			}
		}
		sort.Slice(hits, func(i, j int) bool {
			if hits[i].score != hits[j].score {
				return hits[i].score > hits[j].score
			}
			return hits[i].doc < hits[j].doc
		})
	}
	hits = variantsLast(s, hits, named)
	if len(hits) > limit {
		hits = hits[:limit]
	}
	return hits
}

// variantsLast moves tables whose name extends the name of a better-ranked
// table (stg.billings_allocated_raw after fct.billings_allocated) behind
// the others, keeping their order, unless the question names them: copies,
// staging loads and backfills crowd out the other tables a question needs.
func variantsLast(s *snapshot, hits []hit, named map[int]bool) []hit {
	out := make([]hit, 0, len(hits))
	var later []hit
	var bases []string
	for _, h := range hits {
		name := s.tables[h.doc].id.Name
		variant := false
		for _, b := range bases {
			if name != b && strings.Contains(name, b) {
				variant = true
				break
			}
		}
		if variant && !named[h.doc] {
			later = append(later, h)
			continue
		}
		out = append(out, h)
		bases = append(bases, name)
	}
	return append(out, later...)
}

// card is a table as the principal sees it: only the visible columns, with
// what notes and lineage say about them. The lineage SQL is left out when
// any column is hidden, since it names every column.
func card(e tableEntry, cols []engine.Column, score float64) TableCard {
	tc := TableCard{Name: e.id.String(), Description: e.note.Description, Owner: e.note.Owner,
		Tags: e.note.Tags, JoinsWith: e.joins, Score: score}
	notes := map[string]lake.ColumnNote{}
	for _, n := range e.note.Columns {
		notes[n.Name] = n
	}
	derived := map[string]lake.ColumnDerivation{}
	if e.lineage != nil {
		for _, d := range e.lineage.Columns {
			derived[d.Name] = d
		}
	}
	for _, col := range cols {
		n := notes[col.Name]
		cc := ColumnCard{Name: col.Name, Type: col.Type, Description: n.Description, PII: n.PII, Masked: col.Masked}
		if d, ok := derived[col.Name]; ok && d.Expr != col.Name {
			cc.Derivation = d.Description
			if cc.Derivation == "" {
				cc.Derivation = d.Expr
			}
		}
		tc.Columns = append(tc.Columns, cc)
	}
	if e.lineage != nil && len(cols) >= len(e.note.Columns) && allVisible(e, cols) {
		tc.Lineage = e.lineage.SQL
	}
	return tc
}

// allVisible reports whether every column the notes and lineage name is
// among the visible ones.
func allVisible(e tableEntry, cols []engine.Column) bool {
	vis := map[string]bool{}
	for _, c := range cols {
		vis[c.Name] = true
	}
	for _, n := range e.note.Columns {
		if !vis[n.Name] {
			return false
		}
	}
	for _, d := range e.lineage.Columns {
		if !vis[d.Name] {
			return false
		}
	}
	return true
}

// closed is a refused table: why, and what to do, in the words governance
// chose for a person.
func closed(id lake.Ident, err error) ClosedTable {
	reason := "no access"
	switch {
	case errors.Is(err, governance.ErrNeedsReview):
		reason = "needs review"
	case errors.Is(err, governance.ErrNotGranted):
		reason = "no grant"
	}
	return ClosedTable{Name: id.String(), Reason: reason, Hint: tarn.ErrorMessage(err)}
}

// scriptVisible reports whether every catalog table a script names is one
// the principal may query.
func scriptVisible(ctx context.Context, s *snapshot, v *visCache, script string) (bool, error) {
	for _, name := range identRE.FindAllString(strings.ToLower(script), -1) {
		for _, i := range s.byName[name] {
			id := s.tables[i].id
			if id.String() != name {
				continue
			}
			_, err := v.describe(ctx, id)
			switch {
			case err == nil:
			case tarn.ErrorCode(err) == tarn.EFORBIDDEN, tarn.ErrorCode(err) == tarn.ENOTFOUND:
				return false, nil
			default:
				return false, err
			}
		}
	}
	return true, nil
}

// visCache remembers, for one question, what the principal may see.
type visCache struct {
	vis       Visibility
	principal string
	seen      map[lake.Ident]visResult
}

type visResult struct {
	cols []engine.Column
	err  error
}

func (v *visCache) describe(ctx context.Context, id lake.Ident) ([]engine.Column, error) {
	if r, ok := v.seen[id]; ok {
		return r.cols, r.err
	}
	cols, err := v.vis.Describe(ctx, v.principal, id)
	v.seen[id] = visResult{cols, err}
	return cols, err
}
