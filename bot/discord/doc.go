// Package discord is Tarn's Discord adapter over discordgo: it implements
// bot.Adapter (threads started from messages, markdown with tables as
// monospaced blocks, buttons as action rows, modals, files) and hears
// people over two transports — the gateway websocket (mentions, replies in
// Tarn's threads, direct messages, interactions) and the HTTP interactions
// endpoint, verified with ed25519 (slash commands, clicks, modal submits).
//
// A conversation is a Discord thread. A mention in a channel arrives with
// Thread{Discord, channel, <the mention's message id>}; the first post
// starts a thread from that message, whose channel id is the message id,
// so the Thread names the same conversation before and after. Direct
// messages have no threads: their Thread.ID is the DM channel itself.
package discord
