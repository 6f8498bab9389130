package trino_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/governance/trino"
)

func serve(t *testing.T, src func(context.Context) (trino.Input, error), method string, header http.Header) *http.Response {
	t.Helper()
	req := httptest.NewRequest(method, "/trino/rules.json", nil)
	for k, vs := range header {
		req.Header[k] = vs
	}
	rec := httptest.NewRecorder()
	trino.Handler(src).ServeHTTP(rec, req)
	return rec.Result()
}

func TestHandlerServesTheRenderedRulesWithAnETag(t *testing.T) {
	in := goldenCases(t)["user_grant_on_table"]
	src := func(context.Context) (trino.Input, error) { return in, nil }
	want, _ := trino.Render(in)

	res := serve(t, src, http.MethodGet, nil)
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/json" || string(body) != string(want) {
		t.Fatalf("GET = %d %q, body equal to Render: %v", res.StatusCode, res.Header.Get("Content-Type"), string(body) == string(want))
	}
	parse(t, body)
	etag := res.Header.Get("ETag")
	if !strings.HasPrefix(etag, `"`) || len(etag) < 10 {
		t.Fatalf("ETag = %q", etag)
	}

	for _, inm := range []string{etag, `"other", ` + etag, "*"} {
		res = serve(t, src, http.MethodGet, http.Header{"If-None-Match": {inm}})
		if res.StatusCode != http.StatusNotModified {
			t.Errorf("If-None-Match %s: status %d, want 304", inm, res.StatusCode)
		}
	}
	res = serve(t, src, http.MethodGet, http.Header{"If-None-Match": {`"stale"`}})
	if res.StatusCode != http.StatusOK {
		t.Errorf("stale If-None-Match: status %d, want 200", res.StatusCode)
	}

	res = serve(t, src, http.MethodHead, nil)
	body, _ = io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK || len(body) != 0 || res.Header.Get("ETag") != etag {
		t.Errorf("HEAD = %d with %d bytes, ETag %q", res.StatusCode, len(body), res.Header.Get("ETag"))
	}
}

func TestHandlerETagFollowsTheRules(t *testing.T) {
	in := goldenCases(t)["user_grant_on_table"]
	src := func(context.Context) (trino.Input, error) { return in, nil }
	before := serve(t, src, http.MethodGet, nil).Header.Get("ETag")
	in.Grants = nil // the grant is revoked
	after := serve(t, src, http.MethodGet, http.Header{"If-None-Match": {before}})
	if after.StatusCode != http.StatusOK || after.Header.Get("ETag") == before {
		t.Errorf("after a change: status %d, ETag %q (was %q)", after.StatusCode, after.Header.Get("ETag"), before)
	}
}

func TestHandlerFailsClosed(t *testing.T) {
	secret := errors.New("pq: password authentication failed for user tarn")
	for name, src := range map[string]func(context.Context) (trino.Input, error){
		"source fails": func(context.Context) (trino.Input, error) {
			return trino.Input{}, tarn.Wrap(secret, tarn.EINTERNAL, "", "the governance store is unavailable")
		},
		"input is invalid": func(context.Context) (trino.Input, error) { return trino.Input{Catalog: "tarn"}, nil },
	} {
		res := serve(t, src, http.MethodGet, nil)
		body, _ := io.ReadAll(res.Body)
		if res.StatusCode != http.StatusInternalServerError || strings.Contains(string(body), "password") {
			t.Errorf("%s: %d %q, want 500 without internal detail", name, res.StatusCode, body)
		}
	}
}

func TestHandlerRefusesWrites(t *testing.T) {
	src := func(context.Context) (trino.Input, error) { return goldenCases(t)["nothing_granted"], nil }
	res := serve(t, src, http.MethodPost, nil)
	if res.StatusCode != http.StatusMethodNotAllowed || res.Header.Get("Allow") != "GET, HEAD" {
		t.Errorf("POST = %d, Allow %q", res.StatusCode, res.Header.Get("Allow"))
	}
}
