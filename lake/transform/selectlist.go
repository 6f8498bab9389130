package transform

import (
	"regexp"
	"strings"
	"unicode"
)

var aliasName = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_]*|"([^"]|"")+")$`)

// selectList reads the outermost SELECT list of sql and returns each
// output column's expression by name, where that is simple to tell: items
// written `expr AS name` and bare (possibly qualified) column names.
// Anything it cannot read is left out; it never fails.
func selectList(sql string) map[string]string {
	out := map[string]string{}
	toks := topLevel(sql)
	start, end := -1, len(sql)
	for _, t := range toks {
		switch {
		case start < 0 && t.word == "select":
			start = t.end
		case start >= 0 && (t.word == "from" || t.word == "where" || t.word == "group" || t.word == "order" || t.word == "limit"):
			end = t.pos
		}
		if start >= 0 && end < len(sql) {
			break
		}
	}
	if start < 0 {
		return out
	}
	list := stripComments(sql[start:end])
	if w := strings.ToLower(firstWord(list)); w == "distinct" || w == "all" {
		list = strings.TrimSpace(list)[len(w):]
	}
	for _, item := range splitTopLevel(list) {
		expr, name := splitAlias(item)
		if name == "" || expr == "" {
			continue
		}
		out[name] = expr
	}
	return out
}

// token is a word found outside parentheses, quotes and comments.
type token struct {
	word     string // lower case
	pos, end int
}

// topLevel lists the words of s at parenthesis depth 0.
func topLevel(s string) []token {
	var out []token
	depth := 0
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\'' || c == '"':
			i = skipQuoted(s, i)
		case c == '-' && strings.HasPrefix(s[i:], "--"):
			if j := strings.IndexByte(s[i:], '\n'); j >= 0 {
				i += j
			} else {
				i = len(s)
			}
		case c == '/' && strings.HasPrefix(s[i:], "/*"):
			if j := strings.Index(s[i+2:], "*/"); j >= 0 {
				i += j + 4
			} else {
				i = len(s)
			}
		case c == '(':
			depth++
			i++
		case c == ')':
			depth--
			i++
		case isWordByte(c):
			j := i
			for j < len(s) && isWordByte(s[j]) {
				j++
			}
			if depth == 0 {
				out = append(out, token{word: strings.ToLower(s[i:j]), pos: i, end: j})
			}
			i = j
		default:
			i++
		}
	}
	return out
}

func skipQuoted(s string, i int) int {
	q := s[i]
	for j := i + 1; j < len(s); j++ {
		if s[j] == q {
			if j+1 < len(s) && s[j+1] == q {
				j++
				continue
			}
			return j + 1
		}
	}
	return len(s)
}

func isWordByte(c byte) bool {
	return c == '_' || c == '.' || c >= 0x80 || unicode.IsLetter(rune(c)) || unicode.IsDigit(rune(c))
}

// splitTopLevel splits a select list at its depth-0 commas.
func splitTopLevel(s string) []string {
	var out []string
	depth, last := 0, 0
	for i := 0; i < len(s); {
		switch c := s[i]; {
		case c == '\'' || c == '"':
			i = skipQuoted(s, i)
			continue
		case c == '(':
			depth++
		case c == ')':
			depth--
		case c == ',' && depth == 0:
			out = append(out, s[last:i])
			last = i + 1
		}
		i++
	}
	return append(out, s[last:])
}

// splitAlias splits "expr AS name" (or a bare column) into its expression
// and output name.
func splitAlias(item string) (expr, name string) {
	item = strings.TrimSpace(stripComments(item))
	toks := topLevel(item)
	for k := len(toks) - 1; k >= 1; k-- {
		if toks[k].word != "as" {
			continue
		}
		if rest := strings.TrimSpace(item[toks[k].end:]); aliasName.MatchString(rest) {
			return collapse(item[:toks[k].pos]), unquote(rest)
		}
		break
	}
	if len(toks) == 1 && toks[0].pos == 0 && toks[0].end == len(item) {
		parts := strings.Split(item, ".")
		return item, strings.ToLower(parts[len(parts)-1])
	}
	return "", ""
}

func unquote(s string) string {
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		return strings.ReplaceAll(s[1:len(s)-1], `""`, `"`)
	}
	return strings.ToLower(s)
}

func stripComments(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		switch {
		case s[i] == '\'' || s[i] == '"':
			j := skipQuoted(s, i)
			b.WriteString(s[i:j])
			i = j
		case strings.HasPrefix(s[i:], "--"):
			j := strings.IndexByte(s[i:], '\n')
			if j < 0 {
				return b.String()
			}
			i += j
		case strings.HasPrefix(s[i:], "/*"):
			j := strings.Index(s[i+2:], "*/")
			if j < 0 {
				return b.String()
			}
			b.WriteByte(' ')
			i += j + 4
		default:
			b.WriteByte(s[i])
			i++
		}
	}
	return b.String()
}

// collapse trims s and turns each run of white space into one space.
func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

func firstWord(s string) string {
	f := strings.Fields(s)
	if len(f) == 0 {
		return ""
	}
	return f[0]
}
