package governance_test

import (
	"context"
	"testing"
	"time"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/governance"
	"github.com/tarn-data/tarn/governance/memstore"
)

func TestChangedIsWhenTheServiceFirstSawTheStoresCurrentVersion(t *testing.T) {
	ctx := context.Background()
	clock := tarn.NewFakeClock(time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC))
	st := memstore.New()
	s := &governance.Service{Store: st, Clock: clock}
	first, err := s.Changed(ctx)
	if err != nil || !first.Equal(clock.Now()) {
		t.Fatalf("first %v, %v", first, err)
	}
	clock.Advance(time.Minute)
	if again, _ := s.Changed(ctx); !again.Equal(first) {
		t.Fatalf("nothing changed, but Changed moved to %v", again)
	}
	if _, err := st.CreateGrant(ctx, governance.Grant{Grantee: "group:analysts", Privilege: governance.Select, Object: governance.Object{Namespace: "fct", Table: "t"}, CreatedBy: "admin", CreatedAt: clock.Now()}); err != nil {
		t.Fatal(err)
	}
	if moved, _ := s.Changed(ctx); !moved.Equal(clock.Now()) {
		t.Fatalf("after a grant Changed is %v, want %v", moved, clock.Now())
	}
}
