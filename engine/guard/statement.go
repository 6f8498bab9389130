package guard

import (
	"strings"
	"unicode"
)

// statementNames maps the first keyword of a statement DuckDB will not
// serialize onto the name used in the refusal. The list only shapes the
// message: DuckDB's parser has already decided the text is not one SELECT.
var statementNames = map[string]string{
	"INSERT": "INSERT", "UPDATE": "UPDATE", "DELETE": "DELETE", "MERGE": "MERGE",
	"UPSERT": "UPSERT", "TRUNCATE": "TRUNCATE", "CREATE": "CREATE", "DROP": "DROP",
	"ALTER": "ALTER", "COMMENT": "COMMENT ON", "ATTACH": "ATTACH", "DETACH": "DETACH",
	"INSTALL": "INSTALL", "FORCE": "FORCE INSTALL", "LOAD": "LOAD", "COPY": "COPY",
	"EXPORT": "EXPORT DATABASE", "IMPORT": "IMPORT DATABASE", "PRAGMA": "PRAGMA",
	"SET": "SET", "RESET": "RESET", "CALL": "CALL", "CHECKPOINT": "CHECKPOINT",
	"VACUUM": "VACUUM", "ANALYZE": "ANALYZE", "EXPLAIN": "EXPLAIN", "PREPARE": "PREPARE",
	"EXECUTE": "EXECUTE", "DEALLOCATE": "DEALLOCATE", "BEGIN": "BEGIN", "START": "START TRANSACTION",
	"COMMIT": "COMMIT", "ROLLBACK": "ROLLBACK", "ABORT": "ABORT", "END": "END",
	"USE": "USE", "DESCRIBE": "DESCRIBE", "DESC": "DESCRIBE", "SHOW": "SHOW",
	"SUMMARIZE": "SUMMARIZE", "PIVOT": "PIVOT", "PIVOT_WIDER": "PIVOT", "UNPIVOT": "UNPIVOT",
	"PIVOT_LONGER": "UNPIVOT", "UPDATE_EXTENSIONS": "UPDATE EXTENSIONS",
}

// notSelect refuses text that DuckDB parsed but would not serialize: some
// statement in it is not a SELECT.
func notSelect(sql string) error {
	words := firstWords(sql)
	if n := countStatements(sql); n > 1 {
		return forbidden("the text holds %d statements; Tarn runs exactly one SELECT query at a time", n)
	}
	kw := ""
	if len(words) > 0 {
		kw = words[0]
	}
	switch kw {
	case "PIVOT", "PIVOT_WIDER", "UNPIVOT", "PIVOT_LONGER":
		return forbidden("%s without an explicit IN (...) list needs extra statements, which Tarn does not run; "+
			"list the values, e.g. PIVOT t ON col IN ('a', 'b') USING sum(x)", kw)
	case "WITH":
		return forbidden("a WITH clause may only lead into a SELECT; Tarn runs read-only SELECT queries over lake tables such as %s", lakeExample)
	}
	if name, ok := statementNames[kw]; ok {
		if kw == "UPDATE" && len(words) > 1 && words[1] == "EXTENSIONS" {
			name = "UPDATE EXTENSIONS"
		}
		return forbidden("%s statements are not allowed; Tarn runs read-only SELECT queries over lake tables such as %s", name, lakeExample)
	}
	return forbidden("only SELECT queries are allowed; Tarn runs read-only SELECT queries over lake tables such as %s", lakeExample)
}

// firstWords returns the first two keywords of sql in upper case, skipping
// blanks, comments and opening parentheses.
func firstWords(sql string) []string {
	var words []string
	s := sql
	for len(words) < 2 {
		s = skipSpaceAndComments(s)
		s = strings.TrimLeft(s, "(")
		s = skipSpaceAndComments(s)
		i := strings.IndexFunc(s, func(r rune) bool { return !(unicode.IsLetter(r) || r == '_') })
		if i < 0 {
			i = len(s)
		}
		if i == 0 {
			break
		}
		words = append(words, strings.ToUpper(s[:i]))
		s = s[i:]
	}
	return words
}

func skipSpaceAndComments(s string) string {
	for {
		s = strings.TrimLeftFunc(s, unicode.IsSpace)
		switch {
		case strings.HasPrefix(s, "--"):
			if i := strings.IndexByte(s, '\n'); i >= 0 {
				s = s[i+1:]
			} else {
				return ""
			}
		case strings.HasPrefix(s, "/*"):
			if i := strings.Index(s[2:], "*/"); i >= 0 {
				s = s[i+4:]
			} else {
				return ""
			}
		default:
			return s
		}
	}
}

// countStatements counts the non-empty statements separated by semicolons
// outside quotes and comments. It only shapes messages.
func countStatements(sql string) int {
	n, content := 0, false
	for i := 0; i < len(sql); i++ {
		c := sql[i]
		switch {
		case c == '\'' || c == '"':
			j := i + 1
			for j < len(sql) {
				if sql[j] == c {
					if j+1 < len(sql) && sql[j+1] == c {
						j += 2
						continue
					}
					break
				}
				j++
			}
			i, content = j, true
		case c == '-' && i+1 < len(sql) && sql[i+1] == '-':
			for i < len(sql) && sql[i] != '\n' {
				i++
			}
		case c == '/' && i+1 < len(sql) && sql[i+1] == '*':
			j := strings.Index(sql[i+2:], "*/")
			if j < 0 {
				i = len(sql)
			} else {
				i += j + 3
			}
		case c == ';':
			if content {
				n++
			}
			content = false
		case !unicode.IsSpace(rune(c)):
			content = true
		}
	}
	if content {
		n++
	}
	return n
}
