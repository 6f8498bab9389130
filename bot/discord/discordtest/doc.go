// Package discordtest is a fake Discord for tests on loopback: a REST
// server (messages with multipart files, threads started from messages,
// interaction callbacks, webhook edits and follow-ups, the gateway
// address, application commands) reached through an http.Client whose
// transport rewrites discord.com, a gateway websocket (hello, identify →
// READY, heartbeat acks, dispatches the test injects), and Platform, which
// drives the Discord adapter through the bottest conformance suite over
// the gateway or the HTTP interactions endpoint.
package discordtest
