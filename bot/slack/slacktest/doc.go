// Package slacktest is a fake Slack for tests of Tarn's Slack adapter. It
// extends slack-go's own slacktest server (through its Customize hook)
// with what Tarn uses and that server lacks or only echoes: a thread model
// behind chat.postMessage and chat.update, chat.postEphemeral per user, the
// v2 file upload (files.getUploadURLExternal, the upload URL,
// files.completeUploadExternal), views.open with trigger ids, auth.test for
// the bot, and Socket Mode (apps.connections.open and a websocket that
// says hello, sends envelopes and records acks). Platform drives an
// adapter over Socket Mode or the HTTP Events API (signed requests) and
// implements bottest.Platform.
package slacktest
