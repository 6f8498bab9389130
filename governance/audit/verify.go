package audit

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/store"
)

// Problem kinds.
const (
	// KindChanged: the entry at Seq is not what was written there.
	KindChanged = "changed"
	// KindRemoved: the entry written as Seq is gone (from the middle, or
	// cut from the end).
	KindRemoved = "removed"
	// KindInserted: the entry at Seq was never written by Append.
	KindInserted = "inserted"
	// KindReordered: the entry at Seq is a genuine entry written under
	// another number.
	KindReordered = "reordered"
)

// Problem is one place where the log is not what was written.
type Problem struct {
	Seq    int64
	Kind   string // KindChanged, KindRemoved, KindInserted or KindReordered
	Detail string
}

func (p Problem) String() string { return fmt.Sprintf("entry %d %s: %s", p.Seq, p.Kind, p.Detail) }

// Report is what Verify found.
type Report struct {
	Entries  int64 // entries read
	OK       bool  // no problems
	Problems []Problem
}

// Err returns nil when the log is intact, or a *tarn.Error wrapping
// ErrTampered that names the first problems.
func (r Report) Err() error {
	if r.OK {
		return nil
	}
	var parts []string
	for i, p := range r.Problems {
		if i == 3 {
			parts = append(parts, fmt.Sprintf("and %d more", len(r.Problems)-3))
			break
		}
		parts = append(parts, p.String())
	}
	msg := strings.Join(parts, "; ")
	return tarn.Wrap(fmt.Errorf("%w: %s", ErrTampered, msg), tarn.EINTERNAL,
		"compare with an earlier export of the log and find out who can write to the metadata database",
		"the audit log has been tampered with: %s", msg)
}

// Verify reads the whole log, oldest first, in one consistent snapshot,
// recomputes every hash and checks every link and the head record. Every
// changed, removed, inserted or reordered entry is reported with its Seq;
// see Report. Verify returns an error only when the database fails: a
// *tarn.Error wrapping ErrStore.
func (l *Log) Verify(ctx context.Context) (Report, error) {
	opts := &sql.TxOptions{ReadOnly: true}
	if l.db.Dialect == store.Postgres {
		opts.Isolation = sql.LevelRepeatableRead
	}
	tx, err := l.db.BeginTx(ctx, opts)
	if err != nil {
		return Report{}, storeErr(err, "begin verify")
	}
	defer tx.Rollback()

	var h headRecord
	err = tx.QueryRowContext(ctx, `SELECT seq, hash FROM tarn_audit_head WHERE id = 1`).Scan(&h.seq, &h.hash)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return Report{}, storeErr(err, "read the head of the log")
	default:
		h.found = true
	}

	rows, err := tx.QueryContext(ctx, `SELECT `+columnList+` FROM tarn_audit ORDER BY seq`)
	if err != nil {
		return Report{}, storeErr(err, "read entries")
	}
	defer rows.Close()
	v := newVerifier()
	for rows.Next() {
		e, malformed, err := scanChecked(rows)
		if err != nil {
			return Report{}, err
		}
		v.add(e, malformed)
	}
	if err := rows.Err(); err != nil {
		return Report{}, storeErr(err, "read entries")
	}
	return v.finish(h), nil
}

// headRecord is the row of tarn_audit_head.
type headRecord struct {
	found bool
	seq   int64
	hash  string
}

// pairSearchLimit bounds the suspects kept whole to look for swapped
// entries among them (quadratic in their number).
const pairSearchLimit = 256

// suspect is an entry whose hash does not recompute under its own Seq.
type suspect struct {
	seq   int64
	hash  string
	moved int64 // the Seq it does hash under, 0 if none was found
	entry *Entry
}

// brokenLink is an entry whose PrevHash is not the Hash of the entry
// before it.
type brokenLink struct {
	seq  int64
	want string
}

// verifier checks entries one at a time, in Seq order, keeping only what it
// needs to explain the problems it sees.
type verifier struct {
	n        int64
	prevSeq  int64
	prevHash string
	suspects []suspect
	links    []brokenLink
	problems []Problem
}

func newVerifier() *verifier { return &verifier{prevHash: ZeroHash} }

// add checks the next entry; malformed says its stored text is not what
// Append writes.
func (v *verifier) add(e Entry, malformed bool) {
	v.n++
	linkChecked := true
	switch want := v.prevSeq + 1; {
	case e.Seq > want:
		v.problems = append(v.problems, Problem{Seq: want, Kind: KindRemoved, Detail: missing(want, e.Seq-1)})
		linkChecked = false
	case e.Seq < want: // only a non-positive first Seq: the store keeps Seq unique
		v.problems = append(v.problems, Problem{Seq: e.Seq, Kind: KindInserted,
			Detail: fmt.Sprintf("entry numbered %d, but entries start at 1", e.Seq)})
		linkChecked = false
	}
	if linkChecked && e.PrevHash != v.prevHash {
		v.links = append(v.links, brokenLink{seq: e.Seq, want: e.PrevHash})
	}
	if malformed {
		v.suspects = append(v.suspects, suspect{seq: e.Seq, hash: e.Hash})
	} else if ComputeHash(e) != e.Hash {
		s := suspect{seq: e.Seq, hash: e.Hash}
		for _, d := range []int64{-1, 1} {
			if hashesAs(e, e.Seq+d) {
				s.moved = e.Seq + d
				break
			}
		}
		if s.moved == 0 && len(v.suspects) < pairSearchLimit {
			c := e
			s.entry = &c
		}
		v.suspects = append(v.suspects, s)
	}
	v.prevSeq, v.prevHash = e.Seq, e.Hash
}

