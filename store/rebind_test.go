package store

import (
	"strings"
	"testing"
)

func TestRebindNumbersPlaceholdersForPostgresOnly(t *testing.T) {
	tests := []struct {
		name, in, postgres string
	}{
		{"no placeholders", "SELECT 1", "SELECT 1"},
		{"in order", "SELECT * FROM t WHERE a = ? AND b IN (?, ?)", "SELECT * FROM t WHERE a = $1 AND b IN ($2, $3)"},
		{"string literal", "SELECT '?', ? FROM t", "SELECT '?', $1 FROM t"},
		{"escaped quote in literal", "SELECT 'it''s ?', ?", "SELECT 'it''s ?', $1"},
		{"quoted identifier", `SELECT "a?b" FROM t WHERE x = ?`, `SELECT "a?b" FROM t WHERE x = $1`},
		{"line comment", "SELECT ? -- why?\n, ?", "SELECT $1 -- why?\n, $2"},
		{"block comment", "SELECT /* ? */ ?", "SELECT /* ? */ $1"},
		{"unterminated literal", "SELECT ?, 'oops ?", "SELECT $1, 'oops ?"},
		{"unterminated comment", "SELECT ? /* ?", "SELECT $1 /* ?"},
		{"ten and more", strings.Repeat("?,", 11) + "?", "$1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pg := &DB{Dialect: Postgres}
			if got := pg.Rebind(tt.in); got != tt.postgres {
				t.Errorf("Postgres: Rebind(%q) = %q, want %q", tt.in, got, tt.postgres)
			}
			lite := &DB{Dialect: SQLite}
			if got := lite.Rebind(tt.in); got != tt.in {
				t.Errorf("SQLite: Rebind(%q) = %q, want it unchanged", tt.in, got)
			}
		})
	}
}

func FuzzRebind(f *testing.F) {
	for _, s := range []string{"SELECT ?", "'?'", `"?"`, "-- ?\n?", "/* ? */?", "'it''s'?"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		out := rebind(Postgres, q)
		if !strings.Contains(q, "?") && out != q {
			t.Fatalf("a query without '?' changed: %q -> %q", q, out)
		}
		// Every '?' is either kept or replaced, never lost: with no
		// placeholders there is nothing to rewrite.
		if strings.Count(out, "?") > strings.Count(q, "?") {
			t.Fatalf("Rebind added question marks: %q -> %q", q, out)
		}
		if rebind(SQLite, q) != q {
			t.Fatalf("SQLite query changed: %q", q)
		}
	})
}
