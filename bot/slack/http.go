package slack

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"
)

const (
	// maxBody caps a request body from Slack.
	maxBody = 1 << 20
	// replayWindow is how far a request's timestamp may be from now.
	replayWindow = 5 * time.Minute
)

// HTTPHandler serves Slack's HTTP Events API: POST /slack/events
// (url_verification and event_callback), /slack/interactivity (button
// clicks and modal submissions) and /slack/commands (the slash command).
// Every request must carry a valid v0 signature made with the signing
// secret and a timestamp within five minutes of the Clock's now, or it is
// refused with 401 and nothing is delivered (every request is, when no
// signing secret is configured); bodies over 1 MiB get 413.
// The response is written after the handler returned. The context the
// handler gets keeps the request's values but is not cancelled when the
// response is written, so work the handler starts may outlive it.
func (a *Adapter) HTTPHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /slack/events", a.serveEvents)
	mux.HandleFunc("POST /slack/interactivity", a.serveInteractivity)
	mux.HandleFunc("POST /slack/commands", a.serveCommands)
	return mux
}

// errSignature is a request that is not from Slack (or too old).
var errSignature = errors.New("slack: bad request signature")

// verify reads the body and checks the signature and the replay window.
func (a *Adapter) verify(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		http.Error(w, "request body too large", http.StatusRequestEntityTooLarge)
		return nil, false
	}
	if err := a.checkSignature(r.Header, body); err != nil {
		a.log.Warn("slack: refused request", "path", r.URL.Path, "err", err)
		http.Error(w, "invalid signature", http.StatusUnauthorized)
		return nil, false
	}
	return body, true
}

// checkSignature verifies X-Slack-Signature (v0=HMAC-SHA256 of
// "v0:<timestamp>:<body>" with the signing secret, compared in constant
// time) and that X-Slack-Request-Timestamp is within five minutes of the
// Clock's now. Errors wrap errSignature.
func (a *Adapter) checkSignature(h http.Header, body []byte) error {
	if a.opts.SigningSecret == "" {
		return errors.Join(errSignature, errors.New("no signing secret configured"))
	}
	sts := h.Get("X-Slack-Request-Timestamp")
	ts, err := strconv.ParseInt(sts, 10, 64)
	if err != nil {
		return errors.Join(errSignature, errors.New("no timestamp"))
	}
	if d := a.clock.Now().Sub(time.Unix(ts, 0)); d > replayWindow || d < -replayWindow {
		return errors.Join(errSignature, errors.New("timestamp outside the replay window"))
	}
	got, err := hex.DecodeString(strings.TrimPrefix(h.Get("X-Slack-Signature"), "v0="))
	if err != nil || !strings.HasPrefix(h.Get("X-Slack-Signature"), "v0=") {
		return errors.Join(errSignature, errors.New("malformed signature"))
	}
	if !hmac.Equal(got, Sign(a.opts.SigningSecret, sts, body)) {
		return errors.Join(errSignature, errors.New("signature mismatch"))
	}
	return nil
}

// Sign returns the v0 HMAC-SHA256 of "v0:<timestamp>:<body>" under secret;
// the X-Slack-Signature header is "v0=" and its hex.
func Sign(secret, timestamp string, body []byte) []byte {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte("v0:" + timestamp + ":"))
	m.Write(body)
	return m.Sum(nil)
}

func (a *Adapter) serveEvents(w http.ResponseWriter, r *http.Request) {
	body, ok := a.verify(w, r)
	if !ok {
		return
	}
	challenge, err := a.onCallback(context.WithoutCancel(r.Context()), body)
	if err != nil {
		http.Error(w, "malformed event", http.StatusBadRequest)
		return
	}
	if challenge != "" {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]string{"challenge": challenge})
		return
	}
	w.WriteHeader(http.StatusOK)
}

func (a *Adapter) serveInteractivity(w http.ResponseWriter, r *http.Request) {
	body, ok := a.verify(w, r)
	if !ok {
		return
	}
	form, err := url.ParseQuery(string(body))
	var cb slack.InteractionCallback
	if err == nil {
		err = json.Unmarshal([]byte(form.Get("payload")), &cb)
	}
	if err != nil {
		http.Error(w, "malformed interaction payload", http.StatusBadRequest)
		return
	}
	if resp := a.onInteraction(context.WithoutCancel(r.Context()), cb); resp != nil {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(resp)
		return
	}
	w.WriteHeader(http.StatusOK)
}

func (a *Adapter) serveCommands(w http.ResponseWriter, r *http.Request) {
	body, ok := a.verify(w, r)
	if !ok {
		return
	}
	f, err := url.ParseQuery(string(body))
	if err != nil {
		http.Error(w, "malformed command", http.StatusBadRequest)
		return
	}
	a.onCommand(context.WithoutCancel(r.Context()), slack.SlashCommand{
		TeamID: f.Get("team_id"), ChannelID: f.Get("channel_id"), UserID: f.Get("user_id"), UserName: f.Get("user_name"),
		Command: f.Get("command"), Text: f.Get("text"), TriggerID: f.Get("trigger_id"), ResponseURL: f.Get("response_url"),
	})
	w.WriteHeader(http.StatusOK)
}
