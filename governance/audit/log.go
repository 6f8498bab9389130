package audit

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/store"
)

// Sentinel errors, wrapped sentinel-first.
var (
	// ErrInvalidEntry: an entry without an actor or an action, or a bad
	// argument to Tail.
	ErrInvalidEntry = errors.New("invalid audit entry")
	// ErrTampered: Verify found the log changed; see Report.Err.
	ErrTampered = errors.New("audit log tampered")
	// ErrStore: the metadata database failed.
	ErrStore = errors.New("audit store failed")
)

// lockKey is the pg_advisory_xact_lock key that serialises appends on
// Postgres ("tarnaudt" in ASCII).
const lockKey int64 = 0x7461726e61756474

// Log is the audit log in the metadata database. It is safe for concurrent
// use, and several processes may append to the same database at once.
type Log struct {
	db    *store.DB
	clock tarn.Clock
}

// Open returns the log kept in db, whose schema must be migrated (store.Open
// does that). Entry times come from clock.
func Open(db *store.DB, clock tarn.Clock) *Log {
	if clock == nil {
		clock = tarn.SystemClock{}
	}
	return &Log{db: db, clock: clock}
}

const columnList = `seq, logged_at, actor, action, object, sql_text, tables_touched, columns_touched,
masked_columns, raw_columns, flip_id, justification, rows_returned, allowed, reason, detail, prev_hash, hash`

// Append writes e as the next entry and returns it as stored, with Seq,
// Time, PrevHash and Hash filled in (whatever e held in them is ignored).
// Text is made valid UTF-8 without NUL characters first.
//
// Appends are serialised across goroutines and processes: each runs in a
// transaction that takes the database's write lock (SQLite's immediate
// transactions; a pg_advisory_xact_lock on Postgres), reads the head, and
// writes the entry and the new head, so no two entries share a PrevHash.
//
// It returns a *tarn.Error wrapping ErrInvalidEntry (EINVALID) when Actor
// or Action is empty, and one wrapping ErrStore (EINTERNAL) when the
// database fails; nothing is written then.
func (l *Log) Append(ctx context.Context, e Entry) (Entry, error) {
	if e.Actor == "" || e.Action == "" {
		return Entry{}, tarn.Wrap(fmt.Errorf("%w: actor %q, action %q", ErrInvalidEntry, e.Actor, e.Action),
			tarn.EINVALID, "set both the actor and the action", "an audit entry needs an actor and an action")
	}
	e = clean(e)
	tx, err := l.db.BeginTx(ctx, nil)
	if err != nil {
		return Entry{}, storeErr(err, "begin append")
	}
	defer tx.Rollback()
	if l.db.Dialect == store.Postgres {
		if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1)", lockKey); err != nil {
			return Entry{}, storeErr(err, "take the append lock")
		}
	}
	seq, prev, err := head(ctx, tx, l.db)
	if err != nil {
		return Entry{}, err
	}
	e.Seq, e.PrevHash = seq+1, prev
	e.Time = l.clock.Now().UTC().Truncate(time.Microsecond)
	e.Hash = ComputeHash(e)

	args := []any{e.Seq, e.Time.Format(TimeLayout), e.Actor, e.Action, e.Object, e.SQL,
		jsonList(e.Tables), jsonList(e.Columns), jsonList(e.Masked), jsonList(e.Raw),
		e.FlipID, e.Justification, e.Rows, e.Allowed, e.Reason, jsonMap(e.Detail), e.PrevHash, e.Hash}
	if _, err := tx.ExecContext(ctx, l.db.Rebind(`INSERT INTO tarn_audit (`+columnList+`)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`), args...); err != nil {
		return Entry{}, storeErr(err, "insert entry %d", e.Seq)
	}
	if _, err := tx.ExecContext(ctx, l.db.Rebind(`INSERT INTO tarn_audit_head (id, seq, hash) VALUES (1, ?, ?)
ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash`), e.Seq, e.Hash); err != nil {
		return Entry{}, storeErr(err, "update head to entry %d", e.Seq)
	}
	if err := tx.Commit(); err != nil {
		return Entry{}, storeErr(err, "commit entry %d", e.Seq)
	}
	return e, nil
}

// head returns the seq and hash of the newest entry from tarn_audit_head,
// or from the last row if the head record is missing; (0, ZeroHash) for an
// empty log.
func head(ctx context.Context, q querier, db *store.DB) (int64, string, error) {
	var seq int64
	var hash string
	err := q.QueryRowContext(ctx, `SELECT seq, hash FROM tarn_audit_head WHERE id = 1`).Scan(&seq, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		err = q.QueryRowContext(ctx, `SELECT seq, hash FROM tarn_audit ORDER BY seq DESC LIMIT 1`).Scan(&seq, &hash)
		if errors.Is(err, sql.ErrNoRows) {
			return 0, ZeroHash, nil
		}
	}
	if err != nil {
		return 0, "", storeErr(err, "read the head of the log")
	}
	return seq, hash, nil
}

type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// Tail returns the newest n entries, oldest first. It returns a *tarn.Error
// wrapping ErrInvalidEntry when n is not positive, and one wrapping ErrStore
// when the database fails.
func (l *Log) Tail(ctx context.Context, n int) ([]Entry, error) {
	if n <= 0 {
		return nil, tarn.Wrap(fmt.Errorf("%w: tail of %d", ErrInvalidEntry, n),
			tarn.EINVALID, "ask for one entry or more", "cannot show the last %d audit entries", n)
	}
	rows, err := l.db.QueryContext(ctx, l.db.Rebind(`SELECT `+columnList+` FROM tarn_audit ORDER BY seq DESC LIMIT ?`), n)
	if err != nil {
		return nil, storeErr(err, "read the tail")
	}
	defer rows.Close()
	var out []Entry
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, storeErr(err, "read the tail")
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out, nil
}

