package main

import (
	"net"
	"net/http"
	"net/url"
	"strings"

	"github.com/tarn-data/tarn"
)

// localOnly guards the routes that trust the person a request names (the
// web chat, and /api/* with "as"): they answer only a client on this
// machine, through a loopback host name (so a page of another site that
// resolves its own name to 127.0.0.1 cannot reach them), and never a
// request another site's page made. Slack, Discord, alerts and /healthz
// verify their callers themselves and are not guarded.
func localOnly(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := checkLocal(r); err != nil {
			writeError(w, err)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// checkLocal says why r may not use a route that trusts the person it
// names, or nil. Errors are tarn.EFORBIDDEN.
func checkLocal(r *http.Request) error {
	const hint = "The web chat and the HTTP API trust the person a request names, so they answer only on this machine: open http://127.0.0.1:<port>/, or use Slack or Discord from elsewhere."
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if ip := net.ParseIP(host); err != nil || ip == nil || !ip.IsLoopback() {
		return &tarn.Error{Code: tarn.EFORBIDDEN, Message: "this address answers only requests from this machine", Hint: hint}
	}
	if !loopbackName(r.Host) {
		return &tarn.Error{Code: tarn.EFORBIDDEN, Message: "the request named the host " + quoteHost(r.Host) + ", which is not this machine", Hint: hint}
	}
	if o := r.Header.Get("Origin"); o != "" && o != "null" {
		u, err := url.Parse(o)
		if err != nil || !loopbackName(u.Host) {
			return &tarn.Error{Code: tarn.EFORBIDDEN, Message: "a page of another site may not act for anyone here", Hint: hint}
		}
	}
	if r.Header.Get("Sec-Fetch-Site") == "cross-site" {
		return &tarn.Error{Code: tarn.EFORBIDDEN, Message: "a page of another site may not act for anyone here", Hint: hint}
	}
	return nil
}

// loopbackName reports whether a Host header (with or without a port)
// names this machine: localhost, 127.0.0.0/8 or ::1.
func loopbackName(hostport string) bool {
	h := hostport
	if hh, _, err := net.SplitHostPort(hostport); err == nil {
		h = hh
	}
	h = strings.TrimSuffix(strings.Trim(h, "[]"), ".")
	if strings.EqualFold(h, "localhost") {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

func quoteHost(h string) string {
	if len(h) > 80 {
		h = h[:80] + "…"
	}
	return `"` + h + `"`
}
