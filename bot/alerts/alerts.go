// Package alerts receives alerts over HTTP — Prometheus Alertmanager and
// Grafana webhooks, and a generic JSON shape — checks that they come from
// who they say (a shared secret, or an HMAC signature with a replay
// window), and hands each one to the conversation, which opens a thread
// and investigates.
package alerts

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/bot"
)

// Sentinel errors.
var (
	ErrUnauthorized = errors.New("alerts: unauthorized")
	ErrPayload      = errors.New("alerts: bad payload")
)

// Headers of a signed request: X-Tarn-Signature is "sha256=" and the hex
// HMAC-SHA256, keyed with the HMAC key, of X-Tarn-Timestamp (Unix seconds),
// a dot, and the body.
const (
	SignatureHeader = "X-Tarn-Signature"
	TimestampHeader = "X-Tarn-Timestamp"
)

// Options configure the receiver. Without a Secret or an HMACKey every
// request is refused.
type Options struct {
	// Secret is accepted as "Authorization: Bearer <secret>".
	Secret string
	// HMACKey signs requests (see SignatureHeader); when set, it is
	// required and Secret is not enough.
	HMACKey string
	// Window is how old a signed request may be (default five minutes).
	Window  time.Duration
	Clock   tarn.Clock
	MaxBody int64 // default 1 MiB
	// Sink takes each alert (bot.Conversation.Alert).
	Sink func(ctx context.Context, al bot.Alert) error
}

// Handler serves POST /alerts/alertmanager, /alerts/grafana and
// /alerts/generic.
func Handler(o Options) http.Handler {
	if o.Window <= 0 {
		o.Window = 5 * time.Minute
	}
	if o.Clock == nil {
		o.Clock = tarn.SystemClock{}
	}
	if o.MaxBody <= 0 {
		o.MaxBody = 1 << 20
	}
	mux := http.NewServeMux()
	for name, parse := range map[string]func([]byte) ([]bot.Alert, error){
		"alertmanager": parseAlertmanager("alertmanager"), "grafana": parseAlertmanager("grafana"), "generic": parseGeneric,
	} {
		mux.HandleFunc("POST /alerts/"+name, func(w http.ResponseWriter, r *http.Request) { o.serve(w, r, parse) })
	}
	return mux
}

func (o Options) serve(w http.ResponseWriter, r *http.Request, parse func([]byte) ([]bot.Alert, error)) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, o.MaxBody))
	if err != nil {
		fail(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("the body is larger than %d bytes or unreadable", o.MaxBody))
		return
	}
	if err := o.authorize(r, body); err != nil {
		fail(w, http.StatusUnauthorized, err.Error())
		return
	}
	alerts, err := parse(body)
	if err != nil {
		fail(w, http.StatusBadRequest, err.Error())
		return
	}
	for _, al := range alerts {
		if err := o.Sink(r.Context(), al); err != nil {
			fail(w, http.StatusServiceUnavailable, tarn.ErrorMessage(err))
			return
		}
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusAccepted)
	fmt.Fprintf(w, "{\"accepted\":%d}\n", len(alerts))
}

func fail(w http.ResponseWriter, code int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	b, _ := json.Marshal(map[string]string{"error": msg})
	w.Write(append(b, '\n'))
}

// authorize checks the signature (when an HMAC key is set) or the shared
// secret.
func (o Options) authorize(r *http.Request, body []byte) error {
	switch {
	case o.HMACKey != "":
		ts, err := strconv.ParseInt(r.Header.Get(TimestampHeader), 10, 64)
		if err != nil {
			return fmt.Errorf("%w: missing or bad %s", ErrUnauthorized, TimestampHeader)
		}
		if age := o.Clock.Now().Sub(time.Unix(ts, 0)); age > o.Window || age < -o.Window {
			return fmt.Errorf("%w: the request is %s old, outside the %s window (replayed?)", ErrUnauthorized, age.Round(time.Second), o.Window)
		}
		want := Sign(o.HMACKey, ts, body)
		if subtle.ConstantTimeCompare([]byte(r.Header.Get(SignatureHeader)), []byte(want)) != 1 {
			return fmt.Errorf("%w: the signature does not match", ErrUnauthorized)
		}
		return nil
	case o.Secret != "":
		got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || subtle.ConstantTimeCompare([]byte(got), []byte(o.Secret)) != 1 {
			return fmt.Errorf("%w: send Authorization: Bearer <bot.alerts.secret>", ErrUnauthorized)
		}
		return nil
	}
	return fmt.Errorf("%w: no secret is configured, so no alert is accepted (set bot.alerts.secret or bot.alerts.hmac_key)", ErrUnauthorized)
}

