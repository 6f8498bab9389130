package slack

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/tarn-data/tarn/bot"
)

// Slack's limits on a message.
const (
	maxSectionText = 3000  // characters in one section's text
	maxBlocks      = 50    // blocks in one message
	maxMessageText = 40000 // characters of text over all blocks
	maxButtonsPer  = 25    // elements in one actions block
	maxButtonLabel = 75
	maxButtonValue = 2000
	maxFallback    = 500 // the notification text beside the blocks
)

// blocks renders m as Block Kit: the text as mrkdwn sections, the table
// and the code as monospaced blocks, the buttons as actions blocks and the
// footer as a context block, within Slack's limits: text longer than a
// section is split over several, and what does not fit in 50 blocks or
// ~40,000 characters is cut with a note saying how much. It also returns
// the fallback text for notifications.
func blocks(m bot.Message) ([]slack.Block, string) {
	var chunks []string
	if strings.TrimSpace(m.Text) != "" {
		chunks = append(chunks, splitText(mrkdwn(m.Text), maxSectionText)...)
	}
	if m.Table != nil && (len(m.Table.Columns) > 0 || len(m.Table.Rows) > 0) {
		chunks = append(chunks, fenced(tableText(m.Table), maxSectionText)...)
	}
	if strings.TrimSpace(m.Code) != "" {
		chunks = append(chunks, fenced(escape(m.Code), maxSectionText)...)
	}
	footer := ""
	if strings.TrimSpace(m.Footer) != "" {
		footer = cutRunes(mrkdwn(m.Footer), maxSectionText)
	}
	nButtons := min(len(m.Buttons), maxButtonsPer*5)
	reserved := (nButtons + maxButtonsPer - 1) / maxButtonsPer
	if footer != "" {
		reserved++
	}
	budgetBlocks, budgetText := maxBlocks-reserved, maxMessageText-utf8.RuneCountInString(footer)

	var out []slack.Block
	for i, c := range chunks {
		n := utf8.RuneCountInString(c)
		last := i == len(chunks)-1
		room := len(out) < budgetBlocks-1 || last && len(out) < budgetBlocks
		if !room || n > budgetText-100 {
			more := 0
			for _, rest := range chunks[i:] {
				more += utf8.RuneCountInString(rest)
			}
			out = append(out, section(fmt.Sprintf("… (cut: %d characters more)", more)))
			break
		}
		out = append(out, section(c))
		budgetText -= n
	}
	for i := 0; i < nButtons; i += maxButtonsPer {
		var els []slack.BlockElement
		for j := i; j < min(i+maxButtonsPer, nButtons); j++ {
			els = append(els, button(m.Buttons[j], j))
		}
		out = append(out, slack.NewActionBlock("tarn_actions_"+strconv.Itoa(i/maxButtonsPer), els...))
	}
	if footer != "" {
		out = append(out, slack.NewContextBlock("", slack.NewTextBlockObject(slack.MarkdownType, footer, false, false)))
	}
	return out, fallback(m)
}

func section(text string) *slack.SectionBlock {
	return slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, text, false, false), nil, nil)
}

func button(b bot.Button, i int) *slack.ButtonBlockElement {
	label := cutRunes(b.Label, maxButtonLabel)
	if label == "" {
		label = b.Action
	}
	el := slack.NewButtonBlockElement(actionID(b.Action, i), cutRunes(b.Value, maxButtonValue),
		slack.NewTextBlockObject(slack.PlainTextType, label, true, false))
	switch b.Style {
	case bot.Primary:
		el = el.WithStyle(slack.StylePrimary)
	case bot.Danger:
		el = el.WithStyle(slack.StyleDanger)
	}
	return el
}

// actionID makes a button's action_id unique within its message: the
// Button.Action, "#", and the button's index.
func actionID(action string, i int) string { return action + "#" + strconv.Itoa(i) }

