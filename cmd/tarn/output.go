package main

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/spf13/pflag"
	"golang.org/x/text/width"

	"github.com/tarn-data/tarn"
)

// ErrUnknownFormat is the cause when an output format is not table, csv or json.
var ErrUnknownFormat = errors.New("unknown output format")

// Format is how results are printed.
type Format string

// The output formats.
const (
	FormatTable Format = "table" // aligned columns for people, with a "(3 rows)" footer
	FormatCSV   Format = "csv"   // RFC 4180 with a header row; NULL is an empty field
	FormatJSON  Format = "json"  // one JSON array of objects, keys in column order
)

// ParseFormat reads a format name; it returns a *tarn.Error wrapping
// ErrUnknownFormat for anything but table, csv or json.
func ParseFormat(s string) (Format, error) {
	switch f := Format(strings.ToLower(strings.TrimSpace(s))); f {
	case FormatTable, FormatCSV, FormatJSON:
		return f, nil
	}
	return "", tarn.Wrap(ErrUnknownFormat, tarn.EINVALID, "use table, csv or json",
		"unknown output format %q", s)
}

// Set, String and Type make *Format a pflag.Value that checks its value when
// flags are parsed.
func (f *Format) Set(s string) error {
	p, err := ParseFormat(s)
	if err != nil {
		return err
	}
	*f = p
	return nil
}

func (f *Format) String() string { return string(*f) }

// Type is "string" so that pflag's GetString reads the flag too.
func (f *Format) Type() string { return "string" }

// AddFormatFlag registers --format (table, csv or json; default table).
func AddFormatFlag(fs *pflag.FlagSet) {
	f := FormatTable
	fs.Var(&f, "format", "output `format`: table, csv or json")
}

// FormatFromFlags returns the --format value on fs, or FormatTable when fs
// has no such flag.
func FormatFromFlags(fs *pflag.FlagSet) (Format, error) {
	if fs == nil || fs.Lookup("format") == nil {
		return FormatTable, nil
	}
	return ParseFormat(fs.Lookup("format").Value.String())
}

// maxCellWidth is where table mode cuts long values, in terminal columns.
const maxCellWidth = 60

// WriteRecords prints the records of rdr in format f and returns how many
// rows it printed. It stops after maxRows rows (maxRows <= 0 means no
// limit) and reports truncated when rdr had more. CSV and JSON stream batch
// by batch; table mode keeps the formatted cells of up to maxRows rows to
// size its columns. WriteRecords neither retains nor releases rdr. It returns
// rdr's error, a write error, or ErrUnknownFormat.
func WriteRecords(w io.Writer, f Format, rdr array.RecordReader, maxRows int) (rows int64, truncated bool, err error) {
	schema := rdr.Schema()
	names := make([]string, schema.NumFields())
	for i, field := range schema.Fields() {
		names[i] = field.Name
	}
	switch f {
	case FormatTable:
		t := newTable(names)
		for i, field := range schema.Fields() {
			t.right[i] = isNumeric(field.Type)
		}
		rows, truncated, err = eachRow(rdr, maxRows, func(rec arrow.RecordBatch, row int) error {
			cells := make([]string, len(names))
			for c := range cells {
				// Clone: string values alias the batch's buffers, which the
				// reader frees on its next call.
				cells[c] = strings.Clone(tableText(rec.Column(c), row))
			}
			t.rows = append(t.rows, cells)
			return nil
		})
		if err != nil {
			return rows, truncated, err
		}
		return rows, truncated, t.write(w, truncated, maxRows)

	case FormatCSV:
		cw := csv.NewWriter(w)
		if err := cw.Write(names); err != nil {
			return 0, false, err
		}
		cells := make([]string, len(names))
		rows, truncated, err = eachRow(rdr, maxRows, func(rec arrow.RecordBatch, row int) error {
			for c := range cells {
				cells[c] = plainText(rec.Column(c), row)
			}
			return cw.Write(cells)
		})
		cw.Flush()
		if err == nil {
			err = cw.Error()
		}
		return rows, truncated, err

	case FormatJSON:
		bw := bufio.NewWriterSize(w, 64<<10)
		keys := make([][]byte, len(names))
		for i, k := range uniqueKeys(names) {
			keys[i] = append(appendJSONString(nil, k), ':')
		}
		buf := []byte("[")
		first := true
		rows, truncated, err = eachRow(rdr, maxRows, func(rec arrow.RecordBatch, row int) error {
			if !first {
				buf = append(buf, ',')
			}
			first = false
			buf = append(buf, "\n{"...)
			for c := range keys {
				if c > 0 {
					buf = append(buf, ',')
				}
				buf = append(buf, keys[c]...)
				buf = appendJSONValue(buf, rec.Column(c), row)
			}
			buf = append(buf, '}')
			_, err := bw.Write(buf)
			buf = buf[:0]
			return err
		})
		if err != nil {
			return rows, truncated, err
		}
		if rows > 0 {
			buf = append(buf, '\n')
		}
		buf = append(buf, "]\n"...)
		if _, err := bw.Write(buf); err != nil {
			return rows, truncated, err
		}
		return rows, truncated, bw.Flush()
	}
	_, err = ParseFormat(string(f))
	return 0, false, err
}

