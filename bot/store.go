package bot

import (
	"context"
	"sync"
	"time"

	"github.com/tarn-data/tarn/agent"
)

// AnswerRecord is what the conversation keeps of an answer it posted, for
// its buttons: show the SQL, mark it right.
type AnswerRecord struct {
	Question  string
	Principal string // who asked (identity)
	Asker     User
	Answer    *agent.Answer
	Message   Message // as posted, to edit it again
}

// Approval kinds.
const (
	KindAccess = "access" // a governance.Request
	KindReview = "review" // a table review asked for in chat
	KindFlip   = "flip"   // a governance.Flip waiting for approval
)

// Approval is a decision asked for in chat: who asked where, and the
// message the approvers decide on.
type Approval struct {
	Kind string
	// ID is the governance request or flip id; for reviews, the
	// conversation's own number.
	ID        int64
	Requester User
	Principal string // the requester's principal name
	Thread    Thread // where the requester asked
	Message   MessageRef
	Text      string // the approval message's text, to edit it
	// Table is "ns.table" (reviews and flips) and Object the requested
	// object (access).
	Table, Object string
	Why           string
	Length        time.Duration
	State         string // "pending", then "approved", "denied", "expired"
	DecidedBy     string
	Until         time.Time // when what was granted ends
	Ended         bool      // its end was announced
	Created       time.Time
}

// Store keeps what the conversation needs between deliveries: which
// deliveries were seen, each thread's turns, posted answers, approvals and
// the threads alerts opened. Methods are safe for concurrent use.
type Store interface {
	// FirstDelivery reports whether id was not seen before, and records it.
	FirstDelivery(ctx context.Context, id string) (bool, error)
	Turns(ctx context.Context, thread string) ([]agent.Turn, error)
	AddTurn(ctx context.Context, thread string, t agent.Turn) error
	PutAnswer(ctx context.Context, msg string, a AnswerRecord) error
	Answer(ctx context.Context, msg string) (AnswerRecord, bool, error)
	// NextReview numbers a review asked for in chat.
	NextReview(ctx context.Context) (int64, error)
	PutApproval(ctx context.Context, a Approval) error
	Approval(ctx context.Context, kind string, id int64) (Approval, bool, error)
	// Approvals lists approvals whose end is not yet announced.
	Approvals(ctx context.Context) ([]Approval, error)
	AlertThread(ctx context.Context, fingerprint string) (Thread, bool, error)
	PutAlertThread(ctx context.Context, fingerprint string, t Thread) error
}

// Memory bounds.
const (
	maxTurns      = 8     // turns kept per thread
	maxDeliveries = 20000 // delivery ids remembered
	maxAnswers    = 5000  // answers kept for their buttons
)

// MemoryStore is the Store of one process: bounded, lost at restart.
type MemoryStore struct {
	mu         sync.Mutex
	deliveries map[string]struct{}
	order      []string
	turns      map[string][]agent.Turn
	answers    map[string]AnswerRecord
	answerKeys []string
	reviews    int64
	approvals  map[string]Approval
	alerts     map[string]Thread
}

// NewMemoryStore returns an empty MemoryStore.
func NewMemoryStore() *MemoryStore {
	return &MemoryStore{deliveries: map[string]struct{}{}, turns: map[string][]agent.Turn{},
		answers: map[string]AnswerRecord{}, approvals: map[string]Approval{}, alerts: map[string]Thread{}}
}

// FirstDelivery implements Store; the oldest ids are forgotten first.
func (s *MemoryStore) FirstDelivery(_ context.Context, id string) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.deliveries[id]; ok {
		return false, nil
	}
	s.deliveries[id] = struct{}{}
	s.order = append(s.order, id)
	if len(s.order) > maxDeliveries {
		delete(s.deliveries, s.order[0])
		s.order = s.order[1:]
	}
	return true, nil
}

// Turns implements Store.
func (s *MemoryStore) Turns(_ context.Context, thread string) ([]agent.Turn, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]agent.Turn(nil), s.turns[thread]...), nil
}

// AddTurn implements Store, keeping the last turns of each thread.
func (s *MemoryStore) AddTurn(_ context.Context, thread string, t agent.Turn) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	ts := append(s.turns[thread], t)
	if len(ts) > maxTurns {
		ts = ts[len(ts)-maxTurns:]
	}
	s.turns[thread] = ts
	return nil
}

// PutAnswer implements Store.
func (s *MemoryStore) PutAnswer(_ context.Context, msg string, a AnswerRecord) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.answers[msg]; !ok {
		s.answerKeys = append(s.answerKeys, msg)
		if len(s.answerKeys) > maxAnswers {
			delete(s.answers, s.answerKeys[0])
			s.answerKeys = s.answerKeys[1:]
		}
	}
	s.answers[msg] = a
	return nil
}

// Answer implements Store.
func (s *MemoryStore) Answer(_ context.Context, msg string) (AnswerRecord, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.answers[msg]
	return a, ok, nil
}

// NextReview implements Store.
func (s *MemoryStore) NextReview(context.Context) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reviews++
	return s.reviews, nil
}

func approvalKey(kind string, id int64) string { return kind + ":" + itoa(id) }

// PutApproval implements Store.
func (s *MemoryStore) PutApproval(_ context.Context, a Approval) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.approvals[approvalKey(a.Kind, a.ID)] = a
	return nil
}

// Approval implements Store.
func (s *MemoryStore) Approval(_ context.Context, kind string, id int64) (Approval, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.approvals[approvalKey(kind, id)]
	return a, ok, nil
}

// Approvals implements Store; announced ones are dropped.
func (s *MemoryStore) Approvals(context.Context) ([]Approval, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Approval
	for k, a := range s.approvals {
		if a.Ended {
			delete(s.approvals, k)
			continue
		}
		out = append(out, a)
	}
	return out, nil
}

// AlertThread implements Store.
func (s *MemoryStore) AlertThread(_ context.Context, fp string) (Thread, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.alerts[fp]
	return t, ok, nil
}

// PutAlertThread implements Store.
func (s *MemoryStore) PutAlertThread(_ context.Context, fp string, t Thread) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.alerts[fp] = t
	return nil
}
