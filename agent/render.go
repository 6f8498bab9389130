package agent

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// maxLineageBytes caps the lineage SQL shown per table.
const maxLineageBytes = 600

// Render writes the context as compact text for a prompt, never longer than
// maxBytes: tables with their visible columns, joins and lineage; closed
// tables with what to do; pages; examples; notes. When it does not fit, the
// lowest-ranked items go first (notes, examples, pages, lineage SQL, closed
// tables, then tables from the last), and what still does not fit is cut.
// The output depends only on the context.
func (c *Context) Render(maxBytes int) string {
	if c == nil || maxBytes <= 0 {
		return ""
	}
	v := *c // shallow copy whose slices are shortened, never written
	v.Tables = append([]TableCard(nil), c.Tables...)
	for {
		s := v.render()
		if len(s) <= maxBytes {
			return s
		}
		if !v.dropOne() {
			return truncate(s, maxBytes)
		}
	}
}

// dropOne removes the least important item left; false when nothing is.
func (c *Context) dropOne() bool {
	switch {
	case len(c.Notes) > 0:
		c.Notes = c.Notes[:len(c.Notes)-1]
	case len(c.Examples) > 0:
		c.Examples = c.Examples[:len(c.Examples)-1]
	case len(c.Pages) > 0:
		c.Pages = c.Pages[:len(c.Pages)-1]
	case dropLineage(c.Tables):
	case len(c.Closed) > 0:
		c.Closed = c.Closed[:len(c.Closed)-1]
	case len(c.Tables) > 1:
		c.Tables = c.Tables[:len(c.Tables)-1]
	default:
		return false
	}
	return true
}

// dropLineage removes the lineage SQL of the lowest-ranked table that has
// one; false when none has.
func dropLineage(ts []TableCard) bool {
	for i := len(ts) - 1; i >= 0; i-- {
		if ts[i].Lineage != "" {
			ts[i].Lineage = ""
			return true
		}
	}
	return false
}

func (c *Context) render() string {
	var b strings.Builder
	if len(c.Tables) > 0 {
		b.WriteString("## Tables you can query\n")
	}
	for _, t := range c.Tables {
		b.WriteString(t.Name)
		if t.Description != "" {
			b.WriteString(" — " + oneLine(t.Description))
		}
		if len(t.Tags) > 0 {
			b.WriteString(" [" + strings.Join(t.Tags, ", ") + "]")
		}
		b.WriteByte('\n')
		for _, col := range t.Columns {
			fmt.Fprintf(&b, "  %s %s", col.Name, col.Type)
			if col.Description != "" {
				b.WriteString(" — " + oneLine(col.Description))
			}
			var flags []string
			if col.PII != "" {
				flags = append(flags, col.PII)
			}
			if col.Masked {
				flags = append(flags, "masked")
			}
			if len(flags) > 0 {
				b.WriteString(" (" + strings.Join(flags, ", ") + ")")
			}
			if col.Derivation != "" {
				b.WriteString(" [= " + oneLine(col.Derivation) + "]")
			}
			b.WriteByte('\n')
		}
		for _, j := range t.JoinsWith {
			b.WriteString("  joined with " + j.Table)
			if j.On != "" {
				b.WriteString(" on " + j.On)
			}
			fmt.Fprintf(&b, " (%d queries)\n", j.Count)
		}
		if t.Lineage != "" {
			b.WriteString("  built by: " + truncate(oneLine(t.Lineage), maxLineageBytes) + "\n")
		}
	}
	if len(c.Closed) > 0 {
		b.WriteString("## Tables you cannot query\n")
		for _, t := range c.Closed {
			fmt.Fprintf(&b, "%s — %s: %s\n", t.Name, t.Reason, oneLine(t.Hint))
		}
	}
	if len(c.Pages) > 0 {
		b.WriteString("## Pages\n")
		for _, p := range c.Pages {
			fmt.Fprintf(&b, "### %s (%s)\n%s\n", p.Title, p.Domain, strings.TrimSpace(p.Body))
		}
	}
	if len(c.Examples) > 0 {
		b.WriteString("## Verified examples\n")
		for _, e := range c.Examples {
			fmt.Fprintf(&b, "Q: %s\n```js\n%s\n```\n", oneLine(e.Question), strings.TrimSpace(e.Script))
		}
	}
	if len(c.Notes) > 0 {
		b.WriteString("## Team notes\n")
		for _, n := range c.Notes {
			b.WriteString("- " + oneLine(n.Text) + "\n")
		}
	}
	return b.String()
}

// oneLine collapses whitespace runs, newlines included, into single spaces.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// truncate cuts s to at most n bytes at a rune boundary, marking the cut
// with "…" when there is room for it.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	const mark = "…"
	cut := n - len(mark)
	if cut < 0 {
		cut, n = n, 0
	}
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	if n == 0 {
		return s[:cut]
	}
	return s[:cut] + mark
}
