package discordtest

import (
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strings"
	"unicode/utf8"
)

// Discord's JSON error codes the fake returns.
const (
	codeUnknownChannel  = 10003
	codeUnknownMessage  = 10008
	codeUnknownWebhook  = 10015
	codeAlreadyAnswered = 40060
	codeInvalidBody     = 50035
	codeThreadExists    = 160004
)

type upload struct {
	name, contentType string
	size              int
}

// apiError is Discord's error body.
func apiError(w http.ResponseWriter, status, code int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"code": code, "message": msg})
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

// payload reads a JSON body or a multipart one (payload_json and files[n]).
func payload(r *http.Request) ([]byte, []upload, error) {
	mt, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "multipart/form-data" {
		b, err := io.ReadAll(r.Body)
		return b, nil, err
	}
	var body []byte
	var files []upload
	mr := multipart.NewReader(r.Body, params["boundary"])
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			return body, files, nil
		}
		if err != nil {
			return nil, nil, err
		}
		data, err := io.ReadAll(p)
		if err != nil {
			return nil, nil, err
		}
		if p.FormName() == "payload_json" {
			body = data
		} else if strings.HasPrefix(p.FormName(), "files[") {
			files = append(files, upload{name: p.FileName(), contentType: p.Header.Get("Content-Type"), size: len(data)})
		}
	}
}

// messageBody is what message create and edit requests carry.
type messageBody struct {
	Content     *string         `json:"content"`
	Components  json.RawMessage `json:"components"`
	Attachments *[]struct {
		ID string `json:"id"`
	} `json:"attachments"`
	Flags int `json:"flags"`
}

// check refuses what Discord refuses: content over 2,000 characters, more
// than five rows of five buttons, custom ids over 100 characters.
func (b messageBody) check() error {
	if b.Content != nil && utf8.RuneCountInString(*b.Content) > 2000 {
		return fmt.Errorf("content: must be 2000 or fewer in length")
	}
	var rows []struct {
		Components []struct {
			CustomID string `json:"custom_id"`
		} `json:"components"`
	}
	_ = json.Unmarshal(b.Components, &rows)
	if len(rows) > 5 {
		return fmt.Errorf("components: at most 5 rows")
	}
	seen := map[string]bool{}
	for _, r := range rows {
		if len(r.Components) > 5 {
			return fmt.Errorf("components: at most 5 per row")
		}
		for _, c := range r.Components {
			if len(c.CustomID) > 100 || seen[c.CustomID] {
				return fmt.Errorf("components: custom_id %q too long or repeated", c.CustomID)
			}
			seen[c.CustomID] = true
		}
	}
	return nil
}

// apply sets content, components and attachments of m from b and files.
func (s *Server) apply(m *message, b messageBody, files []upload) {
	if b.Content != nil {
		m.Content = *b.Content
	}
	if b.Components != nil && string(b.Components) != "null" {
		m.Components = b.Components
	}
	if b.Attachments != nil {
		keep := map[string]bool{}
		for _, a := range *b.Attachments {
			keep[a.ID] = true
		}
		var kept []attachment
		for _, a := range m.Attachments {
			if keep[a.ID] {
				kept = append(kept, a)
			}
		}
		m.Attachments = kept
	}
	for _, f := range files {
		m.Attachments = append(m.Attachments, attachment{ID: s.id(), Filename: f.name, ContentType: f.contentType, Size: f.size})
	}
}

