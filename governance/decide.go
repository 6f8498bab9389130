package governance

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/engine"
	"github.com/tarn-data/tarn/lake"
)

// decider decides the tables of one query for one principal.
type decider struct {
	s   *Service
	idx *index
	p   Principal
	who []string
	now time.Time
	key []byte
}

func (d *decider) decide(ctx context.Context, t engine.TableAccess) (engine.TableDecision, error) {
	id := lake.Ident{Namespace: strings.ToLower(t.Table.Namespace), Name: strings.ToLower(t.Table.Name)}
	rv, err := d.review(id)
	if err != nil {
		return engine.TableDecision{}, err
	}
	grants := d.grants(id)
	if len(grants) == 0 {
		return engine.TableDecision{}, d.notGranted(id)
	}
	tags, err := d.tags(ctx, id, rv)
	if err != nil {
		return engine.TableDecision{}, err
	}
	flip, flipped := d.flip(id)

	dec := engine.TableDecision{
		Columns:   make(map[string]engine.ColumnRule, len(t.Columns)),
		RowFilter: RowFilter(grants, ""),
		Principal: d.p.Name,
	}
	for _, g := range grants {
		dec.Grants = append(dec.Grants, g.ID)
	}
	sort.Slice(dec.Grants, func(i, j int) bool { return dec.Grants[i] < dec.Grants[j] })
	dec.Grants = slices.Compact(dec.Grants)

	for i, col := range t.Columns {
		lc := strings.ToLower(col)
		if !rv.columns[lc] || !AnyCovers(grants, lc) {
			dec.Columns[col] = engine.ColumnRule{Hidden: true}
			continue
		}
		mask := ""
		if tag := tags[lc]; tag != "" {
			if flipped {
				dec.Raw = append(dec.Raw, col)
			} else {
				typ := ""
				if i < len(t.Types) {
					typ = t.Types[i]
				}
				mask = Mask(tag, typ, d.key)
				dec.Masked = append(dec.Masked, col)
			}
		}
		// A column some grants do not cover exists only in the rows of the
		// grants that do.
		if f := RowFilter(grants, lc); f != dec.RowFilter {
			inner := mask
			if inner == "" {
				inner = "{{col}}"
			}
			mask = "CASE WHEN (" + f + ") THEN " + inner + " END"
		}
		dec.Columns[col] = engine.ColumnRule{Mask: mask}
	}
	if flipped && len(dec.Raw) > 0 {
		dec.FlipID, dec.Justification = flip.ID, flip.Justification
	}
	return dec, nil
}

// review returns the approved review of a table, or the refusal.
func (d *decider) review(id lake.Ident) (*review, error) {
	rv := d.idx.reviews[tableKey(id.Namespace, id.Name)]
	hint := fmt.Sprintf("Ask a holder of approve on %s to review it: tarn review %s --columns … [--pii column=tag,…].", id.Namespace, id)
	if rv == nil {
		return nil, tarn.Wrap(&TableRefusal{Reason: ErrNeedsReview, Namespace: id.Namespace, Table: id.Name}, tarn.EFORBIDDEN, hint,
			"%s needs review before anyone can query it.", id)
	}
	if !rv.Approved {
		return nil, tarn.Wrap(&TableRefusal{Reason: ErrNeedsReview, Namespace: id.Namespace, Table: id.Name, Detail: "was denied at review"}, tarn.EFORBIDDEN, hint,
			"%s did not pass review, so nobody can query it.", id)
	}
	return rv, nil
}

// grants returns the principal's active read grants covering a table.
func (d *decider) grants(id lake.Ident) []Grant {
	var out []Grant
	for _, who := range d.who {
		for _, g := range d.idx.read[who] {
			if g.Active(d.now) && g.Object.Covers(id.Namespace, id.Name) {
				out = append(out, g)
			}
		}
	}
	return out
}

// notGranted is the refusal of a reviewed table the principal has no grant
// on; it names the groups that have one, so the person knows whom to ask.
func (d *decider) notGranted(id lake.Ident) error {
	err := &TableRefusal{Reason: ErrNotGranted, Namespace: id.Namespace, Table: id.Name, Principal: d.p.Name}
	hint := fmt.Sprintf("Request access: tarn request select %s --why '…'.", id)
	groups := d.idx.groupsWith(id, d.now)
	switch len(groups) {
	case 0:
		return tarn.Wrap(err, tarn.EFORBIDDEN, hint, "You have no access to %s, and no group has yet.", id)
	case 1:
		return tarn.Wrap(err, tarn.EFORBIDDEN, hint, "You have no access to %s; the group %s has.", id, groups[0])
	}
	return tarn.Wrap(err, tarn.EFORBIDDEN, hint, "You have no access to %s; the groups %s have.", id, strings.Join(groups, ", "))
}

// tags returns the PII tags of a table's columns: the review's, then the
// lake annotations' for columns the review tags not.
func (d *decider) tags(ctx context.Context, id lake.Ident, rv *review) (map[string]string, error) {
	if d.s.PII == nil {
		return rv.pii, nil
	}
	ann, err := d.s.PII(ctx, id.Namespace, id.Name)
	if err != nil {
		return nil, fmt.Errorf("reading the PII tags of %s: %w", id, err)
	}
	if len(ann) == 0 {
		return rv.pii, nil
	}
	out := make(map[string]string, len(rv.pii)+len(ann))
	for c, tag := range ann {
		if tag = NormalizeTag(tag); tag != "" {
			out[strings.ToLower(c)] = tag
		}
	}
	for c, tag := range rv.pii {
		out[c] = tag
	}
	return out, nil
}

// flip returns the principal's newest flip in force on a table. A flip the
// principal served itself holds only while it still may unmask the table.
func (d *decider) flip(id lake.Ident) (Flip, bool) {
	for _, f := range d.idx.flips[d.p.Name][tableKey(id.Namespace, id.Name)] {
		if !f.ActiveAt(d.now) {
			continue
		}
		if f.ApprovedBy == "" && !d.mayUnmask(id) {
			continue
		}
		return f, true
	}
	return Flip{}, false
}

func (d *decider) mayUnmask(id lake.Ident) bool {
	for _, who := range d.who {
		for _, g := range d.idx.unmask[who] {
			if g.Active(d.now) && g.Object.Covers(id.Namespace, id.Name) {
				return true
			}
		}
	}
	return false
}

// covers reports whether a grant covers a (lower-case) column.
// Covers reports whether the grant exposes column col: a grant without a
// column list exposes every column.
func (g Grant) Covers(col string) bool {
	if len(g.Object.Columns) == 0 {
		return true
	}
	for _, c := range g.Object.Columns {
		if strings.EqualFold(c, col) {
			return true
		}
	}
	return false
}

// AnyCovers reports whether any of the grants exposes column col.
func AnyCovers(gs []Grant, col string) bool {
	for _, g := range gs {
		if g.Covers(col) {
			return true
		}
	}
	return false
}

// RowFilter combines the row filters of the grants covering col (every
// grant when col is ""): rows any of them allows exist; a grant without a
// filter allows every row. The engine and the Trino rules both use it, so
// Trino filters rows exactly as Tarn does.
func RowFilter(gs []Grant, col string) string {
	var terms []string
	for _, g := range gs {
		if col != "" && !g.Covers(col) {
			continue
		}
		f := strings.TrimSpace(g.RowFilter)
		if f == "" {
			return ""
		}
		terms = append(terms, "("+f+")")
	}
	sort.Strings(terms)
	terms = slices.Compact(terms)
	return strings.Join(terms, " OR ")
}
