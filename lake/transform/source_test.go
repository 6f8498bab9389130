package transform_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/lake"
	"github.com/tarn-data/tarn/lake/transform"
)

func TestASourceJobReadsItsKindAndSettingsAndNeedsNoSQL(t *testing.T) {
	j, err := transform.ParseJob("orders", "jobs/orders.sql", []byte(`---
target: raw.orders
cursor: updated_at
source:
  kind: postgres
  url: postgres://tarn@db/shop
  table: public.orders
schedule: "*/5 * * * *"
---
`))
	if err != nil {
		t.Fatal(err)
	}
	if j.Source == nil || j.Source.Kind != "postgres" || j.Materialization != transform.IncrementalAppend || j.SQL != "" {
		t.Fatalf("job %+v source %+v", j, j.Source)
	}
	var s struct {
		URL   string `yaml:"url"`
		Table string `yaml:"table"`
	}
	if err := j.Source.Decode(j, &s, nil); err != nil || s.URL != "postgres://tarn@db/shop" || s.Table != "public.orders" {
		t.Fatalf("settings %+v, %v", s, err)
	}
	full, err := transform.ParseJob("rates", "jobs/rates.sql", []byte("---\ntarget: raw.rates\nsource: {kind: postgres, table: rates}\n---\n"))
	if err != nil || full.Materialization != transform.FullReplace {
		t.Fatalf("a postgres job without cursor replaces: %+v %v", full, err)
	}
	kafka, err := transform.ParseJob("clicks", "jobs/clicks.sql", []byte("---\ntarget: raw.clicks\nsource: {kind: kafka, topic: clicks, follow: true}\n---\n"))
	if err != nil || kafka.Materialization != transform.IncrementalAppend || !kafka.Source.Follow {
		t.Fatalf("a kafka job appends and may follow: %+v %v", kafka, err)
	}
}

func TestSourceSettingsTakeSecretsFromTheEnvironmentAndNameWhatIsMissing(t *testing.T) {
	j, err := transform.ParseJob("orders", "jobs/orders.sql", []byte("---\ntarget: raw.orders\nsource:\n  kind: postgres\n  url: postgres://tarn:${SHOP_PASSWORD}@db/shop\n  table: ${TABLE}\n---\n"))
	if err != nil {
		t.Fatal(err)
	}
	var s struct {
		URL   string `yaml:"url"`
		Table string `yaml:"table"`
	}
	env := map[string]string{"SHOP_PASSWORD": "s3cr:t"}
	lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	err = j.Source.Decode(j, &s, lookup)
	if !errors.Is(err, transform.ErrInvalidJob) || !strings.Contains(tarn.ErrorMessage(err), "TABLE") || strings.Contains(err.Error(), "s3cr") {
		t.Fatalf("missing variable: %v", err)
	}
	env["TABLE"] = "123"
	if err := j.Source.Decode(j, &s, lookup); err != nil || s.URL != "postgres://tarn:s3cr:t@db/shop" || s.Table != "123" {
		t.Fatalf("expanded %+v, %v", s, err)
	}
	var strict struct {
		URL string `yaml:"url"`
	}
	if err := j.Source.Decode(j, &strict, lookup); !errors.Is(err, transform.ErrInvalidJob) || !strings.Contains(tarn.ErrorMessage(err), "table is not a setting") {
		t.Fatalf("unknown setting: %v", err)
	}
}

func TestSourceJobsRefuseWhatOnlySQLJobsDo(t *testing.T) {
	for front, want := range map[string]string{
		"source: {kind: files, path: x.csv}\n---\nSELECT 1":                         "has no SQL",
		"source: {kind: files, path: x.csv}\nmaterialization: rollup\n---\n":        "full_replace or incremental_append",
		"source: {kind: kafka, topic: t, follow: true}\nschedule: '@hourly'\n---\n": "remove its schedule",
		"source: {path: x.csv}\n---\n":                                              "needs a kind",
		"source: [files]\n---\n":                                                    "must be a mapping",
		"source: {kind: Files!, path: x}\n---\n":                                    "is not a kind",
	} {
		_, err := transform.ParseJob("j", "jobs/j.sql", []byte("---\ntarget: raw.x\n"+front))
		if !errors.Is(err, transform.ErrInvalidJob) || !strings.Contains(tarn.ErrorMessage(err), want) {
			t.Errorf("%q: got %v, want %q", front, err, want)
		}
	}
}

// fakeKind is a source kind whose ingester writes n rows of src.events'
// shape through the sink, or fails.
type fakeKind struct {
	mu      sync.Mutex
	fail    int // how many more runs fail
	follows int // runs asked to follow
	block   bool
	e       *env
}

