package transform_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/tarn-data/tarn/engine"
	"github.com/tarn-data/tarn/lake"
	"github.com/tarn-data/tarn/lake/transform"
	"github.com/tarn-data/tarn/store/storetest"
)

// crashJobs are one job of each writing materialization over src.events.
func crashJobs(e *env) []*transform.Job {
	return []*transform.Job{
		e.job("copy", "target: out.copy\nmaterialization: incremental_append\ncursor: ts\nowner: test", "SELECT ts, zone, bytes FROM src.events"),
		e.job("daily", "target: out.daily\nmaterialization: rollup\nrollup: {time: ts, bucket: day, grain: day}\npartition: [day]\nowner: test",
			"SELECT CAST(ts AS DATE) AS day, zone, count(*) AS n, CAST(sum(bytes) AS BIGINT) AS bytes FROM src.events GROUP BY ALL"),
		e.job("latest", "target: out.latest\nmaterialization: merge\nkeys: [zone]\ncursor: last_seen\nowner: test",
			"SELECT zone, max(ts) AS last_seen, count(*) AS n FROM src.events GROUP BY zone"),
		e.job("totals", "target: out.totals\nowner: test", "SELECT zone, count(*) AS n FROM src.events GROUP BY zone"),
	}
}

// checkCrashJobs proves each target holds exactly the rows its SQL gives
// over the whole source.
func checkCrashJobs(e *env) {
	e.t.Helper()
	e.sameRows("SELECT * FROM out.copy", "SELECT ts, zone, bytes FROM src.events")
	e.sameRows("SELECT * FROM out.daily", "SELECT CAST(ts AS DATE), zone, count(*), sum(bytes) FROM src.events GROUP BY ALL")
	e.sameRows("SELECT * FROM out.latest", "SELECT zone, max(ts), count(*) FROM src.events GROUP BY zone")
	e.sameRows("SELECT * FROM out.totals", "SELECT zone, count(*) FROM src.events GROUP BY zone")
}

// stopAt is a Querier that cancels the run after its result gave n
// batches (n < 0: never).
type stopAt struct {
	eng    *engine.Engine
	n      int
	cancel context.CancelFunc
}

func (s *stopAt) Query(ctx context.Context, req engine.Request) (*engine.Result, error) {
	res, err := s.eng.Query(ctx, req)
	if err != nil || s.n < 0 {
		return res, err
	}
	res.Reader = &cancelReader{RecordReaderLike: res.Reader, left: s.n, cancel: s.cancel}
	return res, nil
}

type cancelReader struct {
	RecordReaderLike
	left   int
	cancel context.CancelFunc
}

// RecordReaderLike is array.RecordReader, embedded under another name.
type RecordReaderLike interface {
	Retain()
	Release()
	Schema() *arrow.Schema
	Next() bool
	RecordBatch() arrow.RecordBatch
	Record() arrow.RecordBatch
	Err() error
}

func (c *cancelReader) Next() bool {
	if c.left == 0 {
		c.cancel()
	}
	c.left--
	return c.RecordReaderLike.Next()
}

// TestRunsStoppedAtAnyPointLeaveNoPartialDataAndRerunsAreExact stops each
// job at every step between planning and recording, and in the middle of
// its result stream, then reruns it: the targets always end up holding
// exactly what their SQL gives, never a row lost or twice.
func TestRunsStoppedAtAnyPointLeaveNoPartialDataAndRerunsAreExact(t *testing.T) {
	e := newEnv(t)
	e.createEvents()
	hour := 0
	steps := []string{"planned", "queried", "target", "written", "recorded"}
	for round := 0; round < len(steps)+3; round++ {
		e.appendEvents(hour, hour+7, 5)
		hour += 7
		for _, j := range crashJobs(e) {
			ctx, cancel := context.WithCancel(context.Background())
			q := &stopAt{eng: e.eng, n: -1, cancel: cancel}
			var step func(context.Context, *transform.Job, string)
			if round < len(steps) {
				stopStep := steps[round]
				step = func(_ context.Context, _ *transform.Job, s string) {
					if s == stopStep {
						cancel()
					}
				}
			} else {
				q.n = round - len(steps) // after 0, 1, 2 batches of some query
			}
			r := transform.NewRunner(transform.Options{Lake: e.lake, Engine: q, Runs: e.runs, Tables: transform.GuardTables{Parser: e.parser}, Step: step})
			r.Run(ctx, j, transform.RunOptions{}) // may fail: it was stopped
			cancel()
		}
		for _, j := range crashJobs(e) {
			e.run(j, transform.RunOptions{})
		}
		checkCrashJobs(e)
	}
}

const crashEnv = "TARN_TEST_JOB_CRASH"

// TestKilledRunnerProcessLeavesNoPartialData runs the jobs in a child
// process that is SIGKILLed at random moments while the source grows, then
// reruns them here: the targets hold exactly what their SQL gives.
func TestKilledRunnerProcessLeavesNoPartialData(t *testing.T) {
	if os.Getenv(crashEnv) != "" {
		t.Skip("this is the child's test binary")
	}
	storetest.EachStore(t, func(t *testing.T, url string) {
		dir := t.TempDir()
		e := newEnvAt(t, url, dir)
		e.createEvents()
		seed := uint64(time.Now().UnixNano())
		if s, err := strconv.ParseUint(os.Getenv("TARN_TEST_KILL_SEED"), 10, 64); err == nil {
			seed = s
		}
		t.Logf("kill schedule seed %d (set TARN_TEST_KILL_SEED to replay it)", seed)
		rng := rand.New(rand.NewPCG(seed, 2))
		hour := 0
		for kill := 0; kill < 8; kill++ {
			e.appendEvents(hour, hour+5, 20)
			hour += 5
			cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
			cmd.Env = append(os.Environ(), crashEnv+"=1", "TARN_TEST_CRASH_URL="+url, "TARN_TEST_CRASH_DIR="+dir)
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			// The child needs a moment to open DuckDB before it gets going.
			time.Sleep(time.Duration(300+rng.IntN(1200)) * time.Millisecond)
			_ = cmd.Process.Signal(syscall.SIGKILL)
			_ = cmd.Wait()
		}
		if snaps, err := e.lake.Snapshots(context.Background(), lake.MustIdent("out.copy")); err == nil {
			t.Logf("the killed children committed %d snapshots of out.copy", len(snaps))
		}
		for _, j := range crashJobs(e) {
			e.run(j, transform.RunOptions{})
		}
		checkCrashJobs(e)
	})
}

// TestCrashChild is the child of TestKilledRunnerProcessLeavesNoPartialData:
// it runs the jobs over and over until it is killed.
func TestCrashChild(t *testing.T) {
	if os.Getenv(crashEnv) == "" {
		t.Skip("run by TestKilledRunnerProcessLeavesNoPartialData")
	}
	e := newEnvAt(t, os.Getenv("TARN_TEST_CRASH_URL"), os.Getenv("TARN_TEST_CRASH_DIR"))
	for i := 0; i < 1000; i++ {
		for _, j := range crashJobs(e) {
			if _, err := e.runner.Run(context.Background(), j, transform.RunOptions{Full: i%2 == 1}); err != nil {
				fmt.Fprintln(os.Stderr, err)
			}
		}
	}
}
