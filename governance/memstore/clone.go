package memstore

import (
	"maps"
	"slices"
	"time"

	"github.com/tarn-data/tarn/governance"
)

// The clone functions copy what a value points to, so that the store and
// its callers never share a slice, map or time pointer. They also store the
// values the way the SQL store reads them back: times in UTC, empty column
// lists and PII maps as nil.

func cloneObject(o governance.Object) governance.Object {
	o.Columns = cloneStrings(o.Columns)
	return o
}

func cloneGrant(g governance.Grant) governance.Grant {
	g.Object = cloneObject(g.Object)
	g.Until = cloneTime(g.Until)
	g.CreatedAt = g.CreatedAt.UTC()
	g.RevokedAt = cloneTime(g.RevokedAt)
	return g
}

func cloneRequest(r governance.Request) governance.Request {
	r.Object = cloneObject(r.Object)
	r.CreatedAt = r.CreatedAt.UTC()
	r.ExpiresAt = r.ExpiresAt.UTC()
	r.DecidedAt = cloneTime(r.DecidedAt)
	return r
}

func cloneReview(r governance.Review) governance.Review {
	r.Columns = cloneStrings(r.Columns)
	if len(r.PII) == 0 {
		r.PII = nil
	} else {
		r.PII = maps.Clone(r.PII)
	}
	r.ReviewedAt = r.ReviewedAt.UTC()
	return r
}

func cloneFlip(f governance.Flip) governance.Flip {
	f.StartedAt = f.StartedAt.UTC()
	f.ExpiresAt = f.ExpiresAt.UTC()
	f.EndedAt = cloneTime(f.EndedAt)
	return f
}

func cloneStrings(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	return slices.Clone(s)
}

func cloneTime(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}
