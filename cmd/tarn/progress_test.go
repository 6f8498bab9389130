package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tarn-data/tarn"
)

var progressStart = time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)

func TestProgressOffATerminalPrintsAtEachQuarter(t *testing.T) {
	var out bytes.Buffer
	clock := tarn.NewFakeClock(progressStart)
	p := newProgress(&out, "demo", 2_000_000, clock, false)
	for _, step := range []struct {
		after time.Duration
		add   int64
	}{
		{time.Second, 400_000}, // 20%: nothing yet
		{time.Second, 100_000}, // 25%
		{time.Second, 900_000}, // 70%: past 50, not 75
		{time.Second, 100_000}, // 75%
		{time.Second, 499_999}, // 99%
		{time.Second, 1},       // 100%
	} {
		clock.Advance(step.after)
		p.Add(step.add)
	}
	p.Done() // already printed at 100%
	p.Done()
	want := "" +
		"demo [#####...............] 25% 500k/2.0M rows 250k/s ETA 6s\n" +
		"demo [##############......] 70% 1.4M/2.0M rows 467k/s ETA 1s\n" +
		"demo [###############.....] 75% 1.5M/2.0M rows 375k/s ETA 1s\n" +
		"demo [####################] 100% 2.0M/2.0M rows 333k/s in 6s\n"
	if out.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", out.String(), want)
	}
}

func TestProgressDoneBeforeTheEndPrintsWhereItStopped(t *testing.T) {
	var out bytes.Buffer
	clock := tarn.NewFakeClock(progressStart)
	p := newProgress(&out, "compact", 100, clock, false).SetUnit("files")
	clock.Advance(2 * time.Second)
	p.Add(10)
	p.Done()
	if want := "compact [##..................] 10% 10/100 files 5/s in 2s\n"; out.String() != want {
		t.Errorf("got %q, want %q", out.String(), want)
	}
}

func TestProgressWithUnknownTotalPrintsOnlyWhenDone(t *testing.T) {
	var out bytes.Buffer
	clock := tarn.NewFakeClock(progressStart)
	p := newProgress(&out, "ingest", 0, clock, false)
	for range 9 {
		clock.Advance(250 * time.Millisecond)
		p.Add(100_000)
	}
	if out.Len() != 0 {
		t.Fatalf("printed before Done: %q", out.String())
	}
	p.Done()
	if want := "ingest 900k rows 400k/s in 2s\n"; out.String() != want {
		t.Errorf("got %q, want %q", out.String(), want)
	}
}

func TestProgressOnATerminalRedrawsInPlaceAtMostTenTimesASecond(t *testing.T) {
	var out bytes.Buffer
	clock := tarn.NewFakeClock(progressStart)
	p := newProgress(&out, "bench", 1000, clock, true)
	for range 100 { // one second of adds, every 10ms
		clock.Advance(10 * time.Millisecond)
		p.Add(5)
	}
	p.Done()
	s := out.String()
	if !strings.HasSuffix(s, "\n") || strings.Count(s, "\n") != 1 {
		t.Errorf("want exactly one newline, at the end: %q", s)
	}
	// The first draw at construction, then one per 100ms, then Done.
	if draws := strings.Count(s, "\r"); draws != 1+10+1 {
		t.Errorf("drew %d times, want 12:\n%q", draws, s)
	}
	// The final line may end in blanks that cover a longer earlier one.
	last := strings.TrimRight(strings.TrimSuffix(s[strings.LastIndex(s, "\r")+1:], "\n"), " ") + "\n"
	if want := "bench [##########..........] 50% 500/1.0k rows 500/s in 1s\n"; last != want {
		t.Errorf("final line %q, want %q", last, want)
	}
	if first := strings.Split(s, "\r")[1]; first != "bench [....................] 0% 0/1.0k rows" {
		t.Errorf("first draw %q", first)
	}
}

func TestProgressBlanksWhatIsLeftOfALongerLine(t *testing.T) {
	var out bytes.Buffer
	clock := tarn.NewFakeClock(progressStart)
	p := newProgress(&out, "x", 2000, clock, true)
	clock.Advance(time.Second)
	p.Add(1000) // "... 1.0k/2.0k rows 1.0k/s ETA 1s"
	clock.Advance(time.Second)
	out.Reset()
	p.Add(1000) // "... 2.0k/2.0k rows 1.0k/s in 2s" is as long; pad nothing
	clock.Advance(time.Second)
	p.Add(-1999) // a shorter line follows a longer one
	draws := strings.Split(out.String(), "\r")
	prev, last := draws[1], draws[2]
	if len(last) != len(prev) || !strings.HasSuffix(last, " ") {
		t.Errorf("shorter redraw %q was not padded to the previous %q", last, prev)
	}
}

func TestProgressCountsConcurrentAdds(t *testing.T) {
	var out bytes.Buffer
	clock := tarn.NewFakeClock(progressStart)
	p := newProgress(&out, "load", 8000, clock, false)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 1000 {
				p.Add(1)
			}
		})
	}
	wg.Wait()
	p.Done()
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 4 {
		t.Errorf("want 4 quarter lines, got %d:\n%s", len(lines), out.String())
	}
	if last := lines[len(lines)-1]; !strings.Contains(last, "100% 8.0k/8.0k rows") {
		t.Errorf("last line %q", last)
	}
}

func TestIsTerminalIsFalseForBuffersAndFiles(t *testing.T) {
	if isTerminal(&bytes.Buffer{}) {
		t.Error("a buffer is not a terminal")
	}
	f, err := os.Create(filepath.Join(t.TempDir(), "log"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if isTerminal(f) {
		t.Error("a regular file is not a terminal")
	}
}

func TestHumanCount(t *testing.T) {
	for _, tc := range []struct {
		n    float64
		want string
	}{
		{0, "0"}, {7, "7"}, {999, "999"}, {999.6, "1.0k"}, {1000, "1.0k"}, {9_540, "9.5k"},
		{9_960, "10k"}, {900_000, "900k"}, {999_600, "1.0M"}, {2_000_000, "2.0M"},
		{1_234_567, "1.2M"}, {45_000_000, "45M"}, {3e9, "3.0G"}, {-2500, "-2.5k"},
	} {
		if got := humanCount(tc.n); got != tc.want {
			t.Errorf("humanCount(%v) = %q, want %q", tc.n, got, tc.want)
		}
	}
}

func TestShortDuration(t *testing.T) {
	for _, tc := range []struct {
		d    time.Duration
		want string
	}{
		{0, "0s"}, {1400 * time.Millisecond, "1s"}, {59 * time.Second, "59s"},
		{65 * time.Second, "1m05s"}, {2*time.Hour + 10*time.Minute + 30*time.Second, "2h10m"},
	} {
		if got := shortDuration(tc.d); got != tc.want {
			t.Errorf("shortDuration(%v) = %q, want %q", tc.d, got, tc.want)
		}
	}
}

func BenchmarkProgressAdd(b *testing.B) {
	var out bytes.Buffer
	p := NewProgress(&out, "bench", int64(b.N)+1)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			p.Add(1)
		}
	})
}