// Sign returns the X-Tarn-Signature value for body sent at Unix time ts.
func Sign(key string, ts int64, body []byte) string {
	m := hmac.New(sha256.New, []byte(key))
	fmt.Fprintf(m, "%d.", ts)
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// amAlert is one alert of an Alertmanager or Grafana webhook.
type amAlert struct {
	Status       string            `json:"status"`
	Labels       map[string]string `json:"labels"`
	Annotations  map[string]string `json:"annotations"`
	StartsAt     time.Time         `json:"startsAt"`
	GeneratorURL string            `json:"generatorURL"`
	Fingerprint  string            `json:"fingerprint"`
	PanelURL     string            `json:"panelURL"`
	DashboardURL string            `json:"dashboardURL"`
}

func parseAlertmanager(source string) func([]byte) ([]bot.Alert, error) {
	return func(body []byte) ([]bot.Alert, error) {
		var p struct {
			Alerts []amAlert `json:"alerts"`
		}
		if err := json.Unmarshal(body, &p); err != nil {
			return nil, fmt.Errorf("%w: not a %s webhook: %v", ErrPayload, source, err)
		}
		if len(p.Alerts) == 0 {
			return nil, fmt.Errorf("%w: the %s webhook holds no alerts", ErrPayload, source)
		}
		out := make([]bot.Alert, 0, len(p.Alerts))
		for _, a := range p.Alerts {
			url := a.GeneratorURL
			if a.PanelURL != "" {
				url = a.PanelURL
			}
			out = append(out, bot.Alert{Source: source, Fingerprint: a.Fingerprint, Name: a.Labels["alertname"], Status: a.Status,
				Labels: a.Labels, Annotations: a.Annotations, StartsAt: a.StartsAt, URL: url})
		}
		return out, nil
	}
}

// generic is the generic shape: one object or a list of them.
type generic struct {
	Name        string            `json:"name"`
	Status      string            `json:"status"`
	Fingerprint string            `json:"fingerprint"`
	Labels      map[string]string `json:"labels"`
	Annotations map[string]string `json:"annotations"`
	Summary     string            `json:"summary"`
	StartsAt    time.Time         `json:"starts_at"`
	URL         string            `json:"url"`
}

func parseGeneric(body []byte) ([]bot.Alert, error) {
	var list []generic
	if err := json.Unmarshal(body, &list); err != nil {
		var one generic
		if err := json.Unmarshal(body, &one); err != nil {
			return nil, fmt.Errorf("%w: send {\"name\": …, \"labels\": {…}, \"starts_at\": RFC 3339} or a list of them: %v", ErrPayload, err)
		}
		list = []generic{one}
	}
	out := make([]bot.Alert, 0, len(list))
	for _, g := range list {
		if g.Name == "" && g.Labels["alertname"] == "" {
			return nil, fmt.Errorf("%w: an alert has no name (set \"name\" or labels.alertname)", ErrPayload)
		}
		if g.Status != "" && g.Status != "firing" && g.Status != "resolved" {
			return nil, fmt.Errorf("%w: status %q: use firing or resolved", ErrPayload, g.Status)
		}
		ann := g.Annotations
		if g.Summary != "" {
			if ann == nil {
				ann = map[string]string{}
			}
			ann["summary"] = g.Summary
		}
		out = append(out, bot.Alert{Source: "generic", Fingerprint: g.Fingerprint, Name: g.Name, Status: g.Status,
			Labels: g.Labels, Annotations: ann, StartsAt: g.StartsAt, URL: g.URL})
	}
	return out, nil
}
