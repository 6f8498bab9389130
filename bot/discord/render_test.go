package discord_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/tarn-data/tarn/bot"
	"github.com/tarn-data/tarn/bot/discord"
)

func TestATableIsAnAlignedMonospacedBlockWithTheRowsLeftOut(t *testing.T) {
	got := discord.Table(&bot.Table{Columns: []string{"zone", "requests"}, Rows: [][]string{{"example.com", "1,024"}, {"shop.test", "512"}}, More: 8})
	want := "```\n" +
		"zone         requests\n" +
		"-----------  --------\n" +
		"example.com  1,024\n" +
		"shop.test    512\n" +
		"```\n" +
		"… 8 more rows"
	if got != want {
		t.Fatalf("table:\n%s\nwant:\n%s", got, want)
	}
}

func TestATableCutsLongCellsAndCannotCloseItsBlock(t *testing.T) {
	got := discord.Table(&bot.Table{Columns: []string{"path"}, Rows: [][]string{{strings.Repeat("a", 60)}, {"x```y"}}})
	if strings.Contains(got, strings.Repeat("a", 41)) || !strings.Contains(got, strings.Repeat("a", 39)+"…") {
		t.Fatalf("a 60-character cell is not cut at 40: %s", got)
	}
	if strings.Count(got, "```") != 2 {
		t.Fatalf("a cell holding ``` closes the block: %s", got)
	}
}

func TestAMessageRendersTextTableCodeAndFooterAsDiscordMarkdown(t *testing.T) {
	got := discord.Content(bot.Message{Text: "There are **2,000** accounts.", Code: "SELECT count(*) FROM dim.accounts", CodeLang: "sql",
		Footer: "offline · 1 round · 12 ms", Table: &bot.Table{Columns: []string{"n"}, Rows: [][]string{{"2000"}}}})
	want := "There are **2,000** accounts.\n```\nn\n----\n2000\n```\n```sql\nSELECT count(*) FROM dim.accounts\n```\n-# offline · 1 round · 12 ms"
	if got != want {
		t.Fatalf("content:\n%s\nwant:\n%s", got, want)
	}
}

func TestCuttingLongTextStaysWithinTheLimitClosesCodeAndSaysWhereTheRestIs(t *testing.T) {
	long := "```\n" + strings.Repeat("row of results\n", 300) + "```"
	got := discord.Cut(long, 2000)
	if n := utf8.RuneCountInString(got); n > 2000 {
		t.Fatalf("cut to %d characters, want at most 2000", n)
	}
	if strings.Count(got, "```")%2 != 0 || !strings.Contains(got, "answer.md") || !strings.HasPrefix(got, long[:500]) {
		t.Fatalf("cut text ends %q, want the block closed and a note naming answer.md", got[len(got)-120:])
	}
	if short := "short"; discord.Cut(short, 2000) != short {
		t.Fatal("short text was changed")
	}
}

func TestCustomIDsRoundTrip(t *testing.T) {
	for _, c := range []struct{ action, value string }{
		{"tarn.approve", "req:42:168h"}, {"", ""}, {"a:b", "c:d"}, {"12", "34"}, {"tarn.flip", "flip:fct.security_events"},
	} {
		id := discord.EncodeID('b', c.action, c.value)
		a, v, ok := discord.DecodeID('b', id)
		if !ok || a != c.action || v != c.value {
			t.Fatalf("%q/%q encoded as %q decodes to %q/%q (%v)", c.action, c.value, id, a, v, ok)
		}
		if _, _, ok := discord.DecodeID('f', id); ok {
			t.Fatalf("a button id %q decodes as a form id", id)
		}
	}
	for _, bad := range []string{"", "b", "bx:", "b9:short", "b-1:x", "hello"} {
		if _, _, ok := discord.DecodeID('b', bad); ok {
			t.Fatalf("%q decoded, want refused", bad)
		}
	}
}

func FuzzCustomIDs(f *testing.F) {
	f.Add("tarn.approve", "req:42")
	f.Add("", "b3:abc")
	f.Fuzz(func(t *testing.T, action, value string) {
		if strings.IndexByte(value, 0) >= 0 {
			t.Skip("a NUL marks a repeated button")
		}
		a, v, ok := discord.DecodeID('b', discord.EncodeID('b', action, value))
		if !ok || a != action || v != value {
			t.Fatalf("%q/%q came back as %q/%q", action, value, a, v)
		}
		discord.DecodeID('b', action) // never panics on foreign ids
	})
}

func TestFormErrorsListEveryFieldInOrder(t *testing.T) {
	got := discord.FormErrors(map[string]string{"why": "say why", "for": "at most 8h"})
	if !strings.HasSuffix(got, "\n- for: at most 8h\n- why: say why") {
		t.Fatalf("form errors: %q", got)
	}
}
