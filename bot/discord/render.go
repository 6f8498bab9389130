package discord

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/tarn-data/tarn/bot"
)

// Discord's limits.
const (
	maxContent     = 2000 // characters of a message's content
	maxButtonsRow  = 5
	maxRows        = 5
	maxCustomID    = 100
	maxCellWidth   = 40
	maxModalTitle  = 45
	maxInputLabel  = 45
	maxPlaceholder = 100
	answerFile     = "answer.md"
)

// rendered is a bot.Message as Discord takes it.
type rendered struct {
	content    string
	components []discordgo.MessageComponent
	images     []bot.Image
	full       string // the whole text when content was cut; sent as answer.md
}

// render turns m into Discord content, an action row per five buttons, and
// files. Content longer than Discord's 2,000 characters is cut with a note
// and the whole text goes along as answer.md.
func (a *Adapter) render(m bot.Message) rendered {
	r := rendered{content: Content(m), images: m.Images}
	if utf8.RuneCountInString(r.content) > maxContent {
		r.full = r.content
		r.content = Cut(r.content, maxContent)
	}
	r.components = a.buttons(m.Buttons)
	return r
}

// cutNote ends a message that was cut.
const cutNote = "\n… (cut here: the whole answer is attached as " + answerFile + ")"

// Cut shortens s to at most limit characters, ending with a note that the
// whole text is attached as answer.md. A code block left open is closed.
func Cut(s string, limit int) string {
	if utf8.RuneCountInString(s) <= limit {
		return s
	}
	room := limit - utf8.RuneCountInString(cutNote) - 4
	rs := []rune(s)
	head := string(rs[:room])
	if i := strings.LastIndexByte(head, '\n'); i > len(head)/2 {
		head = head[:i]
	}
	if strings.Count(head, "```")%2 == 1 {
		head += "\n```"
	}
	return head + cutNote
}

// Content renders the textual parts of m as Discord markdown: the text,
// the table as an aligned monospaced block, the code block and the footer
// as small print.
func Content(m bot.Message) string {
	var parts []string
	if t := strings.TrimSpace(m.Text); t != "" {
		parts = append(parts, m.Text)
	}
	if m.Table != nil && (len(m.Table.Columns) > 0 || len(m.Table.Rows) > 0) {
		parts = append(parts, Table(m.Table))
	}
	if m.Code != "" {
		parts = append(parts, "```"+m.CodeLang+"\n"+fence(strings.TrimRight(m.Code, "\n"))+"\n```")
	}
	if m.Footer != "" {
		var lines []string
		for _, l := range strings.Split(m.Footer, "\n") {
			if l = strings.TrimSpace(l); l != "" {
				lines = append(lines, "-# "+l)
			}
		}
		parts = append(parts, strings.Join(lines, "\n"))
	}
	return strings.Join(parts, "\n")
}

// fence keeps text from closing the code block it sits in.
func fence(s string) string { return strings.ReplaceAll(s, "```", "``\u200b`") }

// Table renders t as a ``` block with columns padded to a common width
// (cells cut at 40 characters), and "… N more rows" under it.
func Table(t *bot.Table) string {
	n := len(t.Columns)
	for _, r := range t.Rows {
		n = max(n, len(r))
	}
	width := make([]int, n)
	cell := func(r []string, i int) string {
		if i >= len(r) {
			return ""
		}
		c := strings.ReplaceAll(r[i], "\n", " ")
		if utf8.RuneCountInString(c) > maxCellWidth {
			c = string([]rune(c)[:maxCellWidth-1]) + "…"
		}
		return c
	}
	rows := append([][]string{t.Columns}, t.Rows...)
	for _, r := range rows {
		for i := range n {
			width[i] = max(width[i], utf8.RuneCountInString(cell(r, i)))
		}
	}
	var b bytes.Buffer
	b.WriteString("```\n")
	line := func(r []string) {
		var l strings.Builder
		for i := range n {
			c := cell(r, i)
			if i > 0 {
				l.WriteString("  ")
			}
			l.WriteString(c)
			if i < n-1 {
				l.WriteString(strings.Repeat(" ", width[i]-utf8.RuneCountInString(c)))
			}
		}
		b.WriteString(fence(strings.TrimRight(l.String(), " ")) + "\n")
	}
	if len(t.Columns) > 0 {
		line(t.Columns)
		var sep []string
		for i := range n {
			sep = append(sep, strings.Repeat("-", max(width[i], 1)))
		}
		b.WriteString(strings.Join(sep, "  ") + "\n")
	}
	for _, r := range t.Rows {
		line(r)
	}
	b.WriteString("```")
	if t.More > 0 {
		fmt.Fprintf(&b, "\n… %d more rows", t.More)
	}
	return b.String()
}

// buttons lays bs out in action rows of five, at most five rows.
func (a *Adapter) buttons(bs []bot.Button) []discordgo.MessageComponent {
	var rows []discordgo.MessageComponent
	var row []discordgo.MessageComponent
	seen := map[string]int{}
	for _, b := range bs {
		if len(rows) == maxRows {
			a.log.Warn("discord: more buttons than a message can hold; the rest are dropped", "buttons", len(bs))
			break
		}
		id := a.encode('b', b.Action, b.Value)
		if seen[id]++; seen[id] > 1 { // custom_ids must be unique within a message
			id = a.encode('b', b.Action, b.Value+"\x00"+fmt.Sprint(seen[id]))
		}
		style := discordgo.SecondaryButton
		switch b.Style {
		case bot.Primary:
			style = discordgo.PrimaryButton
		case bot.Danger:
			style = discordgo.DangerButton
		}
		row = append(row, discordgo.Button{Label: limit(b.Label, 80), Style: style, CustomID: id})
		if len(row) == maxButtonsRow {
			rows = append(rows, discordgo.ActionsRow{Components: row})
			row = nil
		}
	}
	if len(row) > 0 && len(rows) < maxRows {
		rows = append(rows, discordgo.ActionsRow{Components: row})
	}
	return rows
}

// limit cuts s to n characters.
func limit(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

// files returns the images (and answer.md) of r to upload, leaving out
// the names in skip.
func (r rendered) files(skip map[string]bool) []*discordgo.File {
	var out []*discordgo.File
	for _, img := range r.images {
		if skip[img.Name] {
			continue
		}
		skip[img.Name] = true
		out = append(out, &discordgo.File{Name: img.Name, ContentType: "image/png", Reader: bytes.NewReader(img.PNG)})
	}
	if r.full != "" {
		out = append(out, &discordgo.File{Name: answerFile, ContentType: "text/markdown; charset=utf-8", Reader: strings.NewReader(r.full)})
	}
	return out
}
