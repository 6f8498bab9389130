// Package trinotest is a fake Trino coordinator on loopback speaking the
// client protocol trino-go-client uses: POST /v1/statement answers with a
// query id and a nextUri; each GET of a nextUri returns one page (columns,
// data) and the next nextUri, or an error, until the last page, which has
// none; DELETE of /v1/query/{id} or of a nextUri cancels the query. Every
// request is recorded with its headers, so tests can check who a query ran
// as and that a query never arrived.
package trinotest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// Column is one result column: its name and Trino type as Trino spells it
// ("bigint", "decimal(12,2)", "varchar", "timestamp(6) with time zone",
// "array(bigint)").
type Column struct {
	Name string
	Type string
}

// Error is a query failure as Trino reports it.
type Error struct {
	Message   string
	ErrorCode int
	// ErrorName is e.g. "COLUMN_NOT_FOUND", "PERMISSION_DENIED".
	ErrorName string
	// ErrorType is "USER_ERROR", "INTERNAL_ERROR",
	// "INSUFFICIENT_RESOURCES" or "EXTERNAL".
	ErrorType string
}

// Reply is how the fake answers one query.
type Reply struct {
	Columns []Column
	// Pages are the rows each GET returns, values as Trino's JSON holds
	// them (numbers, strings for decimals and timestamps, base64 for
	// varbinary, arrays for arrays and rows).
	Pages [][][]any
	// Error, when set, is returned on the page after the last of Pages.
	Error *Error
	// Hang makes the page after Pages wait until the query is cancelled or
	// the client gives up, as a long-running query does.
	Hang bool
}

// Request is one request the fake received.
type Request struct {
	Method string
	Path   string
	Header http.Header
	Body   string
}

// Server is the fake coordinator.
type Server struct {
	URL string

	srv    *httptest.Server
	answer func(sql string, h http.Header) Reply

	mu       sync.Mutex
	requests []Request
	queries  map[string]*query
	next     int
	hanging  chan string // query ids whose hanging page began
}

type query struct {
	reply     Reply
	cancelled chan struct{}
	once      sync.Once
}

// New starts a fake coordinator that answers every statement with
// answer(sql, headers), and stops it when the test ends.
func New(t testing.TB, answer func(sql string, h http.Header) Reply) *Server {
	s := &Server{answer: answer, queries: map[string]*query{}, hanging: make(chan string, 16)}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	s.URL = s.srv.URL
	t.Cleanup(s.srv.Close)
	return s
}

// DSN is the server's address for trino-go-client, connecting as user.
func (s *Server) DSN(user string) string {
	return strings.Replace(s.URL, "http://", "http://"+user+"@", 1)
}

// Requests returns every request received so far, in order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// Statements returns the SQL of every statement received so far.
func (s *Server) Statements() []string {
	var out []string
	for _, r := range s.Requests() {
		if r.Method == http.MethodPost && r.Path == "/v1/statement" {
			out = append(out, r.Body)
		}
	}
	return out
}

// Hanging returns a channel that receives a query's id when its hanging
// page begins (Reply.Hang).
func (s *Server) Hanging() <-chan string { return s.hanging }

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	s.requests = append(s.requests, Request{Method: r.Method, Path: r.URL.Path, Header: r.Header.Clone(), Body: string(body)})
	s.mu.Unlock()

	switch {
	case r.Method == http.MethodPost && r.URL.Path == "/v1/statement":
		s.statement(w, r, string(body))
	case r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, "/v1/statement/executing/"):
		s.page(w, r)
	case r.Method == http.MethodDelete && (strings.HasPrefix(r.URL.Path, "/v1/query/") || strings.HasPrefix(r.URL.Path, "/v1/statement/executing/")):
		s.cancel(w, r)
	default:
		http.Error(w, "not a Trino endpoint: "+r.Method+" "+r.URL.Path, http.StatusNotFound)
	}
}

