package alerts_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/bot"
	"github.com/tarn-data/tarn/bot/alerts"
)

type sink struct {
	mu  sync.Mutex
	got []bot.Alert
}

func (s *sink) take(_ context.Context, al bot.Alert) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.got = append(s.got, al)
	return nil
}

var now = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

func serve(t *testing.T, o alerts.Options) (*httptest.Server, *sink) {
	s := &sink{}
	o.Sink, o.Clock = s.take, tarn.NewFakeClock(now)
	srv := httptest.NewServer(alerts.Handler(o))
	t.Cleanup(srv.Close)
	return srv, s
}

func post(t *testing.T, url, body string, header map[string]string) int {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode
}

const alertmanager = `{"version":"4","status":"firing","receiver":"tarn","alerts":[
 {"status":"firing","labels":{"alertname":"TrafficSpike","zone":"shop.test","severity":"page"},
  "annotations":{"summary":"requests 8x normal"},"startsAt":"2026-11-25T10:00:00Z","generatorURL":"http://prom/graph","fingerprint":"a1b2"},
 {"status":"resolved","labels":{"alertname":"DiskFull"},"annotations":{},"startsAt":"2026-11-25T09:00:00Z","fingerprint":"c3d4"}]}`

const grafana = `{"receiver":"tarn","status":"firing","orgId":1,"alerts":[{"status":"firing","labels":{"alertname":"CredentialStuffing","grafana_folder":"security"},
 "annotations":{"description":"login failures"},"startsAt":"2026-11-25T11:00:00Z","fingerprint":"g1","panelURL":"http://grafana/d/x?viewPanel=2"}],"title":"[FIRING:1]"}`

func TestAlertmanagerAndGrafanaWebhooksBecomeAlerts(t *testing.T) {
	srv, s := serve(t, alerts.Options{Secret: "s3cret"})
	auth := map[string]string{"Authorization": "Bearer s3cret"}
	if code := post(t, srv.URL+"/alerts/alertmanager", alertmanager, auth); code != http.StatusAccepted {
		t.Fatalf("alertmanager: %d", code)
	}
	if code := post(t, srv.URL+"/alerts/grafana", grafana, auth); code != http.StatusAccepted {
		t.Fatalf("grafana: %d", code)
	}
	if len(s.got) != 3 {
		t.Fatalf("%d alerts, want 3", len(s.got))
	}
	a := s.got[0]
	if a.Source != "alertmanager" || a.Name != "TrafficSpike" || a.Fingerprint != "a1b2" || a.Labels["zone"] != "shop.test" ||
		a.Summary() != "requests 8x normal" || !a.StartsAt.Equal(time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)) || a.Status != "firing" {
		t.Fatalf("alertmanager alert = %+v", a)
	}
	if s.got[1].Status != "resolved" {
		t.Fatalf("resolved alert = %+v", s.got[1])
	}
	g := s.got[2]
	if g.Source != "grafana" || g.Name != "CredentialStuffing" || g.Summary() != "login failures" || g.URL != "http://grafana/d/x?viewPanel=2" {
		t.Fatalf("grafana alert = %+v", g)
	}
}

func TestTheSharedSecretIsRequired(t *testing.T) {
	srv, s := serve(t, alerts.Options{Secret: "s3cret"})
	for name, h := range map[string]map[string]string{
		"none": nil, "wrong": {"Authorization": "Bearer nope"}, "not bearer": {"Authorization": "s3cret"},
	} {
		if code := post(t, srv.URL+"/alerts/alertmanager", alertmanager, h); code != http.StatusUnauthorized {
			t.Errorf("%s: %d, want 401", name, code)
		}
	}
	if len(s.got) != 0 {
		t.Fatalf("refused requests delivered %d alerts", len(s.got))
	}
}

func TestNothingIsAcceptedWithoutAConfiguredSecret(t *testing.T) {
	srv, s := serve(t, alerts.Options{})
	if code := post(t, srv.URL+"/alerts/generic", `{"name":"x"}`, nil); code != http.StatusUnauthorized || len(s.got) != 0 {
		t.Fatalf("an unconfigured receiver answered %d and delivered %d", code, len(s.got))
	}
}

func TestSignedRequestsAreCheckedAndReplaysRefused(t *testing.T) {
	srv, s := serve(t, alerts.Options{HMACKey: "k3y", Secret: "s3cret"})
	body := `{"name":"TrafficSpike","labels":{"zone_id":"17"},"summary":"spike","starts_at":"2026-11-25T11:30:00Z"}`
	signed := func(ts time.Time, b string) map[string]string {
		return map[string]string{alerts.TimestampHeader: strconv.FormatInt(ts.Unix(), 10), alerts.SignatureHeader: alerts.Sign("k3y", ts.Unix(), []byte(b))}
	}
	if code := post(t, srv.URL+"/alerts/generic", body, signed(now.Add(-time.Minute), body)); code != http.StatusAccepted {
		t.Fatalf("a good signature: %d", code)
	}
	forged := signed(now, body)
	forged[alerts.SignatureHeader] = alerts.Sign("other", now.Unix(), []byte(body))
	cases := map[string]map[string]string{
		"forged":             forged,
		"body changed":       signed(now, strings.Replace(body, "17", "18", 1)),
		"replayed 6 min old": signed(now.Add(-6*time.Minute), body),
		"from the future":    signed(now.Add(6*time.Minute), body),
		"bearer only":        {"Authorization": "Bearer s3cret"},
	}
	for name, h := range cases {
		if code := post(t, srv.URL+"/alerts/generic", body, h); code != http.StatusUnauthorized {
			t.Errorf("%s: %d, want 401", name, code)
		}
	}
	if len(s.got) != 1 || s.got[0].Labels["zone_id"] != "17" || s.got[0].Summary() != "spike" {
		t.Fatalf("delivered %+v", s.got)
	}
}

func TestBadPayloadsSayWhatIsWrong(t *testing.T) {
	srv, _ := serve(t, alerts.Options{Secret: "s"})
	auth := map[string]string{"Authorization": "Bearer s"}
	for name, c := range map[string]struct{ path, body string }{
		"not json":      {"/alerts/generic", "{"},
		"no name":       {"/alerts/generic", `{"labels":{}}`},
		"bad status":    {"/alerts/generic", `{"name":"x","status":"burning"}`},
		"no alerts":     {"/alerts/alertmanager", `{"alerts":[]}`},
		"wrong webhook": {"/alerts/grafana", `[1,2]`},
	} {
		if code := post(t, srv.URL+c.path, c.body, auth); code != http.StatusBadRequest {
			t.Errorf("%s: %d, want 400", name, code)
		}
	}
	big := `{"name":"` + strings.Repeat("x", 2<<20) + `"}`
	if code := post(t, srv.URL+"/alerts/generic", big, auth); code != http.StatusRequestEntityTooLarge {
		t.Errorf("a 2 MiB body: %d, want 413", code)
	}
}
