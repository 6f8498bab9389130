package skimmer_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/tarn-data/tarn/engine"
	"github.com/tarn-data/tarn/governance"
	"github.com/tarn-data/tarn/governance/skimmer"
	"github.com/tarn-data/tarn/internal/demotest"
	"github.com/tarn-data/tarn/lake"
)

// countingSampler counts the rows the scanner had read.
type countingSampler struct {
	*engine.Engine
	mu   sync.Mutex
	rows map[string]int
}

func (c *countingSampler) Sample(ctx context.Context, id lake.Ident, o engine.SampleOptions) (*engine.Sample, error) {
	s, err := c.Engine.Sample(ctx, id, o)
	if err == nil {
		c.mu.Lock()
		c.rows[id.String()] += s.Rows
		c.mu.Unlock()
	}
	return s, err
}

func newScanner(t *testing.T, env *demotest.Env, o skimmer.Options) (*skimmer.Scanner, *countingSampler) {
	t.Helper()
	cs := &countingSampler{Engine: env.Engine, rows: map[string]int{}}
	o.Sampler, o.Catalog, o.Store, o.Clock = cs, env.Lake, skimmer.NewStore(env.Store), env.Clock
	return skimmer.NewScanner(o), cs
}

func TestScanningTheDemoLakeFindsItsPIIAndAccountIDsWithoutKeepingValues(t *testing.T) {
	env := demotest.Open(t, demotest.Options{Scale: 0.02})
	var scanned []string
	s, _ := newScanner(t, env, skimmer.Options{Rows: 500, PersonKeys: []string{"dim.accounts.account_id"},
		OnScan: func(_ context.Context, r skimmer.Report) { scanned = append(scanned, r.Table) }})
	var steps int
	reports, err := s.ScanAll(context.Background(), func(done, total int, table string) { steps++ })
	if err != nil {
		t.Fatal(err)
	}
	if len(reports) < 8 || len(scanned) != len(reports) || steps != len(reports)+1 {
		t.Fatalf("%d reports, %d scans announced, %d progress steps", len(reports), len(scanned), steps)
	}
	tags := map[string]string{}
	for _, r := range reports {
		for c, tag := range r.Tags() {
			tags[r.Table+"."+c] = tag
		}
	}
	// The demo lake's PII, as DEMO_DATA.md labels it, and the account IDs
	// that trace to the accounts' owners.
	for col, want := range map[string]string{
		"dim.accounts.owner_email":          governance.TagEmail,
		"dim.accounts.billing_phone":        governance.TagPhone,
		"fct.http_requests.client_ip":       governance.TagIP,
		"fct.security_events.source_ip":     governance.TagIP,
		"raw.support_tickets.body":          governance.TagFreeText,
		"dim.zones.account_id":              governance.TagUserID,
		"raw.support_tickets.account_id":    governance.TagUserID,
		"fct.billing_invoices.account_id":   governance.TagUserID,
		"fct.billings_allocated.account_id": governance.TagUserID,
	} {
		if tags[col] != want {
			t.Errorf("%s tagged %q, want %q (all tags: %v)", col, tags[col], want, tags)
		}
	}
	for _, col := range []string{"dim.accounts.account_id", "dim.zones.zone_id", "fct.http_requests.status", "fct.http_requests.zone_id"} {
		if tags[col] != "" {
			t.Errorf("%s tagged %q, want nothing", col, tags[col])
		}
	}
	// No report holds a sampled value.
	values := append(sampleOf(t, env, "dim.accounts", "owner_email"), sampleOf(t, env, "dim.accounts", "billing_phone")...)
	values = append(values, sampleOf(t, env, "fct.http_requests", "client_ip")...)
	for _, r := range reports {
		raw, _ := json.Marshal(r)
		for _, v := range values {
			if strings.Contains(string(raw), v) {
				t.Fatalf("the report of %s holds a sampled value", r.Table)
			}
		}
	}
	if len(tags) > 12 {
		t.Errorf("%d columns tagged, more than the demo's PII: %v", len(tags), tags)
	}
}

func sampleOf(t *testing.T, env *demotest.Env, table, column string) []string {
	t.Helper()
	s, err := env.Engine.Sample(context.Background(), lake.MustIdent(table), engine.SampleOptions{Rows: 20})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range s.Columns {
		if c.Name == column {
			return c.Values
		}
	}
	t.Fatalf("%s has no column %s", table, column)
	return nil
}

var contacts = arrow.NewSchema([]arrow.Field{
	{Name: "id", Type: arrow.PrimitiveTypes.Int64},
	{Name: "note", Type: arrow.BinaryTypes.String},
}, nil)

