package main

import (
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/tarn-data/tarn"
)

// Progress shows how far a long operation (building the demo lake,
// compaction, benchmarks) has come:
//
//	demo [#########...........] 45% 900k/2.0M rows 1.2M/s ETA 3s
//
// On a terminal it redraws that line in place at most ten times a second;
// elsewhere (a log, a pipe) it prints one line each time a quarter of the
// total is reached. Add is safe for concurrent use.
type Progress struct {
	mu       sync.Mutex
	w        io.Writer
	label    string
	unit     string
	total    int64
	done     int64
	clock    tarn.Clock
	tty      bool
	start    time.Time
	lastDraw time.Time
	lastLen  int   // columns of the last in-place line, to blank what is left of it
	nextMark int64 // next percentage that prints a line when not on a terminal
	shown    int64 // done as of the last line printed, -1 before the first
	finished bool
}

const (
	redrawEvery = 100 * time.Millisecond
	barWidth    = 20
)

// NewProgress starts a progress bar on w for total units of work (rows by
// default). A total of 0 or less means unknown: no bar, no percentage and
// no ETA, and off a terminal only Done prints.
func NewProgress(w io.Writer, label string, total int64) *Progress {
	return newProgress(w, label, total, tarn.SystemClock{}, isTerminal(w))
}

func newProgress(w io.Writer, label string, total int64, clock tarn.Clock, tty bool) *Progress {
	p := &Progress{
		w: w, label: label, unit: "rows", total: total, clock: clock, tty: tty,
		start: clock.Now(), nextMark: 25, shown: -1,
	}
	if tty {
		p.mu.Lock()
		p.redraw(p.start)
		p.mu.Unlock()
	}
	return p
}

// SetUnit names what is counted ("rows" unless set), e.g. "files".
func (p *Progress) SetUnit(unit string) *Progress {
	p.mu.Lock()
	p.unit = unit
	p.mu.Unlock()
	return p
}

// Add records n more units of work done.
func (p *Progress) Add(n int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done += n
	if p.finished {
		return
	}
	now := p.clock.Now()
	if p.tty {
		if now.Sub(p.lastDraw) >= redrawEvery {
			p.redraw(now)
		}
		return
	}
	if p.total <= 0 || p.nextMark > 100 {
		return
	}
	pct := p.percent()
	if pct < p.nextMark {
		return
	}
	for p.nextMark <= pct {
		p.nextMark += 25
	}
	p.println(now)
}

// Done ends the bar: it shows the final count and, on a terminal, ends the
// line. Calls after the first do nothing.
func (p *Progress) Done() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.finished {
		return
	}
	p.finished = true
	now := p.clock.Now()
	if p.tty {
		p.redraw(now)
		io.WriteString(p.w, "\n")
		return
	}
	if p.shown != p.done {
		p.println(now)
	}
}

func (p *Progress) redraw(now time.Time) {
	line := p.line(now)
	n := displayWidth(line)
	pad := ""
	if n < p.lastLen {
		pad = strings.Repeat(" ", p.lastLen-n)
	}
	io.WriteString(p.w, "\r"+line+pad)
	p.lastLen, p.lastDraw, p.shown = n, now, p.done
}

func (p *Progress) println(now time.Time) {
	io.WriteString(p.w, p.line(now)+"\n")
	p.shown = p.done
}

// percent is how much of the total is done, from 0 to 100.
func (p *Progress) percent() int64 {
	if p.done <= 0 {
		return 0
	}
	if p.done >= p.total {
		return 100
	}
	return int64(float64(p.done) * 100 / float64(p.total))
}

// line renders the bar as of now.
func (p *Progress) line(now time.Time) string {
	var sb strings.Builder
	sb.WriteString(p.label)
	if p.total > 0 {
		pct := p.percent()
		filled := int(pct * barWidth / 100)
		fmt.Fprintf(&sb, " [%s%s] %d%% %s/%s", strings.Repeat("#", filled), strings.Repeat(".", barWidth-filled),
			pct, humanCount(float64(p.done)), humanCount(float64(p.total)))
	} else {
		sb.WriteString(" " + humanCount(float64(p.done)))
	}
	sb.WriteString(" " + p.unit)

	elapsed := now.Sub(p.start)
	if elapsed <= 0 || p.done <= 0 {
		return sb.String()
	}
	rate := float64(p.done) / elapsed.Seconds()
	sb.WriteString(" " + humanCount(rate) + "/s")
	switch {
	case p.finished || (p.total > 0 && p.done >= p.total):
		sb.WriteString(" in " + shortDuration(elapsed))
	case p.total > 0:
		eta := time.Duration(float64(p.total-p.done) / rate * float64(time.Second))
		sb.WriteString(" ETA " + shortDuration(eta))
	}
	return sb.String()
}

// humanCount writes a count the way people read it: 950, 9.5k, 900k, 2.0M.
func humanCount(n float64) string {
	const units = "kMGTPE"
	if math.Abs(n) < 999.5 {
		return strconv.FormatFloat(n, 'f', 0, 64)
	}
	u := -1
	for math.Abs(n) >= 999.5 && u < len(units)-1 {
		n /= 1000
		u++
	}
	if math.Abs(n) < 9.95 {
		return strconv.FormatFloat(n, 'f', 1, 64) + units[u:u+1]
	}
	return strconv.FormatFloat(n, 'f', 0, 64) + units[u:u+1]
}

// shortDuration writes a duration to the second: 3s, 4m05s, 2h10m.
func shortDuration(d time.Duration) string {
	s := int64(d.Round(time.Second) / time.Second)
	switch {
	case s < 60:
		return strconv.FormatInt(s, 10) + "s"
	case s < 3600:
		return fmt.Sprintf("%dm%02ds", s/60, s%60)
	default:
		return fmt.Sprintf("%dh%02dm", s/3600, s%3600/60)
	}
}

// isTerminal reports whether w is a terminal, where a line can be redrawn.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
