package postgres

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/tarn-data/tarn/lake"
	"github.com/tarn-data/tarn/store/storetest"
)

// The killrun helper binary is built once per test run, in the
// background from the start (linking it takes seconds), and removed by
// TestMain.
var (
	helperOnce  sync.Once
	helperBuilt = make(chan struct{})
	helperDir   string
	helperBin   string
	helperErr   error
)

func TestMain(m *testing.M) {
	if os.Getenv(storetest.EnvPostgresURL) != "" {
		go buildKillrun()
	}
	code := m.Run()
	if helperDir != "" {
		<-helperBuilt
		os.RemoveAll(helperDir)
	}
	os.Exit(code)
}

func buildKillrun() {
	helperOnce.Do(func() {
		defer close(helperBuilt)
		goBin, err := exec.LookPath("go")
		if err != nil {
			goBin = "go"
		}
		if helperDir, helperErr = os.MkdirTemp("", "tarn-killrun-"); helperErr != nil {
			return
		}
		helperBin = filepath.Join(helperDir, "killrun")
		out, err := exec.Command(goBin, "build", "-tags", "duckdb_arrow", "-o", helperBin, "./internal/killrun").CombinedOutput()
		if err != nil {
			helperErr = fmt.Errorf("go build ./internal/killrun: %v\n%s", err, out)
		}
	})
}

// killrunBinary waits for internal/killrun to be built and returns its
// path.
func killrunBinary(t testing.TB) string {
	t.Helper()
	buildKillrun()
	<-helperBuilt
	if helperErr != nil {
		t.Fatal(helperErr)
	}
	return helperBin
}

// TestKilledIngestionProcessThenRerunGivesExactRows runs ingestion in a
// child process that is SIGKILLed at random moments — while reading,
// writing files or committing — with rows added upstream between kills.
// After each kill the target must hold a committed state (an incremental
// target exactly the rows up to its position, a full target exactly the
// source as of some run); a final run in this process must leave exactly
// the source's rows.
func TestKilledIngestionProcessThenRerunGivesExactRows(t *testing.T) {
	t.Parallel()
	for _, mode := range []Mode{Incremental, Full} {
		t.Run(string(mode), func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			bin := killrunBinary(t)
			f.exec(eventsDDL)
			f.fillEvents(1, 2499)
			seed := uint64(time.Now().UnixNano())
			t.Logf("seed %d", seed)
			rng := rand.New(rand.NewPCG(seed, 3))
			o := Options{URL: f.url, Table: "events", Target: lake.MustIdent("raw.events"), Mode: mode, Cursor: "at", BatchRows: 100}
			k, acks := 50, 0
			for kill := range 6 {
				cmd := exec.Command(bin, "-pg", f.url, "-store", f.storeURL, "-warehouse", f.warehouse,
					"-table", o.Table, "-target", o.Target.String(), "-mode", string(mode), "-cursor", o.Cursor, "-batch", "100")
				var stderr strings.Builder
				cmd.Stderr = &stderr
				stdout, err := cmd.StdoutPipe()
				if err != nil {
					t.Fatal(err)
				}
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				lines := make(chan string)
				go func() {
					defer close(lines)
					sc := bufio.NewScanner(stdout)
					for sc.Scan() {
						lines <- sc.Text()
					}
				}()
				wait := rng.IntN(4)
				deadline := time.After(5 * time.Second)
			read:
				for range wait {
					select {
					case _, ok := <-lines:
						if !ok {
							break read
						}
						acks++
					case <-deadline:
						break read
					}
				}
				time.Sleep(time.Duration(rng.IntN(30)) * time.Millisecond)
				if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
					t.Fatal(err)
				}
				for range lines {
					acks++
				}
				_ = cmd.Wait()
				if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() {
					t.Fatalf("kill %d: the run stopped by itself before it was killed: %s", kill, stderr.String())
				}
				if mode == Incremental {
					f.checkPrefix(o.Target, o)
				} else {
					f.checkWholeOrNothing(o.Target)
				}
				f.fillEvents(k*k, (k+1)*(k+1)-1)
				k++
			}
			if _, err := Run(f.ctx, f.lake, f.mem, o); err != nil {
				t.Fatal(err)
			}
			sameRows(t, f.gotEvents(o.Target), f.wantEvents())
			t.Logf("6 kills after %d acknowledged commits", acks)
		})
	}
}
