package html

import (
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
)

func get(t *testing.T, h http.Handler, method, path string, header http.Header) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(method, path, nil)
	for k, v := range header {
		r.Header[k] = v
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func TestAssetsServesEmbeddedEChartsWithLongCache(t *testing.T) {
	want, err := os.ReadFile("assets/echarts.min.js")
	if err != nil {
		t.Fatal(err)
	}
	h := http.StripPrefix("/assets/", Assets())
	w := get(t, h, http.MethodGet, "/assets/echarts.min.js?v="+EChartsVersion, nil)
	if w.Code != http.StatusOK {
		t.Fatalf("status = %d", w.Code)
	}
	if w.Body.String() != string(want) {
		t.Errorf("served %d bytes, want the %d embedded ones", w.Body.Len(), len(want))
	}
	if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/javascript") {
		t.Errorf("Content-Type = %q", ct)
	}
	if cc := w.Header().Get("Cache-Control"); !strings.Contains(cc, "max-age=31536000") {
		t.Errorf("Cache-Control = %q, want a year", cc)
	}
	etag := w.Header().Get("ETag")
	if etag == "" {
		t.Fatal("no ETag")
	}
	again := get(t, h, http.MethodGet, "/assets/echarts.min.js", http.Header{"If-None-Match": {etag}})
	if again.Code != http.StatusNotModified {
		t.Errorf("revalidation status = %d, want 304", again.Code)
	}
}

func TestAssetsServesEveryThemeAndTheLicences(t *testing.T) {
	paths := []string{"LICENSE", "NOTICE", "LICENSE-d3"}
	for _, name := range Themes() {
		paths = append(paths, "themes/"+name+".js")
	}
	if len(paths) < 10 {
		t.Fatalf("only %d assets: %v", len(paths), paths)
	}
	for _, p := range paths {
		if w := get(t, Assets(), http.MethodGet, "/"+p, nil); w.Code != http.StatusOK || w.Body.Len() == 0 {
			t.Errorf("%s: status %d, %d bytes", p, w.Code, w.Body.Len())
		}
	}
}

func TestAssetsRefusesOtherPathsAndMethods(t *testing.T) {
	tests := []struct {
		method, path string
		want         int
	}{
		{http.MethodGet, "/nope.js", http.StatusNotFound},
		{http.MethodGet, "/themes/dark.js", http.StatusNotFound}, // dark is built into ECharts
		{http.MethodGet, "/../assets.go", http.StatusNotFound},
		{http.MethodGet, "/", http.StatusNotFound},
		{http.MethodPost, "/echarts.min.js", http.StatusMethodNotAllowed},
		{http.MethodHead, "/echarts.min.js", http.StatusOK},
	}
	for _, tt := range tests {
		if w := get(t, Assets(), tt.method, tt.path, nil); w.Code != tt.want {
			t.Errorf("%s %s: status %d, want %d", tt.method, tt.path, w.Code, tt.want)
		}
	}
}
