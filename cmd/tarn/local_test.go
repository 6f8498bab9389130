package main

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/tarn-data/tarn"
)

func TestOnlyThisMachineMayActForSomeone(t *testing.T) {
	for _, c := range []struct {
		name, remote, host, origin, site string
		ok                               bool
	}{
		{"the chat page", "127.0.0.1:5000", "127.0.0.1:8080", "http://127.0.0.1:8080", "same-origin", true},
		{"curl", "127.0.0.1:5000", "localhost:8080", "", "", true},
		{"ipv6 loopback", "[::1]:5000", "[::1]:8080", "", "", true},
		{"another machine", "10.1.2.3:5000", "tarn.internal:8080", "", "", false},
		{"another machine naming loopback", "192.168.1.9:5000", "127.0.0.1:8080", "", "", false},
		{"DNS rebinding", "127.0.0.1:5000", "evil.example:8080", "http://evil.example:8080", "same-origin", false},
		{"a form on another site", "127.0.0.1:5000", "127.0.0.1:8080", "https://evil.example", "cross-site", false},
		{"a fetch that hides its origin", "127.0.0.1:5000", "127.0.0.1:8080", "", "cross-site", false},
	} {
		r := httptest.NewRequest(http.MethodPost, "/api/sql", strings.NewReader("{}"))
		r.RemoteAddr, r.Host = c.remote, c.host
		if c.origin != "" {
			r.Header.Set("Origin", c.origin)
		}
		if c.site != "" {
			r.Header.Set("Sec-Fetch-Site", c.site)
		}
		w := httptest.NewRecorder()
		reached := false
		localOnly(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { reached = true })).ServeHTTP(w, r)
		if reached != c.ok {
			t.Errorf("%s: reached the handler %t, want %t", c.name, reached, c.ok)
		}
		if !c.ok && (w.Code != http.StatusForbidden || !strings.Contains(w.Body.String(), "this machine")) {
			t.Errorf("%s: %d %s, want 403 saying why", c.name, w.Code, w.Body.String())
		}
		if err := checkLocal(r); (err == nil) != c.ok || (err != nil && tarn.ErrorCode(err) != tarn.EFORBIDDEN) {
			t.Errorf("%s: checkLocal = %v", c.name, err)
		}
	}
}

func TestTheServedChatRefusesAForeignHost(t *testing.T) {
	m := serveDemo(t)
	req, _ := http.NewRequest(http.MethodPost, "http://"+m.Addr()+"/chat/api/messages", strings.NewReader(`{"as":"dave","channel":"general","text":"hi"}`))
	req.Host = "evil.example"
	req.Header.Set("Origin", "http://evil.example")
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("a post naming another host as dave: %d, want 403", res.StatusCode)
	}
	req, _ = http.NewRequest(http.MethodPost, "http://"+m.Addr()+"/api/feedback", strings.NewReader(`{"note":"x","as":"dave"}`))
	req.Header.Set("Origin", "https://evil.example")
	req.Header.Set("Content-Type", "text/plain")
	if res, err = http.DefaultClient.Do(req); err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("a cross-site post to /api/feedback: %d, want 403", res.StatusCode)
	}
}

func TestAnAddressInUseIsAConflictThatSaysWhatToDo(t *testing.T) {
	first := serveDemo(t)
	cfg := *first.Config
	cfg.Addr = first.Addr()
	m := NewMain(&cfg)
	err := m.Listen()
	if tarn.ErrorCode(err) != tarn.ECONFLICT || !strings.Contains(tarn.ErrorMessage(err), "--addr") {
		t.Fatalf("listening on a busy address: %v", err)
	}
}
