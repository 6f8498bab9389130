package main

import (
	"context"
	"os"
	"testing"
)

// osMkdirTemp makes the shared demo directory; it lives for the test binary.
func osMkdirTemp() (string, error) { return os.MkdirTemp("", "tarn-e2e-") }

// serveDemo runs Tarn over the shared demo lake on a free loopback port,
// with the engine and the agent, until the test ends.
func serveDemo(t *testing.T) *Main { t.Helper(); return serveDemoWith(t, nil) }

// serveDemoWith is serveDemo with more TARN_* variables set.
func serveDemoWith(t testing.TB, env map[string]string) *Main {
	t.Helper()
	dir, err := demoDir()
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := LoadConfig(nil, func(k string) string {
		if v, ok := env[k]; ok {
			return v
		}
		return map[string]string{"TARN_DATA": dir, "TARN_ADDR": "127.0.0.1:0"}[k]
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	m := NewMain(cfg)
	for _, step := range []func(context.Context) error{m.Open, m.OpenEngine, m.OpenAgent, m.OpenBot} {
		if err := step(ctx); err != nil {
			cancel()
			m.Close()
			t.Fatal(err)
		}
	}
	if err := m.Listen(); err != nil {
		cancel()
		m.Close()
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- m.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
		m.Close()
	})
	return m
}
