package langchaingo

import (
	"context"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// The langchaingo clients report a failed HTTP status only as text, and not
// the Retry-After header at all. Every client here therefore gets an HTTP
// client whose transport writes the status and Retry-After of each response
// into the tryState that the context of the request carries.

type tryKey struct{}

// tryState is what the transport saw during one try.
type tryState struct {
	mu         sync.Mutex
	status     int
	retryAfter string
}

func withTry(ctx context.Context) (context.Context, *tryState) {
	st := &tryState{}
	return context.WithValue(ctx, tryKey{}, st), st
}

func (s *tryState) httpStatus() int {
	st, _ := s.get()
	return st
}

func (s *tryState) get() (status int, retryAfter string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.status, s.retryAfter
}

type recordingTransport struct {
	base http.RoundTripper
}

func (t recordingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.base.RoundTrip(req)
	if resp != nil {
		if st, ok := req.Context().Value(tryKey{}).(*tryState); ok {
			st.mu.Lock()
			st.status, st.retryAfter = resp.StatusCode, resp.Header.Get("Retry-After")
			st.mu.Unlock()
		}
	}
	return resp, err
}

// recordingClient returns a copy of c whose transport records into tryState.
func recordingClient(c *http.Client) *http.Client {
	cp := *c
	base := c.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	cp.Transport = recordingTransport{base: base}
	return &cp
}

// parseRetryAfter reads a Retry-After value: seconds or an HTTP date.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	if v == "" {
		return 0, false
	}
	if n, err := strconv.Atoi(v); err == nil && n >= 0 {
		return time.Duration(n) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(0, t.Sub(now)), true
	}
	return 0, false
}
