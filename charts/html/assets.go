package html

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// EChartsVersion is the version of the embedded echarts.min.js. Pages append
// it to the script URL, so a new version is never hidden by a cached old one.
const EChartsVersion = "5.6.0"

// EChartsFile is the name under which Assets serves ECharts; it is the name
// go-echarts pages use too, so they can point their AssetsHost at Tarn.
const EChartsFile = "echarts.min.js"

// cacheControl lets browsers keep assets for a year: their content changes
// only with EChartsVersion, which changes the URLs pages ask for.
const cacheControl = "public, max-age=31536000, immutable"

//go:embed assets/echarts.min.js assets/themes/*.js assets/LICENSE assets/NOTICE assets/LICENSE-d3
var embedded embed.FS

// asset is one embedded file, ready to serve.
type asset struct {
	body        []byte
	etag        string
	contentType string
}

// assets maps a path relative to the assets root ("echarts.min.js",
// "themes/vintage.js", "LICENSE") to its file. It is built once at start-up.
var assets = loadAssets()

func loadAssets() map[string]asset {
	m := map[string]asset{}
	err := fs.WalkDir(embedded, "assets", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := embedded.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(body)
		ct := "text/plain; charset=utf-8"
		if path.Ext(p) == ".js" {
			ct = "text/javascript; charset=utf-8"
		}
		m[strings.TrimPrefix(p, "assets/")] = asset{
			body:        body,
			etag:        `"` + hex.EncodeToString(sum[:8]) + `"`,
			contentType: ct,
		}
		return nil
	})
	if err != nil {
		panic("charts/html: reading embedded assets: " + err.Error()) // a broken build, not a runtime condition
	}
	return m
}

// Themes lists the optional themes Assets serves, besides the "light" and
// "dark" themes ECharts has built in.
func Themes() []string {
	var names []string
	for p := range assets {
		if strings.HasPrefix(p, "themes/") {
			names = append(names, strings.TrimSuffix(strings.TrimPrefix(p, "themes/"), ".js"))
		}
	}
	sort.Strings(names)
	return names
}

// themeFile returns the asset path of an optional theme, and whether Tarn has it.
func themeFile(name string) (string, bool) {
	p := "themes/" + name + ".js"
	_, ok := assets[p]
	return p, ok
}

// Assets serves the embedded ECharts files: echarts.min.js, themes/<name>.js
// and the licences. Paths are taken relative to where the handler is mounted
// (a leading slash is ignored), so mount it with http.StripPrefix. Responses
// carry long cache headers and an ETag; anything else is a 404.
func Assets() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "assets are read-only: use GET", http.StatusMethodNotAllowed)
			return
		}
		a, ok := assets[strings.TrimPrefix(r.URL.Path, "/")]
		if !ok {
			http.NotFound(w, r)
			return
		}
		h := w.Header()
		h.Set("Content-Type", a.contentType)
		h.Set("Cache-Control", cacheControl)
		h.Set("ETag", a.etag)
		h.Set("X-Content-Type-Options", "nosniff")
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(a.body))
	})
}

// WriteAssets copies ECharts and its licences into dir, for pages written
// to disk (tarn sql --chart out.html) that load their assets from a path
// next to them.
func WriteAssets(dir string) error {
	for _, name := range []string{EChartsFile, "LICENSE", "NOTICE", "LICENSE-d3"} {
		a, ok := assets[name]
		if !ok {
			return fmt.Errorf("charts/html: no embedded asset %s", name)
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, name), a.body, 0o644); err != nil {
			return err
		}
	}
	return nil
}
