package govtest

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/tarn-data/tarn/governance"
)

// The same… helpers compare what a store returned with what was put in,
// treating equal instants in different zones as equal and an empty column
// list or PII map as nil.

func normTime(t time.Time) time.Time { return t.UTC().Round(0) }

func normPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := normTime(*t)
	return &u
}

func normList(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	return s
}

func normGrant(g governance.Grant) governance.Grant {
	g.Object.Columns = normList(g.Object.Columns)
	g.Until, g.RevokedAt = normPtr(g.Until), normPtr(g.RevokedAt)
	g.CreatedAt = normTime(g.CreatedAt)
	return g
}

func normRequest(r governance.Request) governance.Request {
	r.Object.Columns = normList(r.Object.Columns)
	r.CreatedAt, r.ExpiresAt = normTime(r.CreatedAt), normTime(r.ExpiresAt)
	r.DecidedAt = normPtr(r.DecidedAt)
	return r
}

func normReview(r governance.Review) governance.Review {
	r.Columns = normList(r.Columns)
	if len(r.PII) == 0 {
		r.PII = nil
	}
	r.ReviewedAt = normTime(r.ReviewedAt)
	return r
}

func normFlip(f governance.Flip) governance.Flip {
	f.StartedAt, f.ExpiresAt = normTime(f.StartedAt), normTime(f.ExpiresAt)
	f.EndedAt = normPtr(f.EndedAt)
	return f
}

func same[T any](t *testing.T, what string, got, want T, norm func(T) T) {
	t.Helper()
	if g, w := norm(got), norm(want); !reflect.DeepEqual(g, w) {
		t.Errorf("%s:\n got  %s\n want %s", what, show(g), show(w))
	}
}

func sameGrant(t *testing.T, what string, got, want governance.Grant) {
	t.Helper()
	same(t, what, got, want, normGrant)
}

func sameRequest(t *testing.T, what string, got, want governance.Request) {
	t.Helper()
	same(t, what, got, want, normRequest)
}

func sameReview(t *testing.T, what string, got, want governance.Review) {
	t.Helper()
	same(t, what, got, want, normReview)
}

func sameFlip(t *testing.T, what string, got, want governance.Flip) {
	t.Helper()
	same(t, what, got, want, normFlip)
}

// show renders v for a failure message, times and pointed-to times included.
func show(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return err.Error()
	}
	return string(b)
}
