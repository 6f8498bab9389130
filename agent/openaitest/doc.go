// Package openaitest is a fake OpenAI-compatible chat completions server for
// tests. It replays a script of replies (content, an HTTP failure or a slow
// reply) in order, returns token usage, records every request for assertions
// and fails the test when more requests arrive than were scripted. Tests point
// the real openai client of langchaingo at it with WithBaseURL(Server.URL).
package openaitest
