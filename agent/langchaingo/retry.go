package langchaingo

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/tarn-data/tarn"
)

// Sentinel errors, wrapped in *tarn.Error by Write.
var (
	ErrRefused     = errors.New("langchaingo: the model provider refused the request")
	ErrUnavailable = errors.New("langchaingo: the model provider failed")
	ErrTimeout     = errors.New("langchaingo: the model did not answer in time")
)

// errEmpty is a reply without any choice.
var errEmpty = errors.New("the model returned no choices")

// failure is one failed try, classified.
type failure struct {
	err        error
	status     int  // HTTP status, 0 when there was no response
	timeout    bool // the try's own deadline passed
	retryAfter time.Duration
	hasAfter   bool
}

// statusInText finds the HTTP status in the error text of the openai and
// anthropic clients ("status code: 401"), the AWS SDK ("StatusCode: 429")
// and Google's REST errors ("googleapi: Error 403").
var statusInText = regexp.MustCompile(`(?i)(?:status ?code:?|googleapi: error) (\d{3})`)

// grpcStatus maps gRPC codes (Google's client) to HTTP statuses.
var grpcStatus = map[string]int{
	"code = Unauthenticated": 401, "code = PermissionDenied": 403, "code = NotFound": 404,
	"code = InvalidArgument": 400, "code = ResourceExhausted": 429, "code = Unavailable": 503,
	"code = Internal": 500,
}

func statusFromText(s string) int {
	if m := statusInText.FindStringSubmatch(s); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n
	}
	for k, v := range grpcStatus {
		if strings.Contains(s, k) {
			return v
		}
	}
	return 0
}

func classify(err error, st *tryState, tryCtx context.Context, now time.Time) failure {
	f := failure{err: err}
	status, after := st.get()
	if status == 0 || status == http.StatusOK {
		// The transport saw no failing status (e.g. a client that does not
		// use our HTTP client); fall back to the message.
		status = 0
		status = statusFromText(err.Error())
	}
	f.status = status
	f.retryAfter, f.hasAfter = parseRetryAfter(after, now)
	f.timeout = status == 0 && errors.Is(tryCtx.Err(), context.DeadlineExceeded)
	return f
}

// retryable: rate limits, server errors, timeouts and failed connections.
func (f failure) retryable() bool {
	switch {
	case f.timeout:
		return true
	case f.status == 0:
		return true // no response: connection refused, reset, DNS
	case f.status == http.StatusTooManyRequests, f.status == http.StatusRequestTimeout, f.status >= 500:
		return true
	}
	return false
}

// backoff is the wait before try n+1 (n from 0): base·2ⁿ with jitter in
// [½, 1], at least Retry-After when the provider sent one, at most max.
func backoff(base, maxWait time.Duration, n int, f failure) time.Duration {
	d := base << min(n, 20)
	d = d/2 + time.Duration(rand.Int64N(int64(d/2)+1))
	if f.hasAfter && f.retryAfter > d {
		d = f.retryAfter
	}
	return min(d, maxWait)
}

// userError turns the last failure into the error a person reads.
func (m *Model) userError(f failure, tries int) error {
	name, c := m.Name(), m.cfg
	switch {
	case f.timeout:
		return tarn.Wrap(fmt.Errorf("%w: %v", ErrTimeout, f.err), tarn.ETIMEOUT,
			"try again, or raise TARN_LLM_TIMEOUT",
			"the model %s did not answer within %s (%d tries)", name, c.Timeout, tries)
	case f.status == http.StatusUnauthorized || f.status == http.StatusForbidden:
		hint := fmt.Sprintf("set TARN_LLM_API_KEY to a valid key for %s", c.Provider)
		if v := KeyVariable(c.Provider); v != "" {
			hint += " (or " + v + ")"
		}
		return tarn.Wrap(fmt.Errorf("%w: %v", ErrRefused, f.err), tarn.EFORBIDDEN, hint,
			"the model provider %s refused the API key (HTTP %d)", c.Provider, f.status)
	case f.status == http.StatusNotFound:
		return tarn.Wrap(fmt.Errorf("%w: %v", ErrRefused, f.err), tarn.ENOTFOUND,
			"check TARN_LLM_MODEL and TARN_LLM_BASE_URL",
			"the model provider %s does not know model %q at this address (HTTP 404)", c.Provider, c.Model)
	case f.status == http.StatusTooManyRequests:
		return tarn.Wrap(fmt.Errorf("%w: %v", ErrUnavailable, f.err), tarn.ELIMIT,
			"wait a minute and ask again",
			"the model provider %s is rate limiting Tarn (HTTP 429, %d tries)", c.Provider, tries)
	case f.status >= 400 && f.status < 500:
		return tarn.Wrap(fmt.Errorf("%w: %v", ErrRefused, f.err), tarn.EINVALID,
			"check TARN_LLM_MODEL and the provider's limits; the operators have the details",
			"the model provider %s rejected the request (HTTP %d)", c.Provider, f.status)
	case f.status >= 500:
		return tarn.Wrap(fmt.Errorf("%w: %v", ErrUnavailable, f.err), tarn.EINTERNAL,
			"try again in a moment",
			"the model provider %s failed (HTTP %d, %d tries)", c.Provider, f.status, tries)
	}
	if errors.Is(f.err, errEmpty) {
		return tarn.Wrap(fmt.Errorf("%w: %v", ErrUnavailable, f.err), tarn.EINTERNAL,
			"try again; if it keeps happening, check TARN_LLM_MODEL",
			"the model %s returned an empty reply (%d tries)", name, tries)
	}
	where := "the provider"
	if c.BaseURL != "" {
		where = c.BaseURL
	}
	return tarn.Wrap(fmt.Errorf("%w: %v", ErrUnavailable, f.err), tarn.EINTERNAL,
		"check TARN_LLM_BASE_URL and the network",
		"could not reach the model %s at %s (%d tries)", name, where, tries)
}

// cancelled is the error when the caller's context ended.
func cancelled(ctx context.Context) error {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return tarn.Wrap(fmt.Errorf("%w: %v", ErrTimeout, ctx.Err()), tarn.ETIMEOUT, "",
			"the question ran out of time while waiting for the model")
	}
	return tarn.Wrap(fmt.Errorf("%w: %v", ErrTimeout, ctx.Err()), tarn.ETIMEOUT, "",
		"the question was cancelled while waiting for the model")
}
