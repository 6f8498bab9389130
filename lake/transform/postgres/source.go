package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/tarn-data/tarn"
)

// source is an open connection to the Postgres source and what its rows
// look like.
type source struct {
	conn  *pgx.Conn
	url   string // redacted, for messages
	name  string // the source's name (Options.Name), for messages
	table string // Options.Table, for messages
	// base is the SELECT whose rows are the source, without casts.
	base string
	cols []column
	// cursor is the index of the cursor column in cols, -1 without one;
	// cursorType is its type without modifier, for casts of positions.
	cursor     int
	cursorType string
}

// open connects to o.URL and describes the source's columns. It returns
// ErrSource (tarn.EINTERNAL; tarn.ENOTFOUND for a missing table),
// ErrUnsupportedType, and ErrInvalid for a bad query or cursor
// (tarn.EINVALID).
func open(ctx context.Context, o Options) (*source, error) {
	s := &source{url: redact(o.URL), name: o.Name, table: o.Table, cursor: -1}
	cfg, err := pgx.ParseConfig(o.URL)
	if err != nil {
		return nil, tarn.Wrap(fmt.Errorf("%w: %w", ErrInvalid, err), tarn.EINVALID,
			"Use postgres://user:password@host:5432/database.", "The Postgres URL of source %s does not parse.", o.Name)
	}
	if cfg.RuntimeParams["application_name"] == "" {
		cfg.RuntimeParams["application_name"] = "tarn"
	}
	if s.conn, err = pgx.ConnectConfig(ctx, cfg); err != nil {
		return nil, s.err(ctx, err, "connecting")
	}
	if err := s.describe(ctx, o); err != nil {
		s.close()
		return nil, err
	}
	return s, nil
}

func (s *source) close() {
	ctx, cancel := context.WithTimeout(context.Background(), closeTimeout)
	defer cancel()
	_ = s.conn.Close(ctx)
}

// describe finds the source's columns and their types.
func (s *source) describe(ctx context.Context, o Options) error {
	if o.Table != "" {
		var rel string
		err := s.conn.QueryRow(ctx, `SELECT format('%I.%I', n.nspname, c.relname)
			FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = $1::regclass`, o.Table).Scan(&rel)
		if err != nil {
			return s.err(ctx, err, "finding the table")
		}
		s.base = "SELECT * FROM " + rel
	} else {
		s.base = strings.TrimRight(strings.TrimSpace(o.Query), "; \t\n")
	}
	sd, err := s.conn.PgConn().Prepare(ctx, "", "SELECT * FROM ("+s.base+") AS src", nil)
	if err != nil {
		return s.err(ctx, err, "describing the rows")
	}
	fields := sd.Fields
	if len(fields) == 0 {
		return tarn.Wrap(fmt.Errorf("%w: the source has no columns", ErrInvalid), tarn.EINVALID, "", "The Postgres source %s has no columns.", s.name)
	}
	cat, err := s.catalog(ctx, fields)
	if err != nil {
		return err
	}
	seen := map[string]string{}
	for i, f := range fields {
		c := column{name: f.Name, display: cat.display[i]}
		if prev, dup := seen[strings.ToLower(c.name)]; dup {
			return tarn.Wrap(fmt.Errorf("%w: duplicate column %q", ErrInvalid, c.name), tarn.EINVALID,
				"Give every column its own name (case does not count), e.g. with AS.", "The source has two columns named %q and %q.", prev, c.name)
		}
		seen[strings.ToLower(c.name)] = c.name
		if c.typ, err = resolve(c.name, c.display, f.DataTypeOID, f.TypeModifier, cat.types); err != nil {
			return err
		}
		a := cat.attrs[attrKey{f.TableOID, f.TableAttributeNumber}]
		c.notNull, c.key = a.notNull, a.primary
		if o.Mode == Incremental && c.name == o.Cursor {
			s.cursor, s.cursorType = i, cat.base[i]
			c.key = true
		}
		s.cols = append(s.cols, c)
	}
	if o.Mode != Incremental {
		return nil
	}
	if s.cursor < 0 {
		return tarn.Wrap(fmt.Errorf("%w: no cursor column %q", ErrInvalid, o.Cursor), tarn.EINVALID,
			"Name one of the source's columns (names are case-sensitive).", "The source %s has no column %q to use as the cursor.", s.name, o.Cursor)
	}
	if c := s.cols[s.cursor]; !c.typ.cursorable() {
		return tarn.Wrap(fmt.Errorf("%w: cursor %q has type %s", ErrInvalid, c.name, c.display), tarn.EINVALID,
			"Use an integer, numeric, date, timestamp, timestamptz, text or uuid column.", "Column %q has type %s, which cannot be a cursor.", c.name, c.display)
	}
	return nil
}

