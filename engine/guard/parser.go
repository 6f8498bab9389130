package guard

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"unicode/utf8"

	_ "github.com/duckdb/duckdb-go/v2" // registers the "duckdb" driver

	"github.com/tarn-data/tarn"
)

// MaxSQLBytes is the longest query text Parse accepts.
const MaxSQLBytes = 1 << 20

// lockdown runs once on the parser's database. The parser only calls
// json_serialize_sql and json_deserialize_sql, which never read files, but
// the connection is locked like every connection that sees untrusted text.
// Both settings are global, so they hold for every pooled connection.
var lockdown = []string{
	"SET threads = 1",
	"SET autoinstall_known_extensions = false",
	"SET autoload_known_extensions = false",
	"SET enable_external_access = false",
	"SET lock_configuration = true",
}

// Parser parses SQL with DuckDB's own parser. It owns one private in-memory
// DuckDB database used only for json_serialize_sql and json_deserialize_sql.
// It is safe for concurrent use.
type Parser struct {
	db  *sql.DB
	ser *sql.Stmt
	de  *sql.Stmt
}

// NewParser opens the private DuckDB database and locks it down. It returns
// an error wrapping ErrParser if DuckDB cannot be opened or configured.
func NewParser() (*Parser, error) {
	db, err := sql.Open("duckdb", "")
	if err != nil {
		return nil, fmt.Errorf("%w: open duckdb: %v", ErrParser, err)
	}
	n := runtime.GOMAXPROCS(0)
	db.SetMaxOpenConns(n)
	db.SetMaxIdleConns(n)
	for _, stmt := range lockdown {
		if _, err := db.Exec(stmt); err != nil {
			db.Close()
			return nil, fmt.Errorf("%w: %s: %v", ErrParser, stmt, err)
		}
	}
	p := &Parser{db: db}
	// The driver returns JSON values as Go maps; casting to VARCHAR keeps
	// the exact text so that numbers (e.g. BIGINT literals) survive intact.
	if p.ser, err = db.Prepare("SELECT json_serialize_sql(?::VARCHAR)::VARCHAR"); err == nil {
		p.de, err = db.Prepare("SELECT json_deserialize_sql(?::VARCHAR::JSON)")
	}
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("%w: prepare: %v", ErrParser, err)
	}
	return p, nil
}

// Close releases the private database.
func (p *Parser) Close() error {
	p.ser.Close()
	p.de.Close()
	return p.db.Close()
}

// maxSignRun bounds runs of '+' and '-' characters. DuckDB's lexer takes
// time quadratic in the length of such a run (2,000 of them take seconds on
// 1.5.6) and cannot be interrupted while it lexes, so Parse refuses long
// runs before DuckDB sees them. DuckDB itself refuses operators longer than
// 64 bytes. The check looks at the raw text, inside literals and comments
// too, so that no quoting trick can hide a run from it; a run made only of
// '-' (a comment rule such as "-- -----") is fast and allowed.
const maxSignRun = 64

// longestSignRun returns the length of the longest run of '+' and '-'
// characters that holds at least one '+'.
func longestSignRun(s string) int {
	longest, run, plus := 0, 0, false
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '+':
			run, plus = run+1, true
		case '-':
			run++
		default:
			run, plus = 0, false
			continue
		}
		if plus && run > longest {
			longest = run
		}
	}
	return longest
}

// Option changes what Parse accepts.
type Option func(*options)

type options struct {
	views map[string]string // lower-case name -> name as given
}

// AllowViews accepts one-part references to the named relations (the views
// the engine created for a rewritten query) and reports them in
// Query.Tables with an empty Namespace. The engine uses it to check SQL that
// Rewrite produced before running it.
func AllowViews(names ...string) Option {
	return func(o *options) {
		if o.views == nil {
			o.views = make(map[string]string)
		}
		for _, n := range names {
			o.views[strings.ToLower(n)] = n
		}
	}
}

