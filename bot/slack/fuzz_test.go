package slack_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/tarn-data/tarn/bot"
	"github.com/tarn-data/tarn/bot/slack"
)

// FuzzMrkdwn: without links, nothing a person or the model wrote can open
// Slack markup (<…>): every < and > comes out escaped.
func FuzzMrkdwn(f *testing.F) {
	for _, s := range []string{"**a** <b> & `c <d>`", "```\n<x>\n```", "<!channel> <@U1>", "- *x*\n# h", "`", "**"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if strings.ContainsAny(s, "[") {
			return
		}
		out := slack.Mrkdwn(s)
		if strings.ContainsAny(out, "<>") {
			t.Fatalf("Mrkdwn(%q) = %q keeps markup", s, out)
		}
	})
}

// FuzzBlocks: any message renders within Slack's limits.
func FuzzBlocks(f *testing.F) {
	f.Add(strings.Repeat("word ", 9000), "SELECT 1", 3)
	f.Add("```"+strings.Repeat("x", 7000), "", 0)
	f.Fuzz(func(t *testing.T, text, code string, buttons int) {
		m := bot.Message{Text: text, Code: code, Footer: "f"}
		for i := range min(max(buttons, 0), 60) {
			m.Buttons = append(m.Buttons, bot.Button{Action: "a", Label: strings.Repeat("L", i)})
		}
		bl, fallback := slack.Blocks(m)
		if len(bl) > 50 || utf8.RuneCountInString(fallback) > 500 {
			t.Fatalf("%d blocks, fallback of %d", len(bl), utf8.RuneCountInString(fallback))
		}
		total := 0
		for _, s := range sectionTexts(bl) {
			n := utf8.RuneCountInString(s)
			if n > 3000 {
				t.Fatalf("a section of %d characters", n)
			}
			total += n
		}
		if total > 40000 {
			t.Fatalf("%d characters of text", total)
		}
	})
}
