package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"strings"
	"syscall"
	"testing"

	"github.com/tarn-data/tarn/lake"
	"github.com/tarn-data/tarn/lake/transform"
)

// TestAGracefulStopFinishesTheCommitAndTheRequestInFlight stops a served
// Tarn while a job run is held just before its commit and an HTTP request
// is held in its handler: readiness goes first, new work and new requests
// are refused, Run waits for both, the commit lands and Run returns nil.
func TestAGracefulStopFinishesTheCommitAndTheRequestInFlight(t *testing.T) {
	reached, entered, release := make(chan struct{}), make(chan struct{}), make(chan struct{})
	dir := writeJob(t, "drain_plans", "---\ntarget: scratch.drain_plans\nowner: job:transformer\n---\nSELECT plan, count(*) AS accounts FROM dim.accounts GROUP BY plan\n")
	s := serveControlled(t, serveOptions{jobs: dir, before: func(m *Main) {
		m.ops.jobStep = func(ctx context.Context, j *transform.Job, step string) {
			if j.Name == "drain_plans" && step == "target" {
				close(reached)
				<-release
			}
		}
	}, wrap: func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path != "/test/slow" {
				next.ServeHTTP(w, r)
				return
			}
			close(entered)
			<-release
			io.WriteString(w, "finished")
		})
	}})
	ctx := context.Background()
	j, err := s.jobs.dag.Job("drain_plans")
	if err != nil {
		t.Fatal(err)
	}
	// The scheduler's loop context: the stop cancels it.
	loop, stopLoop := context.WithCancel(ctx)
	type result struct {
		run transform.Run
		err error
	}
	jobc := make(chan result, 1)
	go func() {
		r, err := s.jobRunner().Run(loop, j, transform.RunOptions{Trigger: "schedule"})
		jobc <- result{r, err}
	}()
	httpc := make(chan string, 1)
	go func() {
		resp, err := http.Get("http://" + s.Addr() + "/test/slow")
		if err != nil {
			httpc <- "error: " + err.Error()
			return
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		httpc <- resp.Status + " " + string(b)
	}()
	<-reached
	<-entered

	s.stop() // SIGTERM
	stopLoop()
	<-s.ops.drainc

	// Draining: no new work, and a new request is refused or told 503.
	if _, err := s.jobRunner().Run(ctx, j, transform.RunOptions{Trigger: "schedule"}); !errors.Is(err, ErrDraining) {
		t.Fatalf("a run started during the stop: %v, want ErrDraining", err)
	}
	if resp, err := http.Get("http://" + s.Addr() + "/readyz"); err == nil {
		resp.Body.Close()
		if resp.StatusCode != http.StatusServiceUnavailable {
			t.Fatalf("readyz during the stop: %d, want 503 (or a refused connection)", resp.StatusCode)
		}
	}
	select {
	case <-jobc:
		t.Fatal("the held job run returned before it was released")
	default:
	}

	close(release)
	if got := <-httpc; got != "200 OK finished" {
		t.Fatalf("the request in flight: %q", got)
	}
	res := <-jobc
	if res.err != nil || res.run.Status != transform.StatusSucceeded || res.run.SnapshotID == 0 {
		t.Fatalf("the run in flight: %+v %v", res.run, res.err)
	}
	if err := s.wait(); err != nil {
		t.Fatalf("Run: %v", err)
	}
	// The commit landed and the history says so; the lake is still open
	// (Close comes after Run).
	tbl, err := s.Lake.Load(ctx, lake.Ident{Namespace: "scratch", Name: "drain_plans"})
	if err != nil || tbl.CurrentSnapshot() == nil || tbl.CurrentSnapshot().SnapshotID != res.run.SnapshotID {
		t.Fatalf("scratch.drain_plans after the stop: %v", err)
	}
	runs, err := s.jobs.runs.Runs(ctx, transform.RunFilter{Job: "drain_plans"})
	if err != nil || len(runs) == 0 || runs[0].ID != res.run.ID || runs[0].Status != transform.StatusSucceeded {
		t.Fatalf("run history: %+v %v", runs, err)
	}
}

// TestServeChild is `tarn serve` in a child process for
// TestServeStopsCleanlyOnSIGTERM; it does nothing in a normal run.
func TestServeChild(t *testing.T) {
	if os.Getenv("TARN_TEST_SERVE_CHILD") == "" {
		t.Skip("run by TestServeStopsCleanlyOnSIGTERM")
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--log-format", "json", "--log-level", "info"}, os.Stdout, os.Stderr))
}

// TestServeStopsCleanlyOnSIGTERM runs `tarn serve` as a process, asks it
// for /healthz, sends it SIGTERM and expects exit status 0 with the stop
// in its JSON logs.
func TestServeStopsCleanlyOnSIGTERM(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-test.run=^TestServeChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), "TARN_TEST_SERVE_CHILD=1", "TARN_DATA="+t.TempDir(),
		"TARN_SKIMMER_EVERY=0", "TARN_JOBS_EVERY=0")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	addr := ""
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "Tarn is serving on http://"); ok {
			addr, _, _ = strings.Cut(rest, " ")
			break
		}
	}
	if addr == "" {
		cmd.Wait()
		t.Fatalf("the child never served:\n%s", stderr.String())
	}
	go io.Copy(io.Discard, stdout)
	resp, err := http.Get("http://" + addr + "/healthz")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("healthz: %v %v", resp, err)
	}
	resp.Body.Close()
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("after SIGTERM: %v\n%s", err, stderr.String())
	}
	var sawStop, sawDone bool
	for _, line := range strings.Split(stderr.String(), "\n") {
		var rec map[string]any
		if json.Unmarshal([]byte(line), &rec) != nil {
			continue
		}
		switch rec["msg"] {
		case "shutting down: finishing requests and work in flight":
			sawStop = rec["timeout"] == "30s"
		case "shut down":
			sawDone = true
		}
	}
	if !sawStop || !sawDone {
		t.Fatalf("the JSON logs do not show the stop:\n%s", stderr.String())
	}
}