// Export writes every entry with Seq >= from to w as JSON lines (one Entry
// per line, encoding/json field names), oldest first, as it reads them. It
// returns a *tarn.Error wrapping ErrStore when the database fails, or the
// writer's error.
func (l *Log) Export(ctx context.Context, w io.Writer, from int64) error {
	return l.each(ctx, from, func(e Entry) error {
		b, err := json.Marshal(e)
		if err != nil {
			return err
		}
		_, err = w.Write(append(b, '\n'))
		return err
	})
}

// each calls fn for every entry with Seq >= from, in Seq order.
func (l *Log) each(ctx context.Context, from int64, fn func(Entry) error) error {
	rows, err := l.db.QueryContext(ctx, l.db.Rebind(`SELECT `+columnList+` FROM tarn_audit WHERE seq >= ? ORDER BY seq`), from)
	if err != nil {
		return storeErr(err, "read entries")
	}
	defer rows.Close()
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return err
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return storeErr(err, "read entries")
	}
	return nil
}

// scanEntry reads one row selected with columnList.
func scanEntry(rows *sql.Rows) (Entry, error) {
	e, _, err := scanChecked(rows)
	return e, err
}

// scanChecked reads one row selected with columnList and reports whether it
// is malformed: a value that does not parse, or text that is not exactly
// what Append writes for the value it parses to. A malformed row is read
// as far as it parses, so that Verify can report it instead of failing.
func scanChecked(rows *sql.Rows) (Entry, bool, error) {
	var (
		e                                     Entry
		at, tables, columns, masked, raw, det string
		flipID, nrows, allowed                any
	)
	if err := rows.Scan(&e.Seq, &at, &e.Actor, &e.Action, &e.Object, &e.SQL, &tables, &columns, &masked, &raw,
		&flipID, &e.Justification, &nrows, &allowed, &e.Reason, &det, &e.PrevHash, &e.Hash); err != nil {
		return e, false, storeErr(err, "read an entry")
	}
	ok := true
	var err error
	if e.Time, err = time.Parse(TimeLayout, at); err != nil || e.Time.Format(TimeLayout) != at {
		ok = false
	}
	for _, l := range []struct {
		dst  *[]string
		text string
	}{{&e.Tables, tables}, {&e.Columns, columns}, {&e.Masked, masked}, {&e.Raw, raw}} {
		if err := json.Unmarshal([]byte(l.text), l.dst); err != nil {
			ok = false
		}
		if len(*l.dst) == 0 {
			*l.dst = nil
		}
		ok = ok && jsonList(*l.dst) == l.text
	}
	if err := json.Unmarshal([]byte(det), &e.Detail); err != nil {
		ok = false
	}
	if len(e.Detail) == 0 {
		e.Detail = nil
	}
	ok = ok && jsonMap(e.Detail) == det
	var okInt bool
	e.FlipID, okInt = asInt(flipID)
	ok = ok && okInt
	e.Rows, okInt = asInt(nrows)
	ok = ok && okInt
	switch a, okInt := asInt(allowed); {
	case okInt && (a == 0 || a == 1):
		e.Allowed = a == 1
	default:
		ok = false
	}
	return e, !ok, nil
}

// asInt converts what a driver returns for an integer or boolean column;
// false when the stored value is not one.
func asInt(v any) (int64, bool) {
	switch x := v.(type) {
	case int64:
		return x, true
	case int32:
		return int64(x), true
	case bool:
		if x {
			return 1, true
		}
		return 0, true
	}
	return 0, false
}

func jsonList(s []string) string {
	if len(s) == 0 {
		return "[]"
	}
	b, _ := json.Marshal(s)
	return string(b)
}

func jsonMap(m map[string]string) string {
	if len(m) == 0 {
		return "{}"
	}
	b, _ := json.Marshal(m)
	return string(b)
}

// storeErr wraps a database failure for a person and for errors.Is, which
// finds both ErrStore and the cause.
func storeErr(err error, format string, args ...any) error {
	inner := fmt.Errorf("%w: %s: %w", ErrStore, fmt.Sprintf(format, args...), err)
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return tarn.Wrap(inner, tarn.ETIMEOUT, "try again", "the audit log did not answer in time")
	}
	return tarn.Wrap(inner, tarn.EINTERNAL, "check the metadata store", "the audit log could not be read or written")
}

// Record appends one governance action by actor on object; actionErr is the
// action's own outcome. A refused action is recorded as ActionRefuse with the
// action in Detail["action"] and the refusal's message as the reason. Record
// returns actionErr itself when the entry was written, else actionErr
// joined with the error of the append.
func (l *Log) Record(ctx context.Context, actor, action, object string, actionErr error, detail map[string]string) error {
	e := Entry{Actor: actor, Action: action, Object: object, Allowed: actionErr == nil, Detail: detail}
	if actionErr != nil {
		e.Action = ActionRefuse
		if e.Detail == nil {
			e.Detail = map[string]string{}
		}
		e.Detail["action"] = action
		e.Reason = tarn.ErrorMessage(actionErr)
	}
	if _, err := l.Append(ctx, e); err != nil {
		return errors.Join(actionErr, err)
	}
	return actionErr
}