// Parse parses one query and checks it. It returns a *tarn.Error with code
// EINVALID for empty or malformed text (wrapping ErrEmpty, ErrTooLarge,
// ErrInvalid or a *SyntaxError), EFORBIDDEN for refused constructs (wrapping
// ErrForbidden), ENOTFOUND for a one-part table name (wrapping an
// *UnqualifiedTableError), and an error wrapping ErrParser if DuckDB fails.
func (p *Parser) Parse(ctx context.Context, sql string, opts ...Option) (*Query, error) {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	if len(sql) > MaxSQLBytes {
		return nil, tarn.Wrap(ErrTooLarge, tarn.EINVALID, "shorten it or split it into several questions",
			"the query is %d bytes long; Tarn accepts at most %d", len(sql), MaxSQLBytes)
	}
	if !utf8.ValidString(sql) || strings.ContainsRune(sql, 0) {
		return nil, tarn.Wrap(fmt.Errorf("%w: invalid UTF-8 or NUL byte", ErrInvalid), tarn.EINVALID, "",
			"the query text is not valid UTF-8 or holds a NUL byte")
	}
	if n := longestSignRun(sql); n > maxSignRun {
		return nil, tarn.Wrap(fmt.Errorf("%w: run of %d + and - characters", ErrInvalid, n), tarn.EINVALID, "",
			"the query has a run of %d + and - characters; Tarn accepts at most %d in a row", n, maxSignRun)
	}
	raw, tree, err := p.serialize(ctx, sql)
	if err != nil {
		return nil, err
	}
	a := newAnalyzer(o, true)
	if err := a.analyze(tree); err != nil {
		return nil, err
	}
	q := &Query{SQL: sql, raw: raw, opts: o}
	a.fill(q)
	return q, nil
}

// serialize runs json_serialize_sql and decodes its answer, mapping DuckDB's
// parse errors and statement counts onto user-facing errors.
func (p *Parser) serialize(ctx context.Context, sql string) ([]byte, map[string]any, error) {
	var out string
	if err := p.ser.QueryRowContext(ctx, sql).Scan(&out); err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return nil, nil, tarn.Wrap(ctxErr, tarn.ETIMEOUT, "", "parsing the query was cancelled")
		}
		return nil, nil, fmt.Errorf("%w: json_serialize_sql: %v", ErrParser, err)
	}
	raw := []byte(out)
	tree, err := decodeJSON(raw)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: decode json_serialize_sql output: %v", ErrParser, err)
	}
	if isTrue(tree["error"]) {
		return nil, nil, parseError(sql, tree)
	}
	stmts, _ := tree["statements"].([]any)
	switch {
	case len(stmts) == 0:
		return nil, nil, tarn.Wrap(ErrEmpty, tarn.EINVALID, "", "the query is empty; write one SELECT query")
	case len(stmts) > 1:
		return nil, nil, forbidden("the text holds %d statements; Tarn runs exactly one SELECT query at a time", len(stmts))
	}
	return raw, tree, nil
}

// parseError turns DuckDB's {"error": true, ...} answer into a user-facing
// error. DuckDB says only "Only SELECT statements can be serialized" for any
// other statement, so the statement's first keyword names it.
func parseError(sql string, tree map[string]any) error {
	typ, _ := tree["error_type"].(string)
	msg, _ := tree["error_message"].(string)
	if typ == "not implemented" && strings.HasPrefix(msg, "Only SELECT statements") {
		return notSelect(sql)
	}
	pos := -1
	if s, ok := tree["position"].(string); ok {
		if n, err := strconv.Atoi(s); err == nil {
			pos = n
		}
	}
	se := &SyntaxError{Message: msg, Position: pos}
	if pos >= 0 {
		line, col := lineCol(sql, pos)
		return tarn.Wrap(se, tarn.EINVALID, "", "%s (line %d, column %d)", msg, line, col)
	}
	return tarn.Wrap(se, tarn.EINVALID, "", "%s", msg)
}

