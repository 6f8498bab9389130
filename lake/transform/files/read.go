package files

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/duckdb/duckdb-go/v2"
	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/engine"
)

// duck is an in-memory DuckDB that reads files; it never sees the lake.
type duck struct {
	conn *duckdb.Connector
	c    driver.Conn
	ar   engine.ArrowQuerier
}

func openDuck(ctx context.Context) (*duck, error) {
	conn, err := duckdb.NewConnector("", func(ex driver.ExecerContext) error {
		_, err := ex.ExecContext(ctx, "SET TimeZone = 'UTC'", nil)
		return err
	})
	if err != nil {
		return nil, err
	}
	c, err := conn.Connect(ctx)
	if err != nil {
		conn.Close()
		return nil, err
	}
	ar, err := engine.NewArrowQuerier(c)
	if err != nil {
		c.Close()
		conn.Close()
		return nil, err
	}
	return &duck{conn: conn, c: c, ar: ar}, nil
}

func (d *duck) close() {
	d.c.Close()
	d.conn.Close()
}

// column is a column as DuckDB reads it.
type column struct{ name, typ string }

// describe returns the columns of a query.
func (d *duck) describe(ctx context.Context, query string) ([]column, error) {
	rdr, err := d.ar.QueryContext(ctx, "DESCRIBE "+query)
	if err != nil {
		return nil, err
	}
	defer rdr.Release()
	var cols []column
	for rdr.Next() {
		b := rdr.RecordBatch()
		names, n1 := b.Column(0).(*array.String)
		types, n2 := b.Column(1).(*array.String)
		if !n1 || !n2 {
			return nil, fmt.Errorf("DESCRIBE returned %s, %s", b.Column(0).DataType(), b.Column(1).DataType())
		}
		for i := 0; i < int(b.NumRows()); i++ {
			cols = append(cols, column{name: strings.Clone(names.Value(i)), typ: strings.Clone(types.Value(i))})
		}
	}
	return cols, rdr.Err()
}

// read returns the rows of files as Arrow, the columns named and typed
// for the lake.
func (d *duck) read(ctx context.Context, o Options, fs []file) (array.RecordReader, error) {
	from, err := d.from(ctx, o, fs)
	if err != nil {
		return nil, err
	}
	cols, err := d.describe(ctx, "SELECT * FROM "+from)
	if err != nil {
		return nil, err
	}
	exprs := make([]string, len(cols))
	seen := map[string]bool{}
	for i, c := range cols {
		name := unique(normalize(c.name), seen)
		x := quote(c.name)
		if t, ok := o.Types[name]; ok && o.Format != CSV {
			x = fmt.Sprintf("CAST(%s AS %s)", x, t)
		} else {
			x = lakeType(x, c.typ)
		}
		exprs[i] = x + " AS " + quote(name)
	}
	return d.ar.QueryContext(ctx, "SELECT "+strings.Join(exprs, ", ")+" FROM "+from)
}

// from is the table function reading fs. CSV types are declared to the
// reader (keyed by the header as written), so that inference cannot drop
// a zip code's leading zero; other formats cast after reading.
func (d *duck) from(ctx context.Context, o Options, fs []file) (string, error) {
	paths := make([]string, len(fs))
	for i, f := range fs {
		paths[i] = literal(f.abs)
	}
	list := "[" + strings.Join(paths, ", ") + "]"
	switch o.Format {
	case Parquet:
		return fmt.Sprintf("read_parquet(%s, union_by_name = true, hive_partitioning = %t)", list, o.Hive), nil
	case JSONL:
		return fmt.Sprintf("read_json(%s, format = 'newline_delimited', union_by_name = true, hive_partitioning = %t)", list, o.Hive), nil
	}
	args := fmt.Sprintf("%s, header = %t, union_by_name = true, hive_partitioning = %t", list, o.Header, o.Hive)
	if o.Delimiter != "" {
		args += ", delim = " + literal(o.Delimiter)
	}
	if len(o.Types) > 0 {
		cols, err := d.describe(ctx, fmt.Sprintf("SELECT * FROM read_csv(%s, all_varchar = true)", args))
		if err != nil {
			return "", err
		}
		var ts []string
		for _, c := range cols {
			if t, ok := o.Types[normalize(c.name)]; ok {
				ts = append(ts, literal(c.name)+": "+literal(t))
			}
		}
		if len(ts) > 0 {
			args += ", types = {" + strings.Join(ts, ", ") + "}"
		}
	}
	return "read_csv(" + args + ")", nil
}

