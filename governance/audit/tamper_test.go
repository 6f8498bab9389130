package audit_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/tarn-data/tarn/governance/audit"
	"github.com/tarn-data/tarn/store"
	"github.com/tarn-data/tarn/store/storetest"
)

// exec runs SQL written with '?' placeholders straight against the store,
// as someone with write access to the database would.
func exec(t *testing.T, db *store.DB, query string, args ...any) {
	t.Helper()
	if _, err := db.ExecContext(context.Background(), db.Rebind(query), args...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

// insertRaw writes e as a row, bypassing the log.
func insertRaw(t *testing.T, db *store.DB, e audit.Entry) {
	t.Helper()
	exec(t, db, `INSERT INTO tarn_audit (seq, logged_at, actor, action, object, sql_text, flip_id, rows_returned, allowed, prev_hash, hash)
VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?)`, e.Seq, e.Time.UTC().Format(audit.TimeLayout), e.Actor, e.Action, e.Object, e.SQL, e.Rows, e.Allowed, e.PrevHash, e.Hash)
}

// forge returns a well-formed entry at seq that chains onto prev, as a
// careful forger would write it.
func forge(seq int64, prev audit.Entry) audit.Entry {
	e := audit.Entry{Seq: seq, Time: prev.Time, Actor: "mallory", Action: audit.ActionGrant,
		Object: "fct.billing_invoices", Allowed: true, PrevHash: prev.Hash}
	e.Hash = audit.ComputeHash(e)
	return e
}

// renumber adds delta to the seq of every entry from seq on, in two steps so
// that no unique key collides half-way.
func renumber(t *testing.T, db *store.DB, from, delta int64) {
	t.Helper()
	exec(t, db, `UPDATE tarn_audit SET seq = -(seq + ?) WHERE seq >= ?`, delta, from)
	exec(t, db, `UPDATE tarn_audit SET seq = -seq WHERE seq < 0`)
}

// swap exchanges the seqs of two entries.
func swap(t *testing.T, db *store.DB, a, b int64) {
	t.Helper()
	exec(t, db, `UPDATE tarn_audit SET seq = -1 WHERE seq = ?`, a)
	exec(t, db, `UPDATE tarn_audit SET seq = ? WHERE seq = ?`, a, b)
	exec(t, db, `UPDATE tarn_audit SET seq = ? WHERE seq = -1`, b)
}

func TestVerifyFindsEachTampering(t *testing.T) {
	type found struct {
		Seq  int64
		Kind string
	}
	cases := []struct {
		name   string
		tamper func(t *testing.T, db *store.DB, log []audit.Entry)
		want   []found
	}{
		{"a field updated", func(t *testing.T, db *store.DB, _ []audit.Entry) {
			exec(t, db, `UPDATE tarn_audit SET rows_returned = 0 WHERE seq = 5`)
		}, []found{{5, audit.KindChanged}}},
		{"a refusal turned into an allow", func(t *testing.T, db *store.DB, _ []audit.Entry) {
			exec(t, db, `UPDATE tarn_audit SET allowed = ?, reason = '' WHERE seq = 8`, true)
		}, []found{{8, audit.KindChanged}}},
		{"a field updated and the hash recomputed", func(t *testing.T, db *store.DB, log []audit.Entry) {
			e := log[3]
			e.SQL = "SELECT 1"
			exec(t, db, `UPDATE tarn_audit SET sql_text = ?, hash = ? WHERE seq = 4`, e.SQL, audit.ComputeHash(e))
		}, []found{{4, audit.KindChanged}}},
		{"a list rewritten", func(t *testing.T, db *store.DB, _ []audit.Entry) {
			exec(t, db, `UPDATE tarn_audit SET raw_columns = '[]', masked_columns = '["source_ip"]' WHERE seq = 3`)
		}, []found{{3, audit.KindChanged}}},
		{"an empty list replaced by text that does not parse", func(t *testing.T, db *store.DB, _ []audit.Entry) {
			exec(t, db, `UPDATE tarn_audit SET masked_columns = 'none' WHERE seq = 2`)
		}, []found{{2, audit.KindChanged}}},
		{"a list rewritten with the same meaning", func(t *testing.T, db *store.DB, _ []audit.Entry) {
			exec(t, db, `UPDATE tarn_audit SET tables_touched = '[ "fct.http_requests" ]' WHERE seq = 1`)
		}, []found{{1, audit.KindChanged}}},
		{"the time rewritten as the same instant", func(t *testing.T, db *store.DB, log []audit.Entry) {
			exec(t, db, `UPDATE tarn_audit SET logged_at = ? WHERE seq = 3`, log[2].Time.Format("2006-01-02T15:04:05.000000+00:00"))
		}, []found{{3, audit.KindChanged}}},
		{"a number replaced by text (SQLite keeps it)", func(t *testing.T, db *store.DB, _ []audit.Entry) {
			if db.Dialect == store.SQLite {
				exec(t, db, `UPDATE tarn_audit SET rows_returned = 'many', allowed = 2 WHERE seq = 6`)
			} else {
				exec(t, db, `UPDATE tarn_audit SET allowed = NOT allowed WHERE seq = 6`)
			}
		}, []found{{6, audit.KindChanged}}},
		{"the first entry's link changed", func(t *testing.T, db *store.DB, _ []audit.Entry) {
			exec(t, db, `UPDATE tarn_audit SET prev_hash = ? WHERE seq = 1`, fmt.Sprintf("%064d", 1))
		}, []found{{1, audit.KindChanged}}},
		{"a middle entry deleted", func(t *testing.T, db *store.DB, _ []audit.Entry) {
			exec(t, db, `DELETE FROM tarn_audit WHERE seq = 4`)
		}, []found{{4, audit.KindRemoved}}},
		{"two middle entries deleted", func(t *testing.T, db *store.DB, _ []audit.Entry) {
			exec(t, db, `DELETE FROM tarn_audit WHERE seq IN (2, 3)`)
		}, []found{{2, audit.KindRemoved}}},
		{"the first entry deleted", func(t *testing.T, db *store.DB, _ []audit.Entry) {
			exec(t, db, `DELETE FROM tarn_audit WHERE seq = 1`)
		}, []found{{1, audit.KindRemoved}}},
		{"the last entry deleted (tail truncated)", func(t *testing.T, db *store.DB, _ []audit.Entry) {
			exec(t, db, `DELETE FROM tarn_audit WHERE seq = 8`)
		}, []found{{8, audit.KindRemoved}}},
		{"every entry deleted", func(t *testing.T, db *store.DB, _ []audit.Entry) {
			exec(t, db, `DELETE FROM tarn_audit`)
		}, []found{{1, audit.KindRemoved}}},
		{"the head record deleted", func(t *testing.T, db *store.DB, _ []audit.Entry) {
			exec(t, db, `DELETE FROM tarn_audit_head`)
		}, []found{{9, audit.KindRemoved}}},
		{"a middle entry deleted and the rest renumbered", func(t *testing.T, db *store.DB, _ []audit.Entry) {
			exec(t, db, `DELETE FROM tarn_audit WHERE seq = 4`)
			renumber(t, db, 5, -1)
		}, []found{{4, audit.KindRemoved}}},
		{"a forged entry appended past the head", func(t *testing.T, db *store.DB, log []audit.Entry) {
			insertRaw(t, db, forge(9, log[7]))
		}, []found{{9, audit.KindInserted}}},
		{"a forged entry inserted in the middle, the rest renumbered", func(t *testing.T, db *store.DB, log []audit.Entry) {
			renumber(t, db, 5, 1)
			insertRaw(t, db, forge(5, log[3]))
		}, []found{{5, audit.KindInserted}}},
		{"a clumsy forged entry in the middle", func(t *testing.T, db *store.DB, log []audit.Entry) {
			renumber(t, db, 5, 1)
			f := forge(5, log[3])
			f.Hash = log[4].Hash
			insertRaw(t, db, f)
		}, []found{{5, audit.KindInserted}}},
		{"two entries swapped", func(t *testing.T, db *store.DB, _ []audit.Entry) {
			swap(t, db, 3, 6)
		}, []found{{3, audit.KindReordered}, {6, audit.KindReordered}}},
		{"two neighbours swapped", func(t *testing.T, db *store.DB, _ []audit.Entry) {
			swap(t, db, 4, 5)
		}, []found{{4, audit.KindReordered}, {5, audit.KindReordered}}},
		{"the last two swapped", func(t *testing.T, db *store.DB, _ []audit.Entry) {
			swap(t, db, 7, 8)
		}, []found{{7, audit.KindReordered}, {8, audit.KindReordered}}},
		{"one changed and a later one deleted", func(t *testing.T, db *store.DB, _ []audit.Entry) {
			exec(t, db, `UPDATE tarn_audit SET actor = 'bob' WHERE seq = 2`)
			exec(t, db, `DELETE FROM tarn_audit WHERE seq = 6`)
		}, []found{{2, audit.KindChanged}, {6, audit.KindRemoved}}},
	}
	storetest.EachStore(t, func(t *testing.T, url string) {
		l, db, clock := openLog(t, url)
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				// Start each case from an empty log.
				exec(t, db, `DELETE FROM tarn_audit`)
				exec(t, db, `DELETE FROM tarn_audit_head`)
				exec(t, db, `INSERT INTO tarn_audit_head (id, seq, hash) VALUES (1, 0, ?)`, audit.ZeroHash)
				clock.Set(t0)
				log := appendN(t, l, clock, 8)
				tc.tamper(t, db, log)
				r, err := l.Verify(context.Background())
				if err != nil {
					t.Fatal(err)
				}
				var got []found
				for _, p := range r.Problems {
					got = append(got, found{p.Seq, p.Kind})
				}
				if fmt.Sprint(got) != fmt.Sprint(tc.want) || r.OK {
					t.Errorf("problems = %v, want %v\nreport: %+v", got, tc.want, r)
				}
				if r.Err() == nil {
					t.Error("Report.Err of a tampered log is nil")
				}
			})
		}
	})
}

