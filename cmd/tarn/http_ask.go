package main

import (
	"encoding/json"
	"io"
	"net/http"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/agent"
)

type askRequest struct {
	Question string `json:"question"`
	// As names the person; like /api/sql, trusted only because the server
	// listens on loopback by default.
	As string `json:"as"`
}

// handleAsk answers {"question", "as"} with the answer, the SQL, the last
// table, the chart options, the model's round trips and tokens, and, when no
// script worked, "error" beside the plain-words answer. A question that
// cannot be asked at all (empty, model unreachable) is an error status.
func (m *Main) handleAsk(w http.ResponseWriter, r *http.Request) {
	var req askRequest
	if err := json.NewDecoder(io.LimitReader(r.Body, 64<<10)).Decode(&req); err != nil {
		writeError(w, tarn.Errorf(tarn.EINVALID, `Send a JSON body like {"question": "how many accounts do we have?", "as": "alice"}.`))
		return
	}
	as, ok := m.agentFor(w, req.As)
	if !ok {
		return
	}
	ans, err := m.ask(r.Context(), agent.Question{Text: req.Question, Principal: as, Purpose: "http"})
	if ans == nil {
		writeError(w, err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(askJSON(ans, err))
}

// agentFor is the identity a request acts as ("as": "alice" is web:alice),
// or false after answering an error when the agent is not running.
func (m *Main) agentFor(w http.ResponseWriter, as string) (string, bool) {
	if m.Agent == nil {
		writeError(w, tarn.Errorf(tarn.EINTERNAL, "the agent is not running"))
		return "", false
	}
	if as == "" {
		return m.Config.As, true
	}
	return "web:" + as, true
}

type feedbackRequest struct {
	Question string `json:"question"`
	Script   string `json:"script"`
	Note     string `json:"note"`
	As       string `json:"as"`
}

// handleFeedback keeps what people teach the agent: {"question", "script"}
// marks an answer as right (a verified example); {"note"} adds a team note.
// It answers {"id": n}.
func (m *Main) handleFeedback(w http.ResponseWriter, r *http.Request) {
	var req feedbackRequest
	if err := json.NewDecoder(io.LimitReader(r.Body, 256<<10)).Decode(&req); err != nil {
		writeError(w, tarn.Errorf(tarn.EINVALID, `Send {"question": …, "script": …} to keep a right answer, or {"note": …} to add a team note.`))
		return
	}
	as, ok := m.agentFor(w, req.As)
	if !ok {
		return
	}
	var id int64
	var err error
	if req.Note != "" {
		id, err = m.Agent.AddNote(r.Context(), as, req.Note)
	} else {
		id, err = m.Agent.MarkRight(r.Context(), agent.Question{Text: req.Question, Principal: as}, &agent.Answer{Script: req.Script})
	}
	if err != nil {
		writeError(w, err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]int64{"id": id})
}
