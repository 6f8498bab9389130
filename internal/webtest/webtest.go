// Package webtest drives a headless Chromium from tests through chromedp:
// start it with a throwaway profile, open a page, type, click, wait for a
// selector or a text, and collect the page's console errors. The web
// chat's browser test, the end-to-end tests of `tarn demo` and the HTML
// chart screenshot test use it.
//
// When no Chromium is installed, Start skips the test, except under CI
// (CI=true), where it fails it.
package webtest

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// StepTimeout bounds each call on a Browser, waits included.
var StepTimeout = 20 * time.Second

// Chromium returns the path of a Chromium (or Chrome) to drive: $TARN_CHROMIUM,
// else the first of chromium, chromium-browser, google-chrome on the PATH.
// Without one it skips t, or fails it when the CI variable is "true".
func Chromium(t testing.TB) string {
	t.Helper()
	if p := os.Getenv("TARN_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "/usr/bin/chromium"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("no Chromium found (install chromium or set TARN_CHROMIUM); CI needs the browser tests")
	}
	t.Skip("no Chromium found; install chromium (or set TARN_CHROMIUM) to run the browser tests")
	return ""
}

// Browser is one headless Chromium tab. Its methods fail the test on an
// error or when a wait takes longer than StepTimeout.
type Browser struct {
	t   testing.TB
	ctx context.Context

	mu     sync.Mutex
	errors []string
}

// Start starts a headless Chromium (--disable-gpu, a temporary profile,
// --no-sandbox when running as root) with one tab, 1280×860, and stops it
// when the test ends.
func Start(t testing.TB) *Browser {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(Chromium(t)),
		chromedp.Headless,
		chromedp.DisableGPU,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 860),
		chromedp.Flag("disable-dev-shm-usage", true),
	)
	if os.Geteuid() == 0 {
		opts = append(opts, chromedp.NoSandbox)
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	b := &Browser{t: t, ctx: ctx}
	var wg sync.WaitGroup
	t.Cleanup(func() {
		cancel()
		cancelAlloc()
		wg.Wait()
	})
	// The first run starts the browser, which lives as long as the
	// context of that run: ctx itself, not one with a deadline.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	console := chromedp.Console(ctx)
	wg.Go(func() {
		for m, err := range console {
			if err != nil {
				return
			}
			if m.IsException() || m.Type == chromedp.ConsoleError {
				b.mu.Lock()
				b.errors = append(b.errors, m.String())
				b.mu.Unlock()
			}
		}
	})
	return b
}

// Context is the tab's context, for chromedp actions the helpers lack.
func (b *Browser) Context() context.Context { return b.ctx }

// Do runs actions in the tab within StepTimeout.
func (b *Browser) Do(actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, StepTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		b.t.Fatalf("browser: %v (console errors: %q)", err, b.Errors())
	}
}

// Open navigates to url and waits for it to load.
func (b *Browser) Open(url string) {
	b.t.Helper()
	b.Do(chromedp.Navigate(url))
}

// WaitVisible waits until the element sel selects is visible.
func (b *Browser) WaitVisible(sel string) {
	b.t.Helper()
	b.Do(chromedp.WaitVisible(chromedp.CSS(sel)))
}

// Click clicks the element sel selects, once it is visible.
func (b *Browser) Click(sel string) {
	b.t.Helper()
	b.Do(chromedp.Click(chromedp.CSS(sel)))
}

// Type types text into the element sel selects, key by key; "\n" is the
// Enter key.
func (b *Browser) Type(sel, text string) {
	b.t.Helper()
	b.Do(chromedp.SendKeys(chromedp.CSS(sel), text))
}

// SetValue sets the value of the input, textarea or select sel selects
// and fires its input and change events, as a person choosing would.
func (b *Browser) SetValue(sel, value string) {
	b.t.Helper()
	b.Eval(`(() => { const e = document.querySelector(`+js(sel)+`); if (!e) return false;
		e.value = `+js(value)+`; e.dispatchEvent(new Event('input', {bubbles: true}));
		e.dispatchEvent(new Event('change', {bubbles: true})); return true })()`, nil)
}

// Eval evaluates a JavaScript expression in the page and decodes its
// value into out (nil to ignore it).
func (b *Browser) Eval(expr string, out any) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, StepTimeout)
	defer cancel()
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[[]byte](expr))
	if err != nil {
		b.t.Fatalf("evaluating %s: %v", expr, err)
	}
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			b.t.Fatalf("decoding %s: %v", raw, err)
		}
	}
}

// WaitFor waits until the JavaScript expression is truthy and returns its
// value, decoded into out (nil to ignore it).
func (b *Browser) WaitFor(expr string, out any) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, StepTimeout)
	defer cancel()
	raw, err := chromedp.Run(ctx, chromedp.Poll[[]byte](expr, chromedp.WithPollingInterval(25*time.Millisecond), chromedp.WithPollingTimeout(StepTimeout)))
	if err != nil {
		b.t.Fatalf("waiting for %s: %v (console errors: %q)", expr, err, b.Errors())
	}
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			b.t.Fatalf("decoding %s: %v", raw, err)
		}
	}
}

// WaitText waits until the text of the element sel selects contains want,
// and returns that text.
func (b *Browser) WaitText(sel, want string) string {
	b.t.Helper()
	var got string
	b.WaitFor(`(() => { const e = document.querySelector(`+js(sel)+`); const s = e ? e.innerText : "";
		return s.includes(`+js(want)+`) ? s : false })()`, &got)
	return got
}

// WaitGone waits until nothing matches sel.
func (b *Browser) WaitGone(sel string) {
	b.t.Helper()
	b.WaitFor(`document.querySelector(`+js(sel)+`) === null`, nil)
}

// Text returns the text of the element sel selects ("" when none does).
func (b *Browser) Text(sel string) string {
	b.t.Helper()
	var s string
	b.Eval(`(() => { const e = document.querySelector(`+js(sel)+`); return e ? e.innerText : "" })()`, &s)
	return s
}

// Count returns how many elements sel selects.
func (b *Browser) Count(sel string) int {
	b.t.Helper()
	var n int
	b.Eval(`document.querySelectorAll(`+js(sel)+`).length`, &n)
	return n
}

// Screenshot writes a PNG of the whole page to path.
func (b *Browser) Screenshot(path string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, StepTimeout)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err == nil {
		err = os.WriteFile(path, png, 0o644)
	}
	if err != nil {
		b.t.Fatalf("screenshot: %v", err)
	}
}

// Errors returns the console errors and uncaught exceptions so far.
func (b *Browser) Errors() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.errors...)
}

// js quotes s as a JavaScript string literal.
func js(s string) string {
	b, _ := json.Marshal(s)
	return strings.ReplaceAll(string(b), "\u2028", `\u2028`)
}
