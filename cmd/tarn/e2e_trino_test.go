package main

import (
	"encoding/json"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/tarn-data/tarn/engine/trino/trinotest"
)

func TestTrinoURLComesFromTheFileAndTheEnvironment(t *testing.T) {
	path := t.TempDir() + "/tarn.yaml"
	os.WriteFile(path, []byte("engine:\n  trino: {url: \"http://tarn@trino:8080?catalog=tarn\"}\n"), 0o600)
	cfg, err := LoadConfig(parsedFlags(t, "--config", path), envOf(nil))
	if err != nil || cfg.Engine.Trino.URL != "http://tarn@trino:8080?catalog=tarn" {
		t.Fatalf("from the file: %+v, %v", cfg.Engine.Trino, err)
	}
	cfg, err = LoadConfig(parsedFlags(t, "--config", path), envOf(map[string]string{"TARN_TRINO_URL": "https://tarn@trino.internal:8443"}))
	if err != nil || cfg.Engine.Trino.URL != "https://tarn@trino.internal:8443" {
		t.Fatalf("from the environment: %+v, %v", cfg.Engine.Trino, err)
	}
	os.WriteFile(path, []byte("engine:\n  trino: {uri: x}\n"), 0o600)
	if _, err := LoadConfig(parsedFlags(t, "--config", path), envOf(nil)); err == nil || !strings.Contains(err.Error(), "engine.trino.uri") {
		t.Fatalf("an unknown key: %v", err)
	}
}

func TestServeSendsQueriesToTheConfiguredTrinoAsTheAskingPerson(t *testing.T) {
	fake := trinotest.New(t, func(string, http.Header) trinotest.Reply {
		return trinotest.Reply{Columns: []trinotest.Column{{Name: "zones", Type: "bigint"}}, Pages: [][][]any{{{4242}}}}
	})
	m := serveDemoWith(t, map[string]string{"TARN_TRINO_URL": fake.DSN("tarn"), "TARN_TRINO_RULES_LAG": "0s"})
	resp, err := http.Post("http://"+m.Addr()+"/api/sql", "application/json", strings.NewReader(`{"sql": "SELECT count(*) AS zones FROM dim.zones", "as": "alice"}`))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body struct {
		Rows []map[string]any `json:"rows"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil || len(body.Rows) != 1 || body.Rows[0]["zones"] != float64(4242) {
		t.Fatalf("status %d, rows %v, %v", resp.StatusCode, body.Rows, err)
	}
	reqs := fake.Requests()
	if len(reqs) == 0 || reqs[0].Header.Get("X-Trino-User") != "alice" || reqs[0].Body != "SELECT count(*) AS zones FROM dim.zones" {
		t.Fatalf("Trino received %+v", reqs)
	}
}

// TestQueriesStayOnDuckDBWhileTrinosRulesMayLag: right after the rules
// changed (here: this process has just seen them for the first time),
// Trino may still hold older ones, so queries run on DuckDB, which
// decides by the new rules.
func TestQueriesStayOnDuckDBWhileTrinosRulesMayLag(t *testing.T) {
	fake := trinotest.New(t, func(string, http.Header) trinotest.Reply {
		return trinotest.Reply{Columns: []trinotest.Column{{Name: "zones", Type: "bigint"}}, Pages: [][][]any{{{4242}}}}
	})
	m := serveDemoWith(t, map[string]string{"TARN_TRINO_URL": fake.DSN("tarn"), "TARN_TRINO_RULES_LAG": "1h"})
	resp, err := http.Post("http://"+m.Addr()+"/api/sql", "application/json", strings.NewReader(`{"sql": "SELECT count(*) AS zones FROM dim.zones", "as": "alice"}`))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body struct {
		Rows []map[string]any `json:"rows"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil || len(body.Rows) != 1 || body.Rows[0]["zones"] == float64(4242) {
		t.Fatalf("status %d, rows %v, %v; want DuckDB's count", resp.StatusCode, body.Rows, err)
	}
	if reqs := fake.Requests(); len(reqs) != 0 {
		t.Fatalf("Trino received %d queries while its rules may lag", len(reqs))
	}
	cfg, err := LoadConfig(nil, envOf(map[string]string{"TARN_TRINO_RULES_LAG": "soon"}))
	if err == nil || !strings.Contains(err.Error(), "TARN_TRINO_RULES_LAG") {
		t.Fatalf("a bad lag: %+v, %v", cfg, err)
	}
	if cfg, err := LoadConfig(nil, envOf(nil)); err != nil || cfg.Engine.Trino.RulesLag != DefaultTrinoRulesLag {
		t.Fatalf("the default lag: %v, %v", cfg.Engine.Trino.RulesLag, err)
	}
}
