package kafka

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/iceberg-go"
	"github.com/apache/iceberg-go/table"
	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/lake"
	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
)

func TestRunWritesExactlyTheMessagesAndTheirPositions(t *testing.T) {
	ctx := context.Background()
	brokers := newCluster(t, "events", 3)
	produce(t, brokers, "events", 3, 0, 1000, event)
	l, _, _ := openLake(t)
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)

	o := options(brokers, "events")
	o.MaxBatchRows = 300
	res, err := Run(ctx, l, mem, o)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Created || res.Rows != 1000 || res.Messages != 1000 || res.Commits < 4 {
		t.Fatalf("run: %s, created %v; want 1000 rows in at least 4 commits of at most 300", describe(res), res.Created)
	}
	if res.Position != "0:334,1:333,2:333" {
		t.Fatalf("position %q, want 0:334,1:333,2:333", res.Position)
	}
	if p, _ := position(t, l, o); p != res.Position {
		t.Fatalf("the table records position %q, the run says %q", p, res.Position)
	}
	wantExactly(t, ids(t, l, o.Target), 1000)

	sc, err := l.SchemaAt(ctx, o.Target, lake.AsOf{})
	if err != nil {
		t.Fatal(err)
	}
	want := "id:long! ts:timestamptz! country:string bytes:int amount:decimal(12, 2) ok:boolean"
	var got []string
	for _, f := range sc.Fields() {
		s := f.Name + ":" + f.Type.String()
		if f.Required {
			s += "!"
		}
		got = append(got, s)
	}
	if strings.Join(got, " ") != want {
		t.Fatalf("table columns %q, want %q", strings.Join(got, " "), want)
	}

	// Row 7's values, read back through the lake.
	tbl, err := l.Load(ctx, o.Target)
	if err != nil {
		t.Fatal(err)
	}
	_, recs, err := tbl.Scan(table.WithRowFilter(iceberg.EqualTo(iceberg.Reference("id"), int64(7)))).ToArrowRecords(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var row []string
	for rec, err := range recs {
		if err != nil {
			t.Fatal(err)
		}
		for i := range rec.NumCols() {
			if rec.NumRows() == 1 {
				row = append(row, rec.Column(int(i)).ValueStr(0))
			}
		}
		rec.Release()
	}
	if strings.Join(row, " ") != "7 2026-01-18T17:15:30.25Z jp 7 7.7 false" {
		t.Fatalf("row 7 = %q", row)
	}
}

func TestRunResumesFromTheTablesPosition(t *testing.T) {
	ctx := context.Background()
	brokers := newCluster(t, "events", 2)
	l, _, _ := openLake(t)
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	o := options(brokers, "events")
	o.MaxBatchRows = 100

	produce(t, brokers, "events", 2, 0, 500, event)
	if _, err := Run(ctx, l, mem, o); err != nil {
		t.Fatal(err)
	}
	produce(t, brokers, "events", 2, 500, 800, event)
	res, err := Run(ctx, l, mem, o)
	if err != nil {
		t.Fatal(err)
	}
	if res.Messages != 300 || res.Created {
		t.Fatalf("second run: %s; want the 300 new messages only", describe(res))
	}
	res, err = Run(ctx, l, mem, o)
	if err != nil || res.Commits != 0 {
		t.Fatalf("a run with nothing new: %s, %v; want no commit", describe(res), err)
	}
	wantExactly(t, ids(t, l, o.Target), 800)
	if p, n := position(t, l, o); p != "0:400,1:400" || n != 800 {
		t.Fatalf("position %q, want 0:400,1:400", p)
	}
}

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

func TestDeclaredColumnsEvolveTheTable(t *testing.T) {
	ctx := context.Background()
	brokers := newCluster(t, "events", 1)
	produce(t, brokers, "events", 1, 0, 5, event)
	l, _, _ := openLake(t)
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	o := options(brokers, "events")
	o.Schema = []Column{{Name: "id", Type: "int", Required: true}, {Name: "country", Type: "string"}}
	if _, err := Run(ctx, l, mem, o); err != nil {
		t.Fatal(err)
	}

	produce(t, brokers, "events", 1, 5, 10, event)
	o.Schema = []Column{{Name: "id", Type: "long", Required: true}, {Name: "country", Type: "string"}, {Name: "bytes", Type: "long", Doc: "bytes sent"}}
	res, err := Run(ctx, l, mem, o)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Changes) != 2 || res.Rows != 5 {
		t.Fatalf("second run: %s, changes %+v; want a widened id and an added bytes", describe(res), res.Changes)
	}
	sc, err := l.SchemaAt(ctx, o.Target, lake.AsOf{})
	if err != nil {
		t.Fatal(err)
	}
	if f, _ := sc.FindFieldByName("id"); f.Type.String() != "long" {
		t.Fatalf("id is %s, want long", f.Type)
	}
	if f, ok := sc.FindFieldByName("bytes"); !ok || f.Doc != "bytes sent" {
		t.Fatalf("bytes column: %+v %v", f, ok)
	}
	wantExactly(t, ids(t, l, o.Target), 10)

	for _, bad := range [][]Column{
		{{Name: "id", Type: "string", Required: true}},
		{{Name: "id", Type: "long"}},
		{{Name: "country", Type: "string"}},
	} {
		o.Schema = bad
		_, err := Run(ctx, l, mem, o)
		if !errors.Is(err, ErrIncompatible) || tarn.ErrorCode(err) != tarn.EINVALID {
			t.Errorf("declaring %+v: err = %v, want ErrIncompatible", bad, err)
		}
	}
}

