package governance_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/engine"
	"github.com/tarn-data/tarn/governance"
	"github.com/tarn-data/tarn/governance/memstore"
	"github.com/tarn-data/tarn/governance/yamldir"
	"github.com/tarn-data/tarn/lake"
)

var t0 = time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)

var testKey = []byte("fixed-test-key")

// countingStore counts the calls that rebuild the index.
type countingStore struct {
	governance.Store
	grants atomic.Int64
}

func (c *countingStore) Grants(ctx context.Context, f governance.GrantFilter) ([]governance.Grant, error) {
	c.grants.Add(1)
	return c.Store.Grants(ctx, f)
}

// keyStore is a Store that keeps a mask key.
type keyStore struct {
	governance.Store
	key []byte
}

func (k keyStore) MaskKey(context.Context) ([]byte, error) { return k.key, nil }

func access(table string, cols ...string) engine.TableAccess {
	return engine.TableAccess{Table: lake.MustIdent(table), Columns: cols}
}

// basic is a store where fct.http_requests is reviewed (client_ip is an ip)
// and analysts may read it.
func basic(t testing.TB) (*governance.Service, governance.Store, *tarn.FakeClock) {
	t.Helper()
	ctx := context.Background()
	st := memstore.New()
	must(t, st.PutReview(ctx, governance.Review{Namespace: "fct", Table: "http_requests", Approved: true,
		Columns: []string{"ts", "zone_id", "client_ip"}, PII: map[string]string{"client_ip": "ip"}, ReviewedBy: "dave", ReviewedAt: t0}))
	_, err := st.CreateGrant(ctx, governance.Grant{Privilege: governance.Select, Object: governance.Object{Namespace: "fct", Table: "http_requests"},
		Grantee: "group:analysts", CreatedBy: "dave", CreatedAt: t0})
	must(t, err)
	clock := tarn.NewFakeClock(t0)
	return &governance.Service{Store: st, Directory: yamldir.Demo(), Clock: clock, MaskKey: testKey}, st, clock
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestDecideMasksHidesAndExplainsForTheAudit(t *testing.T) {
	s, _, _ := basic(t)
	decs, err := s.Decide(context.Background(), engine.Caller{Principal: "cli:alice"},
		[]engine.TableAccess{access("fct.http_requests", "ts", "zone_id", "client_ip", "user_agent")})
	must(t, err)
	d := decs[0]
	if d.Principal != "alice" || len(d.Grants) != 1 || d.FlipID != 0 {
		t.Fatalf("explanation: %+v", d)
	}
	if !d.Columns["user_agent"].Hidden || d.Columns["ts"] != (engine.ColumnRule{}) {
		t.Fatalf("columns: %+v", d.Columns)
	}
	if got, want := d.Columns["client_ip"].Mask, governance.Mask("ip", "", testKey); got != want {
		t.Fatalf("client_ip mask %q, want %q", got, want)
	}
	if strings.Join(d.Masked, ",") != "client_ip" || len(d.Raw) != 0 {
		t.Fatalf("masked %v raw %v", d.Masked, d.Raw)
	}
}

func TestRefusalsAreForbiddenUserErrorsWithTheirSentinel(t *testing.T) {
	s, _, _ := basic(t)
	ctx := context.Background()
	cases := []struct {
		who, table string
		sentinel   error
		message    string
	}{
		{"cli:mallory", "fct.http_requests", governance.ErrUnknownPrincipal, "cli:mallory is not a known principal"},
		{"cli:alice", "raw.support_tickets", governance.ErrNeedsReview, "raw.support_tickets needs review before anyone can query it"},
		{"cli:erin", "fct.http_requests", governance.ErrNotGranted, "the group analysts has"},
	}
	for _, c := range cases {
		_, err := s.Decide(ctx, engine.Caller{Principal: c.who}, []engine.TableAccess{access(c.table, "ts")})
		var te *tarn.Error
		if !errors.As(err, &te) || te.Code != tarn.EFORBIDDEN || !errors.Is(err, c.sentinel) || !strings.Contains(te.Message, c.message) {
			t.Errorf("%s on %s: %v, want EFORBIDDEN %v saying %q", c.who, c.table, err, c.sentinel, c.message)
		}
	}
}

func TestTheIndexIsRebuiltOnlyWhenTheStoreChanges(t *testing.T) {
	s, st, _ := basic(t)
	cs := &countingStore{Store: st}
	s.Store = cs
	ctx := context.Background()
	alice := engine.Caller{Principal: "cli:alice"}
	tables := []engine.TableAccess{access("fct.http_requests", "ts")}
	for i := 0; i < 5; i++ {
		_, err := s.Decide(ctx, alice, tables)
		must(t, err)
	}
	if n := cs.grants.Load(); n != 1 {
		t.Fatalf("index built %d times for an unchanged store", n)
	}
	// A revocation is seen by the very next decision.
	must(t, st.RevokeGrant(ctx, 1, "dave", t0))
	if _, err := s.Decide(ctx, alice, tables); !errors.Is(err, governance.ErrNotGranted) {
		t.Fatalf("after revocation: %v", err)
	}
	if n := cs.grants.Load(); n != 2 {
		t.Fatalf("index built %d times, want 2", n)
	}
}

func TestTheMaskKeyComesFromTheStoreWhenNotGiven(t *testing.T) {
	s, st, _ := basic(t)
	s.MaskKey = nil
	s.Store = keyStore{Store: st, key: []byte("from-the-store")}
	ctx := context.Background()
	must(t, st.PutReview(ctx, governance.Review{Namespace: "dim", Table: "accounts", Approved: true,
		Columns: []string{"account_id"}, PII: map[string]string{"account_id": "user_id"}}))
	_, err := st.CreateGrant(ctx, governance.Grant{Privilege: governance.Select, Object: governance.Object{Namespace: "dim"}, Grantee: "user:alice"})
	must(t, err)
	decs, err := s.Decide(ctx, engine.Caller{Principal: "cli:alice"}, []engine.TableAccess{access("dim.accounts", "account_id")})
	must(t, err)
	if got, want := decs[0].Columns["account_id"].Mask, governance.Mask("user_id", "", []byte("from-the-store")); got != want {
		t.Fatalf("mask %q, want %q", got, want)
	}
}

// plainStore hides any optional capability (MaskKey) of the store inside.
type plainStore struct{ governance.Store }

func TestWithoutAKeyUserIDsHashWithARandomOne(t *testing.T) {
	a := &governance.Service{Store: plainStore{memstore.New()}, Directory: yamldir.Demo()}
	b := &governance.Service{Store: plainStore{memstore.New()}, Directory: yamldir.Demo()}
	for _, s := range []*governance.Service{a, b} {
		ctx := context.Background()
		must(t, s.Store.PutReview(ctx, governance.Review{Namespace: "dim", Table: "accounts", Approved: true,
			Columns: []string{"account_id"}, PII: map[string]string{"account_id": "user_id"}}))
		_, err := s.Store.CreateGrant(ctx, governance.Grant{Privilege: governance.Select, Object: governance.Object{Namespace: "*"}, Grantee: "user:alice"})
		must(t, err)
	}
	mask := func(s *governance.Service) string {
		decs, err := s.Decide(context.Background(), engine.Caller{Principal: "cli:alice"}, []engine.TableAccess{access("dim.accounts", "account_id")})
		must(t, err)
		return decs[0].Columns["account_id"].Mask
	}
	if m := mask(a); m != mask(a) || m == mask(b) || m == governance.Mask("user_id", "", nil) {
		t.Fatal("the random key is not stable within a Service, or not random across them")
	}
}

func TestTablesSaysWhichTablesTheCallerMayQuery(t *testing.T) {
	s, _, _ := basic(t)
	ids := []lake.Ident{lake.MustIdent("fct.http_requests"), lake.MustIdent("raw.support_tickets")}
	for who, want := range map[string][]error{
		"cli:alice": {nil, governance.ErrNeedsReview},
		"cli:erin":  {governance.ErrNotGranted, governance.ErrNeedsReview},
	} {
		st, err := s.Tables(context.Background(), engine.Caller{Principal: who}, ids)
		must(t, err)
		for i := range ids {
			if (want[i] == nil) != (st[i].Refusal == nil) || (want[i] != nil && !errors.Is(st[i].Refusal, want[i])) {
				t.Errorf("%s %s: %v, want %v", who, ids[i], st[i].Refusal, want[i])
			}
		}
	}
	if _, err := s.Tables(context.Background(), engine.Caller{Principal: "cli:nobody"}, ids); !errors.Is(err, governance.ErrUnknownPrincipal) {
		t.Fatalf("unknown principal listed tables: %v", err)
	}
}

func TestConcurrentDecisionsWhileGrantsChange(t *testing.T) {
	s, st, _ := basic(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				_, err := s.Decide(ctx, engine.Caller{Principal: "cli:bob"}, []engine.TableAccess{access("fct.http_requests", "ts", "client_ip")})
				if err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	for i := 0; i < 50; i++ {
		_, err := st.CreateGrant(ctx, governance.Grant{Privilege: governance.Select, Object: governance.Object{Namespace: fmt.Sprintf("ns%d", i)}, Grantee: "group:billing"})
		must(t, err)
	}
	wg.Wait()
}

// failingKeyStore fails to read the mask key until told otherwise.
type failingKeyStore struct {
	governance.Store
	fail atomic.Bool
}

func (f *failingKeyStore) MaskKey(context.Context) ([]byte, error) {
	if f.fail.Load() {
		return nil, errors.New("database is locked")
	}
	return []byte("key"), nil
}

func TestAFailureToReadTheMaskKeyIsNotKept(t *testing.T) {
	s, st, _ := basic(t)
	fs := &failingKeyStore{Store: st}
	fs.fail.Store(true)
	s.Store, s.MaskKey = fs, nil
	alice := engine.Caller{Principal: "cli:alice"}
	tables := []engine.TableAccess{access("fct.http_requests", "ts")}
	if _, err := s.Decide(context.Background(), alice, tables); err == nil {
		t.Fatal("decided without a mask key")
	}
	fs.fail.Store(false)
	if _, err := s.Decide(context.Background(), alice, tables); err != nil {
		t.Fatalf("the failure was kept: %v", err)
	}
}
