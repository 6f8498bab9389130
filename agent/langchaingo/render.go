package langchaingo

import (
	"fmt"
	"strings"

	"github.com/tarn-data/tarn/agent"
)

// renderContext writes what retrieval found as text for the system message,
// most relevant first, stopping before maxBytes.
func renderContext(c *agent.Context, maxBytes int) string {
	if c == nil {
		return ""
	}
	var parts []string
	for _, t := range c.Tables {
		var b strings.Builder
		fmt.Fprintf(&b, "Table %s", t.Name)
		if len(t.Tags) > 0 {
			fmt.Fprintf(&b, " [%s]", strings.Join(t.Tags, ", "))
		}
		if t.Description != "" {
			b.WriteString(": " + t.Description)
		}
		b.WriteString("\n")
		for _, col := range t.Columns {
			fmt.Fprintf(&b, "  %s %s", col.Name, col.Type)
			if col.Description != "" {
				b.WriteString(" - " + col.Description)
			}
			if col.Derivation != "" {
				b.WriteString(" (= " + col.Derivation + ")")
			}
			if col.Masked {
				b.WriteString(" (masked " + col.PII + ")")
			}
			b.WriteString("\n")
		}
		for _, j := range t.JoinsWith {
			fmt.Fprintf(&b, "  often joined with %s on %s\n", j.Table, j.On)
		}
		parts = append(parts, b.String())
	}
	for _, p := range c.Pages {
		parts = append(parts, fmt.Sprintf("Page %q (%s):\n%s\n", p.Title, p.Domain, p.Body))
	}
	for _, e := range c.Examples {
		parts = append(parts, fmt.Sprintf("Verified example for %q:\n%s\n", e.Question, fence(e.Script)))
	}
	for _, n := range c.Notes {
		parts = append(parts, "Team note: "+n.Text+"\n")
	}
	for _, t := range c.Closed {
		parts = append(parts, fmt.Sprintf("Table %s exists but this user may not query it (%s); %s\n", t.Name, t.Reason, t.Hint))
	}
	if len(parts) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("What Tarn knows for this question (only what this user may see):\n\n")
	for _, p := range parts {
		if b.Len()+len(p) > maxBytes {
			b.WriteString("(more context left out)\n")
			break
		}
		b.WriteString(p)
		b.WriteString("\n")
	}
	return strings.TrimRight(b.String(), "\n")
}