func (k *fakeKind) Open(j *transform.Job) (transform.Ingester, error) { return k, nil }

func (k *fakeKind) Ingest(ctx context.Context, s *transform.Sink, o transform.RunOptions) (transform.Ingested, error) {
	k.mu.Lock()
	fail := k.fail > 0
	if fail {
		k.fail--
	}
	if o.Follow {
		k.follows++
	}
	k.mu.Unlock()
	if fail {
		return transform.Ingested{}, tarn.Errorf(tarn.EINTERNAL, "the source is down")
	}
	if k.block {
		<-ctx.Done()
		return transform.Ingested{}, nil
	}
	from, err := s.Position(ctx, lake.PositionPrefix+"fake")
	if err != nil {
		return transform.Ingested{}, err
	}
	rdr := k.e.eventsReader(0, 2, 3)
	defer rdr.Release()
	c, n, err := s.Write(ctx, rdr, false, lake.PositionPrefix+"fake", from, from+"x")
	return transform.Ingested{Rows: n, Snapshot: c.SnapshotID, Position: from + "x", Sources: []string{"fake:events"}}, err
}

func TestAnIngestionJobWritesThroughTheSinkRecordsItsSourceAndReportsTheNewTable(t *testing.T) {
	e := newEnv(t)
	k := &fakeKind{e: e}
	r := transform.NewRunner(transform.Options{Lake: e.lake, Engine: e.eng, Runs: e.runs, Clock: e.clock,
		Sources: map[string]transform.SourceKind{"fake": k}, OnNewTable: func(_ context.Context, id lake.Ident) { e.newTab = append(e.newTab, id) }})
	j := e.job("ev", "target: raw.ev\nsource: {kind: fake}\ncolumns: {zone: the zone}", "")
	run, err := r.Run(t.Context(), j, transform.RunOptions{})
	if err != nil || run.Status != transform.StatusSucceeded || run.Rows != 6 || run.Position != "x" {
		t.Fatalf("run %+v, %v", run, err)
	}
	if len(e.newTab) != 1 || e.newTab[0] != lake.MustIdent("raw.ev") {
		t.Fatalf("new tables %v", e.newTab)
	}
	lin, err := e.lake.Lineage(t.Context(), lake.MustIdent("raw.ev"))
	if err != nil || strings.Join(lin.Sources, ",") != "fake:events" || len(lin.Columns) != 3 || lin.Columns[1].Description != "the zone" {
		t.Fatalf("lineage %+v, %v", lin, err)
	}
	if run, err := r.Run(t.Context(), j, transform.RunOptions{}); err != nil || run.Rows != 6 || len(e.newTab) != 1 {
		t.Fatalf("second run %+v, %v; new tables %v", run, err, e.newTab)
	}
	if got := e.rows("SELECT count(*) FROM raw.ev"); got[0] != "12" {
		t.Fatalf("rows %v", got)
	}
	unknown := e.job("x", "target: raw.x\nsource: {kind: ftp}", "")
	if _, err := r.Run(t.Context(), unknown, transform.RunOptions{}); !errors.Is(err, transform.ErrInvalidJob) || !strings.Contains(tarn.ErrorHint(err), "fake") {
		t.Fatalf("unknown kind: %v", err)
	}
}

func TestTheSchedulerKeepsAFollowingJobRunningAndStartsItAgainAfterFailures(t *testing.T) {
	e := newEnv(t)
	k := &fakeKind{e: e, fail: 3, block: true}
	r := transform.NewRunner(transform.Options{Lake: e.lake, Engine: e.eng, Runs: e.runs, Clock: e.clock,
		Sources: map[string]transform.SourceKind{"fake": k}})
	j := e.job("ev", "target: raw.ev\nsource: {kind: fake, follow: true}", "")
	dag, err := transform.NewDAG(t.Context(), []*transform.Job{j}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var reported []string
	s := transform.NewScheduler(transform.SchedulerOptions{DAG: dag, Runner: r, Clock: e.clock, Retries: 2, Backoff: time.Millisecond,
		OnFailure: func(_ context.Context, run transform.Run, err error) {
			mu.Lock()
			reported = append(reported, run.Job+": "+tarn.ErrorMessage(err))
			mu.Unlock()
		}})
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() { s.Run(ctx, time.Hour); close(done) }()
	for {
		k.mu.Lock()
		n := k.follows
		k.mu.Unlock()
		if n == 4 { // three failures, then the run that follows
			break
		}
		time.Sleep(time.Millisecond)
	}
	cancel()
	<-done
	mu.Lock()
	defer mu.Unlock()
	if len(reported) != 1 || !strings.Contains(reported[0], "the source is down") {
		t.Fatalf("reported %v; want the third failure in a row reported once", reported)
	}
}
