package langchaingo

import (
	"strings"

	"github.com/tarn-data/tarn/agent"
)

// Parse reads a model's reply. The script is the first fenced block marked
// javascript, js or nothing (blocks in other languages, e.g. sql, are
// skipped), or the whole reply when it is a bare program starting with
// const, let or tarn. With a script, the first line of prose around it is
// Understood and the rest is Text; without one, all of it is Text.
func Parse(reply string) agent.Completion {
	reply = strings.TrimSpace(reply)
	if bare(reply) {
		return agent.Completion{Script: reply}
	}
	lines := strings.Split(reply, "\n")
	var script, prose []string
	found, in, take := false, false, false
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "```") {
			if !in {
				in = true
				lang := strings.ToLower(strings.TrimSpace(strings.TrimPrefix(t, "```")))
				take = !found && (lang == "" || lang == "javascript" || lang == "js")
				continue
			}
			if t == "```" {
				in = false
				if take {
					found, take = true, false
				}
				continue
			}
		}
		switch {
		case in && take:
			script = append(script, l)
		case in:
			// another language's block: neither script nor prose
		default:
			prose = append(prose, l)
		}
	}
	if take { // an unclosed block, e.g. a reply cut at the token limit
		found = true
	}
	text := strings.TrimSpace(strings.Join(prose, "\n"))
	if !found || strings.TrimSpace(strings.Join(script, "\n")) == "" {
		return agent.Completion{Text: text}
	}
	c := agent.Completion{Script: strings.TrimSpace(strings.Join(script, "\n")) + "\n"}
	first, rest, _ := strings.Cut(text, "\n")
	c.Understood = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(first), "Understood:"))
	c.Text = strings.TrimSpace(rest)
	return c
}

func bare(s string) bool {
	if strings.Contains(s, "```") {
		return false
	}
	for _, p := range []string{"const ", "let ", "tarn."} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}
