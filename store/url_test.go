package store

import (
	"strings"
	"testing"

	"github.com/tarn-data/tarn"
)

func TestParseURLRecognisesEachAcceptedForm(t *testing.T) {
	tests := []struct {
		url      string
		dialect  Dialect
		target   string
		redacted string
	}{
		{"sqlite:///var/lib/tarn/tarn.db", SQLite, "/var/lib/tarn/tarn.db", "sqlite:///var/lib/tarn/tarn.db"},
		{"sqlite:data/tarn.db", SQLite, "data/tarn.db", "sqlite:data/tarn.db"},
		{"sqlite://data/tarn.db", SQLite, "data/tarn.db", "sqlite://data/tarn.db"},
		{"SQLITE:///x.db", SQLite, "/x.db", "SQLITE:///x.db"},
		{"/srv/tarn/meta.db", SQLite, "/srv/tarn/meta.db", "/srv/tarn/meta.db"},
		{"meta.sqlite3", SQLite, "meta.sqlite3", "meta.sqlite3"},
		{"  ./tarn.DB  ", SQLite, "./tarn.DB", "./tarn.DB"},
		{"postgres://tarn:s3cret@db.internal:5432/tarn?sslmode=disable", Postgres,
			"postgres://tarn:s3cret@db.internal:5432/tarn?sslmode=disable",
			"postgres://tarn:xxxxx@db.internal:5432/tarn?sslmode=disable"},
		{"postgresql://tarn@localhost/tarn", Postgres, "postgresql://tarn@localhost/tarn", "postgresql://tarn@localhost/tarn"},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			loc, err := parseURL(tt.url)
			if err != nil {
				t.Fatalf("parseURL: %v", err)
			}
			if loc.dialect != tt.dialect || loc.target != tt.target || loc.redacted != tt.redacted {
				t.Fatalf("got %+v, want dialect %s target %q redacted %q", loc, tt.dialect, tt.target, tt.redacted)
			}
		})
	}
}

func TestParseURLRejectsUnusableURLsWithoutShowingPasswords(t *testing.T) {
	tests := []struct {
		name, url, mention string
	}{
		{"empty", "", "no metadata store URL"},
		{"unknown scheme", "mysql://root:hunter2@db/tarn", "mysql://root:xxxxx@db/tarn"},
		{"path without a database extension", "/var/lib/tarn/meta", "/var/lib/tarn/meta"},
		{"in-memory SQLite", "sqlite::memory:", ":memory:"},
		{"SQLite options", "sqlite:///x.db?mode=ro", "'?'"},
		{"SQLite URL without a file", "sqlite://", "names no file"},
		{"Postgres without a host", "postgres:///tarn", "names no host"},
		{"unparsable Postgres URL", "postgres://tarn:hunter2@db:port/x", "cannot be parsed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseURL(tt.url)
			if tarn.ErrorCode(err) != tarn.EINVALID {
				t.Fatalf("err = %v, want a tarn.Error with code EINVALID", err)
			}
			msg := tarn.ErrorMessage(err)
			if !strings.Contains(msg, tt.mention) {
				t.Errorf("message %q does not mention %q", msg, tt.mention)
			}
			if !strings.Contains(msg, "sqlite:///") || !strings.Contains(msg, "postgres://") {
				t.Errorf("message %q does not list the accepted forms", msg)
			}
			if strings.Contains(err.Error(), "hunter2") {
				t.Errorf("error %q shows the password", err)
			}
		})
	}
}