// TestAppendAfterTruncationDoesNotHideIt: the next append continues from the
// head record, so the hole stays visible.
func TestAppendAfterTruncationDoesNotHideIt(t *testing.T) {
	storetest.EachStore(t, func(t *testing.T, url string) {
		l, db, clock := openLog(t, url)
		appendN(t, l, clock, 5)
		exec(t, db, `DELETE FROM tarn_audit WHERE seq = 5`)
		e, err := l.Append(context.Background(), sample(0))
		if err != nil {
			t.Fatal(err)
		}
		if e.Seq != 6 {
			t.Errorf("append after truncation got Seq %d, want 6", e.Seq)
		}
		r, err := l.Verify(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Problems) != 1 || r.Problems[0].Seq != 5 || r.Problems[0].Kind != audit.KindRemoved {
			t.Errorf("verify = %+v, want entry 5 removed", r)
		}
	})
}

// TestVerifyPinpointsRandomTampering applies one random tampering at a
// random place, many times over, and expects exactly the right report.
func TestVerifyPinpointsRandomTampering(t *testing.T) {
	l, db, clock := openLog(t, storetest.SQLiteURL(t))
	const n = 12
	rng := rand.New(rand.NewPCG(7, 11))
	for i := 0; i < 60; i++ {
		exec(t, db, `DELETE FROM tarn_audit`)
		exec(t, db, `UPDATE tarn_audit_head SET seq = 0, hash = ?`, audit.ZeroHash)
		clock.Set(t0)
		log := appendN(t, l, clock, n)
		k := 1 + rng.Int64N(n) // 1..n
		var want string
		switch op := rng.IntN(5); op {
		case 0:
			exec(t, db, `UPDATE tarn_audit SET object = 'x' WHERE seq = ?`, k)
			want = fmt.Sprintf("[{%d changed}]", k)
		case 1:
			exec(t, db, `DELETE FROM tarn_audit WHERE seq = ?`, k)
			want = fmt.Sprintf("[{%d removed}]", k)
		case 2:
			exec(t, db, `DELETE FROM tarn_audit WHERE seq >= ?`, k)
			want = fmt.Sprintf("[{%d removed}]", k)
		case 3:
			j := 1 + rng.Int64N(n)
			if j == k {
				j = k%n + 1
			}
			swap(t, db, k, j)
			want = fmt.Sprintf("[{%d reordered} {%d reordered}]", min(j, k), max(j, k))
		case 4:
			renumber(t, db, k, 1)
			prev := audit.Entry{Hash: audit.ZeroHash, Time: t0}
			if k > 1 {
				prev = log[k-2]
			}
			insertRaw(t, db, forge(k, prev))
			want = fmt.Sprintf("[{%d inserted}]", k)
		}
		r, err := l.Verify(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, p := range r.Problems {
			got = append(got, fmt.Sprintf("{%d %s}", p.Seq, p.Kind))
		}
		if s := "[" + strings.Join(got, " ") + "]"; s != want {
			t.Fatalf("round %d: problems %s, want %s\n%+v", i, s, want, r.Problems)
		}
	}
}
