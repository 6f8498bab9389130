package main

import (
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/tarn-data/tarn/metrics"
)

// newLogger is the one logger of a Tarn process, as c describes it,
// writing to w. Its level lives in the returned LevelVar, so that `tarn
// serve` can raise an unset level to info after the parts that log have
// taken the logger.
func newLogger(c LogConfig, w io.Writer) (*slog.Logger, *slog.LevelVar) {
	lv := new(slog.LevelVar)
	lv.Set(slog.LevelWarn)
	if c.Level != "" {
		_ = lv.UnmarshalText([]byte(c.Level)) // LoadConfig checked it
	}
	o := &slog.HandlerOptions{Level: lv}
	if c.Format == "json" {
		return slog.New(slog.NewJSONHandler(w, o)), lv
	}
	return slog.New(slog.NewTextHandler(w, o)), lv
}

// logServing sets the level for a serving process: info, unless log.level
// was set.
func (m *Main) logServing() {
	if m.Config.Log.Level == "" {
		m.logLevel.Set(slog.LevelInfo)
	}
}

// probes are the routes load balancers and Prometheus call all the time:
// their requests are logged at debug only.
var probes = map[string]bool{"/healthz": true, "/readyz": true, "/metrics": true}

// observe logs every request (method, path, route, status, duration and
// size — never a body or the query string, which may hold a person's name
// or SQL) and counts it in the metrics.
func (m *Main) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(sw, r)
		d := time.Since(start)
		m.sink().Request(metrics.Request{Route: r.Pattern, Method: r.Method, Status: sw.status, Duration: d})
		level := slog.LevelInfo
		switch {
		case probes[r.URL.Path] && sw.status < 500:
			level = slog.LevelDebug
		case sw.status >= 500:
			level = slog.LevelWarn
		}
		m.Logger.LogAttrs(r.Context(), level, "http request",
			slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.String("route", r.Pattern),
			slog.Int("status", sw.status), slog.Float64("duration_ms", float64(d.Microseconds())/1000),
			slog.Int64("bytes", sw.bytes))
	})
}

// statusWriter remembers the status and size of a response.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
	wrote  bool
}

func (w *statusWriter) WriteHeader(code int) {
	if !w.wrote {
		w.status, w.wrote = code, true
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	w.wrote = true
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

// Flush keeps Server-Sent Events streaming through the wrapper.
func (w *statusWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap lets http.ResponseController reach the connection.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
