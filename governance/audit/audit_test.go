package audit_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/governance/audit"
	"github.com/tarn-data/tarn/store"
	"github.com/tarn-data/tarn/store/storetest"
)

var t0 = time.Date(2026, 5, 28, 9, 30, 0, 123456789, time.UTC)

// openLog opens a fresh store at url and the log in it, with a fake clock.
func openLog(t testing.TB, url string) (*audit.Log, *store.DB, *tarn.FakeClock) {
	t.Helper()
	db, err := store.Open(context.Background(), url)
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	clock := tarn.NewFakeClock(t0)
	return audit.Open(db, clock), db, clock
}

// sample returns the i-th of a varied set of entries.
func sample(i int) audit.Entry {
	switch i % 4 {
	case 0:
		return audit.Entry{Actor: "alice", Action: audit.ActionQuery, Object: "fct.http_requests",
			SQL: "SELECT colo, sum(bytes) FROM fct.http_requests GROUP BY 1", Tables: []string{"fct.http_requests"},
			Columns: []string{"colo", "bytes"}, Rows: int64(10 + i), Allowed: true}
	case 1:
		return audit.Entry{Actor: "carol", Action: audit.ActionFlip, Object: "fct.security_events", FlipID: int64(i),
			Justification: "incident 42: which ASNs?", Allowed: true, Detail: map[string]string{"until": "1h", "approver": "dave"}}
	case 2:
		return audit.Entry{Actor: "carol", Action: audit.ActionQuery, Object: "fct.security_events",
			SQL: "SELECT source_ip FROM fct.security_events", Tables: []string{"fct.security_events"},
			Columns: []string{"source_ip"}, Raw: []string{"source_ip"}, FlipID: int64(i - 1), Rows: 3, Allowed: true}
	default:
		return audit.Entry{Actor: "erin", Action: audit.ActionRefuse, Object: "raw.support_tickets",
			SQL: "SELECT body FROM raw.support_tickets", Tables: []string{"raw.support_tickets"},
			Masked: []string{"body"}, Reason: "this table needs review"}
	}
}

// appendN appends n sample entries, one second apart, and returns them.
func appendN(t testing.TB, l *audit.Log, clock *tarn.FakeClock, n int) []audit.Entry {
	t.Helper()
	out := make([]audit.Entry, 0, n)
	for i := 0; i < n; i++ {
		e, err := l.Append(context.Background(), sample(i))
		if err != nil {
			t.Fatalf("append %d: %v", i, err)
		}
		out = append(out, e)
		clock.Advance(time.Second)
	}
	return out
}

