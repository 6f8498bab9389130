package langchaingo_test

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/agent/langchaingo"
)

// fakeAnthropic serves the Messages API on loopback with one reply, or one
// failure status.
func fakeAnthropic(t *testing.T, status int, reply string) (url string, got *map[string]any) {
	t.Helper()
	body := map[string]any{}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &httptest.Server{Listener: l, Config: &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v1/messages" || r.Header.Get("x-api-key") != "ak" {
			http.Error(w, `{"error":{"message":"bad path or key"}}`, http.StatusNotFound)
			return
		}
		_ = json.NewDecoder(r.Body).Decode(&body)
		w.Header().Set("Content-Type", "application/json")
		if status != 0 {
			w.WriteHeader(status)
			_, _ = w.Write([]byte(`{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}`))
			return
		}
		_ = json.NewEncoder(w).Encode(map[string]any{
			"id": "msg_1", "type": "message", "role": "assistant", "model": "claude-x", "stop_reason": "end_turn",
			"content": []any{map[string]any{"type": "text", "text": reply}},
			"usage":   map[string]any{"input_tokens": 250, "output_tokens": 40},
		})
	})}}
	srv.Start()
	t.Cleanup(srv.Close)
	return srv.URL + "/v1", &body
}

func TestAnthropicWritesAScript(t *testing.T) {
	url, body := fakeAnthropic(t, 0, goodReply)
	m, err := langchaingo.New(langchaingo.Config{Provider: "anthropic", Model: "claude-x", APIKey: "ak", BaseURL: url})
	if err != nil {
		t.Fatal(err)
	}
	c, err := m.Write(context.Background(), prompt("How many accounts do we have?"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(c.Script, "SELECT count(*) AS n FROM dim.accounts") || c.Usage.PromptTokens != 250 || c.Usage.CompletionTokens != 40 {
		t.Errorf("completion %+v", c)
	}
	if sys, _ := (*body)["system"].(string); !strings.Contains(sys, "Today is 2026-11-25 (UTC).") {
		t.Errorf("system prompt %q", sys)
	}
}

func TestAnthropicBadKeyFailsAtOnce(t *testing.T) {
	url, _ := fakeAnthropic(t, http.StatusUnauthorized, "")
	m, err := langchaingo.New(langchaingo.Config{Provider: "anthropic", Model: "claude-x", APIKey: "ak", BaseURL: url})
	if err != nil {
		t.Fatal(err)
	}
	_, err = m.Write(context.Background(), prompt("q"))
	if tarn.ErrorCode(err) != tarn.EFORBIDDEN || !strings.Contains(tarn.ErrorMessage(err), "ANTHROPIC_API_KEY") {
		t.Fatalf("err = %v", err)
	}
}
