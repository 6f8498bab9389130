// Package slack is Tarn's Slack adapter: it posts messages as Block Kit
// (markdown converted to mrkdwn, tables and SQL as monospaced blocks,
// buttons, footers), edits them in place, uploads charts into threads
// with the v2 file upload, shows ephemeral notices and opens modals; and it
// hears people through Socket Mode or the HTTP Events API (requests
// verified with the signing secret within a five-minute replay window):
// app mentions, direct messages, replies in threads Tarn is in, the /tarn
// slash command, button clicks and modal submissions. Every delivery is
// acknowledged to Slack only after the bot.Handler returned.
//
// bot/slack/slacktest is a fake Slack for tests, built on slack-go's own
// slacktest server.
package slack
