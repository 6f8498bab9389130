package langchaingo

import (
	"testing"
	"time"
)

func TestStatusIsReadFromEveryClientsErrorText(t *testing.T) {
	for text, want := range map[string]int{
		"API returned unexpected status code: 401: bad key":                                                401,
		"operation error Bedrock Runtime: InvokeModel, https response error StatusCode: 429, RequestID: x": 429,
		"googleapi: Error 403: API key not valid":                                                          403,
		"rpc error: code = ResourceExhausted desc = quota":                                                 429,
		"dial tcp 127.0.0.1:1: connect: connection refused":                                                0,
	} {
		if got := statusFromText(text); got != want {
			t.Errorf("statusFromText(%q) = %d, want %d", text, got, want)
		}
	}
}

func TestRetryAfterIsReadAsSecondsOrADate(t *testing.T) {
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	for v, want := range map[string]time.Duration{
		"7":                             7 * time.Second,
		"Wed, 25 Nov 2026 12:00:10 GMT": 10 * time.Second,
		"Wed, 25 Nov 2026 11:00:00 GMT": 0,
	} {
		if got, ok := parseRetryAfter(v, now); !ok || got != want {
			t.Errorf("parseRetryAfter(%q) = %v, %v; want %v", v, got, ok, want)
		}
	}
	if _, ok := parseRetryAfter("soon", now); ok {
		t.Error("a bad Retry-After was accepted")
	}
}

func TestBackoffGrowsWithJitterAndStaysUnderTheCap(t *testing.T) {
	base, capped := 500*time.Millisecond, 10*time.Second
	for n := 0; n < 8; n++ {
		full := min(base<<n, capped)
		for range 20 {
			d := backoff(base, capped, n, failure{})
			if d > full || d < min(full/2, capped) {
				t.Fatalf("try %d: wait %v outside [%v, %v]", n, d, full/2, full)
			}
		}
	}
	if d := backoff(base, capped, 0, failure{retryAfter: time.Minute, hasAfter: true}); d != capped {
		t.Errorf("a long Retry-After waits %v, want the cap %v", d, capped)
	}
}
