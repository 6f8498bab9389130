package web

import (
	"embed"
	"encoding/json"
	"errors"
	"io/fs"
	"mime"
	"net/http"
	"net/url"
	"strings"

	"github.com/tarn-data/tarn"
)

//go:embed assets
var assets embed.FS

// Handler serves the web chat, to be mounted at "/":
//
//	GET  /                          the page
//	GET  /chat/assets/{file}        its CSS and JavaScript
//	GET  /chat/api/state?as=name    people, channels, threads, the person's notices and forms
//	GET  /chat/api/events?as=name   Server-Sent Events: message, update, thread, notice, form
//	                                (without ?as=: what anyone sees, no notices or forms)
//	POST /chat/api/messages         {as, channel, thread, text, delivery?}
//	POST /chat/api/actions          {as, message, button, delivery?}
//	POST /chat/api/forms            {as, token, fields}
//	GET  /chat/images/{id}.png      a PNG Tarn posted
//
// POSTs take JSON only, at most 64 KiB, and only from the page's own
// origin (Origin or Sec-Fetch-Site), so another site cannot act as
// someone. Errors are {"error": {code, message, hint}} with 400 for an
// unknown person or a bad request, 403 for another origin.
func (c *Chat) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", c.servePage)
	mux.HandleFunc("GET /chat/assets/{file}", serveAsset)
	mux.HandleFunc("GET /chat/api/state", c.serveState)
	mux.HandleFunc("GET /chat/api/events", c.serveEvents)
	mux.HandleFunc("POST /chat/api/messages", c.post(c.handleMessage))
	mux.HandleFunc("POST /chat/api/actions", c.post(c.handleAction))
	mux.HandleFunc("POST /chat/api/forms", c.post(c.handleForm))
	mux.HandleFunc("GET /chat/images/{file}", c.serveImage)
	return mux
}

// csp keeps the page to its own scripts, styles, images and API.
const csp = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
	"form-action 'none'; base-uri 'none'; frame-ancestors 'none'"

func (c *Chat) servePage(w http.ResponseWriter, r *http.Request) {
	page, err := assets.ReadFile("assets/index.html")
	if err != nil {
		writeError(w, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", csp)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cache-Control", "no-cache")
	w.Write(page)
}

func serveAsset(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("file")
	b, err := fs.ReadFile(assets, "assets/"+name)
	if err != nil || strings.HasSuffix(name, ".html") {
		http.NotFound(w, r)
		return
	}
	ext := name[strings.LastIndexByte(name, '.')+1:]
	w.Header().Set("Content-Type", mime.TypeByExtension("."+ext))
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "no-cache")
	w.Write(b)
}

func (c *Chat) serveImage(w http.ResponseWriter, r *http.Request) {
	id, ok := strings.CutSuffix(r.PathValue("file"), ".png")
	c.mu.Lock()
	img := c.images[id]
	c.mu.Unlock()
	if !ok || img == nil {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "image/png")
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'")
	w.Write(img.png)
}

// person returns the known person called name. Errors are tarn.EINVALID.
func (c *Chat) person(name string) (string, error) {
	if name == "" {
		return "", tarn.Errorf(tarn.EINVALID, "say who you are: ?as=<name> or \"as\" in the body")
	}
	if _, ok := c.people[name]; !ok {
		names := make([]string, 0, len(c.order))
		for _, p := range c.order {
			names = append(names, p.Name)
		}
		return "", &tarn.Error{Code: tarn.EINVALID, Message: "unknown person \"" + name + "\"",
			Hint: "pick one of: " + strings.Join(names, ", ")}
	}
	return name, nil
}

// viewer is the person named by ?as=, or "" for anyone when it is
// absent. Errors are tarn.EINVALID for an unknown person.
func (c *Chat) viewer(r *http.Request) (string, error) {
	if !r.URL.Query().Has("as") {
		return "", nil
	}
	return c.person(r.URL.Query().Get("as"))
}

// post wraps a JSON POST handler with the same-origin check, the JSON
// content type and the body cap.
func (c *Chat) post(next func(http.ResponseWriter, *http.Request)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !sameOrigin(r) {
			writeError(w, tarn.Errorf(tarn.EFORBIDDEN, "requests must come from the chat page itself"))
			return
		}
		if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" {
			writeJSON(w, http.StatusUnsupportedMediaType, map[string]any{"error": errorBody{Code: tarn.EINVALID, Message: "send JSON (Content-Type: application/json)"}})
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, maxBody)
		next(w, r)
	}
}

// sameOrigin reports whether a request comes from a page of this host:
// its Origin names this host, or, without an Origin, the browser says
// Sec-Fetch-Site: same-origin. A request with neither is refused.
func sameOrigin(r *http.Request) bool {
	if o := r.Header.Get("Origin"); o != "" {
		u, err := url.Parse(o)
		return err == nil && (u.Scheme == "http" || u.Scheme == "https") && strings.EqualFold(u.Host, r.Host)
	}
	return r.Header.Get("Sec-Fetch-Site") == "same-origin"
}

// decode reads one JSON object into v, refusing unknown fields and
// bodies over the cap. Errors are tarn.EINVALID or tarn.ELIMIT.
func decode(r *http.Request, v any) error {
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return tarn.Wrap(err, tarn.ELIMIT, "", "the request body is over %d bytes", tooBig.Limit)
		}
		return tarn.Wrap(err, tarn.EINVALID, "", "the request body is not the JSON expected: %v", err)
	}
	return nil
}

type errorBody struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Hint    string `json:"hint,omitempty"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, err error) {
	status := http.StatusInternalServerError
	switch tarn.ErrorCode(err) {
	case tarn.EINVALID:
		status = http.StatusBadRequest
	case tarn.ENOTFOUND:
		status = http.StatusNotFound
	case tarn.EFORBIDDEN:
		status = http.StatusForbidden
	case tarn.ELIMIT:
		status = http.StatusRequestEntityTooLarge
	case tarn.ECONFLICT:
		status = http.StatusConflict
	}
	writeJSON(w, status, map[string]any{"error": errorBody{Code: tarn.ErrorCode(err), Message: tarn.ErrorMessage(err), Hint: tarn.ErrorHint(err)}})
}