func appendContacts(t *testing.T, l *lake.Lake, from, n int) lake.Commit {
	t.Helper()
	b := array.NewRecordBuilder(memory.DefaultAllocator, contacts)
	defer b.Release()
	for i := from; i < from+n; i++ {
		b.Field(0).(*array.Int64Builder).Append(int64(i))
		b.Field(1).(*array.StringBuilder).Append("plain words")
	}
	rec := b.NewRecordBatch()
	defer rec.Release()
	rdr, _ := array.NewRecordReader(contacts, []arrow.RecordBatch{rec})
	defer rdr.Release()
	c, err := l.Append(context.Background(), lake.MustIdent("raw.contacts"), rdr, nil)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestAScanReadsOnlyWhatWasAddedAndNothingWhenNothingWas(t *testing.T) {
	env := demotest.Open(t, demotest.Options{Scale: 0.02})
	ctx := context.Background()
	if _, err := env.Lake.CreateTable(ctx, lake.MustIdent("raw.contacts"), lake.TableSpec{Schema: contacts}); err != nil {
		t.Fatal(err)
	}
	first := appendContacts(t, env.Lake, 0, 300)
	s, cs := newScanner(t, env, skimmer.Options{Rows: 1000, PersonKeys: []string{"dim.accounts.account_id"}})
	id := lake.MustIdent("raw.contacts")
	r, err := s.Scan(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if r.Snapshot != first.SnapshotID || r.Rows != 300 || r.Incremental || len(r.Columns) != 2 {
		t.Fatalf("first scan: %+v", r)
	}
	again, err := s.Scan(ctx, id)
	if err != nil || again.Sampled != 300 || cs.rows["raw.contacts"] != 300 {
		t.Fatalf("a second scan of an unchanged table: sampled %d, read %d rows, %v", again.Sampled, cs.rows["raw.contacts"], err)
	}
	keyRows := cs.rows["dim.accounts"]
	if keyRows == 0 {
		t.Fatal("the person key's table was not read")
	}
	appendContacts(t, env.Lake, 1000, 40)
	inc, err := s.Scan(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if !inc.Incremental || inc.Rows != 40 || inc.Sampled != 340 || cs.rows["raw.contacts"] != 340 {
		t.Fatalf("after 40 rows were added the scan read %d (incremental %t, sampled %d in all)", inc.Rows, inc.Incremental, inc.Sampled)
	}
	if cs.rows["dim.accounts"] != keyRows {
		t.Fatalf("the unchanged person key's table was read again: %d rows, then %d", keyRows, cs.rows["dim.accounts"])
	}
	if err := s.MarkReviewAsked(ctx, id, 9); err != nil {
		t.Fatal(err)
	}
	appendContacts(t, env.Lake, 2000, 5)
	if r, _ := s.Scan(ctx, id); r.ReviewAsked != 9 {
		t.Fatalf("a later scan forgot the review request: %+v", r)
	}
	if err := s.MarkReviewAsked(ctx, lake.MustIdent("raw.nothing"), 1); err == nil {
		t.Fatal("marking a table never scanned did not fail")
	}
}

// verdicts is a second pass that clears one column and fails on another.
type verdicts struct {
	mu   sync.Mutex
	seen []string
}

func (v *verdicts) Check(_ context.Context, table string, cols []engine.SampleColumn, _ lake.Note, c skimmer.Classification) (skimmer.Classification, error) {
	for _, col := range cols {
		if len(col.Values) > 0 {
			return c, errors.New("the second pass was handed sampled values")
		}
	}
	v.mu.Lock()
	v.seen = append(v.seen, table+"."+c.Column)
	v.mu.Unlock()
	switch c.Column {
	case "source_ip":
		return c, errors.New("the model is down")
	case "owner_email":
		c.Tag, c.Evidence = "", append(c.Evidence, skimmer.Evidence{Detector: "model: a shared inbox"})
	}
	return c, nil
}

func TestTheSecondPassSeesFlaggedColumnsAndTheFirstPassStandsWhenItFails(t *testing.T) {
	env := demotest.Open(t, demotest.Options{Scale: 0.02})
	v := &verdicts{}
	s, _ := newScanner(t, env, skimmer.Options{Rows: 300, Checker: v})
	r, err := s.Scan(context.Background(), lake.MustIdent("dim.accounts"))
	if err != nil {
		t.Fatal(err)
	}
	if !r.Checked || r.Tags()["owner_email"] != "" {
		t.Fatalf("after the second pass: checked %t, tags %v; want owner_email cleared", r.Checked, r.Tags())
	}
	r, err = s.Scan(context.Background(), lake.MustIdent("fct.security_events"))
	if err != nil {
		t.Fatal(err)
	}
	if r.Tags()["source_ip"] != governance.TagIP {
		t.Fatalf("when the second pass failed: tags %v, want the first pass's source_ip → ip", r.Tags())
	}
	for _, c := range v.seen {
		if c == "dim.accounts.plan" || c == "dim.accounts.region" {
			t.Fatalf("the second pass was asked about %s, which the first pass did not flag", c)
		}
	}
}
