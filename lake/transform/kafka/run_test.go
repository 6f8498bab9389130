package kafka

import (
	"context"
	"errors"
	"strings"
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