func (s *Server) serveREST(w http.ResponseWriter, r *http.Request) {
	path := strings.TrimPrefix(r.URL.Path, "/api/v9/")
	seg := strings.Split(strings.Trim(path, "/"), "/")
	s.mu.Lock()
	s.requests = append(s.requests, r.Method+" "+r.URL.Path)
	s.mu.Unlock()
	authed := r.Header.Get("Authorization") == "Bot "+s.Token
	switch {
	case seg[0] == "gateway":
		if !authed && len(seg) > 1 {
			apiError(w, http.StatusUnauthorized, 0, "401: Unauthorized")
			return
		}
		writeJSON(w, map[string]any{"url": "ws" + strings.TrimPrefix(s.srv.URL, "http") + "/ws", "shards": 1})
	case seg[0] == "interactions" && len(seg) == 4 && r.Method == http.MethodPost:
		body, _, err := payload(r)
		if err != nil {
			apiError(w, http.StatusBadRequest, codeInvalidBody, err.Error())
			return
		}
		if status, code, err := s.respond(seg[1], seg[2], body, false); err != nil {
			apiError(w, status, code, err.Error())
			return
		}
		w.WriteHeader(http.StatusNoContent)
	case seg[0] == "webhooks" && len(seg) >= 3:
		s.serveWebhook(w, r, seg)
	case !authed:
		apiError(w, http.StatusUnauthorized, 0, "401: Unauthorized")
	case seg[0] == "channels":
		s.serveChannel(w, r, seg)
	case seg[0] == "applications" && r.Method == http.MethodPut:
		body, _ := io.ReadAll(r.Body)
		guild := ""
		if len(seg) == 5 {
			guild = seg[3]
		}
		s.mu.Lock()
		s.commands[guild] = body
		s.mu.Unlock()
		_, _ = w.Write(body)
	default:
		apiError(w, http.StatusNotFound, 0, "404: Not Found")
	}
}

func (s *Server) serveChannel(w http.ResponseWriter, r *http.Request, seg []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch := s.channels[seg[1]]
	if ch == nil {
		apiError(w, http.StatusNotFound, codeUnknownChannel, "Unknown Channel")
		return
	}
	switch {
	case len(seg) == 2 && r.Method == http.MethodGet:
		v := map[string]any{"id": ch.ID, "type": ch.Type}
		if ch.Type == 11 {
			v["parent_id"] = ch.Parent
		}
		if ch.Guild != "" {
			v["guild_id"] = ch.Guild
		}
		writeJSON(w, v)
	case len(seg) == 3 && r.Method == http.MethodPost:
		body, files, err := payload(r)
		var b messageBody
		if err == nil {
			err = json.Unmarshal(body, &b)
		}
		if err == nil {
			err = b.check()
		}
		if err != nil {
			apiError(w, http.StatusBadRequest, codeInvalidBody, err.Error())
			return
		}
		m := s.addMessage(&message{Channel: ch.ID, Author: s.BotID})
		s.apply(m, b, files)
		writeJSON(w, s.view(m))
	case len(seg) >= 4:
		m := s.messages[seg[3]]
		if m == nil || m.Channel != ch.ID {
			apiError(w, http.StatusNotFound, codeUnknownMessage, "Unknown Message")
			return
		}
		switch {
		case len(seg) == 4 && r.Method == http.MethodGet:
			writeJSON(w, s.view(m))
		case len(seg) == 4 && r.Method == http.MethodPatch:
			s.edit(w, r, m)
		case len(seg) == 5 && seg[4] == "threads" && r.Method == http.MethodPost:
			if s.channels[m.ID] != nil {
				apiError(w, http.StatusBadRequest, codeThreadExists, "A thread has already been created for this message")
				return
			}
			s.channels[m.ID] = &channel{ID: m.ID, Parent: ch.ID, Guild: ch.Guild, Type: 11}
			writeJSON(w, map[string]any{"id": m.ID, "type": 11, "parent_id": ch.ID, "guild_id": ch.Guild})
		default:
			apiError(w, http.StatusNotFound, 0, "404: Not Found")
		}
	default:
		apiError(w, http.StatusNotFound, 0, "404: Not Found")
	}
}

// edit applies a PATCH to m; s.mu is held.
func (s *Server) edit(w http.ResponseWriter, r *http.Request, m *message) {
	body, files, err := payload(r)
	var b messageBody
	if err == nil {
		err = json.Unmarshal(body, &b)
	}
	if err == nil {
		err = b.check()
	}
	if err != nil {
		apiError(w, http.StatusBadRequest, codeInvalidBody, err.Error())
		return
	}
	if m.Author != s.BotID {
		apiError(w, http.StatusForbidden, 50005, "Cannot edit a message authored by another user")
		return
	}
	if m.Deferred {
		m.Deferred = false // filling in a deferred response is not an edit
	} else {
		m.Edits++
	}
	s.apply(m, b, files)
	writeJSON(w, s.view(m))
}

