package main

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tarn-data/tarn"
)

func TestLogAndShutdownSettingsComeFromTheFileTheEnvironmentAndFlags(t *testing.T) {
	path := writeFile(t, filepath.Join(t.TempDir(), "tarn.yaml"), "log:\n  format: json\n  level: debug\nshutdown_timeout: 45s\n")
	cfg, err := LoadConfig(parsedFlags(t, "--config", path), envOf(nil))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Log != (LogConfig{Format: "json", Level: "debug"}) || cfg.ShutdownTimeout != 45*time.Second {
		t.Fatalf("from the file: %+v, %s", cfg.Log, cfg.ShutdownTimeout)
	}
	cfg, err = LoadConfig(parsedFlags(t, "--config", path, "--log-level", "ERROR"),
		envOf(map[string]string{"TARN_LOG_FORMAT": "text", "TARN_LOG_LEVEL": "warn", "TARN_SHUTDOWN_TIMEOUT": "2m"}))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Log != (LogConfig{Format: "text", Level: "error"}) || cfg.ShutdownTimeout != 2*time.Minute {
		t.Fatalf("env and flags over the file: %+v, %s", cfg.Log, cfg.ShutdownTimeout)
	}
	for env, want := range map[string]string{
		"TARN_LOG_FORMAT":       "text, json",
		"TARN_LOG_LEVEL":        "debug, info, warn, error",
		"TARN_SHUTDOWN_TIMEOUT": "positive duration",
	} {
		_, err := LoadConfig(nil, envOf(map[string]string{env: "loud"}))
		if err == nil || !strings.Contains(tarn.ErrorMessage(err), env) || !strings.Contains(tarn.ErrorHint(err), want) {
			t.Errorf("%s=loud: %v (hint %q), want one naming it and %q", env, err, tarn.ErrorHint(err), want)
		}
	}
}
