package kafka

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/tarn-data/tarn"
)

// badAt returns event, except for the messages in bad, which are replaced.
func badAt(bad map[int]string) func(int) []byte {
	return func(i int) []byte {
		if m, ok := bad[i]; ok {
			return []byte(m)
		}
		return event(i)
	}
}

func TestMalformedMessageStopsWithWhereAndWhat(t *testing.T) {
	ctx := context.Background()
	brokers := newCluster(t, "events", 1)
	produce(t, brokers, "events", 1, 0, 10, badAt(map[int]string{6: `{"id":6,"ts":"2026-01-01T00:00:00Z","bytes":"many"}`}))
	l, _, _ := openLake(t)
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	o := options(brokers, "events")

	for run := range 2 {
		res, err := Run(ctx, l, mem, o)
		var m *MalformedError
		if !errors.Is(err, ErrMalformed) || !errors.As(err, &m) || tarn.ErrorCode(err) != tarn.EINVALID {
			t.Fatalf("run %d: err = %v, want ErrMalformed", run, err)
		}
		if m.Topic != "events" || m.Partition != 0 || m.Offset != 6 || m.Field != "bytes" || !strings.Contains(m.Reason, "want an integer (int), got a string") {
			t.Fatalf("run %d: %+v", run, m)
		}
		msg := tarn.ErrorMessage(err)
		if !strings.Contains(msg, "offset 6 of partition 0 of topic events") || strings.Contains(msg, "many") {
			t.Fatalf("run %d: the message says %q; want where, and no value", run, msg)
		}
		if wantRows := []int64{6, 0}[run]; res.Rows != wantRows {
			t.Fatalf("run %d committed %d rows, want %d (the rows before the message, once)", run, res.Rows, wantRows)
		}
	}
	if p, _ := position(t, l, o); p != "0:6" {
		t.Fatalf("position %q, want 0:6 (at the malformed message)", p)
	}
	wantExactly(t, ids(t, l, o.Target), 6)
}

func TestMalformedMessagesSkippedAreCounted(t *testing.T) {
	ctx := context.Background()
	brokers := newCluster(t, "events", 2)
	bad := map[int]string{3: `not json`, 4: `{"ts":"2026-01-01T00:00:00Z"}`, 9: `{"id":9,"ts":"yesterday"}`}
	produce(t, brokers, "events", 2, 0, 12, badAt(bad))
	l, _, _ := openLake(t)
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	o := options(brokers, "events")
	o.OnMalformed = Skip
	var (
		mu      sync.Mutex
		skipped []*MalformedError
	)
	o.OnSkip = func(err error) {
		var m *MalformedError
		if errors.As(err, &m) && errors.Is(err, ErrMalformed) {
			mu.Lock()
			skipped = append(skipped, m)
			mu.Unlock()
		}
	}
	res, err := Run(ctx, l, mem, o)
	if err != nil {
		t.Fatal(err)
	}
	if res.Rows != 9 || res.Skipped != 3 || res.Messages != 12 {
		t.Fatalf("run: %s; want 9 rows and 3 skipped", describe(res))
	}
	if len(skipped) != 3 {
		t.Fatalf("OnSkip got %d errors, want 3", len(skipped))
	}
	var where []string
	for _, m := range skipped {
		where = append(where, m.Error())
	}
	got := strings.Join(where, "\n")
	for _, w := range []string{"partition 1 offset 1: not a JSON object", `partition 0 offset 2: field "id" is missing`, `partition 1 offset 4: field "ts" want an RFC 3339`} {
		if !strings.Contains(got, w) {
			t.Errorf("skipped errors:\n%s\nwant one saying %q", got, w)
		}
	}
	snaps, err := l.Snapshots(ctx, o.Target)
	if err != nil {
		t.Fatal(err)
	}
	var counted int
	for _, s := range snaps {
		if v := s.Summary["tarn.kafka.skipped"]; v != "" {
			counted += int(v[0] - '0')
		}
	}
	if counted != 3 {
		t.Fatalf("snapshot summaries count %d skipped messages, want 3", counted)
	}
	var got9 []int64
	for _, v := range ids(t, l, o.Target) {
		got9 = append(got9, v)
	}
	if len(got9) != 9 {
		t.Fatalf("table holds ids %v", got9)
	}
}
