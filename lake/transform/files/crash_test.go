package files_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tarn-data/tarn/lake/transform"
	"github.com/tarn-data/tarn/store/storetest"
)

const crashEnv = "TARN_TEST_FILES_CRASH"

const crashJob = "target: raw.ev\nsource: {kind: files, path: 'ev/*.csv', batch_bytes: 4000}"

// TestAKilledIngestingProcessLeavesNoPartialData ingests a growing folder
// in a child process SIGKILLed at random moments, then once more here:
// the table holds every row of every file exactly once.
func TestAKilledIngestingProcessLeavesNoPartialData(t *testing.T) {
	if os.Getenv(crashEnv) != "" {
		t.Skip("this is the child's test binary")
	}
	storetest.EachStore(t, func(t *testing.T, url string) {
		dir := t.TempDir()
		e := newEnvAt(t, url, dir)
		seed := uint64(time.Now().UnixNano())
		if s, err := strconv.ParseUint(os.Getenv("TARN_TEST_KILL_SEED"), 10, 64); err == nil {
			seed = s
		}
		t.Logf("kill schedule seed %d (set TARN_TEST_KILL_SEED to replay it)", seed)
		rng := rand.New(rand.NewPCG(seed, 3))
		rows := 0
		for kill := 0; kill < 6; kill++ {
			for f := 0; f < 30; f++ { // thirty files of 200 rows, about 2.5 kB each
				var sb strings.Builder
				sb.WriteString("id,zone\n")
				for k := 0; k < 200; k++ {
					fmt.Fprintf(&sb, "%d,%d\n", rows, rows%7)
					rows++
				}
				e.write(fmt.Sprintf("ev/%02d-%02d.csv", kill, f), sb.String())
			}
			cmd := exec.Command(os.Args[0], "-test.run=^TestFilesCrashChild$", "-test.count=1")
			cmd.Env = append(os.Environ(), crashEnv+"=1", "TARN_TEST_CRASH_URL="+url, "TARN_TEST_CRASH_DIR="+dir)
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			time.Sleep(time.Duration(150+rng.IntN(700)) * time.Millisecond)
			_ = cmd.Process.Signal(syscall.SIGKILL)
			_ = cmd.Wait()
		}
		if got := e.rowsIfAny("SELECT count(*) FROM raw.ev"); len(got) == 1 {
			t.Logf("the killed children committed %s of %d rows", got[0], rows)
		}
		e.mustRun(e.job("ev", crashJob))
		same(t, e.rows("SELECT count(*), count(DISTINCT id), min(id), max(id) FROM raw.ev"), fmt.Sprintf("%d|%d|0|%d", rows, rows, rows-1))
	})
}

// TestFilesCrashChild ingests over and over until it is killed.
func TestFilesCrashChild(t *testing.T) {
	if os.Getenv(crashEnv) == "" {
		t.Skip("run by TestAKilledIngestingProcessLeavesNoPartialData")
	}
	e := newEnvAt(t, os.Getenv("TARN_TEST_CRASH_URL"), os.Getenv("TARN_TEST_CRASH_DIR"))
	j := e.job("ev", crashJob)
	for i := 0; i < 10000; i++ {
		if _, err := e.runner.Run(context.Background(), j, transform.RunOptions{}); err != nil {
			fmt.Fprintln(os.Stderr, err)
		}
	}
}
