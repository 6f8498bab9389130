package agent_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/apache/iceberg-go"
	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/agent"
	"github.com/tarn-data/tarn/engine"
	"github.com/tarn-data/tarn/internal/demotest"
	"github.com/tarn-data/tarn/lake"
)

func auditLen(t *testing.T, env *demotest.Env) int {
	t.Helper()
	es, err := env.Audit.Tail(context.Background(), 100000)
	if err != nil {
		t.Fatal(err)
	}
	return len(es)
}

func TestIntrospectorShowsAliceMaskedEmailsNeverRawOnes(t *testing.T) {
	env := demotest.Open(t, demotest.Options{Scale: 0.02})
	ctx := context.Background()
	in := agent.NewIntrospector(env.Engine, env.Clock, time.Minute)
	masked, complete, err := in.Values(ctx, demotest.As("alice"), "dim.accounts", "owner_email", 20)
	if err != nil {
		t.Fatal(err)
	}
	if len(masked) != 20 || complete {
		t.Fatalf("got %d values (complete %v), want 20 of many", len(masked), complete)
	}
	raw, err := engine.New(ctx, env.Lake, engine.Options{TempDir: filepath.Join(t.TempDir(), "tmp"), Threads: 2})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	rawVals, _, err := agent.NewIntrospector(raw, env.Clock, 0).Values(ctx, engine.Caller{Principal: "test"}, "dim.accounts", "owner_email", 1000)
	if err != nil {
		t.Fatal(err)
	}
	isRaw := map[string]bool{}
	for _, v := range rawVals {
		isRaw[v] = true
	}
	for _, v := range masked {
		if isRaw[v] {
			t.Fatalf("alice saw the raw email %q", v)
		}
	}
	if !strings.Contains(rawVals[0], "@") {
		t.Fatalf("raw values %q do not look like emails; the test proves nothing", rawVals[:3])
	}
}

func TestIntrospectorCachesPerPrincipalUntilTheTTL(t *testing.T) {
	env := demotest.Open(t, demotest.Options{Scale: 0.02})
	ctx := context.Background()
	in := agent.NewIntrospector(env.Engine, env.Clock, time.Minute)
	plans, complete, err := in.Values(ctx, demotest.As("alice"), "dim.accounts", "plan", 10)
	if err != nil || !complete || strings.Join(plans, ",") != "business,enterprise,free,pro" {
		t.Fatalf("plans = %v complete %v err %v", plans, complete, err)
	}
	n, err := in.Count(ctx, demotest.As("alice"), "dim.accounts")
	if err != nil || n <= 0 {
		t.Fatalf("count = %d, %v", n, err)
	}
	before := auditLen(t, env)
	if _, _, err := in.Values(ctx, demotest.As("alice"), "dim.accounts", "plan", 10); err != nil {
		t.Fatal(err)
	}
	if m, _ := in.Count(ctx, demotest.As("alice"), "dim.accounts"); m != n {
		t.Fatalf("cached count %d, first %d", m, n)
	}
	if got := auditLen(t, env); got != before {
		t.Fatalf("cached answers ran %d queries", got-before)
	}
	if _, _, err := in.Values(ctx, demotest.As("bob"), "dim.accounts", "plan", 10); err != nil {
		t.Fatal(err)
	}
	if auditLen(t, env) == before {
		t.Fatal("bob was given alice's cached answer")
	}
	after := auditLen(t, env)
	env.Clock.Advance(2 * time.Minute)
	if _, err := in.Count(ctx, demotest.As("alice"), "dim.accounts"); err != nil {
		t.Fatal(err)
	}
	if auditLen(t, env) != after+1 {
		t.Fatal("an expired answer was not asked again")
	}

	// A new commit changes the snapshot: the cached count is not used.
	if _, err := env.Lake.Delete(ctx, lake.MustIdent("dim.accounts"), iceberg.EqualTo(iceberg.Reference("plan"), "free"), nil); err != nil {
		t.Fatal(err)
	}
	m, err := in.Count(ctx, demotest.As("alice"), "dim.accounts")
	if err != nil || m >= n {
		t.Fatalf("count after deleting the free accounts = %d (%v), was %d", m, err, n)
	}
}

func TestIntrospectorRefusesWhatTheCallerMayNotSee(t *testing.T) {
	env := demotest.Open(t, demotest.Options{Scale: 0.02})
	ctx := context.Background()
	in := agent.NewIntrospector(env.Engine, env.Clock, time.Minute)
	cases := []struct {
		name, who, table, column string
		code                     string
	}{
		{"a column that does not exist", "alice", "dim.accounts", "nope", tarn.ENOTFOUND},
		{"a column name trying to inject SQL", "alice", "dim.accounts", `plan" FROM dim.accounts; --`, tarn.ENOTFOUND},
		{"a table without a grant", "alice", "fct.billing_invoices", "status", tarn.EFORBIDDEN},
		{"an unreviewed table", "dave", "raw.support_tickets", "channel", tarn.EFORBIDDEN},
		{"a malformed table name", "alice", "dim.accounts; DROP", "plan", tarn.EINVALID},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := in.Values(ctx, demotest.As(c.who), c.table, c.column, 5)
			if tarn.ErrorCode(err) != c.code {
				t.Fatalf("err = %v (%s), want %s", err, tarn.ErrorCode(err), c.code)
			}
			if c.code == tarn.ENOTFOUND && !errors.Is(err, agent.ErrNoSuchColumn) {
				t.Fatalf("err = %v, want ErrNoSuchColumn", err)
			}
		})
	}
	if _, err := in.Count(ctx, demotest.As("erin"), "dim.accounts"); tarn.ErrorCode(err) != tarn.EFORBIDDEN {
		t.Fatalf("erin counting accounts: %v, want EFORBIDDEN", err)
	}
}