// eachRow calls fn for each row of rdr until maxRows rows were seen; it
// reports truncated when a row beyond the limit exists.
func eachRow(rdr array.RecordReader, maxRows int, fn func(rec arrow.RecordBatch, row int) error) (rows int64, truncated bool, err error) {
	for rdr.Next() {
		rec := rdr.RecordBatch()
		for i := range int(rec.NumRows()) {
			if maxRows > 0 && rows >= int64(maxRows) {
				return rows, true, nil
			}
			if err := fn(rec, i); err != nil {
				return rows, false, err
			}
			rows++
		}
	}
	return rows, false, rdr.Err()
}

// WriteRows prints a simple listing (tables, snapshots, grants) in format f.
// In table mode a column whose values are all numbers is right-aligned. Rows
// shorter than header are padded with empty cells; extra cells are dropped.
func WriteRows(w io.Writer, f Format, header []string, rows [][]string) error {
	fit := func(row []string) []string { // a copy, as long as header
		out := make([]string, len(header))
		copy(out, row)
		return out
	}
	switch f {
	case FormatTable:
		t := newTable(header)
		for _, row := range rows {
			cells := fit(row)
			for c, v := range cells {
				cells[c] = cutToWidth(sanitize(v), maxCellWidth)
			}
			t.rows = append(t.rows, cells)
		}
		for c := range header {
			t.right[c] = allNumbers(rows, c)
		}
		return t.write(w, false, 0)
	case FormatCSV:
		cw := csv.NewWriter(w)
		cw.Write(header)
		for _, row := range rows {
			cw.Write(fit(row))
		}
		cw.Flush()
		return cw.Error()
	case FormatJSON:
		keys := uniqueKeys(header)
		buf := []byte("[")
		for r, row := range rows {
			if r > 0 {
				buf = append(buf, ',')
			}
			buf = append(buf, "\n{"...)
			for c, v := range fit(row) {
				if c > 0 {
					buf = append(buf, ',')
				}
				buf = appendJSONString(buf, keys[c])
				buf = append(buf, ':')
				buf = appendJSONString(buf, v)
			}
			buf = append(buf, '}')
		}
		if len(rows) > 0 {
			buf = append(buf, '\n')
		}
		_, err := w.Write(append(buf, "]\n"...))
		return err
	}
	_, err := ParseFormat(string(f))
	return err
}

func allNumbers(rows [][]string, c int) bool {
	seen := false
	for _, row := range rows {
		if c >= len(row) || row[c] == "" {
			continue
		}
		if _, err := strconv.ParseFloat(row[c], 64); err != nil {
			return false
		}
		seen = true
	}
	return seen
}

// table lays out cells in aligned columns, psql style.
type table struct {
	header []string
	right  []bool
	rows   [][]string
}

func newTable(header []string) *table {
	h := make([]string, len(header))
	for i, name := range header {
		h[i] = cutToWidth(sanitize(name), maxCellWidth)
	}
	return &table{header: h, right: make([]bool, len(header))}
}

func (t *table) write(w io.Writer, truncated bool, maxRows int) error {
	bw := bufio.NewWriter(w)
	if len(t.header) > 0 {
		widths := make([]int, len(t.header))
		for c, h := range t.header {
			widths[c] = displayWidth(h)
		}
		for _, row := range t.rows {
			for c, v := range row {
				widths[c] = max(widths[c], displayWidth(v))
			}
		}
		t.line(bw, t.header, widths)
		for c, n := range widths {
			if c > 0 {
				bw.WriteByte('+')
			}
			bw.WriteString(strings.Repeat("-", n+2))
		}
		bw.WriteByte('\n')
		for _, row := range t.rows {
			t.line(bw, row, widths)
		}
	}
	n := len(t.rows)
	switch {
	case truncated:
		fmt.Fprintf(bw, "(%d rows shown; the result has more than the %d-row limit: use --max-rows or LIMIT)\n", n, maxRows)
	case n == 1:
		bw.WriteString("(1 row)\n")
	default:
		fmt.Fprintf(bw, "(%d rows)\n", n)
	}
	return bw.Flush()
}

