package demo

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/tarn-data/tarn"
)

func TestTablesRejectsOptionsThatDescribeNoLake(t *testing.T) {
	asOf := time.Date(2026, 3, 18, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		name string
		o    Options
	}{
		{"zero scale", Options{Scale: 0, AsOf: asOf}},
		{"negative scale", Options{Scale: -1, AsOf: asOf}},
		{"NaN scale", Options{Scale: math.NaN(), AsOf: asOf}},
		{"huge scale", Options{Scale: MaxScale + 1, AsOf: asOf}},
		{"no as-of date", Options{Scale: 1}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Tables(c.o)
			if !errors.Is(err, ErrInvalidOptions) {
				t.Fatalf("err = %v, want ErrInvalidOptions", err)
			}
			if code := tarn.ErrorCode(err); code != tarn.EINVALID {
				t.Errorf("code = %q, want %q", code, tarn.EINVALID)
			}
			if msg := tarn.ErrorMessage(err); msg == "" {
				t.Error("no user-facing message")
			}
		})
	}
}

func TestTablesComeInDependencyOrder(t *testing.T) {
	tables, err := Tables(testOptions)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, tb := range tables {
		got = append(got, tb.FullName())
	}
	want := []string{"dim.accounts", "dim.zones", "fct.http_requests", "fct.traffic_daily", "fct.security_events",
		"fct.billing_invoices", "fct.billings_allocated", "raw.support_tickets", "scratch.zone_export_tmp"}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("tables = %v, want %v", got, want)
	}
}

func TestSameOptionsGiveTheSameDataWhateverTheChunkOrder(t *testing.T) {
	first := testHashes(t)
	second := tableHashes(t, testOptions, true, memory.NewGoAllocator())
	for name, h := range first {
		if second[name] != h {
			t.Errorf("%s differs between two runs with the same options", name)
		}
	}
}

func TestADifferentSeedGivesDifferentData(t *testing.T) {
	o := testOptions
	o.Seed++
	a := testHashes(t)
	b := tableHashes(t, o, false, memory.DefaultAllocator)
	for name, h := range a {
		if b[name] == h {
			t.Errorf("%s is the same for seeds %d and %d", name, testOptions.Seed, o.Seed)
		}
	}
}

func TestAsOfTimeOfDayIsIgnored(t *testing.T) {
	o := testOptions
	o.AsOf = o.AsOf.Add(15*time.Hour + 7*time.Minute)
	a := testHashes(t)
	b := tableHashes(t, o, false, memory.DefaultAllocator)
	for name, h := range a {
		if b[name] != h {
			t.Errorf("%s changes with the time of day of AsOf", name)
		}
	}
}

func TestRowCounts(t *testing.T) {
	l := testLake(t)
	w := newWorld(testOptions)
	requests := int(math.Round(requestsPerScale * testOptions.Scale))
	cases := []struct {
		table string
		want  int
	}{
		{"dim.accounts", numAccounts},
		{"dim.zones", numZones},
		{"fct.http_requests", requests},
		{"fct.security_events", w.securityTotal() + w.incidentEvents()},
		{"raw.support_tickets", numTickets},
	}
	for _, c := range cases {
		if got := l.frame(t, c.table).rows(); got != c.want {
			t.Errorf("%s has %d rows, want %d", c.table, got, c.want)
		}
	}
	var rolled int64
	for _, n := range l.frame(t, "fct.traffic_daily").ints(t, "requests") {
		rolled += n
	}
	if rolled != int64(requests) {
		t.Errorf("fct.traffic_daily counts %d requests, want %d", rolled, requests)
	}
	for _, name := range []string{"fct.billing_invoices", "fct.billings_allocated", "scratch.zone_export_tmp"} {
		if l.frame(t, name).rows() == 0 {
			t.Errorf("%s is empty", name)
		}
	}
}

func TestFactVolumesScaleLinearlyAndDimensionsStayFixed(t *testing.T) {
	for _, scale := range []float64{0.05, 1, 10} {
		w := newWorld(Options{Seed: 1, Scale: scale, AsOf: testOptions.AsOf})
		total := 0
		for _, n := range w.dayReqs {
			total += n
		}
		if want := int(math.Round(2_000_000 * scale)); total != want {
			t.Errorf("scale %g: %d requests, want %d", scale, total, want)
		}
		if len(w.accounts) != 2000 || len(w.zones) != 5000 {
			t.Errorf("scale %g: %d accounts and %d zones, want 2000 and 5000", scale, len(w.accounts), len(w.zones))
		}
	}
}

