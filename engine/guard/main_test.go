package guard

import (
	"context"
	"fmt"
	"os"
	"testing"
)

// testParser is shared by all tests: opening DuckDB once keeps them fast.
var testParser *Parser

func TestMain(m *testing.M) {
	p, err := NewParser()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	testParser = p
	code := m.Run()
	p.Close()
	os.Exit(code)
}

func parse(t testing.TB, sql string, opts ...Option) (*Query, error) {
	t.Helper()
	return testParser.Parse(context.Background(), sql, opts...)
}

func mustParse(t testing.TB, sql string, opts ...Option) *Query {
	t.Helper()
	q, err := parse(t, sql, opts...)
	if err != nil {
		t.Fatalf("Parse(%q): %v", sql, err)
	}
	return q
}
