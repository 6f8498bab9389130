package langchaingo_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/tarn-data/tarn/agent"
	"github.com/tarn-data/tarn/agent/langchaingo"
	"github.com/tarn-data/tarn/agent/openaitest"
)

var asOf = time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)

// sleeps records the waits between tries instead of waiting.
type sleeps struct {
	mu sync.Mutex
	ds []time.Duration
}

func (s *sleeps) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.ds = append(s.ds, d)
	s.mu.Unlock()
	return ctx.Err()
}

func (s *sleeps) waits() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.ds...)
}

// newModel is the real openai client of langchaingo against srv.
func newModel(t *testing.T, srv *openaitest.Server, mod func(*langchaingo.Config)) (agent.Model, *sleeps) {
	t.Helper()
	sl := &sleeps{}
	cfg := langchaingo.Config{
		Provider: "openai", Model: "gpt-test", BaseURL: srv.URL, APIKey: "sk-test",
		Timeout: 5 * time.Second, Sleep: sl.sleep,
	}
	if mod != nil {
		mod(&cfg)
	}
	m, err := langchaingo.New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return m, sl
}

func prompt(question string) agent.Prompt {
	return agent.Prompt{System: "You write Code Mode programs.", Question: question, Now: asOf}
}
