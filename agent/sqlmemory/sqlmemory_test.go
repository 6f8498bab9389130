package sqlmemory_test

import (
	"context"
	"errors"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/agent"
	"github.com/tarn-data/tarn/agent/sqlmemory"
	"github.com/tarn-data/tarn/store"
	"github.com/tarn-data/tarn/store/storetest"
)

func open(t *testing.T, url string) *sqlmemory.Memory {
	t.Helper()
	db, err := store.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return sqlmemory.New(db, tarn.NewFakeClock(time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)))
}

func TestMemoryReturnsWhatWasSavedOldestFirstOnBothStores(t *testing.T) {
	storetest.EachStore(t, func(t *testing.T, url string) {
		ctx := context.Background()
		m := open(t, url)
		if ex, _ := m.Examples(ctx); len(ex) != 0 {
			t.Fatalf("a fresh memory has examples: %v", ex)
		}
		var want []agent.Example
		for i, q := range []string{"revenue last month", "top zones by bytes"} {
			e := agent.Example{Question: q, Script: "tarn.answer('" + q + "')", By: "cli:bob", Score: 9}
			id, err := m.SaveExample(ctx, e)
			if err != nil {
				t.Fatal(err)
			}
			if id <= 0 || (i > 0 && id <= want[i-1].ID) {
				t.Fatalf("example %d got id %d", i, id)
			}
			e.ID, e.Score = id, 0
			want = append(want, e)
		}
		got, err := m.Examples(ctx)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Fatalf("Examples = %+v, %v; want %+v", got, err, want)
		}

		var notes []agent.TeamNote
		for _, text := range []string{"revenue excludes void invoices", "colo means edge location"} {
			n := agent.TeamNote{Text: text, By: "cli:dave"}
			id, err := m.AddNote(ctx, n)
			if err != nil {
				t.Fatal(err)
			}
			n.ID = id
			notes = append(notes, n)
		}
		gotNotes, err := m.Notes(ctx)
		if err != nil || !reflect.DeepEqual(gotNotes, notes) {
			t.Fatalf("Notes = %+v, %v; want %+v", gotNotes, err, notes)
		}
	})
}

func TestMemoryRefusesEmptyItems(t *testing.T) {
	m := open(t, storetest.SQLiteURL(t))
	ctx := context.Background()
	_, err := m.SaveExample(ctx, agent.Example{Question: "q", Script: "  "})
	if !errors.Is(err, sqlmemory.ErrEmpty) || tarn.ErrorCode(err) != tarn.EINVALID {
		t.Fatalf("example without script: %v", err)
	}
	_, err = m.AddNote(ctx, agent.TeamNote{Text: ""})
	if !errors.Is(err, sqlmemory.ErrEmpty) || tarn.ErrorCode(err) != tarn.EINVALID {
		t.Fatalf("empty note: %v", err)
	}
}

func TestConcurrentSavesGetDistinctIDsOnBothStores(t *testing.T) {
	storetest.EachStore(t, func(t *testing.T, url string) {
		m := open(t, url)
		var wg sync.WaitGroup
		ids := make([]int64, 8)
		errs := make([]error, 8)
		for i := range ids {
			wg.Add(1)
			go func() {
				defer wg.Done()
				ids[i], errs[i] = m.AddNote(context.Background(), agent.TeamNote{Text: "note"})
			}()
		}
		wg.Wait()
		seen := map[int64]bool{}
		for i, id := range ids {
			if errs[i] != nil || seen[id] {
				t.Fatalf("save %d: id %d, err %v", i, id, errs[i])
			}
			seen[id] = true
		}
		if n, _ := m.Notes(context.Background()); len(n) != 8 {
			t.Fatalf("%d notes stored, want 8", len(n))
		}
	})
}
