package store

import (
	"net/url"
	"strings"

	"github.com/tarn-data/tarn"
)

// acceptedForms is shown to a person who gave a URL Tarn cannot use.
const acceptedForms = `sqlite:///abs/path/tarn.db, sqlite:relative/path.db, a file path ending in .db, or postgres://user:password@host:5432/dbname`

// location is a parsed store URL.
type location struct {
	dialect  Dialect
	target   string // file path for SQLite, connection URL for Postgres
	redacted string // the URL with any password replaced, for messages
}

// parseURL recognises the accepted forms of a store URL (see Open).
func parseURL(raw string) (location, error) {
	s := strings.TrimSpace(raw)
	lower := strings.ToLower(s)
	switch {
	case s == "":
		return location{}, invalid("no metadata store URL was given")
	case strings.HasPrefix(lower, "postgres://"), strings.HasPrefix(lower, "postgresql://"):
		u, err := url.Parse(s)
		if err != nil {
			// url.Error would repeat the URL, password included.
			return location{}, invalid("the Postgres URL cannot be parsed")
		}
		if u.Host == "" {
			return location{}, invalid("the Postgres URL %s names no host", u.Redacted())
		}
		return location{dialect: Postgres, target: s, redacted: u.Redacted()}, nil
	case strings.HasPrefix(lower, "sqlite:"):
		p := s[len("sqlite:"):]
		p = strings.TrimPrefix(p, "//") // sqlite:///abs → /abs; sqlite://rel.db → rel.db
		if p == "" {
			return location{}, invalid("the SQLite URL %q names no file", s)
		}
		if p == ":memory:" || strings.Contains(p, "?") {
			return location{}, invalid("the SQLite URL %q must name a plain file path, without '?' options or :memory:", s)
		}
		return location{dialect: SQLite, target: p, redacted: s}, nil
	case !strings.Contains(s, "://") && hasSQLiteExt(lower):
		if strings.Contains(s, "?") {
			return location{}, invalid("the SQLite path %q must not contain '?'", s)
		}
		return location{dialect: SQLite, target: s, redacted: s}, nil
	}
	shown := s
	if u, err := url.Parse(s); err == nil && u.User != nil {
		shown = u.Redacted()
	} else if err != nil {
		shown = "(unparsable URL)"
	}
	return location{}, invalid("%s is not a metadata store URL Tarn knows", shown)
}

func hasSQLiteExt(lowerPath string) bool {
	for _, ext := range []string{".db", ".sqlite", ".sqlite3"} {
		if strings.HasSuffix(lowerPath, ext) {
			return true
		}
	}
	return false
}

func invalid(format string, args ...any) error {
	e := tarn.Errorf(tarn.EINVALID, format, args...)
	e.Hint = "use one of: " + acceptedForms
	return e
}
