package kafka

import (
	"bufio"
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

	"github.com/apache/arrow-go/v18/arrow/memory"
)

// envChild carries "brokers|store URL|warehouse" to the ingesting child
// process TestIngestingChild runs as.
const envChild = "TARN_KAFKA_TEST_CHILD"

// crashBatchRows is the batch size of the killed consumer: small enough
// for kills to land in every phase of many commits.
const crashBatchRows = 40_000

// TestIngestingChild is the consumer TestMillionMessagesConsumerKilled
// starts and SIGKILLs: it runs one ingestion and prints "committing"
// before each AppendFrom and "committed" after it.
func TestIngestingChild(t *testing.T) {
	spec := os.Getenv(envChild)
	if spec == "" {
		t.Skip("the ingesting child process of TestMillionMessagesConsumerKilled")
	}
	parts := strings.Split(spec, "|")
	l := openLakeAt(t, parts[1], parts[2])
	o := options(strings.Split(parts[0], ","), "events")
	o.MaxBatchRows = crashBatchRows
	out := bufio.NewWriter(os.Stdout)
	o.hook = func(point string) {
		switch point {
		case hookCommit:
			fmt.Fprintln(out, "committing")
		case hookCommitted:
			fmt.Fprintln(out, "committed")
		default:
			return
		}
		out.Flush()
	}
	if _, err := Run(context.Background(), l, memory.NewGoAllocator(), o); err != nil {
		t.Fatal(err)
	}
	fmt.Fprintln(out, "done")
	out.Flush()
}

// TestMillionMessagesConsumerKilled ingests 1,000,000 messages (100,000
// with -short or the race detector) with the consumer, a child process,
// SIGKILLed at random moments: half of the kills at a random time after a
// random number of commits, half while a commit is in flight (rows being
// written or the catalog being swapped). After every kill the table's rows
// are exactly the messages its position accounts for; in the end, exactly
// every message is in the table once.
func TestMillionMessagesConsumerKilled(t *testing.T) {
	n, kills := 1_000_000, 8
	if testing.Short() || raceEnabled {
		n, kills = 100_000, 4
	}
	brokers := newCluster(t, "events", 4)
	start := time.Now()
	produce(t, brokers, "events", 4, 0, n, event)
	t.Logf("produced %d messages in %v", n, time.Since(start).Round(time.Millisecond))
	l, url, warehouse := openLake(t)
	o := options(brokers, "events")
	seed := uint64(time.Now().UnixNano())
	if s, err := strconv.ParseUint(os.Getenv("TARN_TEST_KILL_SEED"), 10, 64); err == nil {
		seed = s
	}
	t.Logf("kill schedule seed %d (set TARN_TEST_KILL_SEED to replay it)", seed)
	rng := rand.New(rand.NewPCG(seed, 3))

	inFlight, finished := 0, false
	for k := 0; k < kills && !finished; k++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestIngestingChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), envChild+"="+strings.Join(brokers, ",")+"|"+url+"|"+warehouse)
		stderr := &strings.Builder{}
		cmd.Stderr = stderr
		pipe, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := make(chan string)
		go func() {
			defer close(lines)
			sc := bufio.NewScanner(pipe)
			for sc.Scan() {
				lines <- sc.Text()
			}
		}()
		// Wait for a few commits, then for the moment to kill.
		duringCommit := k%2 == 1
		commits, last := rng.IntN(3), ""
		for seen := 0; ; {
			line, ok := <-lines
			if !ok || line == "done" {
				finished = true
				break
			}
			last = line
			if line == "committed" {
				seen++
			}
			if seen >= commits && (!duringCommit || line == "committing") {
				break
			}
		}
		if !finished {
			if duringCommit {
				time.Sleep(time.Duration(rng.IntN(40)) * time.Millisecond)
			} else {
				time.Sleep(time.Duration(rng.IntN(150)) * time.Millisecond)
			}
			cmd.Process.Signal(syscall.SIGKILL)
		}
		for line := range lines {
			if line == "done" {
				finished = true
			}
			last = line
		}
		err = cmd.Wait()
		if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			if last == "committing" {
				inFlight++
			}
		} else if err != nil || !finished {
			t.Fatalf("the consumer failed by itself: %v\n%s", err, stderr.String())
		}
		committed := checkConsistent(t, l, o)
		t.Logf("kill %d: %d of %d messages committed (last said %q)", k, committed, n, last)
	}

	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	res, err := Run(context.Background(), l, mem, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("the last run committed %d messages; %d kills landed while a commit was in flight", res.Messages, inFlight)
	wantExactly(t, ids(t, l, o.Target), n)
}
