package langchaingo_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/agent/langchaingo"
	"github.com/tarn-data/tarn/agent/openaitest"
)

const goodReply = "Understood: the number of accounts.\n\n```javascript\n" +
	"const r = tarn.sql(\"SELECT count(*) AS n FROM dim.accounts\", {mode: \"display\"});\n" +
	"tarn.answer(\"We have \" + r.rows[0][0] + \" accounts.\");\n```\n"

func TestWriteExtractsTheScriptAndCountsTokens(t *testing.T) {
	srv := openaitest.NewServer(t, openaitest.Reply(goodReply).WithUsage(321, 45))
	m, _ := newModel(t, srv, nil)
	c, err := m.Write(context.Background(), prompt("How many accounts do we have?"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(c.Script, "const r = tarn.sql(") || !strings.Contains(c.Script, "tarn.answer(") {
		t.Errorf("script = %q", c.Script)
	}
	if c.Understood != "the number of accounts." {
		t.Errorf("understood = %q", c.Understood)
	}
	if c.Usage.PromptTokens != 321 || c.Usage.CompletionTokens != 45 {
		t.Errorf("usage = %+v, want 321/45", c.Usage)
	}
	if m.Name() != "openai:gpt-test" {
		t.Errorf("name = %q", m.Name())
	}
	req := srv.Requests()[0]
	if req.Model != "gpt-test" || req.Header.Get("Authorization") != "Bearer sk-test" {
		t.Errorf("model %q, auth %q", req.Model, req.Header.Get("Authorization"))
	}
}

func TestWriteRetriesAServerErrorThenSucceeds(t *testing.T) {
	srv := openaitest.NewServer(t, openaitest.Fail(500), openaitest.Fail(503), openaitest.Reply(goodReply))
	m, sl := newModel(t, srv, nil)
	c, err := m.Write(context.Background(), prompt("How many accounts do we have?"))
	if err != nil {
		t.Fatal(err)
	}
	if c.Script == "" || srv.Calls() != 3 || len(sl.waits()) != 2 {
		t.Errorf("script %q, calls %d, waits %v", c.Script, srv.Calls(), sl.waits())
	}
	if w := sl.waits(); len(w) == 2 && (w[0] > langchaingo.DefaultBackoff || w[1] > 2*langchaingo.DefaultBackoff) {
		t.Errorf("waits %v exceed the exponential backoff", w)
	}
}

func TestWriteGivesUpAfterTheRetriesWithThePlainStatus(t *testing.T) {
	srv := openaitest.NewServer(t, openaitest.Fail(502), openaitest.Fail(502), openaitest.Fail(502))
	m, _ := newModel(t, srv, func(c *langchaingo.Config) { c.Retries = 2 })
	_, err := m.Write(context.Background(), prompt("q"))
	if tarn.ErrorCode(err) != tarn.EINTERNAL || !errors.Is(err, langchaingo.ErrUnavailable) {
		t.Fatalf("err = %v (%s)", err, tarn.ErrorCode(err))
	}
	if !strings.Contains(tarn.ErrorMessage(err), "HTTP 502, 3 tries") || srv.Calls() != 3 {
		t.Errorf("message %q after %d calls", tarn.ErrorMessage(err), srv.Calls())
	}
}

func TestWriteWaitsAtLeastRetryAfterOnRateLimit(t *testing.T) {
	srv := openaitest.NewServer(t, openaitest.Fail(429).WithRetryAfter("7"), openaitest.Reply(goodReply))
	m, sl := newModel(t, srv, nil)
	if _, err := m.Write(context.Background(), prompt("q")); err != nil {
		t.Fatal(err)
	}
	if w := sl.waits(); len(w) != 1 || w[0] != 7*time.Second {
		t.Errorf("waits = %v, want [7s] from Retry-After", w)
	}
}

func TestWriteFailsAtOnceOnABadKey(t *testing.T) {
	for _, status := range []int{401, 403} {
		srv := openaitest.NewServer(t, openaitest.Fail(status))
		m, sl := newModel(t, srv, nil)
		_, err := m.Write(context.Background(), prompt("q"))
		if tarn.ErrorCode(err) != tarn.EFORBIDDEN || !errors.Is(err, langchaingo.ErrRefused) {
			t.Fatalf("%d: err = %v (%s)", status, err, tarn.ErrorCode(err))
		}
		msg := tarn.ErrorMessage(err)
		if !strings.Contains(msg, "refused the API key") || !strings.Contains(msg, "set TARN_LLM_API_KEY") {
			t.Errorf("%d: message %q does not say what to do", status, msg)
		}
		if srv.Calls() != 1 || len(sl.waits()) != 0 {
			t.Errorf("%d: %d calls, waits %v; want one call, no retry", status, srv.Calls(), sl.waits())
		}
	}
}

func TestWriteDoesNotRetryABadRequest(t *testing.T) {
	srv := openaitest.NewServer(t, openaitest.Fail(400))
	m, _ := newModel(t, srv, nil)
	_, err := m.Write(context.Background(), prompt("q"))
	if tarn.ErrorCode(err) != tarn.EINVALID || srv.Calls() != 1 {
		t.Fatalf("err = %v (%s) after %d calls", err, tarn.ErrorCode(err), srv.Calls())
	}
}

func TestWriteTimesOutOnASlowReply(t *testing.T) {
	srv := openaitest.NewServer(t, openaitest.Slow(time.Minute, goodReply), openaitest.Slow(time.Minute, goodReply))
	m, sl := newModel(t, srv, func(c *langchaingo.Config) { c.Timeout, c.Retries = 50*time.Millisecond, 1 })
	_, err := m.Write(context.Background(), prompt("q"))
	if tarn.ErrorCode(err) != tarn.ETIMEOUT || !errors.Is(err, langchaingo.ErrTimeout) {
		t.Fatalf("err = %v (%s)", err, tarn.ErrorCode(err))
	}
	if !strings.Contains(tarn.ErrorMessage(err), "did not answer within 50ms (2 tries)") {
		t.Errorf("message %q", tarn.ErrorMessage(err))
	}
	if srv.Calls() != 2 || len(sl.waits()) != 1 {
		t.Errorf("%d calls, waits %v; want a retry after the first timeout", srv.Calls(), sl.waits())
	}
}

func TestWriteStopsRetryingWhenTheCallerCancels(t *testing.T) {
	srv := openaitest.NewServer(t, openaitest.Fail(500))
	ctx, cancel := context.WithCancel(context.Background())
	m, _ := newModel(t, srv, func(c *langchaingo.Config) {
		c.Sleep = func(context.Context, time.Duration) error { cancel(); return context.Canceled }
	})
	_, err := m.Write(ctx, prompt("q"))
	if tarn.ErrorCode(err) != tarn.ETIMEOUT || !strings.Contains(tarn.ErrorMessage(err), "cancelled") || srv.Calls() != 1 {
		t.Fatalf("err = %v after %d calls", err, srv.Calls())
	}
}

func TestWriteRetriesARefusedConnection(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	sl := &sleeps{}
	m, err := langchaingo.New(langchaingo.Config{Provider: "openai", Model: "m", BaseURL: "http://" + addr + "/v1",
		Retries: 2, Sleep: sl.sleep, HTTPClient: &http.Client{}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = m.Write(context.Background(), prompt("q"))
	if tarn.ErrorCode(err) != tarn.EINTERNAL || !strings.Contains(tarn.ErrorMessage(err), "could not reach the model") ||
		!strings.Contains(tarn.ErrorMessage(err), "TARN_LLM_BASE_URL") {
		t.Fatalf("err = %v", err)
	}
	if len(sl.waits()) != 2 {
		t.Errorf("waits %v, want 2 retries", sl.waits())
	}
}

func TestWriteReadsAReplyWithoutAProgramAsText(t *testing.T) {
	srv := openaitest.NewServer(t, openaitest.Reply("I can't answer that from the tables you may see."))
	m, _ := newModel(t, srv, nil)
	c, err := m.Write(context.Background(), prompt("q"))
	if err != nil || c.Script != "" || c.Text != "I can't answer that from the tables you may see." {
		t.Fatalf("completion %+v, err %v", c, err)
	}
}

func TestWriteSaysSoWhenTheModelRepliesWithNoChoices(t *testing.T) {
	srv := openaitest.NewServer(t, openaitest.Step{Empty: true}, openaitest.Reply(goodReply))
	m, sl := newModel(t, srv, nil)
	c, err := m.Write(context.Background(), prompt("q"))
	if err != nil || c.Script == "" || len(sl.waits()) != 1 {
		t.Fatalf("err %v, waits %v", err, sl.waits())
	}
	srv = openaitest.NewServer(t, openaitest.Step{Empty: true})
	m, _ = newModel(t, srv, func(c *langchaingo.Config) { c.Retries = -1 })
	_, err = m.Write(context.Background(), prompt("q"))
	if !strings.Contains(tarn.ErrorMessage(err), "returned an empty reply") {
		t.Fatalf("err = %v", err)
	}
}
