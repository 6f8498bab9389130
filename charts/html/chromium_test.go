package html

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/png"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tarn-data/tarn/internal/webtest"
)

// findChromium returns the Chromium to drive: it skips the test without
// one, except under CI, where its run script installs one and its absence
// fails the test.
func findChromium(t *testing.T) string { return webtest.Chromium(t) }

// chartServer serves one page at /chart and Assets under /assets/ on
// 127.0.0.1, and records which paths were asked for.
type chartServer struct {
	*httptest.Server
	mu   sync.Mutex
	hits map[string]int
}

func newChartServer(t *testing.T, page []byte) *chartServer {
	t.Helper()
	s := &chartServer{hits: map[string]int{}}
	mux := http.NewServeMux()
	mux.Handle("/assets/", http.StripPrefix("/assets/", Assets()))
	mux.HandleFunc("/chart", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page)
	})
	s.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hits[r.URL.Path]++
		s.mu.Unlock()
		mux.ServeHTTP(w, r)
	}))
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.Listener = l
	s.Start()
	t.Cleanup(s.Close)
	return s
}

func (s *chartServer) hit(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

// screenshot opens url in headless chromium and returns the PNG it took.
func screenshot(t *testing.T, chromium, url string) image.Image {
	t.Helper()
	dir := t.TempDir()
	shot := filepath.Join(dir, "shot.png")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, chromium,
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--hide-scrollbars", "--disable-dev-shm-usage",
		// Let the page's timers run (ECharts animates bars in) before the shot.
		"--virtual-time-budget=5000",
		"--user-data-dir="+filepath.Join(dir, "profile"),
		"--screenshot="+shot, "--window-size=800,450", url)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("chromium: %v\n%s", err, out)
	}
	f, err := os.ReadFile(shot)
	if err != nil {
		t.Fatalf("chromium took no screenshot: %v\n%s", err, out)
	}
	if keep := os.Getenv("TARN_KEEP_SCREENSHOTS"); keep != "" { // a directory, to look at the shots
		name := strings.NewReplacer("/", "_", "=", "-").Replace(t.Name()) + ".png"
		if err := os.WriteFile(filepath.Join(keep, name), f, 0o644); err != nil {
			t.Logf("keeping the screenshot: %v", err)
		}
	}
	img, err := png.Decode(bytes.NewReader(f))
	if err != nil {
		t.Fatalf("screenshot is not a PNG: %v", err)
	}
	return img
}

// countPixels counts the pixels that differ from the top-left one (the
// background), and those close to the colour c.
func countPixels(img image.Image, c [3]int) (drawn, near int) {
	b := img.Bounds()
	br, bg, bb, _ := img.At(b.Min.X, b.Min.Y).RGBA()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if dist(r, g, bl, br, bg, bb) > 24 {
				drawn++
			}
			if dist(r, g, bl, uint32(c[0])<<8, uint32(c[1])<<8, uint32(c[2])<<8) <= 24 {
				near++
			}
		}
	}
	return drawn, near
}

// dist is the largest difference of one 8-bit channel between two colours.
func dist(r1, g1, b1, r2, g2, b2 uint32) int {
	d := 0
	for _, p := range [][2]uint32{{r1, r2}, {g1, g2}, {b1, b2}} {
		v := int(p[0]>>8) - int(p[1]>>8)
		if v < 0 {
			v = -v
		}
		d = max(d, v)
	}
	return d
}

func TestChromiumDrawsTheRenderedBarChart(t *testing.T) {
	chromium := findChromium(t)
	tests := []struct {
		theme    string
		darkPage bool
	}{
		{"", false},
		{"dark", true},
	}
	for _, tt := range tests {
		t.Run("theme="+tt.theme, func(t *testing.T) {
			var page bytes.Buffer
			o := Options{Title: "Orders by region", AssetsURL: "/assets/", Theme: tt.theme, Width: "640px", Height: "400px"}
			if err := Render(&page, json.RawMessage(barOption), o); err != nil {
				t.Fatal(err)
			}
			srv := newChartServer(t, page.Bytes())

			img := screenshot(t, chromium, srv.URL+"/chart")

			if srv.hit("/chart") == 0 || srv.hit("/assets/"+EChartsFile) == 0 {
				t.Fatalf("chromium did not load the page and ECharts from Tarn: %v", srv.hits)
			}
			if b := img.Bounds(); b.Dx() != 800 || b.Dy() != 450 {
				t.Errorf("screenshot is %dx%d, want 800x450", b.Dx(), b.Dy())
			}
			r, g, b, _ := img.At(0, 0).RGBA()
			if cr, cg, cb, _ := img.At(799, 449).RGBA(); dist(r, g, b, cr, cg, cb) > 8 {
				t.Errorf("the page around the chart (#%02x%02x%02x) is not the chart's background (#%02x%02x%02x)",
					cr>>8, cg>>8, cb>>8, r>>8, g>>8, b>>8)
			}
			if dark := (r>>8)+(g>>8)+(b>>8) < 3*96; dark != tt.darkPage {
				t.Errorf("background is #%02x%02x%02x; dark = %v, want %v", r>>8, g>>8, b>>8, dark, tt.darkPage)
			}
			drawn, red := countPixels(img, [3]int{0xd6, 0x27, 0x28})
			t.Logf("%d pixels differ from the background, %d are bar red", drawn, red)
			if drawn < 2000 {
				t.Errorf("the screenshot is blank: only %d pixels differ from the background", drawn)
			}
			if red < 2000 {
				t.Errorf("the bars are missing: only %d pixels have the bar colour #d62728", red)
			}
		})
	}
}
