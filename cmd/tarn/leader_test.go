package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/tarn-data/tarn/store"
)

// TestTwoServingProcessesOnOneStoreRunTheSchedulerInOne serves twice over
// one data folder (one metadata store): one of them leads the job
// scheduler; when it stops, the other takes over.
func TestTwoServingProcessesOnOneStoreRunTheSchedulerInOne(t *testing.T) {
	dir, err := demoDir()
	if err != nil {
		t.Fatal(err)
	}
	jobs := t.TempDir()
	if err := os.WriteFile(filepath.Join(jobs, "counts.sql"), []byte("---\ntarget: scratch.lease_counts\nowner: job:transformer\n---\nSELECT plan, count(*) AS n FROM dim.accounts GROUP BY plan\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	start := func(holder string) (*Main, context.CancelFunc, chan error) {
		t.Helper()
		cfg, err := LoadConfig(nil, func(k string) string {
			return map[string]string{"TARN_DATA": dir, "TARN_ADDR": "127.0.0.1:0", "TARN_JOBS_EVERY": "1h"}[k]
		})
		if err != nil {
			t.Fatal(err)
		}
		m := NewMain(cfg)
		m.leaseHolder, m.leaseTTL = holder, 300*time.Millisecond
		ctx, cancel := context.WithCancel(context.Background())
		for _, step := range []func(context.Context) error{m.Open, m.OpenEngine, func(ctx context.Context) error { return m.OpenJobs(ctx, jobs) }} {
			if err := step(ctx); err != nil {
				t.Fatal(err)
			}
		}
		if err := m.Listen(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- m.Run(ctx) }()
		t.Cleanup(func() { cancel(); <-done; m.Close() })
		return m, cancel, done
	}
	a, stopA, doneA := start("lease-test-a")
	_, stopB, doneB := start("lease-test-b")
	stop := map[string]func(){
		"lease-test-a": func() { stopA(); doneA <- <-doneA },
		"lease-test-b": func() { stopB(); doneB <- <-doneB },
	}
	e := store.NewElector(a.Store, store.ElectorOptions{Name: "jobs"})
	holder := func() string {
		h, until, err := e.Holder(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if until.Before(time.Now()) {
			return ""
		}
		return h
	}
	waitFor := func(want ...string) string {
		t.Helper()
		deadline := time.Now().Add(20 * time.Second)
		for time.Now().Before(deadline) {
			h := holder()
			for _, w := range want {
				if h == w {
					return h
				}
			}
			time.Sleep(20 * time.Millisecond)
		}
		t.Fatalf("the jobs lease is held by %q, want one of %v", holder(), want)
		return ""
	}
	first := waitFor("lease-test-a", "lease-test-b")
	for i := 0; i < 5; i++ { // it keeps it while it runs
		time.Sleep(100 * time.Millisecond)
		if h := holder(); h != first {
			t.Fatalf("the lease moved from %s to %q while both ran", first, h)
		}
	}
	stop[first]() // the leader stops: the other takes over
	other := map[string]string{"lease-test-a": "lease-test-b", "lease-test-b": "lease-test-a"}[first]
	waitFor(other)
}
