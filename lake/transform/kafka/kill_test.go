package kafka

import (
	"context"
	"errors"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/tarn-data/tarn/lake"
)

// cancellingLake cancels a run's context once AppendFrom has handed out
// every row: the data is being written and the commit is next.
type cancellingLake struct {
	*lake.Lake
	cancel context.CancelFunc
}

func (c cancellingLake) AppendFrom(ctx context.Context, id lake.Ident, rdr array.RecordReader, key, from, to string, props map[string]string) (lake.Commit, error) {
	return c.Lake.AppendFrom(ctx, id, &exhaustHook{RecordReader: rdr, done: c.cancel}, key, from, to, props)
}

type exhaustHook struct {
	array.RecordReader
	done func()
}

func (e *exhaustHook) Next() bool {
	if e.RecordReader.Next() {
		return true
	}
	e.done()
	return false
}

func (e *exhaustHook) RecordBatch() arrow.RecordBatch { return e.RecordReader.RecordBatch() }

// checkConsistent fails unless the table's rows are exactly the messages
// its position accounts for (every partition started at offset 0).
func checkConsistent(t *testing.T, l *lake.Lake, o Options) int64 {
	t.Helper()
	_, n := position(t, l, o)
	got := ids(t, l, o.Target)
	for i := 1; i < len(got); i++ {
		if got[i] == got[i-1] {
			t.Fatalf("id %d is in the table twice", got[i])
		}
	}
	if int64(len(got)) != n {
		t.Fatalf("table holds %d rows but its position accounts for %d messages", len(got), n)
	}
	return n
}

func TestRunStoppedAtEachStepThenRerunGivesExactRows(t *testing.T) {
	const messages = 20_000
	brokers := newCluster(t, "events", 3)
	produce(t, brokers, "events", 3, 0, messages, event)
	for _, c := range []struct {
		name  string
		point string // a hook point, or "written" for the end of the rows
		after int    // how many times the point is passed first
	}{
		{"a batch decoded, not yet committed", hookCut, 1},
		{"before the first commit", hookCommit, 0},
		{"before a later commit", hookCommit, 2},
		{"rows written, commit next", "written", 1},
		{"committed, not yet acknowledged", hookCommitted, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			l, _, _ := openLake(t)
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			defer mem.AssertSize(t, 0)
			o := options(brokers, "events")
			o.MaxBatchRows = 3000
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			passed := 0
			stopAt := func(point string) {
				if point == c.point {
					if passed == c.after {
						cancel()
					}
					passed++
				}
			}
			o.hook = stopAt
			var lk Lake = l
			if c.point == "written" {
				lk = cancellingLake{Lake: l, cancel: func() { stopAt("written") }}
			}
			_, err := Run(ctx, lk, mem, o)
			if err == nil || !errors.Is(err, context.Canceled) {
				t.Fatalf("stopped run: err = %v, want it cancelled", err)
			}
			before := checkConsistent(t, l, o)
			t.Logf("the stopped run left %d messages committed", before)
			o.hook = nil
			res, err := Run(context.Background(), l, mem, o)
			if err != nil {
				t.Fatal(err)
			}
			if before+res.Messages != messages {
				t.Fatalf("the stopped run committed %d messages and the rerun %d; want %d together", before, res.Messages, messages)
			}
			wantExactly(t, ids(t, l, o.Target), messages)
		})
	}
}
