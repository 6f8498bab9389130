package main

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tarn-data/tarn/bot/alerts"
)

// chatState is the part of the web chat's state the tests read.
type chatState struct {
	Channels []struct {
		Name    string `json:"name"`
		Threads []struct {
			ID       string `json:"id"`
			Messages []struct {
				Text    string `json:"text"`
				Footer  string `json:"footer"`
				Tarn    bool   `json:"tarn"`
				Images  []any  `json:"images"`
				Buttons []any  `json:"buttons"`
			} `json:"messages"`
		} `json:"threads"`
	} `json:"channels"`
}

func chatPost(t *testing.T, m *Main, path, body string) int {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, "http://"+m.Addr()+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Origin", "http://"+m.Addr())
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode
}

// waitChannel polls the web chat until a Tarn message in channel holds
// want (and no longer says working…), and returns all of the channel's
// Tarn text.
func waitChannel(t *testing.T, m *Main, as, channel, want string) string {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		res, err := http.Get("http://" + m.Addr() + "/chat/api/state?as=" + as)
		if err != nil {
			t.Fatal(err)
		}
		var st chatState
		err = json.NewDecoder(res.Body).Decode(&st)
		res.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		var all strings.Builder
		for _, ch := range st.Channels {
			if ch.Name != channel {
				continue
			}
			for _, th := range ch.Threads {
				for _, msg := range th.Messages {
					if msg.Tarn {
						all.WriteString(msg.Text + "\n" + msg.Footer + "\n")
					}
				}
			}
		}
		if s := all.String(); strings.Contains(s, want) && !strings.Contains(s, "working…") {
			return s
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("no Tarn message with %q in #%s within a minute", want, channel)
	return ""
}

func TestDemoServesTheWebChatThatAnswersAsThePersonPicked(t *testing.T) {
	m := serveDemo(t)
	res, err := http.Get("http://" + m.Addr() + "/")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("GET / = %d %s, want the chat page", res.StatusCode, res.Header.Get("Content-Type"))
	}
	if code := chatPost(t, m, "/chat/api/messages", `{"as":"alice","channel":"general","text":"How many accounts do we have?"}`); code >= 300 {
		t.Fatalf("posting a question: %d", code)
	}
	text := waitChannel(t, m, "alice", "general", "accounts")
	if !strings.Contains(text, "offline") {
		t.Fatalf("the answer lacks its footer: %q", text)
	}
	// Another site in the same browser may not post as alice.
	req, _ := http.NewRequest(http.MethodPost, "http://"+m.Addr()+"/chat/api/messages", strings.NewReader(`{"as":"alice","channel":"general","text":"x"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Origin", "http://evil.example")
	if res, err := http.DefaultClient.Do(req); err != nil || res.StatusCode != http.StatusForbidden {
		t.Fatalf("a cross-site post: %v %v", res.StatusCode, err)
	}
}

func TestAlertWebhooksOpenAnInvestigationInTheAlertsChannel(t *testing.T) {
	m := serveDemoWith(t, map[string]string{"TARN_ALERTS_HMAC_KEY": "k3y"})
	body := `{"name":"CredentialStuffing","labels":{"attack_type":"credential_stuffing"},"summary":"login failures 50x"}`
	post := func(ts int64, sig string) int {
		req, _ := http.NewRequest(http.MethodPost, "http://"+m.Addr()+"/alerts/generic", strings.NewReader(body))
		req.Header.Set(alerts.TimestampHeader, strconv.FormatInt(ts, 10))
		req.Header.Set(alerts.SignatureHeader, sig)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	now := time.Now().Unix()
	if code := post(now, alerts.Sign("wrong", now, []byte(body))); code != http.StatusUnauthorized {
		t.Fatalf("a forged alert: %d", code)
	}
	if code := post(now, alerts.Sign("k3y", now, []byte(body))); code != http.StatusAccepted {
		t.Fatalf("a signed alert: %d", code)
	}
	text := waitChannel(t, m, "carol", "alerts", "Attack playbook")
	if !strings.Contains(text, "CredentialStuffing") || !strings.Contains(text, "Top sources") {
		t.Fatalf("the alerts channel reads %q", text)
	}
}
