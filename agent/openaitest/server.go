package openaitest

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// Step is one scripted reply of the server.
type Step struct {
	Content    string        // the assistant message of a successful reply
	Status     int           // non-zero: fail with this HTTP status instead
	Message    string        // the error message of a failure
	RetryAfter string        // the Retry-After header of a failure, if any
	Delay      time.Duration // wait this long (or until the client gives up) before replying
	Empty      bool          // reply 200 with no choices

	PromptTokens     int // usage reported; zero: counted from the request
	CompletionTokens int // usage reported; zero: counted from Content
}

// Reply is a successful completion with content as the assistant message.
func Reply(content string) Step { return Step{Content: content} }

// Fail is a failure with an HTTP status and an OpenAI-style error body.
func Fail(status int) Step {
	return Step{Status: status, Message: http.StatusText(status)}
}

// Slow is a reply of content that only comes after d, unless the client
// gives up first.
func Slow(d time.Duration, content string) Step { return Step{Content: content, Delay: d} }

// WithUsage returns s reporting the given token counts.
func (s Step) WithUsage(prompt, completion int) Step {
	s.PromptTokens, s.CompletionTokens = prompt, completion
	return s
}

// WithRetryAfter returns s failing with a Retry-After header.
func (s Step) WithRetryAfter(v string) Step {
	s.RetryAfter = v
	return s
}

// Message is one chat message of a recorded request.
type Message struct {
	Role    string
	Content string // text parts joined
}

// Request is one request the server received.
type Request struct {
	Path     string
	Header   http.Header
	Body     []byte
	Model    string
	Stream   bool
	Messages []Message
}

// Text returns every message of the request, one per line, as "role: content".
func (r Request) Text() string {
	var b strings.Builder
	for _, m := range r.Messages {
		b.WriteString(m.Role)
		b.WriteString(": ")
		b.WriteString(m.Content)
		b.WriteByte('\n')
	}
	return b.String()
}

// Last returns the content of the last message of the request.
func (r Request) Last() Message {
	if len(r.Messages) == 0 {
		return Message{}
	}
	return r.Messages[len(r.Messages)-1]
}

// Server is a fake OpenAI-compatible endpoint on 127.0.0.1.
type Server struct {
	// URL is the base URL to give the client, ending in /v1.
	URL string

	t     testing.TB
	srv   *httptest.Server
	mu    sync.Mutex
	steps []Step
	reqs  []Request
}

// NewServer starts a server that replays steps in order and stops it when the
// test ends. A request beyond the script fails the test and gets a 500.
func NewServer(t testing.TB, steps ...Step) *Server {
	t.Helper()
	s := &Server{t: t, steps: append([]Step(nil), steps...)}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("openaitest: listen: %v", err)
	}
	s.srv = &httptest.Server{Listener: l, Config: &http.Server{Handler: http.HandlerFunc(s.serve)}}
	s.srv.Start()
	s.URL = s.srv.URL + "/v1"
	t.Cleanup(s.srv.Close)
	return s
}

// Push appends steps to the script.
func (s *Server) Push(steps ...Step) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.steps = append(s.steps, steps...)
}

// Requests returns every request received so far, in order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.reqs...)
}

// Calls returns how many requests arrived.
func (s *Server) Calls() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.reqs)
}

// Remaining returns how many scripted steps were not used.
func (s *Server) Remaining() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.steps)
}

