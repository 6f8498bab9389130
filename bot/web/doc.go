// Package web is Tarn's embedded web chat, the default front door that
// `tarn demo` opens: a small Slack-like page served by Tarn itself (no
// CDN, no web fonts) where a visitor picks a demo person, starts threads
// in a few channels, reads Tarn's answers with tables, code, charts and
// buttons, fills forms in a dialog and sees notices meant for them.
//
// Chat is the bot.Adapter for the page and the http.Handler that serves
// it: the page, a JSON API, Server-Sent Events for live updates and the
// images Tarn posted. Everything is kept in memory and bounded; the
// oldest threads are dropped first.
package web