// actionOf decodes an action_id back to its Button.Action.
func actionOf(id string) string {
	if i := strings.LastIndexByte(id, '#'); i >= 0 {
		if _, err := strconv.Atoi(id[i+1:]); err == nil {
			return id[:i]
		}
	}
	return id
}

func fallback(m bot.Message) string {
	s := strings.TrimSpace(m.Text)
	if s == "" {
		s = strings.TrimSpace(m.Footer)
	}
	if s == "" {
		s = "Tarn"
	}
	return cutRunes(mrkdwn(s), maxFallback)
}

// cutRunes cuts s to at most n characters, ending in "…" when cut.
func cutRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// splitText splits mrkdwn text into pieces of at most max characters,
// at a line break or a space where it can, and closes a code fence left
// open at a cut (reopening it in the next piece).
func splitText(s string, max int) []string {
	var out []string
	open := false
	for s != "" {
		prefix := ""
		if open {
			prefix = "```\n"
		}
		limit := max - len(prefix) - 4 // room for a closing "\n```"
		r := []rune(s)
		if len(r) <= limit {
			out = append(out, prefix+s)
			break
		}
		cut := len(string(r[:limit]))
		if i := strings.LastIndexByte(s[:cut], '\n'); i > cut/2 {
			cut = i + 1
		} else if i := strings.LastIndexByte(s[:cut], ' '); i > cut/2 {
			cut = i + 1
		} else if i := strings.LastIndexByte(s[:cut], '&'); i > cut-6 { // do not split an entity
			cut = i
		}
		piece := prefix + s[:cut]
		s = s[cut:]
		if strings.Count(piece, "```")%2 == 1 {
			piece = strings.TrimRight(piece, "\n") + "\n```"
			open = true
		} else {
			open = false
		}
		out = append(out, piece)
	}
	return out
}

// fenced wraps already escaped monospaced text in ``` blocks of at most
// max characters each, split between lines.
func fenced(s string, max int) []string {
	s = strings.ReplaceAll(s, "```", "`\u200b``")
	var out []string
	var cur strings.Builder
	n := 0
	flush := func() {
		if cur.Len() > 0 {
			out = append(out, "```\n"+strings.TrimSuffix(cur.String(), "\n")+"\n```")
			cur.Reset()
			n = 0
		}
	}
	for _, line := range strings.Split(s, "\n") {
		line = cutRunes(line, max-10)
		l := utf8.RuneCountInString(line) + 1
		if n+l > max-8 {
			flush()
		}
		cur.WriteString(line + "\n")
		n += l
	}
	flush()
	return out
}

// tableText lays a table out in aligned columns, with a rule under the
// header and "… N more rows" under the rows. Cells are aligned as shown
// and escaped.
func tableText(t *bot.Table) string {
	clean := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	width := make([]int, len(t.Columns))
	all := t.Rows
	if len(t.Columns) > 0 {
		all = append([][]string{t.Columns}, t.Rows...)
	}
	rows := make([][]string, 0, len(all))
	for _, r := range all {
		row := make([]string, len(r))
		for i, c := range r {
			row[i] = clean(c)
			if i >= len(width) {
				width = append(width, 0)
			}
			width[i] = max(width[i], utf8.RuneCountInString(row[i]))
		}
		rows = append(rows, row)
	}
	var b strings.Builder
	line := func(cells []string) {
		var l strings.Builder
		for i, c := range cells {
			if i > 0 {
				l.WriteString("  ")
			}
			l.WriteString(escape(c) + strings.Repeat(" ", width[i]-utf8.RuneCountInString(c)))
		}
		b.WriteString(strings.TrimRight(l.String(), " ") + "\n")
	}
	for i, r := range rows {
		line(r)
		if i == 0 && len(t.Columns) > 0 {
			rule := make([]string, len(t.Columns))
			for j := range rule {
				rule[j] = strings.Repeat("-", width[j])
			}
			line(rule)
		}
	}
	if t.More > 0 {
		fmt.Fprintf(&b, "… %d more rows\n", t.More)
	}
	return strings.TrimSuffix(b.String(), "\n")
}