// serveWebhook serves interaction follow-ups and edits of responses.
func (s *Server) serveWebhook(w http.ResponseWriter, r *http.Request, seg []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	in := s.byToken[seg[2]]
	if in == nil || seg[1] != s.AppID {
		apiError(w, http.StatusNotFound, codeUnknownWebhook, "Unknown Webhook")
		return
	}
	switch {
	case len(seg) == 3 && r.Method == http.MethodPost: // a follow-up
		body, files, err := payload(r)
		var b messageBody
		if err == nil {
			err = json.Unmarshal(body, &b)
		}
		if err != nil {
			apiError(w, http.StatusBadRequest, codeInvalidBody, err.Error())
			return
		}
		if b.Flags&64 != 0 {
			text := ""
			if b.Content != nil {
				text = *b.Content
			}
			s.notices[in.User] = append(s.notices[in.User], text)
			writeJSON(w, map[string]any{"id": s.id(), "channel_id": in.Channel, "content": text, "flags": 64})
			return
		}
		m := s.addMessage(&message{Channel: in.Channel, Author: s.BotID})
		s.apply(m, b, files)
		writeJSON(w, s.view(m))
	case len(seg) == 5 && seg[3] == "messages" && r.Method == http.MethodPatch:
		id := seg[4]
		if id == "@original" {
			id = in.Original
		}
		m := s.messages[id]
		if m == nil {
			apiError(w, http.StatusNotFound, codeUnknownMessage, "Unknown Message")
			return
		}
		s.edit(w, r, m)
	default:
		apiError(w, http.StatusNotFound, 0, "404: Not Found")
	}
}

// respond records a response to interaction id. Over REST a second
// response is refused, as Discord does; an HTTP response may repeat for a
// redelivered interaction.
func (s *Server) respond(id, token string, body []byte, viaHTTP bool) (int, int, error) {
	var resp Response
	if err := json.Unmarshal(body, &resp); err != nil {
		return http.StatusBadRequest, codeInvalidBody, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	in := s.interactions[id]
	if in == nil || in.Token != token {
		return http.StatusNotFound, 10062, fmt.Errorf("Unknown interaction")
	}
	if len(in.Responses) > 0 && !viaHTTP {
		return http.StatusBadRequest, codeAlreadyAnswered, fmt.Errorf("Interaction has already been acknowledged")
	}
	var data struct {
		messageBody
		CustomID   string          `json:"custom_id"`
		Title      string          `json:"title"`
		Components json.RawMessage `json:"components"`
	}
	_ = json.Unmarshal(resp.Data, &data)
	switch resp.Type {
	case 4:
		text := ""
		if data.Content != nil {
			text = *data.Content
		}
		if data.Flags&64 != 0 {
			s.notices[in.User] = append(s.notices[in.User], text)
		} else {
			m := s.addMessage(&message{Channel: in.Channel, Author: s.BotID, Content: text, Components: data.Components})
			in.Original = m.ID
		}
	case 5:
		if in.Original == "" {
			in.Original = s.addMessage(&message{Channel: in.Channel, Author: s.BotID, Deferred: true}).ID
		}
	case 9:
		if len(data.CustomID) > 100 || utf8.RuneCountInString(data.Title) > 45 {
			return http.StatusBadRequest, codeInvalidBody, fmt.Errorf("modal: custom_id or title too long")
		}
		s.modals[in.User] = &modal{Interaction: id, CustomID: data.CustomID, Title: data.Title, Components: data.Components}
	case 1, 6, 7:
	default:
		return http.StatusBadRequest, codeInvalidBody, fmt.Errorf("unknown response type %d", resp.Type)
	}
	first := len(in.Responses) == 0
	in.Responses = append(in.Responses, resp)
	if first {
		close(in.answered)
	}
	return 0, 0, nil
}