// AllText returns the text of every request, for assertions that something
// never reached the model.
func (s *Server) AllText() string {
	var b strings.Builder
	for _, r := range s.Requests() {
		b.WriteString(r.Text())
	}
	return b.String()
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || !strings.HasSuffix(r.URL.Path, "/chat/completions") {
		http.Error(w, `{"error":{"message":"openaitest: only POST /v1/chat/completions"}}`, http.StatusNotFound)
		return
	}
	body, _ := io.ReadAll(r.Body)
	req := decode(body)
	req.Path, req.Header = r.URL.Path, r.Header.Clone()

	s.mu.Lock()
	s.reqs = append(s.reqs, req)
	n := len(s.reqs)
	var step Step
	ok := len(s.steps) > 0
	if ok {
		step, s.steps = s.steps[0], s.steps[1:]
	}
	s.mu.Unlock()
	if !ok {
		s.t.Errorf("openaitest: request %d arrived but only %d were scripted; last message: %.200s",
			n, n-1, req.Last().Content)
		writeError(w, http.StatusInternalServerError, "openaitest: no more scripted replies", "")
		return
	}
	if step.Delay > 0 {
		timer := time.NewTimer(step.Delay)
		defer timer.Stop()
		select {
		case <-timer.C:
		case <-r.Context().Done():
			return
		}
	}
	if step.Status != 0 {
		writeError(w, step.Status, step.Message, step.RetryAfter)
		return
	}
	pt, ct := step.PromptTokens, step.CompletionTokens
	if pt == 0 {
		pt = countTokens(req.Text())
	}
	if ct == 0 {
		ct = countTokens(step.Content)
	}
	if step.Empty {
		w.Header().Set("Content-Type", "application/json")
		_, _ = fmt.Fprintf(w, `{"id":"chatcmpl-%d","object":"chat.completion","model":%q,"choices":[]}`, n, req.Model)
		return
	}
	if req.Stream {
		writeStream(w, req.Model, step.Content, pt, ct)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{
		"id":      fmt.Sprintf("chatcmpl-%d", n),
		"object":  "chat.completion",
		"created": 0,
		"model":   req.Model,
		"choices": []any{map[string]any{
			"index":         0,
			"message":       map[string]any{"role": "assistant", "content": step.Content},
			"finish_reason": "stop",
		}},
		"usage": map[string]any{"prompt_tokens": pt, "completion_tokens": ct, "total_tokens": pt + ct},
	})
}

func writeError(w http.ResponseWriter, status int, msg, retryAfter string) {
	if retryAfter != "" {
		w.Header().Set("Retry-After", retryAfter)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{
		"error": map[string]any{"message": msg, "type": "openaitest_error", "code": status},
	})
}

// writeStream sends the reply as server-sent events: the content in a few
// chunks, then a usage chunk, then [DONE].
func writeStream(w http.ResponseWriter, model, content string, pt, ct int) {
	w.Header().Set("Content-Type", "text/event-stream")
	send := func(v any) {
		b, _ := json.Marshal(v)
		fmt.Fprintf(w, "data: %s\n\n", b)
	}
	for _, part := range chunks(content, 64) {
		send(map[string]any{"object": "chat.completion.chunk", "model": model, "choices": []any{
			map[string]any{"index": 0, "delta": map[string]any{"role": "assistant", "content": part}},
		}})
	}
	send(map[string]any{"object": "chat.completion.chunk", "model": model, "choices": []any{
		map[string]any{"index": 0, "delta": map[string]any{}, "finish_reason": "stop"},
	}})
	send(map[string]any{"object": "chat.completion.chunk", "model": model, "choices": []any{},
		"usage": map[string]any{"prompt_tokens": pt, "completion_tokens": ct, "total_tokens": pt + ct}})
	fmt.Fprint(w, "data: [DONE]\n\n")
}

func chunks(s string, n int) []string {
	var out []string
	for len(s) > n {
		out = append(out, s[:n])
		s = s[n:]
	}
	return append(out, s)
}

// countTokens is a rough token count: one per four bytes, at least one.
func countTokens(s string) int { return max(1, (len(s)+3)/4) }

func decode(body []byte) Request {
	var raw struct {
		Model    string `json:"model"`
		Stream   bool   `json:"stream"`
		Messages []struct {
			Role    string          `json:"role"`
			Content json.RawMessage `json:"content"`
		} `json:"messages"`
	}
	req := Request{Body: body}
	if err := json.Unmarshal(body, &raw); err != nil {
		return req
	}
	req.Model, req.Stream = raw.Model, raw.Stream
	for _, m := range raw.Messages {
		req.Messages = append(req.Messages, Message{Role: m.Role, Content: contentText(m.Content)})
	}
	return req
}

// contentText reads a message content that is either a string or a list of
// parts ({"type":"text","text":...}).
func contentText(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var parts []struct {
		Type string `json:"type"`
		Text string `json:"text"`
	}
	if json.Unmarshal(raw, &parts) != nil {
		return ""
	}
	var b strings.Builder
	for _, p := range parts {
		b.WriteString(p.Text)
	}
	return b.String()
}
