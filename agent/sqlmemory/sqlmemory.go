package sqlmemory

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/agent"
	"github.com/tarn-data/tarn/store"
)

// ErrEmpty is returned, wrapped in a *tarn.Error with code EINVALID, for an
// example without a question or script, or a note without text.
var ErrEmpty = errors.New("sqlmemory: empty memory item")

// Memory is agent.Memory on the metadata database. It is safe for
// concurrent use.
type Memory struct {
	db    *store.DB
	clock tarn.Clock
}

var _ agent.Memory = (*Memory)(nil)

// New returns the memory stored in db; clock stamps new items (nil: the
// system clock).
func New(db *store.DB, clock tarn.Clock) *Memory {
	if clock == nil {
		clock = tarn.SystemClock{}
	}
	return &Memory{db: db, clock: clock}
}

func (m *Memory) now() time.Time { return m.clock.Now().UTC().Truncate(time.Microsecond) }

// SaveExample stores a verified example and returns its ID. It returns
// ErrEmpty (EINVALID) when the question or the script is blank.
func (m *Memory) SaveExample(ctx context.Context, e agent.Example) (int64, error) {
	if strings.TrimSpace(e.Question) == "" || strings.TrimSpace(e.Script) == "" {
		return 0, tarn.Wrap(ErrEmpty, tarn.EINVALID, "", "An example needs a question and the script that answered it.")
	}
	return m.insert(ctx, `INSERT INTO tarn_agent_examples (question, script, created_by, created_at) VALUES (?, ?, ?, ?)`,
		e.Question, e.Script, e.By, m.now())
}

// AddNote stores a team note and returns its ID. It returns ErrEmpty
// (EINVALID) when the text is blank.
func (m *Memory) AddNote(ctx context.Context, n agent.TeamNote) (int64, error) {
	if strings.TrimSpace(n.Text) == "" {
		return 0, tarn.Wrap(ErrEmpty, tarn.EINVALID, "", "A note needs some text.")
	}
	return m.insert(ctx, `INSERT INTO tarn_agent_notes (body, created_by, created_at) VALUES (?, ?, ?)`,
		n.Text, n.By, m.now())
}

// insert runs an INSERT and returns the new row's id, through RETURNING,
// which both SQLite (3.35+) and Postgres have.
func (m *Memory) insert(ctx context.Context, q string, args ...any) (int64, error) {
	var id int64
	if err := m.db.QueryRowContext(ctx, m.db.Rebind(q+` RETURNING id`), args...).Scan(&id); err != nil {
		return 0, fmt.Errorf("sqlmemory: saving: %w", err)
	}
	return id, nil
}

// Examples returns every stored example, oldest first.
func (m *Memory) Examples(ctx context.Context) ([]agent.Example, error) {
	rows, err := m.db.QueryContext(ctx, `SELECT id, question, script, created_by FROM tarn_agent_examples ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("sqlmemory: reading examples: %w", err)
	}
	defer rows.Close()
	var out []agent.Example
	for rows.Next() {
		var e agent.Example
		if err := rows.Scan(&e.ID, &e.Question, &e.Script, &e.By); err != nil {
			return nil, fmt.Errorf("sqlmemory: reading examples: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// Notes returns every stored note, oldest first.
func (m *Memory) Notes(ctx context.Context) ([]agent.TeamNote, error) {
	rows, err := m.db.QueryContext(ctx, `SELECT id, body, created_by FROM tarn_agent_notes ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("sqlmemory: reading notes: %w", err)
	}
	defer rows.Close()
	var out []agent.TeamNote
	for rows.Next() {
		var n agent.TeamNote
		if err := rows.Scan(&n.ID, &n.Text, &n.By); err != nil {
			return nil, fmt.Errorf("sqlmemory: reading notes: %w", err)
		}
		out = append(out, n)
	}
	return out, rows.Err()
}