func asJSON(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func verifyOK(t *testing.T, l *audit.Log, wantEntries int64) {
	t.Helper()
	r, err := l.Verify(context.Background())
	if err != nil {
		t.Fatalf("verify: %v", err)
	}
	if !r.OK || len(r.Problems) > 0 || r.Entries != wantEntries {
		t.Fatalf("verify = %+v, want OK with %d entries", r, wantEntries)
	}
	if r.Err() != nil {
		t.Fatalf("Report.Err of an intact log = %v", r.Err())
	}
}

func TestAppendedEntriesChainAndVerify(t *testing.T) {
	storetest.EachStore(t, func(t *testing.T, url string) {
		ctx := context.Background()
		l, _, clock := openLog(t, url)
		verifyOK(t, l, 0)
		got := appendN(t, l, clock, 6)
		prev := audit.ZeroHash
		for i, e := range got {
			if e.Seq != int64(i+1) {
				t.Errorf("entry %d: Seq = %d", i, e.Seq)
			}
			if e.PrevHash != prev {
				t.Errorf("entry %d: PrevHash = %s, want the previous entry's hash %s", e.Seq, e.PrevHash, prev)
			}
			if e.Hash != audit.ComputeHash(e) || len(e.Hash) != 64 {
				t.Errorf("entry %d: Hash %q is not the hash of its canonical encoding", e.Seq, e.Hash)
			}
			want := t0.Add(time.Duration(i) * time.Second).Truncate(time.Microsecond)
			if !e.Time.Equal(want) || e.Time.Location() != time.UTC {
				t.Errorf("entry %d: Time = %v, want the clock's %v in UTC to the microsecond", e.Seq, e.Time, want)
			}
			prev = e.Hash
		}
		verifyOK(t, l, 6)

		tail, err := l.Tail(ctx, 100)
		if err != nil {
			t.Fatal(err)
		}
		if asJSON(t, tail) != asJSON(t, got) {
			t.Errorf("stored entries differ from appended ones:\n got %s\nwant %s", asJSON(t, tail), asJSON(t, got))
		}
	})
}

func TestAppendStoresExactlyWhatItHashed(t *testing.T) {
	storetest.EachStore(t, func(t *testing.T, url string) {
		ctx := context.Background()
		l, _, _ := openLog(t, url)
		e, err := l.Append(ctx, audit.Entry{
			Actor: "alice\x00", Action: "query", Object: "fct.\xffhttp",
			SQL:    "SELECT '日本' AS \"x\"\n\t-- \u2028 <b>&</b>",
			Tables: []string{"a\x00b"}, Detail: map[string]string{"z": "1", "a": "\x01", "k\xfe": "v"},
			// Ignored: Append assigns these.
			Seq: 99, PrevHash: "forged", Hash: "forged", Time: time.Unix(1, 0),
		})
		if err != nil {
			t.Fatal(err)
		}
		if e.Seq != 1 || e.PrevHash != audit.ZeroHash || !e.Time.Equal(t0.Truncate(time.Microsecond)) {
			t.Errorf("Append kept caller-set Seq/PrevHash/Time: %+v", e)
		}
		if e.Actor != "alice\uFFFD" || e.Object != "fct.\uFFFDhttp" || e.Tables[0] != "a\uFFFDb" || e.Detail["k\uFFFD"] != "v" {
			t.Errorf("NUL and invalid UTF-8 not replaced: %+v", e)
		}
		tail, err := l.Tail(ctx, 1)
		if err != nil {
			t.Fatal(err)
		}
		if asJSON(t, tail[0]) != asJSON(t, e) {
			t.Errorf("read back %s\nwant      %s", asJSON(t, tail[0]), asJSON(t, e))
		}
		verifyOK(t, l, 1)
	})
}

func TestAppendRefusesEntriesWithoutActorOrAction(t *testing.T) {
	l, _, _ := openLog(t, storetest.SQLiteURL(t))
	for _, e := range []audit.Entry{{Action: "query"}, {Actor: "alice"}} {
		_, err := l.Append(context.Background(), e)
		if !errors.Is(err, audit.ErrInvalidEntry) || tarn.ErrorCode(err) != tarn.EINVALID {
			t.Errorf("Append(%+v) = %v, want EINVALID wrapping ErrInvalidEntry", e, err)
		}
	}
	verifyOK(t, l, 0)
}

func TestTailReturnsTheNewestOldestFirst(t *testing.T) {
	storetest.EachStore(t, func(t *testing.T, url string) {
		ctx := context.Background()
		l, _, clock := openLog(t, url)
		if got, err := l.Tail(ctx, 3); err != nil || len(got) != 0 {
			t.Fatalf("tail of an empty log = %v, %v", got, err)
		}
		all := appendN(t, l, clock, 5)
		got, err := l.Tail(ctx, 2)
		if err != nil {
			t.Fatal(err)
		}
		if asJSON(t, got) != asJSON(t, all[3:]) {
			t.Errorf("Tail(2) = %s, want entries 4 and 5", asJSON(t, got))
		}
		if _, err := l.Tail(ctx, 0); !errors.Is(err, audit.ErrInvalidEntry) || tarn.ErrorCode(err) != tarn.EINVALID {
			t.Errorf("Tail(0) = %v, want EINVALID", err)
		}
	})
}

func TestExportWritesJSONLinesFromASeq(t *testing.T) {
	storetest.EachStore(t, func(t *testing.T, url string) {
		l, _, clock := openLog(t, url)
		all := appendN(t, l, clock, 5)
		var buf bytes.Buffer
		if err := l.Export(context.Background(), &buf, 3); err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(&buf)
		var got []audit.Entry
		for sc.Scan() {
			var e audit.Entry
			if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
				t.Fatalf("line %q is not an Entry: %v", sc.Text(), err)
			}
			if audit.ComputeHash(e) != e.Hash {
				t.Errorf("exported entry %d does not verify on its own", e.Seq)
			}
			got = append(got, e)
		}
		if asJSON(t, got) != asJSON(t, all[2:]) {
			t.Errorf("export from 3 = %s\nwant %s", asJSON(t, got), asJSON(t, all[2:]))
		}
	})
}

func TestExportStopsOnAWriterError(t *testing.T) {
	l, _, clock := openLog(t, storetest.SQLiteURL(t))
	appendN(t, l, clock, 3)
	boom := errors.New("disk full")
	if err := l.Export(context.Background(), failingWriter{boom}, 1); !errors.Is(err, boom) {
		t.Errorf("Export = %v, want the writer's error", err)
	}
}

type failingWriter struct{ err error }

func (w failingWriter) Write([]byte) (int, error) { return 0, w.err }

// TestConcurrentAppendsKeepOneChain appends from 8 goroutines through two
// separate connection pools, as two processes would.
func TestConcurrentAppendsKeepOneChain(t *testing.T) {
	storetest.EachStore(t, func(t *testing.T, url string) {
		l1, _, clock := openLog(t, url)
		l2, _, _ := openLog(t, url)
		const workers, each = 8, 10
		var wg sync.WaitGroup
		errs := make(chan error, workers*each)
		for w := 0; w < workers; w++ {
			l := l1
			if w%2 == 1 {
				l = l2
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; i < each; i++ {
					e := sample(i)
					e.Actor = fmt.Sprintf("worker%d", w)
					if _, err := l.Append(context.Background(), e); err != nil {
						errs <- err
					}
					clock.Advance(time.Millisecond)
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatalf("concurrent append: %v", err)
		}
		verifyOK(t, l1, workers*each)
		all, err := l1.Tail(context.Background(), workers*each)
		if err != nil {
			t.Fatal(err)
		}
		prevs := map[string]int64{}
		for _, e := range all {
			if other, dup := prevs[e.PrevHash]; dup {
				t.Fatalf("entries %d and %d share PrevHash %s", other, e.Seq, e.PrevHash)
			}
			prevs[e.PrevHash] = e.Seq
		}
	})
}

func TestReportErrNamesTheProblems(t *testing.T) {
	r := audit.Report{Entries: 3, Problems: []audit.Problem{{Seq: 2, Kind: audit.KindChanged, Detail: "x"}}}
	err := r.Err()
	if !errors.Is(err, audit.ErrTampered) || !strings.Contains(tarn.ErrorMessage(err), "entry 2 changed") {
		t.Errorf("Err() = %v (message %q)", err, tarn.ErrorMessage(err))
	}
}