func TestBatchesAreBoundedAndMatchTheTableSchema(t *testing.T) {
	l := testLake(t)
	for name, f := range l.frames {
		for _, rec := range f.recs {
			if !rec.Schema().Equal(l.tables[name].Schema) {
				t.Errorf("%s: batch schema %s differs from the table schema", name, rec.Schema())
			}
			if rec.NumRows() == 0 || rec.NumRows() > MaxBatchRows {
				t.Errorf("%s: batch of %d rows", name, rec.NumRows())
			}
		}
	}
	// A large day exercises the batch split.
	tables, err := Tables(Options{Seed: 1, Scale: 4, AsOf: testOptions.AsOf})
	if err != nil {
		t.Fatal(err)
	}
	var sizes []int64
	err = tables[2].Generate(context.Background(), memory.DefaultAllocator, 0, func(rec arrow.RecordBatch) error {
		sizes = append(sizes, rec.NumRows())
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(sizes) < 2 || sizes[0] != MaxBatchRows {
		t.Errorf("a day of ~90,000 requests came in batches of %v", sizes)
	}
}

func TestEveryTableAndColumnIsDescribed(t *testing.T) {
	tables, err := Tables(testOptions)
	if err != nil {
		t.Fatal(err)
	}
	allowed := map[arrow.Type]bool{arrow.INT64: true, arrow.INT32: true, arrow.STRING: true,
		arrow.TIMESTAMP: true, arrow.DATE32: true, arrow.DECIMAL128: true}
	for _, tb := range tables {
		name := tb.FullName()
		if tb.Description == "" || tb.Owner == "" || len(tb.Tags) == 0 {
			t.Errorf("%s: description %q, owner %q, tags %v", name, tb.Description, tb.Owner, tb.Tags)
		}
		if tb.Chunks < 1 || tb.Generate == nil {
			t.Errorf("%s: %d chunks, generator %v", name, tb.Chunks, tb.Generate != nil)
		}
		if len(tb.Columns) != tb.Schema.NumFields() {
			t.Fatalf("%s: %d columns described, schema has %d", name, len(tb.Columns), tb.Schema.NumFields())
		}
		for i, c := range tb.Columns {
			f := tb.Schema.Field(i)
			if c.Name != f.Name {
				t.Errorf("%s: column %d is %q in Columns but %q in Schema", name, i, c.Name, f.Name)
			}
			if strings.TrimSpace(c.Description) == "" {
				t.Errorf("%s.%s has no description", name, c.Name)
			}
			if !allowed[f.Type.ID()] {
				t.Errorf("%s.%s has type %s", name, c.Name, f.Type)
			}
			if ts, ok := f.Type.(*arrow.TimestampType); ok && (ts.Unit != arrow.Microsecond || ts.TimeZone != "") {
				t.Errorf("%s.%s is %s, want timestamp[us] without zone", name, c.Name, ts)
			}
			if f.Nullable != (name == "dim.accounts" && c.Name == "billing_phone") {
				t.Errorf("%s.%s nullable = %v", name, c.Name, f.Nullable)
			}
		}
		for _, p := range tb.Partition {
			if len(tb.Schema.FieldIndices(p.Column)) != 1 {
				t.Errorf("%s partitions on unknown column %q", name, p.Column)
			}
		}
		curated := strings.HasPrefix(name, "dim.") || strings.HasPrefix(name, "fct.")
		if curated != (tb.Tags[0] == "curated") {
			t.Errorf("%s tags %v", name, tb.Tags)
		}
		if tb.Reviewed != (name != "raw.support_tickets") {
			t.Errorf("%s reviewed = %v", name, tb.Reviewed)
		}
	}
}

func TestPIIColumnsAreMarked(t *testing.T) {
	tables, err := Tables(testOptions)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, tb := range tables {
		for _, c := range tb.Columns {
			if c.PII != "" {
				got[tb.FullName()+"."+c.Name] = c.PII
			}
		}
	}
	want := map[string]string{
		"dim.accounts.owner_email":      "email",
		"dim.accounts.billing_phone":    "phone",
		"fct.http_requests.client_ip":   "ip",
		"fct.security_events.source_ip": "ip",
		"raw.support_tickets.body":      "free_text",
	}
	if len(got) != len(want) {
		t.Errorf("PII columns = %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s PII = %q, want %q", k, got[k], v)
		}
	}
}

func TestDayPartitionedFactsHaveOneChunkPerDay(t *testing.T) {
	l := testLake(t)
	from, to := testOptions.Range()
	for _, name := range []string{"fct.http_requests", "fct.security_events"} {
		tb := l.tables[name]
		if tb.Chunks != Days || len(tb.Partition) != 1 || tb.Partition[0] != (PartitionField{"ts", "day"}) {
			t.Errorf("%s: %d chunks, partition %v", name, tb.Chunks, tb.Partition)
		}
		for _, ts := range l.frame(t, name).ints(t, "ts") {
			if ts < from.UnixMicro() || ts >= to.UnixMicro() {
				t.Fatalf("%s has ts %s outside [%s, %s)", name, time.UnixMicro(ts).UTC(), from, to)
			}
		}
	}
	// Every row of chunk c lies on day c.
	tb := l.tables["fct.http_requests"]
	for _, c := range []int{0, 45, Days - 1} {
		day := from.AddDate(0, 0, c)
		err := tb.Generate(context.Background(), memory.DefaultAllocator, c, func(rec arrow.RecordBatch) error {
			f := frame{schema: rec.Schema(), recs: []arrow.RecordBatch{rec}}
			for _, ts := range f.ints(t, "ts") {
				if got := time.UnixMicro(ts).UTC().Truncate(24 * time.Hour); !got.Equal(day) {
					t.Fatalf("chunk %d holds a request of %s", c, got)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

func TestGenerateRejectsUnknownChunks(t *testing.T) {
	tables, err := Tables(testOptions)
	if err != nil {
		t.Fatal(err)
	}
	for _, tb := range tables {
		for _, c := range []int{-1, tb.Chunks} {
			err := tb.Generate(context.Background(), memory.DefaultAllocator, c, func(arrow.RecordBatch) error { return nil })
			if !errors.Is(err, ErrNoChunk) {
				t.Errorf("%s chunk %d: err = %v, want ErrNoChunk", tb.FullName(), c, err)
			}
		}
	}
}

func TestGenerateStopsAtTheFirstEmitErrorOrCancellation(t *testing.T) {
	tables, err := Tables(Options{Seed: 1, Scale: 4, AsOf: testOptions.AsOf})
	if err != nil {
		t.Fatal(err)
	}
	stop := errors.New("disk full")
	for _, tb := range tables {
		calls := 0
		err := tb.Generate(context.Background(), memory.DefaultAllocator, 0, func(arrow.RecordBatch) error {
			calls++
			return stop
		})
		if !errors.Is(err, stop) || calls != 1 {
			t.Errorf("%s: err = %v after %d emits, want the emit error after 1", tb.FullName(), err, calls)
		}
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		err = tb.Generate(ctx, memory.DefaultAllocator, 0, func(arrow.RecordBatch) error {
			t.Errorf("%s emitted after cancellation", tb.FullName())
			return nil
		})
		if !errors.Is(err, context.Canceled) {
			t.Errorf("%s: err = %v after cancellation", tb.FullName(), err)
		}
	}
}

func TestGeneratingEverythingLeavesNoArrowMemoryBehind(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	tables, err := Tables(Options{Seed: 3, Scale: 0.02, AsOf: testOptions.AsOf})
	if err != nil {
		t.Fatal(err)
	}
	for _, tb := range tables {
		for c := 0; c < tb.Chunks; c++ {
			err := tb.Generate(context.Background(), mem, c, func(rec arrow.RecordBatch) error {
				if mem.CurrentAlloc() == 0 {
					t.Errorf("%s: batch not allocated from the given allocator", tb.FullName())
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		// Error paths release what they built too.
		_ = tb.Generate(context.Background(), mem, 0, func(arrow.RecordBatch) error { return errors.New("stop") })
	}
}

func TestPagesExplainEachDomain(t *testing.T) {
	pages := Pages()
	want := map[string][]string{
		"billing":   {"alloc_amount", "fct.billings_allocated", "void", "twelve months"},
		"customers": {"dim.accounts", "region", "enterprise"},
		"zones":     {"fct.traffic_daily", "cache_status", "colo"},
		"security":  {"fct.security_events", "bot_score", "credential_stuffing"},
	}
	if len(pages) != len(want) {
		t.Fatalf("%d pages, want %d", len(pages), len(want))
	}
	for _, p := range pages {
		terms, ok := want[p.Domain]
		if !ok {
			t.Errorf("unexpected page domain %q", p.Domain)
			continue
		}
		if p.Title == "" || !strings.HasPrefix(p.Body, "# ") {
			t.Errorf("%s: title %q, body does not start with a heading", p.Domain, p.Title)
		}
		for _, term := range terms {
			if !strings.Contains(p.Body, term) {
				t.Errorf("%s page does not mention %q", p.Domain, term)
			}
		}
	}
}
