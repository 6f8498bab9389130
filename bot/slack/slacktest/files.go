package slacktest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/slack-go/slack"
)

// The v2 file upload and views.open.

func (s *Server) getUploadURL(v url.Values) any {
	if v.Get("filename") == "" || v.Get("length") == "" {
		return fail("invalid_arguments")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	id := s.id("F")
	s.uploads[id] = v.Get("filename")
	return ok(map[string]any{"upload_url": s.GetAPIURL() + "upload/" + id, "file_id": id})
}

// upload receives the file bytes (multipart, field "file") at the URL
// files.getUploadURLExternal gave.
func (s *Server) upload(w http.ResponseWriter, r *http.Request) {
	id := strings.TrimPrefix(r.URL.Path, "/upload/")
	f, _, err := r.FormFile("file")
	if err != nil {
		http.Error(w, "no file", http.StatusBadRequest)
		return
	}
	data, _ := io.ReadAll(f)
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.uploads[id]; !ok {
		http.Error(w, "unknown upload", http.StatusNotFound)
		return
	}
	s.uploaded[id] = data
	_, _ = w.Write([]byte("OK - " + fmt.Sprint(len(data))))
}

func (s *Server) completeUpload(v url.Values) any {
	var files []slack.FileSummary
	if err := json.Unmarshal([]byte(v.Get("files")), &files); err != nil || len(files) == 0 {
		return fail("invalid_arguments")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	channel, thread := v.Get("channel_id"), v.Get("thread_ts")
	if thread != "" && s.msgs[channel+"/"+thread] == nil {
		return fail("thread_not_found")
	}
	m := &Msg{Channel: channel, TS: s.ts(), ThreadTS: thread, User: BotUserID}
	for _, f := range files {
		name, ok := s.uploads[f.ID]
		if _, sent := s.uploaded[f.ID]; !ok || !sent {
			return fail("file_not_found")
		}
		m.Files = append(m.Files, name)
	}
	if channel != "" {
		s.add(m)
	}
	return ok(map[string]any{"files": files})
}

func (s *Server) viewsOpen(w http.ResponseWriter, r *http.Request) {
	var req struct {
		TriggerID string                 `json:"trigger_id"`
		View      slack.ModalViewRequest `json:"view"`
	}
	body, _ := io.ReadAll(r.Body)
	answer := func(v any) {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(v)
	}
	if err := json.Unmarshal(body, &req); err != nil {
		answer(fail("invalid_json"))
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = append(s.calls, Call{Method: "views.open", Values: url.Values{"json": {string(body)}}})
	user, found := s.triggers[req.TriggerID]
	if !found {
		answer(fail("invalid_trigger_id"))
		return
	}
	if req.View.Title == nil || len([]rune(req.View.Title.Text)) > 24 {
		answer(fail("invalid_arguments"))
		return
	}
	id := s.id("V")
	s.views[id] = req.View
	s.lastView[user] = id
	answer(ok(map[string]any{"view": map[string]any{"id": id, "callback_id": req.View.CallbackID}}))
}

// trigger returns a new trigger id for a user's click or command.
func (s *Server) trigger(user string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := s.id("trg.")
	s.triggers[id] = user
	return id
}