// hashesAs reports whether e's stored hash is its hash under seq.
func hashesAs(e Entry, seq int64) bool {
	e.Seq = seq
	return ComputeHash(e) == e.Hash
}

func missing(from, to int64) string {
	if from == to {
		return fmt.Sprintf("entry %d is missing", from)
	}
	return fmt.Sprintf("entries %d to %d are missing", from, to)
}

// finish explains the suspects and broken links and checks the head.
func (v *verifier) finish(h headRecord) Report {
	bySeq := make(map[int64]*suspect, len(v.suspects))
	for i := range v.suspects {
		bySeq[v.suspects[i].seq] = &v.suspects[i]
	}
	// Entries swapped with other suspects: look for each whole suspect's
	// hash under the other suspects' numbers.
	for i := range v.suspects {
		s := &v.suspects[i]
		if s.moved != 0 || s.entry == nil {
			continue
		}
		for j := range v.suspects {
			if o := v.suspects[j].seq; o != s.seq && hashesAs(*s.entry, o) {
				s.moved = o
				break
			}
		}
	}
	reported := map[int64]bool{} // suspects already accounted for
	linkFine := map[int64]bool{} // seqs whose broken link is accounted for
	renumbered := false
	for i := range v.suspects {
		s := &v.suspects[i]
		if s.moved == 0 || reported[s.seq] {
			continue
		}
		if tradesPlaces(bySeq, s) {
			v.problems = append(v.problems, Problem{Seq: s.seq, Kind: KindReordered,
				Detail: fmt.Sprintf("holds the entry written as %d", s.moved)})
			reported[s.seq], linkFine[s.seq], linkFine[s.seq+1] = true, true, true
			continue
		}
		// A run of entries all shifted by the same amount: renumbered
		// after an insertion (shifted up) or a removal (shifted down).
		d := s.seq - s.moved
		end := s.seq
		for {
			n, ok := bySeq[end+1]
			if !ok || n.moved != n.seq-d || tradesPlaces(bySeq, n) {
				break
			}
			end++
		}
		for x := s.seq; x <= end; x++ {
			reported[x], linkFine[x] = true, true
		}
		renumbered = true
		if d > 0 {
			at := s.seq - 1
			v.problems = append(v.problems, Problem{Seq: at, Kind: KindInserted,
				Detail: fmt.Sprintf("entry %d was not written by the log; entries %d to %d were renumbered after it", at, s.seq, end)})
			reported[at], linkFine[at] = true, true
		} else {
			v.problems = append(v.problems, Problem{Seq: s.seq, Kind: KindRemoved,
				Detail: fmt.Sprintf("entry %d is missing; entries after it were renumbered %d to %d", s.seq, s.seq, end)})
		}
	}
	for _, s := range v.suspects {
		if !reported[s.seq] {
			v.problems = append(v.problems, Problem{Seq: s.seq, Kind: KindChanged,
				Detail: "its content does not match its hash"})
			reported[s.seq] = true
			// Its stored hash may have been rewritten too, breaking the
			// link from the next entry.
			linkFine[s.seq+1] = true
		}
	}
	for _, b := range v.links {
		if linkFine[b.seq] || reported[b.seq] || reported[b.seq-1] {
			continue
		}
		if b.seq == 1 {
			v.problems = append(v.problems, Problem{Seq: 1, Kind: KindChanged,
				Detail: "the first entry does not start the chain"})
			reported[1] = true
			continue
		}
		v.problems = append(v.problems, Problem{Seq: b.seq - 1, Kind: KindChanged,
			Detail: fmt.Sprintf("it was rewritten with a new hash; entry %d still commits to the original", b.seq)})
		reported[b.seq-1] = true
	}
	v.checkHead(h, renumbered, reported[v.prevSeq])

	sort.SliceStable(v.problems, func(i, j int) bool { return v.problems[i].Seq < v.problems[j].Seq })
	return Report{Entries: v.n, OK: len(v.problems) == 0, Problems: v.problems}
}

// tradesPlaces reports whether s is part of a swap or a cycle: the entry at
// the place s belongs was moved too, by a different amount. (Entries moved
// by the same amount are a renumbered run.)
func tradesPlaces(bySeq map[int64]*suspect, s *suspect) bool {
	o, ok := bySeq[s.moved]
	return ok && o.moved != 0 && o.seq-o.moved != s.seq-s.moved
}

// checkHead compares the newest entry with the head record.
func (v *verifier) checkHead(h headRecord, renumbered, lastReported bool) {
	last, lastHash := v.prevSeq, v.prevHash
	switch {
	case !h.found:
		if v.n > 0 {
			v.problems = append(v.problems, Problem{Seq: last + 1, Kind: KindRemoved,
				Detail: "the head record is missing, so entries cut from the end cannot be ruled out"})
		}
	case h.seq == last && h.hash == lastHash:
	case h.hash == lastHash && renumbered, h.seq == last && lastReported:
		// Already reported: the newest entry was renumbered, or moved or
		// changed.
	case h.hash == lastHash:
		v.problems = append(v.problems, Problem{Seq: last, Kind: KindReordered,
			Detail: fmt.Sprintf("the newest entry was written as %d", h.seq)})
	case h.seq > last:
		v.problems = append(v.problems, Problem{Seq: last + 1, Kind: KindRemoved,
			Detail: missing(last+1, h.seq) + " from the end of the log"})
	case h.seq < last:
		v.problems = append(v.problems, Problem{Seq: h.seq + 1, Kind: KindInserted,
			Detail: fmt.Sprintf("the log ended at entry %d; entries %d to %d were added without the log", h.seq, h.seq+1, last)})
	default:
		v.problems = append(v.problems, Problem{Seq: last, Kind: KindChanged,
			Detail: "the newest entry's hash differs from the head record"})
	}
}
