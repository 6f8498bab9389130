package main

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/lake/transform"
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

// blockingRunner is a JobRunner whose runs wait for release (or their
// context) and report whether their context was still live.
type blockingRunner struct {
	started chan struct{}
	release chan struct{}
}

func (b blockingRunner) Run(ctx context.Context, j *transform.Job, o transform.RunOptions) (transform.Run, error) {
	b.started <- struct{}{}
	select {
	case <-b.release:
		return transform.Run{Job: j.Name, Status: transform.StatusSucceeded}, ctx.Err()
	case <-o.Stop: // a following run asked to stop: it commits and returns
		return transform.Run{Job: j.Name, Status: transform.StatusSucceeded}, ctx.Err()
	case <-ctx.Done():
		return transform.Run{Job: j.Name, Status: transform.StatusFailed}, ctx.Err()
	}
}

// TestAStopLetsAScheduledRunFinishAndDrainsAFollowingOne: the scheduler's
// context ending does not cut a scheduled run, which the stop waits for;
// a following (Kafka) run is asked to commit what it read and return,
// with its context intact.
func TestAStopLetsAScheduledRunFinishAndDrainsAFollowingOne(t *testing.T) {
	cfg, err := LoadConfig(nil, envOf(map[string]string{"TARN_DATA": t.TempDir()}))
	if err != nil {
		t.Fatal(err)
	}
	m := NewMain(cfg)
	b := blockingRunner{started: make(chan struct{}, 2), release: make(chan struct{})}
	d := drainingRunner{m: m, next: b}
	loop, stopLoop := context.WithCancel(context.Background())
	j := &transform.Job{Name: "j"}
	scheduled, following := make(chan error, 1), make(chan error, 1)
	go func() { _, err := d.Run(loop, j, transform.RunOptions{Trigger: "schedule"}); scheduled <- err }()
	go func() {
		_, err := d.Run(loop, j, transform.RunOptions{Trigger: "follow", Follow: true})
		following <- err
	}()
	<-b.started
	<-b.started
	m.ops.drain()
	stopLoop()
	if err := <-following; err != nil {
		t.Fatalf("the following run: %v, want it drained by the stop with its context intact", err)
	}
	waited := make(chan struct{})
	go func() { m.ops.work.Wait(); close(waited) }()
	select {
	case <-waited:
		t.Fatal("the stop did not wait for the scheduled run")
	case err := <-scheduled:
		t.Fatalf("the scheduled run was cut: %v", err)
	default:
	}
	close(b.release)
	if err := <-scheduled; err != nil {
		t.Fatalf("the scheduled run's context ended: %v", err)
	}
	<-waited
	if _, err := d.Run(context.Background(), j, transform.RunOptions{Follow: true}); !errors.Is(err, ErrDraining) {
		t.Fatalf("a following run after the stop: %v", err)
	}
}
