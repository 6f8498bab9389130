package governance

import (
	"context"
	"strings"
	"time"
)

// index is what decisions read: the store's grants, reviews and flips at
// one version, arranged for lookups by grantee and table. It is immutable
// once built.
type index struct {
	version int64
	// built is when this process built the index: when it first saw the
	// store at this version.
	built time.Time
	// read holds the select and admin grants by grantee, unrevoked.
	read map[string][]Grant
	// readOn holds the same grants by object: "ns.table", "ns." for a
	// namespace, "*." for everything.
	readOn map[string][]Grant
	// unmask holds the unmask and admin grants by grantee, unrevoked.
	unmask map[string][]Grant
	// reviews by "ns.table".
	reviews map[string]*review
	// flips by principal, then "ns.table", newest first; only those in
	// state active and not ended.
	flips map[string]map[string][]Flip
}

// review is a Review with lower-cased lookups.
type review struct {
	Review
	columns map[string]bool   // approved columns
	pii     map[string]string // column → tag, tags normalised, "" dropped
}

func tableKey(ns, table string) string { return ns + "." + table }

// buildIndex reads the whole governance state at the given version.
func buildIndex(ctx context.Context, st Store, version int64) (*index, error) {
	idx := &index{
		version: version,
		read:    map[string][]Grant{},
		readOn:  map[string][]Grant{},
		unmask:  map[string][]Grant{},
		reviews: map[string]*review{},
		flips:   map[string]map[string][]Flip{},
	}
	grants, err := st.Grants(ctx, GrantFilter{})
	if err != nil {
		return nil, err
	}
	for _, g := range grants {
		if g.RevokedAt != nil {
			continue
		}
		g.Object.Namespace, g.Object.Table = strings.ToLower(g.Object.Namespace), strings.ToLower(g.Object.Table)
		if g.Privilege == Select || g.Privilege == Admin {
			idx.read[g.Grantee] = append(idx.read[g.Grantee], g)
			k := tableKey(g.Object.Namespace, g.Object.Table)
			idx.readOn[k] = append(idx.readOn[k], g)
		}
		if g.Privilege == Unmask || g.Privilege == Admin {
			idx.unmask[g.Grantee] = append(idx.unmask[g.Grantee], g)
		}
	}
	reviews, err := st.Reviews(ctx)
	if err != nil {
		return nil, err
	}
	for _, r := range reviews {
		rv := &review{Review: r, columns: map[string]bool{}, pii: map[string]string{}}
		for _, c := range r.Columns {
			rv.columns[strings.ToLower(c)] = true
		}
		for c, tag := range r.PII {
			if tag = NormalizeTag(tag); tag != "" {
				rv.pii[strings.ToLower(c)] = tag
			}
		}
		idx.reviews[tableKey(strings.ToLower(r.Namespace), strings.ToLower(r.Table))] = rv
	}
	flips, err := st.Flips(ctx, "")
	if err != nil {
		return nil, err
	}
	for _, f := range flips { // newest first
		if f.State != "active" || f.EndedAt != nil {
			continue
		}
		byTable := idx.flips[f.Principal]
		if byTable == nil {
			byTable = map[string][]Flip{}
			idx.flips[f.Principal] = byTable
		}
		k := tableKey(strings.ToLower(f.Namespace), strings.ToLower(f.Table))
		byTable[k] = append(byTable[k], f)
	}
	return idx, nil
}

// grantees lists whom a principal's grants may name: itself and its groups.
func grantees(p Principal) []string {
	out := make([]string, 0, 1+len(p.Groups))
	out = append(out, "user:"+p.Name)
	for _, g := range p.Groups {
		out = append(out, "group:"+g)
	}
	return out
}
