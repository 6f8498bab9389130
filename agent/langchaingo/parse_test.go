package langchaingo_test

import (
	"testing"

	"github.com/tmc/langchaingo/llms"

	"github.com/tarn-data/tarn/agent/langchaingo"
)

func text(m llms.MessageContent) string {
	var s string
	for _, p := range m.Parts {
		if t, ok := p.(llms.TextContent); ok {
			s += t.Text
		}
	}
	return s
}

func TestParse(t *testing.T) {
	cases := []struct {
		name, reply, script, understood, text string
	}{
		{"javascript block with prose", "Top plans by revenue.\n```javascript\ntarn.answer('x')\n```\nThis uses alloc_amount.",
			"tarn.answer('x')\n", "Top plans by revenue.", "This uses alloc_amount."},
		{"js block", "```js\nconst a = 1;\n```", "const a = 1;\n", "", ""},
		{"plain block", "```\nlet b = 2;\n```", "let b = 2;\n", "", ""},
		{"sql block first is skipped", "```sql\nSELECT 1\n```\n```javascript\ntarn.answer('y')\n```", "tarn.answer('y')\n", "", ""},
		{"only the first script", "```js\nconst a = 1;\n```\n```js\nconst b = 2;\n```", "const a = 1;\n", "", ""},
		{"bare program", "const r = tarn.sql('SELECT 1');\ntarn.answer('1')", "const r = tarn.sql('SELECT 1');\ntarn.answer('1')", "", ""},
		{"unclosed block", "Counting.\n```javascript\ntarn.answer('z')", "tarn.answer('z')\n", "Counting.", ""},
		{"no block", "I can't see billing tables.", "", "", "I can't see billing tables."},
		{"only a sql block", "```sql\nSELECT 1\n```", "", "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := langchaingo.Parse(c.reply)
			if got.Script != c.script || got.Understood != c.understood || got.Text != c.text {
				t.Errorf("Parse(%q) = script %q, understood %q, text %q", c.reply, got.Script, got.Understood, got.Text)
			}
		})
	}
}
