package main

import (
	"encoding/json"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"
)

func TestAskPrintsTheAnswerSQLAndTable(t *testing.T) {
	out, stderr, code := cli(t, "ask", "--as", "alice", "--now", "2026-11-25", "How many enterprise accounts are in europe?")
	if code != 0 {
		t.Fatalf("code %d\n%s\n%s", code, out, stderr)
	}
	for _, want := range []string{"SQL:", "dim.accounts", "europe", "enterprise", "offline", "1 model round trip"} {
		if !strings.Contains(out, want) {
			t.Errorf("the output lacks %q:\n%s", want, out)
		}
	}
}

func TestAskJSONWritesTheChart(t *testing.T) {
	chart := t.TempDir() + "/daily.png"
	out, stderr, code := cli(t, "ask", "--as", "alice", "--now", "2026-11-25", "--format", "json", "--chart", chart, "Daily requests for the last 30 days")
	if code != 0 {
		t.Fatalf("code %d\n%s\n%s", code, out, stderr)
	}
	var body askResponse
	if err := json.Unmarshal([]byte(out), &body); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if body.Table == nil || len(body.Table.Rows) != 30 || len(body.SQL) == 0 || body.ChartPath != chart || body.Rounds != 1 {
		t.Fatalf("body = %+v", body)
	}
	if st, err := os.Stat(chart); err != nil || st.Size() < 1000 {
		t.Fatalf("chart file: %v", err)
	}
}

func TestAskRefusalSaysWhatToRequestAndExitsForbidden(t *testing.T) {
	out, stderr, code := cli(t, "ask", "--as", "alice", "--now", "2026-11-25", "Top 10 customers by revenue last month")
	if code != 4 {
		t.Fatalf("code %d, want 4 (refused)\n%s\n%s", code, out, stderr)
	}
	if !strings.Contains(out+stderr, "billing") {
		t.Fatalf("the refusal does not name the billing group:\n%s\n%s", out, stderr)
	}
}

func TestHTTPAnswersQuestions(t *testing.T) {
	m := serveDemo(t)
	client := &http.Client{Timeout: 30 * time.Second}
	post := func(body string) (int, askResponse) {
		resp, err := client.Post("http://"+m.Addr()+"/api/ask", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var r askResponse
		if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
			t.Fatal(err)
		}
		return resp.StatusCode, r
	}
	status, r := post(`{"question": "How many accounts do we have?", "as": "alice"}`)
	if status != http.StatusOK || r.Error != nil || r.Table == nil || r.Table.Rows[0][0].(float64) != 2000 || !strings.Contains(r.Answer, "2,000") {
		t.Fatalf("status %d, %+v", status, r)
	}
	status, r = post(`{"question": "How many accounts do we have?", "as": "erin"}`)
	if status != http.StatusOK || r.Error == nil || r.Error.Code != "forbidden" || r.Table != nil {
		t.Fatalf("erin: status %d, %+v", status, r)
	}
	status, _ = post(`{"question": "", "as": "alice"}`)
	if status != http.StatusBadRequest {
		t.Fatalf("empty question: status %d", status)
	}
	for body, want := range map[string]int{
		`{"note": "zones in status deleted never count", "as": "alice"}`:              http.StatusOK,
		`{"question": "how many zones", "script": "tarn.answer('x')", "as": "alice"}`: http.StatusOK,
		`{"question": "how many zones", "as": "alice"}`:                               http.StatusBadRequest,
	} {
		resp, err := client.Post("http://"+m.Addr()+"/api/feedback", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("feedback %s: status %d, want %d", body, resp.StatusCode, want)
		}
	}
}
