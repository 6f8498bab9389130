package openaitest_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/tmc/langchaingo/llms"
	"github.com/tmc/langchaingo/llms/openai"

	"github.com/tarn-data/tarn/agent/openaitest"
)

func client(t *testing.T, srv *openaitest.Server) *openai.LLM {
	t.Helper()
	llm, err := openai.New(openai.WithToken("k"), openai.WithModel("m"), openai.WithBaseURL(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	return llm
}

func ask(llm *openai.LLM, opts ...llms.CallOption) (*llms.ContentResponse, error) {
	return llm.GenerateContent(context.Background(), []llms.MessageContent{
		llms.TextParts(llms.ChatMessageTypeSystem, "rules"),
		llms.TextParts(llms.ChatMessageTypeHuman, "question"),
	}, opts...)
}

func TestServerRepliesInOrderAndRecordsRequests(t *testing.T) {
	srv := openaitest.NewServer(t, openaitest.Reply("first").WithUsage(10, 2), openaitest.Fail(500), openaitest.Reply("third"))
	llm := client(t, srv)
	r, err := ask(llm)
	if err != nil || r.Choices[0].Content != "first" || r.Choices[0].GenerationInfo["PromptTokens"] != 10 {
		t.Fatalf("first: %v %+v", err, r)
	}
	if _, err := ask(llm); err == nil || !strings.Contains(err.Error(), "500") {
		t.Fatalf("second should fail with 500, got %v", err)
	}
	if r, err := ask(llm); err != nil || r.Choices[0].Content != "third" {
		t.Fatalf("third: %v", err)
	}
	reqs := srv.Requests()
	if len(reqs) != 3 || srv.Remaining() != 0 {
		t.Fatalf("%d requests, %d left", len(reqs), srv.Remaining())
	}
	if reqs[0].Messages[0] != (openaitest.Message{Role: "system", Content: "rules"}) || reqs[0].Last().Content != "question" {
		t.Errorf("messages %+v", reqs[0].Messages)
	}
	if !strings.Contains(srv.AllText(), "user: question") {
		t.Errorf("AllText %q", srv.AllText())
	}
}

func TestServerStreamsWhenAsked(t *testing.T) {
	long := strings.Repeat("streamed words ", 20)
	srv := openaitest.NewServer(t, openaitest.Reply(long).WithUsage(7, 9))
	var got strings.Builder
	r, err := ask(client(t, srv), llms.WithStreamingFunc(func(_ context.Context, chunk []byte) error {
		got.Write(chunk)
		return nil
	}))
	if err != nil {
		t.Fatal(err)
	}
	if got.String() != long || r.Choices[0].Content != long || !srv.Requests()[0].Stream {
		t.Errorf("streamed %q, content %q", got.String(), r.Choices[0].Content)
	}
	if r.Choices[0].GenerationInfo["CompletionTokens"] != 9 {
		t.Errorf("usage %v", r.Choices[0].GenerationInfo)
	}
}

// recordingTB notes the errors a test would report.
type recordingTB struct {
	testing.TB
	mu   sync.Mutex
	errs []string
}

func (r *recordingTB) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func TestServerFailsTheTestOnAnUnscriptedRequest(t *testing.T) {
	tb := &recordingTB{TB: t}
	srv := openaitest.NewServer(tb, openaitest.Reply("only"))
	llm := client(t, srv)
	if _, err := ask(llm); err != nil {
		t.Fatal(err)
	}
	if _, err := ask(llm); err == nil {
		t.Fatal("an unscripted request should fail")
	}
	tb.mu.Lock()
	defer tb.mu.Unlock()
	if len(tb.errs) != 1 || !strings.Contains(tb.errs[0], "only 1 were scripted") {
		t.Errorf("reported %q", tb.errs)
	}
}
