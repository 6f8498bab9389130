package slack

import (
	"regexp"
	"strings"
)

// escape escapes the three characters Slack reserves for its own markup.
func escape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

var (
	reHeading = regexp.MustCompile(`^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$`)
	reBullet  = regexp.MustCompile(`^(\s*)[-*+]\s+`)
	reLink    = regexp.MustCompile(`\[([^\]\n]+)\]\(([^)\s]+)\)`)
	reBold    = regexp.MustCompile(`\*\*(\S(?:[^\n]*?\S)?)\*\*|__(\S(?:[^\n]*?\S)?)__`)
	reItalic  = regexp.MustCompile(`\*(\S(?:[^*\n]*?\S)?)\*`)
	reStrike  = regexp.MustCompile(`~~(\S(?:[^\n]*?\S)?)~~`)
)

// boldMark stands in for a converted bold marker while single-star
// italics are rewritten.
const boldMark = "\x00"

// mrkdwn converts the markdown of a bot.Message to Slack's mrkdwn: &, <
// and > escaped first; **bold** → *bold*; *italic* → _italic_;
// ~~strike~~ → ~strike~; [text](url) → <url|text>; headings bold; list
// bullets •. Code spans and fenced blocks are kept (only escaped), fences
// lose their language, which Slack would show as text.
func mrkdwn(md string) string {
	var b strings.Builder
	inFence := false
	for i, line := range strings.Split(md, "\n") {
		if i > 0 {
			b.WriteByte('\n')
		}
		if t := strings.TrimSpace(line); strings.HasPrefix(t, "```") {
			inFence = !inFence
			b.WriteString("```")
			if !inFence { // text after a closing fence stays
				b.WriteString(escape(strings.TrimPrefix(t, "```")))
			}
			continue
		}
		if inFence {
			b.WriteString(escape(line))
			continue
		}
		b.WriteString(mrkdwnLine(line))
	}
	return b.String()
}

func mrkdwnLine(line string) string {
	if m := reHeading.FindStringSubmatch(line); m != nil {
		return "*" + strings.ReplaceAll(inline(m[1]), "*", "") + "*"
	}
	prefix := ""
	if loc := reBullet.FindStringSubmatchIndex(line); loc != nil {
		prefix = line[loc[2]:loc[3]] + "• "
		line = line[loc[1]:]
	}
	return prefix + inline(line)
}

// inline converts one line outside fences, leaving `code` spans alone.
func inline(s string) string {
	var b strings.Builder
	ticks := strings.Count(s, "`")
	for i, part := range strings.Split(s, "`") {
		if i > 0 {
			b.WriteByte('`')
		}
		if i%2 == 1 && i < ticks { // inside a code span (an unmatched tick opens none)
			b.WriteString(escape(part))
			continue
		}
		b.WriteString(convert(escape(part)))
	}
	return b.String()
}

func convert(s string) string {
	s = reLink.ReplaceAllStringFunc(s, func(m string) string {
		g := reLink.FindStringSubmatch(m)
		return "<" + g[2] + "|" + strings.ReplaceAll(g[1], "|", "¦") + ">"
	})
	s = reBold.ReplaceAllStringFunc(s, func(m string) string {
		g := reBold.FindStringSubmatch(m)
		return boldMark + g[1] + g[2] + boldMark
	})
	s = reItalic.ReplaceAllString(s, "_${1}_")
	s = reStrike.ReplaceAllString(s, "~${1}~")
	return strings.ReplaceAll(s, boldMark, "*")
}
