package store_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/store"
	"github.com/tarn-data/tarn/store/storetest"
)

func TestOneHolderLeadsUntilItsLeaseExpiresOrItReleasesIt(t *testing.T) {
	storetest.EachStore(t, func(t *testing.T, url string) {
		ctx := context.Background()
		clock := tarn.NewFakeClock(time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC))
		// Two processes: each its own pool on the one database.
		a := store.NewElector(open(t, url), store.ElectorOptions{Name: "jobs", Holder: "a", TTL: 30 * time.Second, Clock: clock})
		b := store.NewElector(open(t, url), store.ElectorOptions{Name: "jobs", Holder: "b", TTL: 30 * time.Second, Clock: clock})
		other := store.NewElector(open(t, url), store.ElectorOptions{Name: "skimmer", Holder: "b", TTL: 30 * time.Second, Clock: clock})
		if err := a.Acquire(ctx); err != nil {
			t.Fatal(err)
		}
		if err := b.Acquire(ctx); !errors.Is(err, store.ErrNotLeader) {
			t.Fatalf("b took a held lease: %v", err)
		}
		if err := other.Acquire(ctx); err != nil {
			t.Fatalf("another kind of work has its own lease: %v", err)
		}
		clock.Advance(20 * time.Second)
		if err := a.Acquire(ctx); err != nil {
			t.Fatalf("a renews: %v", err)
		}
		clock.Advance(20 * time.Second) // 40 s after the first take, 20 s after the renewal
		if err := b.Acquire(ctx); !errors.Is(err, store.ErrNotLeader) {
			t.Fatalf("b took a renewed lease: %v", err)
		}
		clock.Advance(11 * time.Second) // a's renewal has expired
		if err := b.Acquire(ctx); err != nil {
			t.Fatalf("b takes the expired lease: %v", err)
		}
		if err := a.Acquire(ctx); !errors.Is(err, store.ErrNotLeader) {
			t.Fatalf("a came back while b leads: %v", err)
		}
		if h, _, err := a.Holder(ctx); err != nil || h != "b" {
			t.Fatalf("holder %q %v", h, err)
		}
		if err := b.Release(ctx); err != nil {
			t.Fatal(err)
		}
		if err := a.Acquire(ctx); err != nil {
			t.Fatalf("a takes a released lease at once: %v", err)
		}
	})
}

// TestLeadRunsTheWorkInOneProcessAtATimeAndHandsItOver runs three
// electors over one database: at most one runs the work at any moment,
// and when the leader stops, another takes over.
func TestLeadRunsTheWorkInOneProcessAtATimeAndHandsItOver(t *testing.T) {
	storetest.EachStore(t, func(t *testing.T, url string) {
		var running, most, started atomic.Int32
		leaders := make(chan string, 16)
		work := func(name string) func(ctx context.Context) {
			return func(ctx context.Context) {
				n := running.Add(1)
				for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
				}
				started.Add(1)
				leaders <- name
				<-ctx.Done()
				running.Add(-1)
			}
		}
		type proc struct {
			cancel context.CancelFunc
			done   chan struct{}
		}
		procs := map[string]proc{}
		var mu sync.Mutex
		for _, name := range []string{"a", "b", "c"} {
			e := store.NewElector(open(t, url), store.ElectorOptions{Name: "jobs", Holder: name, TTL: 300 * time.Millisecond})
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan struct{})
			go func() { e.Lead(ctx, work(name)); close(done) }()
			mu.Lock()
			procs[name] = proc{cancel, done}
			mu.Unlock()
		}
		first := <-leaders
		procs[first].cancel() // the leader stops: it releases the lease
		<-procs[first].done
		second := <-leaders
		if second == first {
			t.Fatalf("%s led again after it stopped", first)
		}
		procs[second].cancel()
		<-procs[second].done
		third := <-leaders
		if third == first || third == second {
			t.Fatalf("leaders %s, %s, %s", first, second, third)
		}
		procs[third].cancel()
		<-procs[third].done
		if most.Load() != 1 || started.Load() != 3 {
			t.Fatalf("at most %d ran at once, %d runs", most.Load(), started.Load())
		}
	})
}