func (t *table) line(bw *bufio.Writer, cells []string, widths []int) {
	var sb strings.Builder
	for c, v := range cells {
		if c > 0 {
			sb.WriteString(" |")
		}
		sb.WriteByte(' ')
		pad := strings.Repeat(" ", widths[c]-displayWidth(v))
		if t.right[c] {
			sb.WriteString(pad + v)
		} else {
			sb.WriteString(v + pad)
		}
	}
	bw.WriteString(strings.TrimRight(sb.String(), " "))
	bw.WriteByte('\n')
}

func isNumeric(t arrow.DataType) bool {
	if d, ok := t.(*arrow.DictionaryType); ok {
		t = d.ValueType
	}
	id := t.ID()
	return arrow.IsInteger(id) || arrow.IsFloating(id) || arrow.IsDecimal(id)
}

// tableText is a value as table mode shows it: NULL for nulls, timestamps
// to the second, control characters escaped, long values cut.
func tableText(a arrow.Array, i int) string {
	if a.IsNull(i) {
		return "NULL"
	}
	if ts, ok := a.(*array.Timestamp); ok {
		return timestampTime(ts, i).Format(timestampLayout(ts, "2006-01-02 15:04:05"))
	}
	return cutToWidth(sanitize(plainText(a, i)), maxCellWidth)
}

// plainText is a value as CSV shows it: exact, "" for NULL.
func plainText(a arrow.Array, i int) string {
	if a.IsNull(i) {
		return ""
	}
	switch a := a.(type) {
	case *array.Int8:
		return strconv.FormatInt(int64(a.Value(i)), 10)
	case *array.Int16:
		return strconv.FormatInt(int64(a.Value(i)), 10)
	case *array.Int32:
		return strconv.FormatInt(int64(a.Value(i)), 10)
	case *array.Int64:
		return strconv.FormatInt(a.Value(i), 10)
	case *array.Uint8:
		return strconv.FormatUint(uint64(a.Value(i)), 10)
	case *array.Uint16:
		return strconv.FormatUint(uint64(a.Value(i)), 10)
	case *array.Uint32:
		return strconv.FormatUint(uint64(a.Value(i)), 10)
	case *array.Uint64:
		return strconv.FormatUint(a.Value(i), 10)
	case *array.Float32:
		return string(appendFloat(nil, float64(a.Value(i)), 32))
	case *array.Float64:
		return string(appendFloat(nil, a.Value(i), 64))
	case *array.String:
		return a.Value(i)
	case *array.LargeString:
		return a.Value(i)
	case *array.StringView:
		return a.Value(i)
	case *array.Boolean:
		return strconv.FormatBool(a.Value(i))
	case *array.Date32:
		return a.Value(i).ToTime().Format(time.DateOnly)
	case *array.Date64:
		return a.Value(i).ToTime().Format(time.DateOnly)
	case *array.Timestamp:
		return timestampTime(a, i).Format(timestampLayout(a, "2006-01-02 15:04:05.999999999"))
	case *array.Decimal32:
		return a.Value(i).ToString(decimalScale(a))
	case *array.Decimal64:
		return a.Value(i).ToString(decimalScale(a))
	case *array.Decimal128:
		return a.Value(i).ToString(decimalScale(a))
	case *array.Decimal256:
		return a.Value(i).ToString(decimalScale(a))
	case *array.Dictionary:
		return plainText(a.Dictionary(), a.GetValueIndex(i))
	}
	return a.ValueStr(i)
}

// appendJSONValue appends a value as JSON: numbers as numbers (NaN and
// infinities as null), decimals as strings with their exact digits, dates
// as "2006-01-02", timestamps as RFC 3339 strings.
func appendJSONValue(b []byte, a arrow.Array, i int) []byte {
	if a.IsNull(i) {
		return append(b, "null"...)
	}
	switch a := a.(type) {
	case *array.Int8, *array.Int16, *array.Int32, *array.Int64,
		*array.Uint8, *array.Uint16, *array.Uint32, *array.Uint64, *array.Boolean:
		return append(b, plainText(a, i)...)
	case *array.Float32:
		return appendJSONFloat(b, float64(a.Value(i)), 32)
	case *array.Float64:
		return appendJSONFloat(b, a.Value(i), 64)
	case *array.Timestamp:
		return appendJSONString(b, timestampTime(a, i).Format(time.RFC3339Nano))
	case *array.Dictionary:
		return appendJSONValue(b, a.Dictionary(), a.GetValueIndex(i))
	case *array.String, *array.LargeString, *array.StringView, *array.Date32, *array.Date64,
		*array.Decimal32, *array.Decimal64, *array.Decimal128, *array.Decimal256:
		return appendJSONString(b, plainText(a, i))
	}
	if v, err := json.Marshal(a.GetOneForMarshal(i)); err == nil {
		return append(b, v...)
	}
	return appendJSONString(b, a.ValueStr(i))
}

