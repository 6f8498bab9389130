package kafka

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/tarn-data/tarn/lake"
)

func TestFollowCommitsByTimeAndStopsCleanly(t *testing.T) {
	brokers := newCluster(t, "events", 2)
	produce(t, brokers, "events", 2, 0, 10, event)
	l, _, _ := openLake(t)
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	o := options(brokers, "events")
	o.MaxBatchWait = 50 * time.Millisecond

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	commits := make(chan Result, 100)
	done := make(chan error, 1)
	go func() {
		_, err := Follow(ctx, l, mem, o, func(r Result) { commits <- r })
		done <- err
	}()
	waitFor := func(n int64) {
		t.Helper()
		for r := range commits {
			if r.Messages >= n {
				return
			}
		}
	}
	waitFor(10)
	produce(t, brokers, "events", 2, 10, 25, event)
	waitFor(25)
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Follow ended with %v, want nil when its context ends", err)
	}
	wantExactly(t, ids(t, l, o.Target), 25)
}

func TestTwoRunsOnOneTableShareTheMessages(t *testing.T) {
	ctx := context.Background()
	brokers := newCluster(t, "events", 4)
	produce(t, brokers, "events", 4, 0, 20_000, event)
	l, url, warehouse := openLake(t)
	l2 := openLakeAt(t, url, warehouse)
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	o := options(brokers, "events")
	o.MaxBatchRows = 1000
	var wg sync.WaitGroup
	results := make([]Result, 2)
	for i, lk := range []*lake.Lake{l, l2} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := Run(ctx, lk, mem, o)
			if err != nil && !errors.Is(err, lake.ErrPositionMoved) {
				t.Errorf("run %d: %v", i, err)
			}
			results[i] = r
		}()
	}
	wg.Wait()
	if _, err := Run(ctx, l, mem, o); err != nil {
		t.Fatal(err)
	}
	t.Logf("run 1: %s, resumed %d; run 2: %s, resumed %d", describe(results[0]), results[0].Resumed, describe(results[1]), results[1].Resumed)
	wantExactly(t, ids(t, l, o.Target), 20_000)
}

func TestFollowResumesWhenAnotherWriterMovedThePosition(t *testing.T) {
	brokers := newCluster(t, "events", 1)
	produce(t, brokers, "events", 1, 0, 10, event)
	l, _, _ := openLake(t)
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	o := options(brokers, "events")
	o.MaxBatchWait = 20 * time.Millisecond
	var once sync.Once
	moved, resumed := make(chan struct{}), make(chan struct{})
	sessions := 0
	// Just before Follow's first commit, another writer commits the same
	// ten messages and moves the position past them. Follow, waiting for
	// messages, must notice without any arriving.
	o.hook = func(point string) {
		if point == hookSession {
			if sessions++; sessions == 2 {
				close(resumed)
			}
		}
		if point != hookCommit {
			return
		}
		once.Do(func() {
			other := o
			other.hook = nil
			if _, err := Run(context.Background(), l, mem, other); err != nil {
				t.Error(err)
			}
			close(moved)
		})
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	commits := make(chan Result, 100)
	done := make(chan Result, 1)
	go func() {
		r, err := Follow(ctx, l, mem, o, func(r Result) { commits <- r })
		if err != nil {
			t.Error(err)
		}
		done <- r
	}()
	<-moved
	select {
	case <-resumed:
	case <-time.After(30 * time.Second):
		t.Fatal("Follow did not start reading again from the moved position")
	}
	produce(t, brokers, "events", 1, 10, 15, event)
	for r := range commits {
		if r.Position == "0:15" {
			break
		}
	}
	cancel()
	res := <-done
	if res.Resumed == 0 || res.Messages != 5 {
		t.Fatalf("Follow: %s, resumed %d; want it to resume once and commit the 5 new messages", describe(res), res.Resumed)
	}
	wantExactly(t, ids(t, l, o.Target), 15)
}

// TestAStoppedFollowCommitsWhatItReadAndReturns closes Stop once a poll's
// messages are in the batch, long before the batch would be cut by size or
// time: Follow commits them and returns, and a run reads the rest.
func TestAStoppedFollowCommitsWhatItReadAndReturns(t *testing.T) {
	brokers := newCluster(t, "events", 2)
	produce(t, brokers, "events", 2, 0, 3000, event)
	l, _, _ := openLake(t)
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	o := options(brokers, "events")
	o.MaxBatchWait, o.MaxBatchRows = time.Hour, 1_000_000
	stop := make(chan struct{})
	var once sync.Once
	o.Stop = stop
	o.hook = func(point string) {
		if point == hookRead {
			once.Do(func() { close(stop) })
		}
	}
	res, err := Follow(context.Background(), l, mem, o, nil)
	if err != nil || res.Commits != 1 || res.Messages == 0 {
		t.Fatalf("the stopped follow: %+v, %v; want one commit of what it had read", res, err)
	}
	got := ids(t, l, o.Target)
	if int64(len(got)) != res.Messages {
		t.Fatalf("%d rows for %d messages", len(got), res.Messages)
	}
	o.Stop, o.hook = nil, nil
	if _, err := Run(context.Background(), l, mem, o); err != nil {
		t.Fatal(err)
	}
	wantExactly(t, ids(t, l, o.Target), 3000)
}