// lineCol converts a byte offset into a 1-based line and column.
func lineCol(s string, pos int) (int, int) {
	if pos > len(s) {
		pos = len(s)
	}
	before := s[:pos]
	line := strings.Count(before, "\n") + 1
	col := utf8.RuneCountInString(before[strings.LastIndexByte(before, '\n')+1:]) + 1
	return line, col
}

// Rewrite returns SQL in which table reference i is replaced by a reference
// to the relation names[i] (unqualified; DuckDB quotes it as needed). The
// reference keeps its alias, or is aliased as its table name so that
// `http_requests.col` and `fct.http_requests.col` still resolve; its AT
// clause is dropped. Every lake table reference needs a name. The result is
// parsed again and checked before it is returned. Errors are *tarn.Error
// values wrapping ErrRewrite (EINTERNAL: missing or colliding names, or a
// result the guard refuses) or ErrRoundTrip (EINVALID: DuckDB cannot read
// back its own rendering of the query), or wrap ErrParser if DuckDB fails.
func (q *Query) Rewrite(ctx context.Context, p *Parser, names map[int]string) (string, error) {
	tree, err := decodeJSON(q.raw)
	if err != nil {
		return "", fmt.Errorf("%w: decode stored tree: %v", ErrParser, err)
	}
	a := newAnalyzer(q.opts, false)
	if err := a.analyze(tree); err != nil {
		return "", fmt.Errorf("%w: stored tree no longer passes: %v", ErrRewrite, err)
	}
	views, err := a.rewrite(names)
	if err != nil {
		return "", err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(tree); err != nil {
		return "", fmt.Errorf("%w: encode tree: %v", ErrRewrite, err)
	}
	var out string
	if err := p.de.QueryRowContext(ctx, buf.String()).Scan(&out); err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return "", tarn.Wrap(ctxErr, tarn.ETIMEOUT, "", "rewriting the query was cancelled")
		}
		return "", errRoundTrip(fmt.Errorf("json_deserialize_sql: %w", err))
	}
	// Check the result the way the engine will run it: it must pass the
	// guard with exactly the given views in place of the lake tables.
	check, err := p.Parse(ctx, out, AllowViews(views...))
	if err != nil {
		if tarn.ErrorCode(err) == tarn.EINVALID {
			return "", errRoundTrip(fmt.Errorf("rewritten SQL %q does not parse: %w", out, err))
		}
		return "", tarn.Wrap(fmt.Errorf("%w: rewritten SQL is refused: %w", ErrRewrite, err), tarn.EINTERNAL, "",
			"Tarn could not rewrite this query")
	}
	for _, t := range check.Tables {
		if t.Namespace != "" {
			return "", tarn.Wrap(fmt.Errorf("%w: rewritten SQL still reads %s", ErrRewrite, t.QualifiedName()),
				tarn.EINTERNAL, "", "Tarn could not rewrite this query")
		}
	}
	if len(check.Tables) != len(q.Tables) {
		return "", tarn.Wrap(fmt.Errorf("%w: rewritten SQL has %d table references, want %d",
			ErrRewrite, len(check.Tables), len(q.Tables)), tarn.EINTERNAL, "", "Tarn could not rewrite this query")
	}
	return out, nil
}

func errRoundTrip(cause error) error {
	return tarn.Wrap(fmt.Errorf("%w: %w", ErrRoundTrip, cause), tarn.EINVALID,
		"write it another way, e.g. without this construct or with a subquery",
		"Tarn cannot run this form of query: DuckDB does not read back its own rendering of it")
}

// decodeJSON decodes DuckDB's JSON keeping numbers exact (json.Number), so
// that re-encoding for Rewrite does not change any literal.
func decodeJSON(raw []byte) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var tree map[string]any
	if err := dec.Decode(&tree); err != nil {
		return nil, err
	}
	if tree == nil {
		return nil, errors.New("not a JSON object")
	}
	return tree, nil
}

func isTrue(v any) bool { b, _ := v.(bool); return b }