// lakeType converts a DuckDB type Iceberg has no match for: small and
// unsigned integers widen, huge ones become decimals, odd timestamps
// microseconds, nested values JSON text, and the rest text.
func lakeType(x, typ string) string {
	t := strings.ToUpper(typ)
	switch {
	case t == "TINYINT" || t == "SMALLINT" || t == "UTINYINT" || t == "USMALLINT":
		return "CAST(" + x + " AS INTEGER)"
	case t == "UINTEGER":
		return "CAST(" + x + " AS BIGINT)"
	case t == "UBIGINT" || t == "HUGEINT" || t == "UHUGEINT":
		return "CAST(" + x + " AS DECIMAL(38,0))"
	case t == "TIMESTAMP_S" || t == "TIMESTAMP_MS" || t == "TIMESTAMP_NS":
		return "CAST(" + x + " AS TIMESTAMP)"
	case strings.HasSuffix(t, "]") || strings.HasPrefix(t, "STRUCT") || strings.HasPrefix(t, "MAP") || strings.HasPrefix(t, "UNION"):
		return "CAST(to_json(" + x + ") AS VARCHAR)"
	case t == "BOOLEAN" || t == "INTEGER" || t == "BIGINT" || t == "FLOAT" || t == "DOUBLE" || t == "DATE" || t == "TIME" ||
		t == "TIMESTAMP" || t == "TIMESTAMP WITH TIME ZONE" || t == "VARCHAR" || t == "BLOB" || strings.HasPrefix(t, "DECIMAL"):
		return x
	}
	return "CAST(" + x + " AS VARCHAR)" // INTERVAL, UUID, JSON, ENUM, BIT, NULL, TIME WITH TIME ZONE
}

var nonWord = regexp.MustCompile(`[^a-z0-9_]+`)

// normalize turns a header into a column name: lower case, runs of other
// characters as one underscore, never starting with a digit.
func normalize(s string) string {
	n := strings.Trim(nonWord.ReplaceAllString(strings.ToLower(strings.TrimSpace(s)), "_"), "_")
	if n == "" {
		n = "column"
	}
	if n[0] >= '0' && n[0] <= '9' {
		n = "c_" + n
	}
	return n
}

func unique(n string, seen map[string]bool) string {
	out := n
	for i := 2; seen[out]; i++ {
		out = fmt.Sprintf("%s_%d", n, i)
	}
	seen[out] = true
	return out
}

func quote(s string) string   { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
func literal(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// readErr turns DuckDB's error about files into Tarn's: bad contents are
// ErrMalformed (its message names the file and line), the rest ErrSource.
func readErr(ctx context.Context, err error, what string) error {
	if ctx.Err() != nil {
		return tarn.Wrap(fmt.Errorf("%w: %w", ErrSource, ctx.Err()), tarn.ETIMEOUT,
			"Nothing of this batch was committed; run the job again.", "Reading %s was stopped.", what)
	}
	var de *duckdb.Error
	if errors.As(err, &de) {
		switch de.Type {
		case duckdb.ErrorTypeConversion, duckdb.ErrorTypeInvalidInput, duckdb.ErrorTypeInvalid, duckdb.ErrorTypeParser,
			duckdb.ErrorTypeBinder, duckdb.ErrorTypeOutOfRange, duckdb.ErrorTypeMismatchType:
			return tarn.Wrap(fmt.Errorf("%w: %w", ErrMalformed, err), tarn.EINVALID,
				"Fix or remove the file, or declare the column's type under types (like zip: VARCHAR); nothing of this batch was committed.",
				"%s cannot be read: %s", what, describeErr(de.Msg))
		case duckdb.ErrorTypeIO:
			return tarn.Wrap(fmt.Errorf("%w: %w", ErrSource, err), tarn.EINTERNAL,
				"Check that the files exist and Tarn may read them.", "%s cannot be opened: %s", what, firstLine(de.Msg))
		}
	}
	return tarn.Wrap(fmt.Errorf("%w: %w", ErrSource, err), tarn.EINTERNAL, "", "Reading %s failed: %v", what, err)
}

var (
	errColumn = regexp.MustCompile(`Error when converting column "([^"]+)"`)
	errType   = regexp.MustCompile(`is being converted as type (\S+)`)
)

// describeErr keeps what DuckDB says is wrong and where, but not the
// value: its first line (the line number), the column and the type.
func describeErr(msg string) string {
	out := firstLine(msg)
	if m := errColumn.FindStringSubmatch(msg); m != nil {
		out += fmt.Sprintf(", column %q", m[1])
		if t := errType.FindStringSubmatch(msg); t != nil {
			out += " is not a " + t[1]
		}
	}
	return out
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}