func TestRunRefusesBadOptions(t *testing.T) {
	l, _, _ := openLake(t)
	good := options([]string{"127.0.0.1:1"}, "events")
	for name, change := range map[string]func(*Options){
		"no brokers":  func(o *Options) { o.Brokers = nil },
		"no topic":    func(o *Options) { o.Topic = "" },
		"no schema":   func(o *Options) { o.Schema = nil },
		"bad type":    func(o *Options) { o.Schema = []Column{{Name: "x", Type: "decimal(40,2)"}} },
		"bad column":  func(o *Options) { o.Schema = []Column{{Name: "X y", Type: "int"}} },
		"twice":       func(o *Options) { o.Schema = []Column{{Name: "x", Type: "int"}, {Name: "x", Type: "long"}} },
		"bad policy":  func(o *Options) { o.OnMalformed = "ignore" },
		"bad name":    func(o *Options) { o.Name = "a b" },
		"bad batches": func(o *Options) { o.MaxBatchRows = -1 },
	} {
		o := good
		change(&o)
		_, err := Run(context.Background(), l, memory.NewGoAllocator(), o)
		if !errors.Is(err, ErrInvalid) || tarn.ErrorCode(err) != tarn.EINVALID {
			t.Errorf("%s: err = %v, want ErrInvalid", name, err)
		}
	}
}

func TestMissingTopicIsNotFound(t *testing.T) {
	brokers := newCluster(t, "events", 1)
	l, _, _ := openLake(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_, err := Run(ctx, l, memory.NewGoAllocator(), options(brokers, "nope"))
	if !errors.Is(err, ErrSource) || tarn.ErrorCode(err) != tarn.ENOTFOUND {
		t.Fatalf("err = %v, want ErrSource as not found", err)
	}
}

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

func TestPositionPastTheEndOfARecreatedTopicStops(t *testing.T) {
	ctx := context.Background()
	l, _, _ := openLake(t)
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	old := newCluster(t, "events", 1)
	produce(t, old, "events", 1, 0, 10, event)
	if _, err := Run(ctx, l, mem, options(old, "events")); err != nil {
		t.Fatal(err)
	}
	recreated := newCluster(t, "events", 1)
	produce(t, recreated, "events", 1, 0, 4, event)
	_, err := Run(ctx, l, mem, options(recreated, "events"))
	if !errors.Is(err, ErrSource) || !strings.Contains(tarn.ErrorMessage(err), "up to offset 10, but the partition ends at 4") {
		t.Fatalf("err = %v, want ErrSource saying the position is past the end", err)
	}
	wantExactly(t, ids(t, l, lake.MustIdent("raw.events")), 10)
}

func TestPositionDeletedByRetentionStops(t *testing.T) {
	ctx := context.Background()
	l, _, _ := openLake(t)
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	brokers := newCluster(t, "events", 1)
	produce(t, brokers, "events", 1, 0, 3, event)
	o := options(brokers, "events")
	if _, err := Run(ctx, l, mem, o); err != nil {
		t.Fatal(err)
	}
	produce(t, brokers, "events", 1, 3, 10, event)
	cl, err := kgo.NewClient(kgo.SeedBrokers(brokers...))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	var gone kadm.Offsets
	gone.AddOffset("events", 0, 5, -1)
	if _, err := kadm.NewClient(cl).DeleteRecords(ctx, gone); err != nil {
		t.Fatal(err)
	}
	_, err = Run(ctx, l, mem, o)
	if !errors.Is(err, ErrSource) || !errors.Is(err, kerr.OffsetOutOfRange) || !strings.Contains(tarn.ErrorMessage(err), "no longer holds offset 3") {
		t.Fatalf("err = %v, want ErrSource for an offset no longer in the topic", err)
	}
	wantExactly(t, ids(t, l, o.Target), 3)
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