// readSQL returns the SELECT a run reads: every column (cast where
// needed), past param when it is not "", in cursor order for incremental
// runs.
func (s *source) readSQL(param string) string {
	var b strings.Builder
	b.WriteString("SELECT ")
	for i, c := range s.cols {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(quoteIdent(c.name))
		if c.typ.castText {
			if c.typ.kind == kList {
				b.WriteString("::text[]")
			} else {
				b.WriteString("::text")
			}
		}
	}
	b.WriteString(" FROM (" + s.base + ") AS src")
	if s.cursor >= 0 {
		cur := quoteIdent(s.cols[s.cursor].name)
		if param != "" {
			b.WriteString(" WHERE " + cur + " > " + param + "::" + s.cursorType)
		} else {
			b.WriteString(" WHERE " + cur + " IS NOT NULL")
		}
		b.WriteString(" ORDER BY " + cur)
	}
	return b.String()
}

// read streams the source's rows past the cursor value after ("" for all
// rows) to row, inside one read-only repeatable-read transaction, and
// returns that transaction's snapshot (txid_current_snapshot), which it
// also passes to started before the first row. The values passed to row
// are valid only during the call. It returns row's first error as it is,
// and ErrSource otherwise.
func (s *source) read(ctx context.Context, t transport, after string, started func(snapshot string), row func([][]byte) error) (snapshot string, err error) {
	if _, err := s.conn.Exec(ctx, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"); err != nil {
		return "", s.err(ctx, err, "starting a read")
	}
	defer func() {
		if err != nil {
			// The connection may be mid-stream; it is closed, not reused.
			return
		}
		if _, cerr := s.conn.Exec(ctx, "COMMIT"); cerr != nil {
			err = s.err(ctx, cerr, "ending the read")
		}
	}()
	if err := s.conn.QueryRow(ctx, "SELECT txid_current_snapshot()::text, set_config('tarn.cursor', $1, true)", after).Scan(&snapshot, nil); err != nil {
		return "", s.err(ctx, err, "starting a read")
	}
	started(snapshot)
	var rowErr error
	rowFn := func(vals [][]byte) error {
		if err := row(vals); err != nil {
			rowErr = err
			return err
		}
		return nil
	}
	switch t {
	case transportCopy:
		param := ""
		if after != "" {
			param = "current_setting('tarn.cursor')"
		}
		p := newCopyParser(len(s.cols), rowFn)
		_, err = s.conn.PgConn().CopyTo(ctx, p, "COPY ("+s.readSQL(param)+") TO STDOUT (FORMAT binary)")
		if err == nil {
			err = p.finish()
		}
	default:
		var params [][]byte
		param := ""
		if after != "" {
			params, param = [][]byte{[]byte(after)}, "$1"
		}
		rr := s.conn.PgConn().ExecParams(ctx, s.readSQL(param), params, nil, nil, []int16{1})
		for err == nil && rr.NextRow() {
			err = rowFn(rr.Values())
		}
		if err != nil {
			// Stop the stream without reading the rest of it.
			_ = s.conn.PgConn().Close(context.Background())
		} else {
			_, err = rr.Close()
		}
	}
	switch {
	case rowErr != nil:
		return "", rowErr
	case err != nil:
		return "", s.err(ctx, err, "reading rows")
	}
	return snapshot, nil
}

// transport says how rows travel from Postgres.
type transport int

const (
	// transportCopy is COPY (SELECT …) TO STDOUT (FORMAT binary).
	transportCopy transport = iota
	// transportQuery is the extended protocol with binary results.
	transportQuery
)

// err turns a Postgres or network error into a *tarn.Error: ETIMEOUT when
// ctx ended, ENOTFOUND for a missing table, EINVALID for an error in the
// query, EINTERNAL (ErrSource) otherwise. Only errors in the query's text
// show Postgres's own message, which then holds no row values.
func (s *source) err(ctx context.Context, err error, doing string) error {
	if ctx.Err() != nil {
		return tarn.Wrap(fmt.Errorf("%w: %s: %w", ErrSource, doing, ctx.Err()), tarn.ETIMEOUT,
			"Nothing past the last committed batch was written.", "Reading the Postgres source %s was cancelled.", s.name)
	}
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		switch {
		case pg.Code == "42P01" || pg.Code == "3F000":
			table := s.table
			return tarn.Wrap(fmt.Errorf("%w: %s: %w", ErrSource, doing, err), tarn.ENOTFOUND,
				"Name the table as schema.table; check the URL's database.", "Postgres at %s has no table %s.", s.url, table)
		case strings.HasPrefix(pg.Code, "42"):
			return tarn.Wrap(fmt.Errorf("%w: %s: %w", ErrInvalid, doing, err), tarn.EINVALID,
				"", "Postgres refused the query of source %s: %s.", s.name, pg.Message)
		}
		return tarn.Wrap(fmt.Errorf("%w: %s: %w", ErrSource, doing, err), tarn.EINTERNAL,
			"Nothing past the last committed batch was written; the next run resumes there.",
			"Reading the Postgres source %s failed %s (SQLSTATE %s).", s.name, doing, pg.Code)
	}
	return tarn.Wrap(fmt.Errorf("%w: %s: %w", ErrSource, doing, err), tarn.EINTERNAL,
		"Check that Postgres is up and reachable; the next run resumes from the last committed batch.",
		"Postgres at %s could not be read (%s).", s.url, doing)
}

// quoteIdent quotes a Postgres identifier.
func quoteIdent(s string) string { return pgx.Identifier{s}.Sanitize() }
