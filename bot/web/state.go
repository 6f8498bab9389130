package web

import (
	"crypto/rand"
	"encoding/hex"
	"strconv"
	"time"

	"github.com/tarn-data/tarn/bot"
)

// Bounds of what the chat keeps in memory.
const (
	defaultMaxThreads = 500
	maxThreadMessages = 500   // per thread; the oldest replies go first
	maxNotices        = 20    // per person
	maxFormsPerPerson = 5     // open forms per person
	maxDeliveries     = 2048  // remembered delivery ids of people's messages
	maxChannels       = 32    // channels Tarn may add by posting into them
	maxTarnText       = 65536 // bytes of a message's text Tarn posted
	maxPersonText     = 4000  // characters a person may write at once
	maxBody           = 65536 // bytes of a request body
	triggerTTL        = time.Minute
	formTTL           = time.Hour
)

// thread is a conversation in a channel, rooted at its first message.
type thread struct {
	id, channel string
	msgs        []*message
}

// message is what a person wrote (author set) or what Tarn posted.
type message struct {
	id     string
	thread *thread
	author string // the person's name; "" for Tarn
	at     time.Time
	m      bot.Message // the content; a person's message has Text only
	images []*image
	edits  int
}

func (m *message) ref() bot.MessageRef {
	return bot.MessageRef{Thread: bot.Thread{Platform: bot.Web, Channel: m.thread.channel, ID: m.thread.id}, ID: m.id}
}

// image is a PNG Tarn posted, served at /chat/images/<id>.png. Its id
// changes whenever its bytes do, so the URL is immutable.
type image struct {
	id, name, title string
	png             []byte
}

// notice is text shown to one person alone.
type notice struct {
	ID      string    `json:"id"`
	Text    string    `json:"text"`
	Channel string    `json:"channel,omitempty"`
	Thread  string    `json:"thread,omitempty"`
	At      time.Time `json:"at"`
}

// trigger is the one-time token a click hands to the handler so it can
// open a form for the person who clicked.
type trigger struct {
	person  string
	expires time.Time
	used    bool
	opened  *openForm // the form opened with it, if any
}

// openForm is a form shown to one person, until it is submitted.
type openForm struct {
	token  string
	person string
	form   bot.Form
	at     time.Time
}

// randomID returns 16 random hex digits.
func randomID() string {
	var b [8]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// JSON views of the state, as the page and the API see it.

type personView struct {
	Name string `json:"name"`
	Note string `json:"note,omitempty"`
}

type stateView struct {
	Seq      int64         `json:"seq"`
	You      string        `json:"you"`
	People   []personView  `json:"people"`
	Examples []string      `json:"examples"`
	Channels []channelView `json:"channels"`
	Notices  []notice      `json:"notices"`
	Forms    []formView    `json:"forms"`
}

type channelView struct {
	Name    string       `json:"name"`
	Threads []threadView `json:"threads"` // newest first
}

type threadView struct {
	ID       string        `json:"id"`
	Channel  string        `json:"channel"`
	Replies  int           `json:"replies"`
	Messages []messageView `json:"messages"` // oldest first
}

type messageView struct {
	ID       string       `json:"id"`
	Thread   string       `json:"thread"`
	Channel  string       `json:"channel"`
	Author   string       `json:"author,omitempty"` // a person's name; empty for Tarn
	Tarn     bool         `json:"tarn"`
	At       time.Time    `json:"at"`
	Text     string       `json:"text,omitempty"`
	Table    *tableView   `json:"table,omitempty"`
	Code     string       `json:"code,omitempty"`
	CodeLang string       `json:"codeLang,omitempty"`
	Footer   string       `json:"footer,omitempty"`
	Images   []imageView  `json:"images,omitempty"`
	Buttons  []buttonView `json:"buttons,omitempty"`
	Edits    int          `json:"edits"`
}

type imageView struct {
	URL   string `json:"url"`
	Name  string `json:"name"`
	Title string `json:"title,omitempty"`
}

type buttonView struct {
	Label string `json:"label"`
	Style string `json:"style,omitempty"`
}

type formView struct {
	Token  string      `json:"token"`
	Title  string      `json:"title"`
	Submit string      `json:"submit"`
	Fields []fieldView `json:"fields"`
}

type tableView struct {
	Columns []string   `json:"columns"`
	Rows    [][]string `json:"rows"`
	More    int        `json:"more,omitempty"`
}

type fieldView struct {
	ID          string       `json:"id"`
	Label       string       `json:"label"`
	Placeholder string       `json:"placeholder,omitempty"`
	Default     string       `json:"default,omitempty"`
	Multiline   bool         `json:"multiline,omitempty"`
	Optional    bool         `json:"optional,omitempty"`
	Options     []optionView `json:"options,omitempty"`
}

type optionView struct {
	Label string `json:"label"`
	Value string `json:"value"`
}

func (m *message) view() messageView {
	v := messageView{ID: m.id, Thread: m.thread.id, Channel: m.thread.channel, Author: m.author, Tarn: m.author == "",
		At: m.at, Text: m.m.Text, Code: m.m.Code, CodeLang: m.m.CodeLang, Footer: m.m.Footer, Edits: m.edits}
	if t := m.m.Table; t != nil {
		v.Table = &tableView{Columns: t.Columns, Rows: t.Rows, More: t.More}
	}
	for _, img := range m.images {
		v.Images = append(v.Images, imageView{URL: "/chat/images/" + img.id + ".png", Name: img.name, Title: img.title})
	}
	for _, b := range m.m.Buttons {
		v.Buttons = append(v.Buttons, buttonView{Label: b.Label, Style: b.Style})
	}
	return v
}

func (t *thread) view() threadView {
	v := threadView{ID: t.id, Channel: t.channel, Replies: len(t.msgs) - 1}
	for _, m := range t.msgs {
		v.Messages = append(v.Messages, m.view())
	}
	return v
}

func (f *openForm) view() formView {
	v := formView{Token: f.token, Title: f.form.Title, Submit: f.form.Submit, Fields: []fieldView{}}
	for _, fd := range f.form.Fields {
		fv := fieldView{ID: fd.ID, Label: fd.Label, Placeholder: fd.Placeholder, Default: fd.Default, Multiline: fd.Multiline, Optional: fd.Optional}
		for _, o := range fd.Options {
			fv.Options = append(fv.Options, optionView{Label: o.Label, Value: o.Value})
		}
		v.Fields = append(v.Fields, fv)
	}
	if v.Submit == "" {
		v.Submit = "Submit"
	}
	return v
}

// nextID returns the next message id; the caller holds c.mu.
func (c *Chat) nextID() string {
	c.next++
	return strconv.FormatInt(c.next, 10)
}
