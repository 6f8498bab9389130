package demotest_test

import (
	"context"
	"testing"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/engine"
	"github.com/tarn-data/tarn/internal/demotest"
)

func TestOpenGivesTheDemoPeopleTheirAccess(t *testing.T) {
	env := demotest.Open(t, demotest.Options{Scale: 0.01})
	ctx := context.Background()
	cases := []struct {
		who, sql string
		code     string
	}{
		{"alice", "SELECT count(*) FROM dim.accounts", ""},
		{"bob", "SELECT count(*) FROM fct.billings_allocated", ""},
		{"alice", "SELECT count(*) FROM fct.billings_allocated", tarn.EFORBIDDEN},
		{"erin", "SELECT count(*) FROM dim.accounts", tarn.EFORBIDDEN},
		{"dave", "SELECT count(*) FROM raw.support_tickets", tarn.EFORBIDDEN},
	}
	for _, c := range cases {
		res, err := env.Engine.Query(ctx, engine.Request{SQL: c.sql, Caller: demotest.As(c.who)})
		if c.code == "" {
			if err != nil {
				t.Errorf("%s: %s: %v", c.who, c.sql, err)
				continue
			}
			res.Close()
			continue
		}
		if got := tarn.ErrorCode(err); got != c.code {
			t.Errorf("%s: %s: code %q, want %q (%v)", c.who, c.sql, got, c.code, err)
		}
		if res != nil {
			res.Close()
		}
	}
}
