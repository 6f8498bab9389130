package slack_test

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	slackgo "github.com/slack-go/slack"

	"github.com/tarn-data/tarn/bot"
	"github.com/tarn-data/tarn/bot/slack"
)

func TestMarkdownBecomesMrkdwn(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"There are **2,000** accounts.", "There are *2,000* accounts."},
		{"an _italic_ and *starred* word", "an _italic_ and _starred_ word"},
		{"__also bold__ and ~~gone~~", "*also bold* and ~gone~"},
		{"see [the docs](https://example.com/a?b=1&c=2)", "see <https://example.com/a?b=1&amp;c=2|the docs>"},
		{"a < b && c > d", "a &lt; b &amp;&amp; c &gt; d"},
		{"keep `**not bold** <x>` as code", "keep `**not bold** &lt;x&gt;` as code"},
		{"## Top zones", "*Top zones*"},
		{"- one\n  * two", "• one\n  • two"},
		{"```sql\nSELECT **x** FROM t WHERE a < 1\n```", "```\nSELECT **x** FROM t WHERE a &lt; 1\n```"},
		{"2 * 3 * 4", "2 * 3 * 4"},
		{"an `unclosed tick and **bold**", "an `unclosed tick and *bold*"},
	} {
		if got := slack.Mrkdwn(c.in); got != c.want {
			t.Errorf("Mrkdwn(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func sectionTexts(bl []slackgo.Block) []string {
	var out []string
	for _, b := range bl {
		if s, ok := b.(*slackgo.SectionBlock); ok {
			out = append(out, s.Text.Text)
		}
	}
	return out
}

func TestLongTextIsSplitIntoSectionsWithinSlacksLimit(t *testing.T) {
	long := strings.Repeat("All 2,000 accounts are active. ", 700) // ~21,700 characters
	bl, fallback := slack.Blocks(bot.Message{Text: long})
	texts := sectionTexts(bl)
	if len(texts) < 8 {
		t.Fatalf("%d sections for %d characters", len(texts), len(long))
	}
	for _, s := range texts {
		if n := utf8.RuneCountInString(s); n > 3000 {
			t.Fatalf("a section of %d characters", n)
		}
	}
	if got := strings.Join(texts, ""); got != long {
		t.Fatalf("the sections do not add up to the text (%d vs %d characters)", len(got), len(long))
	}
	if fallback == "" || utf8.RuneCountInString(fallback) > 500 {
		t.Fatalf("fallback text of %d characters", utf8.RuneCountInString(fallback))
	}
}

func TestTextBeyondTheMessageLimitIsCutWithANote(t *testing.T) {
	huge := strings.Repeat("word ", 20000) // 100,000 characters
	bl, _ := slack.Blocks(bot.Message{Text: huge, Footer: "offline · 1 round", Buttons: []bot.Button{{Action: "a", Label: "A"}}})
	if len(bl) > 50 {
		t.Fatalf("%d blocks, Slack takes 50", len(bl))
	}
	texts := sectionTexts(bl)
	total := 0
	for _, s := range texts {
		total += utf8.RuneCountInString(s)
	}
	last := texts[len(texts)-1]
	if total > 40000 || !strings.HasPrefix(last, "… (cut: ") {
		t.Fatalf("%d characters shown, last section %q", total, last)
	}
	var more int
	fmt.Sscanf(last, "… (cut: %d characters more)", &more)
	if shown := total - utf8.RuneCountInString(last); shown+more != len(huge) {
		t.Fatalf("shown %d + cut %d != %d", shown, more, len(huge))
	}
	if _, ok := bl[len(bl)-1].(*slackgo.ContextBlock); !ok {
		t.Fatal("the footer was cut; it must stay last")
	}
	if _, ok := bl[len(bl)-2].(*slackgo.ActionBlock); !ok {
		t.Fatal("the buttons were cut")
	}
}

func TestManySmallPiecesStopAtFiftyBlocks(t *testing.T) {
	var b strings.Builder
	b.WriteString("```\n")
	for i := range 3000 {
		fmt.Fprintf(&b, "line %d of a very long program that goes on\n", i)
	}
	b.WriteString("```")
	bl, _ := slack.Blocks(bot.Message{Text: "intro", Code: b.String()})
	if len(bl) > 50 {
		t.Fatalf("%d blocks", len(bl))
	}
	for _, s := range sectionTexts(bl) {
		if strings.Count(s, "```")%2 != 0 {
			t.Fatalf("a section leaves a code block open: %q…", s[:40])
		}
	}
}

func TestSplittingInsideAFenceClosesAndReopensIt(t *testing.T) {
	text := "```\n" + strings.Repeat("SELECT 1;\n", 600) + "```\nafter"
	parts := slack.SplitText(text, 3000)
	if len(parts) < 2 {
		t.Fatalf("%d parts", len(parts))
	}
	for i, p := range parts {
		if strings.Count(p, "```")%2 != 0 {
			t.Fatalf("part %d has an unbalanced fence", i)
		}
		if i > 0 && i < len(parts)-1 && !strings.HasPrefix(p, "```\n") {
			t.Fatalf("part %d does not reopen the fence", i)
		}
	}
}

func TestTablesAreAlignedMonospace(t *testing.T) {
	got := slack.TableText(&bot.Table{Columns: []string{"zone", "requests"}, Rows: [][]string{{"example.com", "1,024"}, {"a<b", "5"}}, More: 8})
	want := "zone         requests\n" +
		"-----------  --------\n" +
		"example.com  1,024\n" +
		"a&lt;b          5\n" +
		"… 8 more rows"
	if got != want {
		t.Fatalf("table:\n%s\nwant:\n%s", got, want)
	}
	bl, _ := slack.Blocks(bot.Message{Table: &bot.Table{Columns: []string{"a"}, Rows: [][]string{{"1"}}}, Code: "SELECT 1", Footer: "f"})
	texts := sectionTexts(bl)
	if len(texts) != 2 || !strings.HasPrefix(texts[0], "```\na") || texts[1] != "```\nSELECT 1\n```" {
		t.Fatalf("table and code sections: %q", texts)
	}
}

func TestButtonsGetUniqueActionIDsThatDecodeBack(t *testing.T) {
	bl, _ := slack.Blocks(bot.Message{Text: "x", Buttons: []bot.Button{
		{Action: "tarn.approve", Label: "Approve 1 day", Value: "req:1:24h", Style: bot.Primary},
		{Action: "tarn.approve", Label: "Approve 7 days", Value: "req:1:168h", Style: bot.Primary},
		{Action: "tarn#odd", Label: "Deny", Value: "req:1", Style: bot.Danger},
	}})
	ab := bl[len(bl)-1].(*slackgo.ActionBlock)
	seen := map[string]bool{}
	for i, el := range ab.Elements.ElementSet {
		btn := el.(*slackgo.ButtonBlockElement)
		if seen[btn.ActionID] {
			t.Fatalf("action_id %q twice", btn.ActionID)
		}
		seen[btn.ActionID] = true
		want := []string{"tarn.approve", "tarn.approve", "tarn#odd"}[i]
		if got := slack.ActionOf(btn.ActionID); got != want {
			t.Fatalf("action_id %q decodes to %q, want %q", btn.ActionID, got, want)
		}
	}
	if s := ab.Elements.ElementSet[2].(*slackgo.ButtonBlockElement).Style; s != slackgo.StyleDanger {
		t.Fatalf("deny style %q", s)
	}
	if slack.ActionOf("plain") != "plain" || slack.ActionOf(slack.ActionID("a#b", 3)) != "a#b" {
		t.Fatal("decoding action ids")
	}
}

func TestTarnsMentionIsStrippedWhereverItIs(t *testing.T) {
	for _, c := range []struct{ in, self, want string }{
		{"<@UTARN> how many accounts?", "UTARN", "how many accounts?"},
		{"so <@UTARN|tarn> why?  <@UTARN>", "UTARN", "so why?"},
		{"ask <@UTARNX> and <@UTARN> too", "UTARN", "ask <@UTARNX> and too"},
		{"<@UOTHER> hi", "", "hi"},
		{"<@UTARN", "UTARN", "<@UTARN"},
	} {
		if got := slack.StripMention(c.in, c.self); got != c.want {
			t.Errorf("StripMention(%q, %q) = %q, want %q", c.in, c.self, got, c.want)
		}
	}
}
