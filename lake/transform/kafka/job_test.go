package kafka

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/tarn-data/tarn/lake"
	"github.com/tarn-data/tarn/lake/transform"
)

const jobFront = `---
target: raw.events
source:
  kind: kafka
  brokers: [%s]
  topic: events
  max_batch_rows: 400
  max_batch_wait: 200ms
  schema:
    - {name: id, type: long, required: true}
    - {name: ts, type: timestamptz, required: true}
    - {name: country, type: string}
columns:
  country: ISO country code of the visitor
`

func kafkaJob(t *testing.T, brokers []string, extra string) *transform.Job {
	t.Helper()
	src := strings.Replace(jobFront, "%s", strings.Join(brokers, ", "), 1)
	src = strings.Replace(src, "columns:", extra+"columns:", 1) + "---\n"
	j, err := transform.ParseJob("events", "jobs/events.sql", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return j
}

func TestAKafkaJobCatchesUpOnEachRunAndRecordsItsTopic(t *testing.T) {
	brokers := newCluster(t, "events", 3)
	l, _, _ := openLake(t)
	produce(t, brokers, "events", 3, 0, 1000, event)
	var created []lake.Ident
	r := transform.NewRunner(transform.Options{Lake: l, Sources: map[string]transform.SourceKind{"kafka": Kind{}},
		OnNewTable: func(_ context.Context, id lake.Ident) { created = append(created, id) }})
	j := kafkaJob(t, brokers, "")
	run, err := r.Run(t.Context(), j, transform.RunOptions{})
	if err != nil || run.Rows != 1000 || run.Status != transform.StatusSucceeded || !strings.Contains(run.Position, "0:") {
		t.Fatalf("first run %+v, %v", run, err)
	}
	produce(t, brokers, "events", 3, 1000, 1500, event)
	if run, err = r.Run(t.Context(), j, transform.RunOptions{}); err != nil || run.Rows != 500 {
		t.Fatalf("second run %+v, %v", run, err)
	}
	if run, err = r.Run(t.Context(), j, transform.RunOptions{}); err != nil || run.Status != transform.StatusUpToDate {
		t.Fatalf("third run %+v, %v", run, err)
	}
	got := ids(t, l, lake.MustIdent("raw.events"))
	if len(got) != 1500 || got[0] != 0 || got[1499] != 1499 {
		t.Fatalf("%d ids", len(got))
	}
	if len(created) != 1 {
		t.Fatalf("new tables %v", created)
	}
	lin, err := l.Lineage(t.Context(), lake.MustIdent("raw.events"))
	if err != nil || strings.Join(lin.Sources, ",") != "kafka:events" {
		t.Fatalf("lineage %+v %v", lin, err)
	}
	note, err := l.Note(t.Context(), lake.MustIdent("raw.events"))
	if err != nil || len(note.Columns) != 1 || note.Columns[0].Description != "ISO country code of the visitor" {
		t.Fatalf("the job's column docs should annotate the table: %+v %v", note, err)
	}
}

func TestAFollowingKafkaJobIngestsUnderTheSchedulerUntilItStops(t *testing.T) {
	brokers := newCluster(t, "events", 2)
	l, _, _ := openLake(t)
	r := transform.NewRunner(transform.Options{Lake: l, Sources: map[string]transform.SourceKind{"kafka": Kind{}}})
	j := kafkaJob(t, brokers, "  follow: true\n")
	dag, err := transform.NewDAG(t.Context(), []*transform.Job{j}, nil)
	if err != nil {
		t.Fatal(err)
	}
	s := transform.NewScheduler(transform.SchedulerOptions{DAG: dag, Runner: r, Backoff: 10 * time.Millisecond})
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() { s.Run(ctx, time.Hour); close(done) }()
	produce(t, brokers, "events", 2, 0, 700, event)
	waitFor(t, l, 700)
	produce(t, brokers, "events", 2, 700, 1200, event)
	waitFor(t, l, 1200)
	cancel()
	<-done
	if got := ids(t, l, lake.MustIdent("raw.events")); len(got) != 1200 || got[1199] != 1199 {
		t.Fatalf("%d ids after stopping", len(got))
	}
}

// waitFor waits until raw.events holds n rows.
func waitFor(t *testing.T, l *lake.Lake, n int) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if _, err := l.Load(t.Context(), lake.MustIdent("raw.events")); err == nil && len(ids(t, l, lake.MustIdent("raw.events"))) >= n {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("raw.events never reached %d rows", n)
}