// statement queues a query and answers with its first nextUri.
func (s *Server) statement(w http.ResponseWriter, r *http.Request, sql string) {
	if r.Header.Get("X-Trino-User") == "" {
		writeJSON(w, http.StatusUnauthorized, map[string]any{"message": "X-Trino-User must be set"})
		return
	}
	reply := s.answer(sql, r.Header)
	s.mu.Lock()
	s.next++
	id := fmt.Sprintf("20260101_000000_%05d_fake", s.next)
	s.queries[id] = &query{reply: reply, cancelled: make(chan struct{})}
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{
		"id":      id,
		"infoUri": s.URL + "/ui/query.html?" + id,
		"nextUri": s.pageURI(id, 0),
		"stats":   map[string]any{"state": "QUEUED"},
	})
}

func (s *Server) pageURI(id string, n int) string {
	return fmt.Sprintf("%s/v1/statement/executing/%s/token/%d", s.URL, id, n)
}

// page answers GET /v1/statement/executing/{id}/token/{n}.
func (s *Server) page(w http.ResponseWriter, r *http.Request) {
	parts := strings.Split(strings.TrimPrefix(r.URL.Path, "/v1/statement/executing/"), "/")
	var n int
	if len(parts) != 3 {
		http.Error(w, "bad page", http.StatusNotFound)
		return
	}
	if _, err := fmt.Sscanf(parts[2], "%d", &n); err != nil {
		http.Error(w, "bad page", http.StatusNotFound)
		return
	}
	id := parts[0]
	s.mu.Lock()
	q := s.queries[id]
	s.mu.Unlock()
	if q == nil {
		http.Error(w, "unknown query", http.StatusNotFound)
		return
	}
	resp := map[string]any{"id": id, "infoUri": s.URL + "/ui/query.html?" + id}
	cols := columnsJSON(q.reply.Columns)
	switch {
	case n < len(q.reply.Pages):
		resp["columns"] = cols
		resp["data"] = q.reply.Pages[n]
		if n+1 < len(q.reply.Pages) || q.reply.Error != nil || q.reply.Hang {
			resp["nextUri"] = s.pageURI(id, n+1)
			resp["stats"] = map[string]any{"state": "RUNNING"}
		} else {
			resp["stats"] = map[string]any{"state": "FINISHED"}
		}
	case q.reply.Hang:
		s.hanging <- id
		select {
		case <-q.cancelled:
			resp["error"] = errorJSON(Error{Message: "Query was canceled", ErrorName: "USER_CANCELLED", ErrorType: "USER_ERROR", ErrorCode: 3})
			resp["stats"] = map[string]any{"state": "FAILED"}
		case <-r.Context().Done():
			return
		}
	case q.reply.Error != nil:
		resp["error"] = errorJSON(*q.reply.Error)
		resp["stats"] = map[string]any{"state": "FAILED"}
	default:
		// A query without rows: the columns and an empty last page.
		resp["columns"] = cols
		resp["stats"] = map[string]any{"state": "FINISHED"}
	}
	writeJSON(w, http.StatusOK, resp)
}

// cancel answers DELETE of a query or of one of its pages.
func (s *Server) cancel(w http.ResponseWriter, r *http.Request) {
	rest := strings.TrimPrefix(strings.TrimPrefix(r.URL.Path, "/v1/query/"), "/v1/statement/executing/")
	id, _, _ := strings.Cut(rest, "/")
	s.mu.Lock()
	q := s.queries[id]
	s.mu.Unlock()
	if q != nil {
		q.once.Do(func() { close(q.cancelled) })
	}
	w.WriteHeader(http.StatusNoContent)
}

// Cancelled reports whether the query with id received a DELETE.
func (s *Server) Cancelled(id string) bool {
	s.mu.Lock()
	q := s.queries[id]
	s.mu.Unlock()
	if q == nil {
		return false
	}
	select {
	case <-q.cancelled:
		return true
	default:
		return false
	}
}

func errorJSON(e Error) map[string]any {
	return map[string]any{
		"message":       e.Message,
		"errorCode":     e.ErrorCode,
		"errorName":     e.ErrorName,
		"errorType":     e.ErrorType,
		"errorLocation": map[string]any{"lineNumber": 1, "columnNumber": 1},
		"failureInfo":   map[string]any{"type": "io.trino.spi.TrinoException", "message": e.Message},
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
