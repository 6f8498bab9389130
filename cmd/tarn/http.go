package main

import (
	"encoding/json"
	"io"
	"net/http"

	"github.com/tarn-data/tarn"
	charthtml "github.com/tarn-data/tarn/charts/html"
	"github.com/tarn-data/tarn/engine"
	"github.com/tarn-data/tarn/governance/trino"
)

// routes is Tarn's HTTP API, with the chat front doors and alert webhooks
// when OpenBot has run.
func (m *Main) routes() http.Handler {
	mux := http.NewServeMux()
	// For load balancers and Prometheus: not localOnly (ops.go, metrics.go).
	mux.HandleFunc("GET /healthz", handleHealth)
	mux.HandleFunc("GET /readyz", m.handleReady)
	mux.Handle("GET /metrics", m.metricsHandler())
	mux.Handle("POST /api/sql", localOnly(http.HandlerFunc(m.handleSQL)))
	mux.Handle("GET /api/tables", localOnly(http.HandlerFunc(m.handleTables)))
	mux.Handle("POST /api/ask", localOnly(http.HandlerFunc(m.handleAsk)))
	mux.Handle("POST /api/feedback", localOnly(http.HandlerFunc(m.handleFeedback)))
	// Trino's file-based access control reads this document over HTTP
	// (access-control.config-file=http://…/trino/rules.json with a
	// security.refresh-period), for a cluster reading the same catalog.
	mux.Handle("/trino/rules.json", trino.Handler(m.trinoInput))
	// ECharts for HTML charts, served by Tarn itself: no CDN, works offline.
	mux.Handle("/assets/", http.StripPrefix("/assets/", charthtml.Assets()))
	m.botRoutes(mux)
	return mux
}

type sqlRequest struct {
	SQL string `json:"sql"`
	// As names the principal; the API answers only on this machine
	// (localOnly), since nothing authenticates it.
	As string `json:"as"`
}

// handleSQL runs one query and answers {"columns": [...], "rows": [...],
// "truncated": bool} or {"error": {"code", "message"}}.
func (m *Main) handleSQL(w http.ResponseWriter, r *http.Request) {
	var req sqlRequest
	if err := json.NewDecoder(io.LimitReader(r.Body, 1<<20)).Decode(&req); err != nil || req.SQL == "" {
		writeError(w, tarn.Errorf(tarn.EINVALID, `Send a JSON body like {"sql": "SELECT count(*) FROM dim.accounts"}.`))
		return
	}
	as := m.Config.As
	if req.As != "" {
		as = "web:" + req.As
	}
	res, err := m.Engine.Query(r.Context(), engine.Request{SQL: req.SQL, Caller: engine.Caller{Principal: as}})
	if err != nil {
		writeError(w, err)
		return
	}
	defer res.Close()
	w.Header().Set("Content-Type", "application/json")
	io.WriteString(w, `{"rows": `)
	if _, _, err := WriteRecords(w, FormatJSON, res.Reader, 0); err != nil {
		// Headers are gone; end the document so the client sees the error.
		b, _ := json.Marshal(tarn.ErrorMessage(err))
		io.WriteString(w, `null, "error": {"message": `+string(b)+`}}`)
		return
	}
	cols := make([]map[string]string, 0, res.Schema().NumFields())
	for _, f := range res.Schema().Fields() {
		cols = append(cols, map[string]string{"name": f.Name, "type": f.Type.String()})
	}
	tail, _ := json.Marshal(map[string]any{"columns": cols, "truncated": res.Truncated(), "scans": res.Scans})
	io.WriteString(w, `, `+string(tail[1:]))
}

func (m *Main) handleTables(w http.ResponseWriter, r *http.Request) {
	ids, err := m.Lake.Tables(r.Context(), r.URL.Query().Get("namespace"))
	if err != nil {
		writeError(w, err)
		return
	}
	names := make([]string, len(ids))
	for i, id := range ids {
		names[i] = id.String()
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{"tables": names})
}

func writeError(w http.ResponseWriter, err error) {
	status := http.StatusInternalServerError
	switch tarn.ErrorCode(err) {
	case tarn.EINVALID:
		status = http.StatusBadRequest
	case tarn.ENOTFOUND:
		status = http.StatusNotFound
	case tarn.EFORBIDDEN:
		status = http.StatusForbidden
	case tarn.ETIMEOUT:
		status = http.StatusGatewayTimeout
	case tarn.ELIMIT:
		status = http.StatusRequestEntityTooLarge
	case tarn.ECONFLICT:
		status = http.StatusConflict
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{"error": errBody(err)})
}

// errorBody is an error as the HTTP API and `--format json` show it.
type errorBody struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Hint    string `json:"hint,omitempty"`
}

func errBody(err error) *errorBody {
	return &errorBody{Code: tarn.ErrorCode(err), Message: tarn.ErrorMessage(err), Hint: tarn.ErrorHint(err)}
}
