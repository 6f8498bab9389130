package engine_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/engine"
)

// recordingLog is a QueryLog that keeps what it is given.
type recordingLog struct {
	mu   sync.Mutex
	recs []engine.QueryRecord
	fail error
}

func (l *recordingLog) LogQuery(_ context.Context, r engine.QueryRecord) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.recs = append(l.recs, r)
	return l.fail
}

func TestEveryQueryIsLoggedAllowedOrRefused(t *testing.T) {
	f := newFixture(t)
	f.create(t, "app.events")
	f.appendEvents(t, "app.events", 0, 7)
	log := &recordingLog{}
	e, err := engine.New(context.Background(), f.lake, engine.Options{Log: log})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	caller := engine.Caller{Principal: "cli:alice"}

	res, err := e.Query(context.Background(), engine.Request{SQL: "SELECT id FROM app.events", Caller: caller})
	if err != nil {
		t.Fatal(err)
	}
	for res.Reader.Next() {
	}
	if err := res.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Query(context.Background(), engine.Request{SQL: "DROP TABLE app.events", Caller: caller}); tarn.ErrorCode(err) != tarn.EFORBIDDEN {
		t.Fatalf("DROP: %v", err)
	}
	if len(log.recs) != 2 {
		t.Fatalf("%d records, want 2", len(log.recs))
	}
	ok, refused := log.recs[0], log.recs[1]
	if ok.Err != nil || ok.Rows != 7 || ok.Caller.Principal != "cli:alice" || len(ok.Tables) != 1 || ok.Tables[0].String() != "app.events" || len(ok.Decisions) != 1 {
		t.Fatalf("allowed query record: %+v", ok)
	}
	if refused.Err == nil || refused.SQL != "DROP TABLE app.events" {
		t.Fatalf("refused query record: %+v", refused)
	}

	// A query that cannot be audited is an error.
	log.fail = errors.New("audit store down")
	res, err = e.Query(context.Background(), engine.Request{SQL: "SELECT 1 FROM app.events", Caller: caller})
	if err != nil {
		t.Fatal(err)
	}
	if err := res.Close(); err == nil {
		t.Fatal("Close must report a failed audit write")
	}
}
