package main

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestRequestLogsAreJSONWithoutBodiesOrQueryStrings sends requests through
// the logging middleware with log.format json: each line parses and
// carries method, path, route, status and duration; neither the body nor
// the query string appears; probes log at debug only.
func TestRequestLogsAreJSONWithoutBodiesOrQueryStrings(t *testing.T) {
	cfg, err := LoadConfig(nil, envOf(map[string]string{"TARN_DATA": t.TempDir(), "TARN_LOG_FORMAT": "json", "TARN_LOG_LEVEL": "info"}))
	if err != nil {
		t.Fatal(err)
	}
	m := NewMain(cfg)
	var buf bytes.Buffer
	m.Logger, m.logLevel = newLogger(cfg.Log, &buf)
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/sql", func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.WriteHeader(http.StatusForbidden)
		io.WriteString(w, `{"error": {"message": "no"}}`)
	})
	mux.HandleFunc("GET /healthz", handleHealth)
	h := m.observe(mux)
	req := httptest.NewRequest(http.MethodPost, "/api/sql?as=alice&token=s3cret", strings.NewReader(`{"sql": "SELECT ssn FROM people"}`))
	h.ServeHTTP(httptest.NewRecorder(), req)
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/healthz", nil))

	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 1 {
		t.Fatalf("want one line (the probe at debug is not logged at info), got:\n%s", buf.String())
	}
	var rec map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &rec); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, lines[0])
	}
	for k, want := range map[string]any{"level": "INFO", "msg": "http request", "method": "POST", "path": "/api/sql",
		"route": "POST /api/sql", "status": float64(403), "bytes": float64(28)} {
		if rec[k] != want {
			t.Errorf("%s = %v, want %v", k, rec[k], want)
		}
	}
	if _, ok := rec["duration_ms"].(float64); !ok {
		t.Errorf("duration_ms missing: %v", rec)
	}
	for _, secret := range []string{"s3cret", "alice", "ssn", "SELECT"} {
		if strings.Contains(buf.String(), secret) {
			t.Errorf("the log holds %q:\n%s", secret, buf.String())
		}
	}

	buf.Reset()
	m.logLevel.Set(slog.LevelDebug)
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/healthz", nil))
	if !strings.Contains(buf.String(), `"level":"DEBUG"`) || !strings.Contains(buf.String(), `"path":"/healthz"`) {
		t.Fatalf("the probe at debug: %s", buf.String())
	}
}

func TestAnUnsetLevelIsWarnForCommandsAndInfoWhenServing(t *testing.T) {
	cfg, err := LoadConfig(nil, envOf(map[string]string{"TARN_DATA": t.TempDir()}))
	if err != nil {
		t.Fatal(err)
	}
	m := NewMain(cfg)
	if m.logLevel.Level() != slog.LevelWarn {
		t.Fatalf("a command logs at %v, want warn", m.logLevel.Level())
	}
	m.logServing()
	if m.logLevel.Level() != slog.LevelInfo {
		t.Fatalf("serving logs at %v, want info", m.logLevel.Level())
	}
	cfg.Log.Level = "error"
	m = NewMain(cfg)
	m.logServing()
	if m.logLevel.Level() != slog.LevelError {
		t.Fatalf("a set level changed when serving: %v", m.logLevel.Level())
	}
	if slog.Default().Handler() != m.Logger.Handler() {
		t.Fatal("NewMain did not make its logger slog's default")
	}
}
