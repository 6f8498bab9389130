// Package bot is Tarn's front door: the conversation people have with it in
// Slack, Discord and the web chat, and the alerts that open threads by
// themselves.
//
// The root package holds the domain types every chat platform shares —
// threads, messages with text, tables, images and buttons, button clicks,
// forms — the small Adapter interface a platform implements, and the
// Conversation that turns what people write into agent questions,
// "working…" messages edited in place, answers with charts, and the
// approval flows (access requests, table reviews, session flips) decided
// with buttons in threads. Adapters live in subpackages named after the
// platform (bot/slack, bot/discord, bot/web); bot/bottest is the
// conformance suite every adapter passes.
package bot

import (
	"context"
	"errors"
)

// The platforms.
const (
	Slack   = "slack"
	Discord = "discord"
	Web     = "web"
)

// Sentinel errors.
var (
	// ErrUnknownThread: an adapter was asked to post into a thread or
	// edit a message it does not know.
	ErrUnknownThread = errors.New("bot: unknown thread or message")
	// ErrNoAdapter: nothing is registered for a platform.
	ErrNoAdapter = errors.New("bot: no adapter for the platform")
	// ErrPlatform: the chat platform refused or failed a call.
	ErrPlatform = errors.New("bot: chat platform error")
)

// User is a person on a chat platform.
type User struct {
	// ID is the platform's own id: "U02" on Slack, a snowflake on
	// Discord, the demo person's name in the web chat.
	ID string
	// Name is a display name, when the platform gave one.
	Name string
	// Identity is what governance knows the person by:
	// "slack:<team>/<user>", "discord:<user>", "web:<name>".
	Identity string
}

// Thread is one conversation: a thread in a channel.
type Thread struct {
	Platform string
	// Channel is the channel (or DM) id.
	Channel string
	// ID is the thread: the root message's ts on Slack, the thread
	// channel's id on Discord, the thread id in the web chat. An empty ID
	// names no thread yet: posting there starts one.
	ID string
}

// Key is a stable string for the thread, unique across platforms.
func (t Thread) Key() string { return t.Platform + ":" + t.Channel + "/" + t.ID }

// MessageRef names a message Tarn posted, so it can be edited.
type MessageRef struct {
	Thread Thread
	ID     string
}

// Message is what Tarn posts. Adapters render it in the platform's own
// way; every part they cannot show natively they show as text.
type Message struct {
	// Text is markdown: **bold**, _italic_, `code`, lists, links.
	Text string
	// Table is a small table of results, shown as a monospaced block.
	Table *Table
	// Code is a code block (the SQL an answer ran), in language CodeLang.
	Code     string
	CodeLang string
	// Images are attached to the message, or, where the platform cannot
	// attach files to a message it edits, posted once into the thread.
	Images []Image
	// Buttons are shown under the message, in order.
	Buttons []Button
	// Footer is a line of small print: model, rounds, time.
	Footer string
}

// Table is a small table of text cells.
type Table struct {
	Columns []string
	Rows    [][]string
	// More counts rows not shown.
	More int
}

// Image is a PNG to show.
type Image struct {
	Name  string // file name, e.g. "chart-1.png"
	Title string // alt text
	PNG   []byte
}

// Button styles.
const (
	Primary = "primary"
	Danger  = "danger"
)

// Button is a button under a message. Clicking it delivers an Action
// with its Action and Value to the Handler.
type Button struct {
	Action string // what the click means, e.g. "tarn.approve"
	Label  string
	Value  string // the payload, e.g. a request id
	Style  string // "", Primary or Danger
}

// Form asks a person for a few values: a justification, a duration. Slack
// and Discord show it as a modal, the web chat as a dialog.
type Form struct {
	ID     string // what the form is for, delivered back in Submission.Form
	Title  string
	Submit string // the submit button's label
	// Value is carried back untouched in Submission.Value.
	Value  string
	Fields []Field
}

// Field is one input of a Form.
type Field struct {
	ID          string
	Label       string
	Placeholder string
	Default     string
	Multiline   bool
	Optional    bool
	// Options, when set, offer a choice; adapters that cannot show a
	// choice in a form show a text input prefilled with Default.
	Options []Option
}

// Option is one choice of a Field.
type Option struct{ Label, Value string }

// Incoming is something a person wrote to Tarn: a mention, a direct
// message, a reply in a thread Tarn is in, or a slash command.
type Incoming struct {
	// Delivery identifies the delivery; a platform that delivers the same
	// event twice delivers the same Delivery, so duplicates are dropped.
	Delivery string
	User     User
	// Thread is where the answer goes. When Thread.ID is empty (a slash
	// command), the answer starts a new thread in Thread.Channel.
	Thread Thread
	// MessageID is the platform's id of the person's message, if any.
	MessageID string
	// Text is what they wrote, without the mention of Tarn.
	Text string
	// Direct is true in a direct message.
	Direct bool
}

// Action is a click on a button of a message Tarn posted.
type Action struct {
	Delivery string
	User     User
	Message  MessageRef // the message holding the button
	Action   string
	Value    string
	// Trigger lets the handler open a form in reply (Slack's trigger_id,
	// a Discord interaction); it is valid for about three seconds.
	Trigger string
}

// Submission is a submitted Form.
type Submission struct {
	Delivery string
	User     User
	Form     string // Form.ID
	Value    string // Form.Value
	Fields   map[string]string
}

// Adapter is one chat platform. Every method is safe for concurrent use.
// Errors wrap ErrPlatform (the platform failed or refused) or
// ErrUnknownThread.
type Adapter interface {
	// Platform is Slack, Discord or Web.
	Platform() string
	// Post posts m in thread t and returns the message. When t.ID is
	// empty the message starts a new thread in t.Channel and the returned
	// ref's Thread.ID names it.
	Post(ctx context.Context, t Thread, m Message) (MessageRef, error)
	// Update replaces a posted message in place: text, table, code and
	// buttons. Images are attached, or posted into the thread once where
	// the platform cannot attach files to an edit.
	Update(ctx context.Context, ref MessageRef, m Message) error
	// Notify shows text to u alone where the platform can (ephemeral),
	// else in thread t addressed to them.
	Notify(ctx context.Context, u User, t Thread, text string) error
	// OpenForm opens f for the person whose click gave trigger.
	OpenForm(ctx context.Context, trigger string, f Form) error
}

// Handler hears what people do. Adapters call it for every delivery and
// acknowledge the platform after it returns, so every method returns
// quickly (well under a second) and does the slow work afterwards.
type Handler interface {
	Message(ctx context.Context, in Incoming)
	Action(ctx context.Context, a Action)
	// Submit returns errors per field ID to show in the form; empty when
	// the submission was accepted.
	Submit(ctx context.Context, s Submission) map[string]string
}
