package trino

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"

	"github.com/tarn-data/tarn"
)

// Handler serves the rules document rendered from what src returns, fresh
// on every request, with Content-Type application/json and a strong ETag
// over the bytes; a GET or HEAD whose If-None-Match holds that ETag gets
// 304 Not Modified. Other methods get 405. When src or Render fails the
// response is a 500 with a message safe to show, and Trino keeps the rules
// it last loaded.
func Handler(src func(ctx context.Context) (Input, error)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "the Trino rules are read with GET", http.StatusMethodNotAllowed)
			return
		}
		in, err := src(r.Context())
		var doc []byte
		if err == nil {
			doc, err = Render(in)
		}
		if err != nil {
			http.Error(w, "cannot render the Trino access rules: "+tarn.ErrorMessage(err), http.StatusInternalServerError)
			return
		}
		sum := sha256.Sum256(doc)
		etag := `"` + hex.EncodeToString(sum[:16]) + `"`
		h := w.Header()
		h.Set("ETag", etag)
		h.Set("Cache-Control", "no-cache")
		if match(r.Header.Values("If-None-Match"), etag) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		h.Set("Content-Type", "application/json")
		h.Set("Content-Length", strconv.Itoa(len(doc)))
		if r.Method == http.MethodHead {
			return
		}
		_, _ = w.Write(doc)
	})
}

// match reports whether an If-None-Match header names etag (or is "*").
func match(values []string, etag string) bool {
	for _, v := range values {
		for _, t := range splitTags(v) {
			if t == "*" || t == etag || t == "W/"+etag {
				return true
			}
		}
	}
	return false
}

// splitTags splits a comma-separated list of entity tags.
func splitTags(v string) []string {
	var out []string
	start := 0
	inQuote := false
	for i := 0; i < len(v); i++ {
		switch v[i] {
		case '"':
			inQuote = !inQuote
		case ',':
			if !inQuote {
				out = append(out, strings.TrimSpace(v[start:i]))
				start = i + 1
			}
		}
	}
	return append(out, strings.TrimSpace(v[start:]))
}