func appendJSONFloat(b []byte, v float64, bits int) []byte {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return append(b, "null"...)
	}
	return appendFloat(b, v, bits)
}

// appendFloat writes plain digits for everyday magnitudes and exponent form
// for very large or small ones, always the shortest exact representation.
func appendFloat(b []byte, v float64, bits int) []byte {
	if abs := math.Abs(v); abs == 0 || (abs >= 1e-4 && abs < 1e15) {
		return strconv.AppendFloat(b, v, 'f', -1, bits)
	}
	return strconv.AppendFloat(b, v, 'g', -1, bits)
}

func decimalScale(a arrow.Array) int32 {
	return a.DataType().(arrow.DecimalType).GetScale()
}

func timestampTime(a *array.Timestamp, i int) time.Time {
	typ := a.DataType().(*arrow.TimestampType)
	loc, err := typ.GetZone()
	if err != nil {
		loc = time.UTC
	}
	return a.Value(i).ToTime(typ.Unit).In(loc)
}

// timestampLayout adds the UTC offset to layout for time-zone-aware columns.
func timestampLayout(a *array.Timestamp, layout string) string {
	if a.DataType().(*arrow.TimestampType).TimeZone != "" {
		return layout + "-07:00"
	}
	return layout
}

// uniqueKeys makes repeated column names distinct (a, a_2, a_3) so that
// JSON objects never repeat a key.
func uniqueKeys(names []string) []string {
	seen := make(map[string]bool, len(names))
	out := make([]string, len(names))
	for i, n := range names {
		k := n
		for s := 2; seen[k]; s++ {
			k = n + "_" + strconv.Itoa(s)
		}
		seen[k] = true
		out[i] = k
	}
	return out
}

const hexDigits = "0123456789abcdef"

// appendJSONString appends s as a JSON string. Unlike encoding/json it leaves
// <, > and & alone; invalid UTF-8 becomes U+FFFD.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			switch r {
			case utf8.RuneError:
				b = append(b, `\ufffd`...)
			case '\u2028':
				b = append(b, `\u2028`...)
			default:
				b = append(b, `\u2029`...)
			}
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// sanitize escapes control characters (a newline would break the table's
// lines) and replaces invalid UTF-8.
func sanitize(s string) string {
	clean := utf8.ValidString(s)
	for i := 0; clean && i < len(s); i++ {
		clean = s[i] >= 0x20 && s[i] != 0x7f
	}
	if clean {
		return s
	}
	var sb strings.Builder
	for _, r := range s {
		switch {
		case r == '\n':
			sb.WriteString(`\n`)
		case r == '\r':
			sb.WriteString(`\r`)
		case r == '\t':
			sb.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			sb.WriteString(`\x`)
			sb.WriteByte(hexDigits[r>>4])
			sb.WriteByte(hexDigits[r&0xf])
		default:
			sb.WriteRune(r) // invalid bytes arrive here as U+FFFD
		}
	}
	return sb.String()
}

// runeWidth is how many terminal columns r takes: 2 for East Asian wide and
// fullwidth characters (CJK, most emoji), 0 for combining marks and format
// characters, 1 otherwise.
func runeWidth(r rune) int {
	if r < 0x300 {
		return 1
	}
	if unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf) {
		return 0
	}
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return 2
	}
	return 1
}

func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		n += runeWidth(r)
	}
	return n
}

// cutToWidth shortens s to at most limit columns, ending it with … when cut.
func cutToWidth(s string, limit int) string {
	// A rune never takes more columns than bytes, so short strings fit.
	if len(s) <= limit || displayWidth(s) <= limit {
		return s
	}
	w := 0
	for i, r := range s {
		rw := runeWidth(r)
		if w+rw > limit-1 {
			return s[:i] + "…"
		}
		w += rw
	}
	return s
}
