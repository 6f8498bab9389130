package langchaingo_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/agent/langchaingo"
)

func env(kv ...string) func(string) string {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return func(k string) string { return m[k] }
}

func TestConfigFromEnvWithNothingSetMeansNoModel(t *testing.T) {
	_, ok, err := langchaingo.ConfigFromEnv(env("OPENAI_API_KEY", "sk"))
	if ok || err != nil {
		t.Fatalf("ok %v, err %v; want no model and no error", ok, err)
	}
}

func TestConfigFromEnvReadsEverySetting(t *testing.T) {
	cfg, ok, err := langchaingo.ConfigFromEnv(env("TARN_LLM_PROVIDER", "Anthropic", "TARN_LLM_MODEL", "claude-x",
		"ANTHROPIC_API_KEY", "ak", "TARN_LLM_TIMEOUT", "90s", "TARN_LLM_RETRIES", "-1"))
	if !ok || err != nil {
		t.Fatalf("ok %v, err %v", ok, err)
	}
	if cfg.Provider != "anthropic" || cfg.Model != "claude-x" || cfg.APIKey != "ak" || cfg.Timeout != 90*time.Second || cfg.Retries != -1 {
		t.Errorf("cfg = %+v", cfg)
	}
	cfg, _, err = langchaingo.ConfigFromEnv(env("TARN_LLM_MODEL", "llama3", "TARN_LLM_BASE_URL", "http://127.0.0.1:11434/v1", "TARN_LLM_TIMEOUT", "30"))
	if err != nil || cfg.Provider != "openai" || cfg.Timeout != 30*time.Second {
		t.Errorf("an OpenAI-compatible endpoint without a key: cfg %+v, err %v", cfg, err)
	}
	cfg, _, _ = langchaingo.ConfigFromEnv(env("TARN_LLM_PROVIDER", "openai", "TARN_LLM_MODEL", "m", "TARN_LLM_API_KEY", "tk", "OPENAI_API_KEY", "ok"))
	if cfg.APIKey != "tk" {
		t.Errorf("TARN_LLM_API_KEY should win over OPENAI_API_KEY, got %q", cfg.APIKey)
	}
}

func TestConfigErrorsNameTheSetting(t *testing.T) {
	cases := []struct {
		name string
		env  func(string) string
		want []string
	}{
		{"unknown provider", env("TARN_LLM_PROVIDER", "mistrall", "TARN_LLM_MODEL", "m"),
			[]string{`unknown model provider "mistrall"`, "TARN_LLM_PROVIDER", "openai, anthropic, google, bedrock"}},
		{"missing model", env("TARN_LLM_PROVIDER", "openai", "OPENAI_API_KEY", "k"), []string{"TARN_LLM_MODEL"}},
		{"missing openai key", env("TARN_LLM_PROVIDER", "openai", "TARN_LLM_MODEL", "gpt-4o"), []string{"TARN_LLM_API_KEY", "OPENAI_API_KEY"}},
		{"missing google key", env("TARN_LLM_PROVIDER", "google", "TARN_LLM_MODEL", "gemini"), []string{"TARN_LLM_API_KEY", "GOOGLE_API_KEY"}},
		{"missing region", env("TARN_LLM_PROVIDER", "bedrock", "TARN_LLM_MODEL", "anthropic.claude"), []string{"TARN_LLM_REGION"}},
		{"bad timeout", env("TARN_LLM_MODEL", "m", "TARN_LLM_TIMEOUT", "soon"), []string{"TARN_LLM_TIMEOUT"}},
		{"bad base URL", env("TARN_LLM_MODEL", "m", "TARN_LLM_BASE_URL", "localhost:11434"), []string{"TARN_LLM_BASE_URL"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := langchaingo.ConfigFromEnv(c.env)
			if tarn.ErrorCode(err) != tarn.EINVALID || !errors.Is(err, langchaingo.ErrConfig) {
				t.Fatalf("err = %v", err)
			}
			for _, w := range c.want {
				if !strings.Contains(tarn.ErrorMessage(err), w) {
					t.Errorf("%q does not mention %q", tarn.ErrorMessage(err), w)
				}
			}
		})
	}
}

func TestNewBuildsEveryProviderWithoutTheNetwork(t *testing.T) {
	for _, cfg := range []langchaingo.Config{
		{Provider: "openai", Model: "gpt-4o", APIKey: "k"},
		{Provider: "openai", Model: "llama3", BaseURL: "http://127.0.0.1:1/v1"},
		{Provider: "anthropic", Model: "claude-x", APIKey: "k"},
		{Provider: "google", Model: "gemini-x", APIKey: "k"},
		{Provider: "bedrock", Model: "anthropic.claude-3-haiku-20240307-v1:0", Region: "us-east-1"},
	} {
		m, err := langchaingo.New(cfg)
		if err != nil {
			t.Errorf("%s: %v", cfg.Provider, err)
			continue
		}
		if m.Name() != cfg.Provider+":"+cfg.Model {
			t.Errorf("name %q", m.Name())
		}
	}
	if _, err := langchaingo.New(langchaingo.Config{Provider: "openai"}); tarn.ErrorCode(err) != tarn.EINVALID {
		t.Errorf("no model: err = %v", err)
	}
}

func TestConfigFromEnvOfflineMeansNoModel(t *testing.T) {
	if _, ok, err := langchaingo.ConfigFromEnv(env("TARN_LLM_PROVIDER", "offline", "TARN_LLM_MODEL", "x")); ok || err != nil {
		t.Fatalf("ok %v, err %v", ok, err)
	}
}
