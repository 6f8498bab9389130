package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/spf13/pflag"

	"github.com/tarn-data/tarn"
)

// lakeSchema has one column of every Arrow type the lake's tables use.
var lakeSchema = arrow.NewSchema([]arrow.Field{
	{Name: "id", Type: arrow.PrimitiveTypes.Int32, Nullable: true},
	{Name: "bytes", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
	{Name: "ratio", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
	{Name: "name", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "ok", Type: arrow.FixedWidthTypes.Boolean, Nullable: true},
	{Name: "day", Type: arrow.FixedWidthTypes.Date32, Nullable: true},
	{Name: "ts", Type: &arrow.TimestampType{Unit: arrow.Microsecond}, Nullable: true},
	{Name: "amount", Type: &arrow.Decimal128Type{Precision: 12, Scale: 2}, Nullable: true},
}, nil)

var (
	nov1     = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	nov1Noon = time.Date(2026, 11, 1, 12, 34, 56, 789000000, time.UTC)
)

// lakeRows are split into two batches by newReader.
var lakeRows = [][]any{
	{int32(1), int64(1234567890123), 0.25, "alice", true, nov1, nov1Noon, "1234.50"},
	{int32(2), nil, nil, nil, nil, nil, nil, nil},
	{int32(-3), int64(-1), 1e20, "東京 café", false, time.Unix(0, 0).UTC(), time.Unix(0, 0).UTC(), "-0.05"},
}

// newReader builds a reader over rows, cut into batches of at most
// batchSize rows. The caller releases it.
func newReader(t testing.TB, mem memory.Allocator, schema *arrow.Schema, rows [][]any, batchSize int) array.RecordReader {
	t.Helper()
	b := array.NewRecordBuilder(mem, schema)
	defer b.Release()
	var recs []arrow.RecordBatch
	for i, row := range rows {
		for c, v := range row {
			appendValue(t, b.Field(c), v)
		}
		if (i+1)%batchSize == 0 || i == len(rows)-1 {
			recs = append(recs, b.NewRecordBatch())
		}
	}
	rdr, err := array.NewRecordReader(schema, recs)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		r.Release()
	}
	return rdr
}

func appendValue(t testing.TB, b array.Builder, v any) {
	t.Helper()
	if v == nil {
		b.AppendNull()
		return
	}
	switch b := b.(type) {
	case *array.Int32Builder:
		b.Append(v.(int32))
	case *array.Int64Builder:
		b.Append(v.(int64))
	case *array.Float64Builder:
		b.Append(v.(float64))
	case *array.StringBuilder:
		b.Append(v.(string))
	case *array.BooleanBuilder:
		b.Append(v.(bool))
	case *array.Date32Builder:
		b.Append(arrow.Date32FromTime(v.(time.Time)))
	case *array.TimestampBuilder:
		b.AppendTime(v.(time.Time))
	case *array.Decimal128Builder:
		typ := b.Type().(*arrow.Decimal128Type)
		n, err := decimal128.FromString(v.(string), typ.Precision, typ.Scale)
		if err != nil {
			t.Fatal(err)
		}
		b.Append(n)
	default:
		t.Fatalf("no test builder for %T", b)
	}
}

// render runs WriteRecords over rows with a checked allocator and returns
// what it printed.
func render(t *testing.T, f Format, schema *arrow.Schema, rows [][]any, maxRows int) (string, int64, bool) {
	t.Helper()
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	rdr := newReader(t, mem, schema, rows, 2)
	defer rdr.Release()
	var out bytes.Buffer
	n, truncated, err := WriteRecords(&out, f, rdr, maxRows)
	if err != nil {
		t.Fatalf("WriteRecords(%s): %v", f, err)
	}
	return out.String(), n, truncated
}

func TestWriteRecordsTableShowsEveryLakeType(t *testing.T) {
	got, n, truncated := render(t, FormatTable, lakeSchema, lakeRows, 100)
	want := "" +
		" id |         bytes | ratio | name      | ok    | day        | ts                  |  amount\n" +
		"----+---------------+-------+-----------+-------+------------+---------------------+---------\n" +
		"  1 | 1234567890123 |  0.25 | alice     | true  | 2026-11-01 | 2026-11-01 12:34:56 | 1234.50\n" +
		"  2 |          NULL |  NULL | NULL      | NULL  | NULL       | NULL                |    NULL\n" +
		" -3 |            -1 | 1e+20 | 東京 café | false | 1970-01-01 | 1970-01-01 00:00:00 |   -0.05\n" +
		"(3 rows)\n"
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	if n != 3 || truncated {
		t.Errorf("rows=%d truncated=%v, want 3 false", n, truncated)
	}
}

func TestWriteRecordsCSVIsExactWithEmptyNulls(t *testing.T) {
	got, _, _ := render(t, FormatCSV, lakeSchema, lakeRows, 0)
	want := "id,bytes,ratio,name,ok,day,ts,amount\n" +
		"1,1234567890123,0.25,alice,true,2026-11-01,2026-11-01 12:34:56.789,1234.50\n" +
		"2,,,,,,,\n" +
		"-3,-1,1e+20,東京 café,false,1970-01-01,1970-01-01 00:00:00,-0.05\n"
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestWriteRecordsCSVQuotesPerRFC4180(t *testing.T) {
	schema := arrow.NewSchema([]arrow.Field{{Name: "a,b", Type: arrow.BinaryTypes.String, Nullable: true}}, nil)
	values := []string{`plain`, `has,comma`, `has "quotes"`, "two\nlines", ` lead space`}
	var rows [][]any
	for _, v := range values {
		rows = append(rows, []any{v})
	}
	got, _, _ := render(t, FormatCSV, schema, rows, 0)
	if !strings.Contains(got, `"has ""quotes"""`) || !strings.HasPrefix(got, "\"a,b\"\n") {
		t.Errorf("quoting is wrong:\n%s", got)
	}
	records, err := csv.NewReader(strings.NewReader(got)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(records) != len(values)+1 || records[0][0] != "a,b" {
		t.Fatalf("read back %q", records)
	}
	for i, v := range values {
		if records[i+1][0] != v {
			t.Errorf("row %d read back as %q, want %q", i, records[i+1][0], v)
		}
	}
}

func TestWriteRecordsJSONIsAValidArrayWithTypedValues(t *testing.T) {
	got, _, _ := render(t, FormatJSON, lakeSchema, lakeRows, 0)
	if !json.Valid([]byte(got)) {
		t.Fatalf("invalid JSON:\n%s", got)
	}
	if !strings.HasPrefix(got, `[`+"\n"+`{"id":1,"bytes":1234567890123,`) {
		t.Errorf("keys are not in column order:\n%s", got)
	}
	dec := json.NewDecoder(strings.NewReader(got))
	dec.UseNumber()
	var objs []map[string]any
	if err := dec.Decode(&objs); err != nil {
		t.Fatal(err)
	}
	if len(objs) != 3 {
		t.Fatalf("got %d objects, want 3", len(objs))
	}
	first := objs[0]
	for key, want := range map[string]any{
		"id":     json.Number("1"),
		"bytes":  json.Number("1234567890123"),
		"ratio":  json.Number("0.25"),
		"name":   "alice",
		"ok":     true,
		"day":    "2026-11-01",
		"ts":     "2026-11-01T12:34:56.789Z",
		"amount": "1234.50",
	} {
		if first[key] != want {
			t.Errorf("%s = %#v, want %#v", key, first[key], want)
		}
	}
	for key, v := range objs[1] {
		if key != "id" && v != nil {
			t.Errorf("null %s came out as %#v", key, v)
		}
	}
	if objs[2]["amount"] != "-0.05" || objs[2]["name"] != "東京 café" {
		t.Errorf("third row: %v", objs[2])
	}
}

func TestWriteRecordsEmptyResult(t *testing.T) {
	for _, tc := range []struct {
		f    Format
		want string
	}{
		{FormatTable, " id | bytes | ratio | name | ok | day | ts | amount\n----+-------+-------+------+----+-----+----+--------\n(0 rows)\n"},
		{FormatCSV, "id,bytes,ratio,name,ok,day,ts,amount\n"},
		{FormatJSON, "[]\n"},
	} {
		t.Run(string(tc.f), func(t *testing.T) {
			got, n, truncated := render(t, tc.f, lakeSchema, nil, 10)
			if got != tc.want || n != 0 || truncated {
				t.Errorf("got %q (rows=%d truncated=%v), want %q", got, n, truncated, tc.want)
			}
		})
	}
}

func TestWriteRecordsStopsAtMaxRowsAndSaysSo(t *testing.T) {
	for _, f := range []Format{FormatTable, FormatCSV, FormatJSON} {
		for _, tc := range []struct {
			maxRows       int
			wantRows      int64
			wantTruncated bool
		}{
			{0, 3, false},
			{1, 1, true},
			{2, 2, true}, // the limit falls on a batch boundary
			{3, 3, false},
			{4, 3, false},
		} {
			t.Run(fmt.Sprintf("%s/max%d", f, tc.maxRows), func(t *testing.T) {
				got, n, truncated := render(t, f, lakeSchema, lakeRows, tc.maxRows)
				if n != tc.wantRows || truncated != tc.wantTruncated {
					t.Errorf("rows=%d truncated=%v, want %d %v", n, truncated, tc.wantRows, tc.wantTruncated)
				}
				if f == FormatJSON && !json.Valid([]byte(got)) {
					t.Errorf("truncated JSON is not valid:\n%s", got)
				}
				if f == FormatTable && tc.wantTruncated && !strings.Contains(got, fmt.Sprintf("(%d rows shown; the result has more than the %d-row limit", n, tc.maxRows)) {
					t.Errorf("table footer does not say it was cut:\n%s", got)
				}
			})
		}
	}
}

func TestWriteRecordsTableFooterSaysOneRow(t *testing.T) {
	got, _, _ := render(t, FormatTable, lakeSchema, lakeRows[:1], 0)
	if !strings.HasSuffix(got, "\n(1 row)\n") {
		t.Errorf("footer: %q", got)
	}
}

func TestWriteRecordsCutsLongStringsInTableModeOnly(t *testing.T) {
	schema := arrow.NewSchema([]arrow.Field{{Name: "body", Type: arrow.BinaryTypes.String}}, nil)
	long := strings.Repeat("abcdefghij", 10)
	wide := strings.Repeat("表", 40) // 80 columns
	rows := [][]any{{long}, {wide}, {"line one\nline two"}}

	table, _, _ := render(t, FormatTable, schema, rows, 0)
	lines := strings.Split(table, "\n")
	if want := " " + long[:59] + "…"; lines[2] != want {
		t.Errorf("long ASCII cell = %q, want %q", lines[2], want)
	}
	if want := " " + strings.Repeat("表", 29) + "…"; strings.TrimRight(lines[3], " ") != want {
		t.Errorf("long wide cell = %q, want %q", lines[3], want)
	}
	if !strings.Contains(lines[4], `line one\nline two`) {
		t.Errorf("newline not escaped in table: %q", lines[4])
	}

	csvOut, _, _ := render(t, FormatCSV, schema, rows, 0)
	jsonOut, _, _ := render(t, FormatJSON, schema, rows, 0)
	for _, out := range []string{csvOut, jsonOut} {
		if !strings.Contains(out, long) || !strings.Contains(out, wide) {
			t.Errorf("value was cut outside table mode:\n%s", out)
		}
	}
}

func TestWriteRecordsAlignsColumnsByDisplayWidth(t *testing.T) {
	schema := arrow.NewSchema([]arrow.Field{
		{Name: "city", Type: arrow.BinaryTypes.String},
		{Name: "n", Type: arrow.PrimitiveTypes.Int64},
	}, nil)
	rows := [][]any{{"東京", int64(1)}, {"São Paulo", int64(22)}, {"e\u0301clair", int64(333)}, {"🙂🙂", int64(4)}}
	got, _, _ := render(t, FormatTable, schema, rows, 0)
	var bars []int
	for _, line := range strings.Split(strings.TrimRight(got, "\n"), "\n") {
		if strings.HasPrefix(line, "(") {
			continue
		}
		sep := strings.IndexAny(line, "|+")
		bars = append(bars, displayWidth(line[:sep]))
	}
	for i, b := range bars {
		if b != bars[0] {
			t.Errorf("line %d puts its separator at column %d, line 0 at %d:\n%s", i, b, bars[0], got)
		}
	}
}

func TestWriteRecordsShowsZonedTimestampsWithOffset(t *testing.T) {
	schema := arrow.NewSchema([]arrow.Field{
		{Name: "ts", Type: &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}},
	}, nil)
	rows := [][]any{{nov1Noon}}
	table, _, _ := render(t, FormatTable, schema, rows, 0)
	if !strings.Contains(table, "2026-11-01 12:34:56+00:00") {
		t.Errorf("table: %s", table)
	}
	js, _, _ := render(t, FormatJSON, schema, rows, 0)
	if !strings.Contains(js, `"2026-11-01T12:34:56.789Z"`) {
		t.Errorf("json: %s", js)
	}
}

func TestWriteRecordsJSONKeysStayUniqueForRepeatedColumnNames(t *testing.T) {
	schema := arrow.NewSchema([]arrow.Field{
		{Name: "a", Type: arrow.PrimitiveTypes.Int32},
		{Name: "a", Type: arrow.PrimitiveTypes.Int32},
		{Name: "a_2", Type: arrow.PrimitiveTypes.Int32},
	}, nil)
	got, _, _ := render(t, FormatJSON, schema, [][]any{{int32(1), int32(2), int32(3)}}, 0)
	if want := "[\n{\"a\":1,\"a_2\":2,\"a_2_2\":3}\n]\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestWriteRecordsJSONWritesNonFiniteFloatsAsNull(t *testing.T) {
	schema := arrow.NewSchema([]arrow.Field{{Name: "x", Type: arrow.PrimitiveTypes.Float64}}, nil)
	got, _, _ := render(t, FormatJSON, schema, [][]any{{inf(1)}, {inf(-1)}, {inf(0)}}, 0)
	if want := "[\n{\"x\":null},\n{\"x\":null},\n{\"x\":null}\n]\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func inf(sign int) float64 {
	if sign == 0 {
		zero := 0.0
		return zero / zero
	}
	big := 1e308
	return float64(sign) * big * 10
}

// failingReader yields one batch, then fails.
type failingReader struct {
	array.RecordReader
	calls int
}

func (r *failingReader) Next() bool {
	r.calls++
	return r.calls == 1 && r.RecordReader.Next()
}

func (r *failingReader) Err() error { return errReaderBroke }

var errReaderBroke = errors.New("reader broke")

func TestWriteRecordsReturnsTheReadersError(t *testing.T) {
	for _, f := range []Format{FormatTable, FormatCSV, FormatJSON} {
		t.Run(string(f), func(t *testing.T) {
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			defer mem.AssertSize(t, 0)
			inner := newReader(t, mem, lakeSchema, lakeRows, 2)
			defer inner.Release()
			_, _, err := WriteRecords(&bytes.Buffer{}, f, &failingReader{RecordReader: inner}, 0)
			if !errors.Is(err, errReaderBroke) {
				t.Errorf("err = %v, want the reader's error", err)
			}
		})
	}
}

// brokenWriter fails every write, like a closed pipe.
type brokenWriter struct{}

var errPipe = errors.New("broken pipe")

func (brokenWriter) Write([]byte) (int, error) { return 0, errPipe }

func TestWriteRecordsReturnsWriteErrors(t *testing.T) {
	for _, f := range []Format{FormatTable, FormatCSV, FormatJSON} {
		t.Run(string(f), func(t *testing.T) {
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			defer mem.AssertSize(t, 0)
			rdr := newReader(t, mem, lakeSchema, lakeRows, 2)
			defer rdr.Release()
			if _, _, err := WriteRecords(brokenWriter{}, f, rdr, 0); !errors.Is(err, errPipe) {
				t.Errorf("err = %v, want the write error", err)
			}
			if err := WriteRows(brokenWriter{}, f, []string{"a"}, [][]string{{"1"}}); !errors.Is(err, errPipe) {
				t.Errorf("WriteRows err = %v, want the write error", err)
			}
		})
	}
}

func TestWriteRecordsRejectsAnUnknownFormat(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	rdr := newReader(t, mem, lakeSchema, lakeRows, 2)
	defer rdr.Release()
	if _, _, err := WriteRecords(&bytes.Buffer{}, "xml", rdr, 0); !errors.Is(err, ErrUnknownFormat) {
		t.Errorf("err = %v, want ErrUnknownFormat", err)
	}
}

func TestParseFormat(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Format
		ok   bool
	}{
		{"table", FormatTable, true},
		{"CSV", FormatCSV, true},
		{" json ", FormatJSON, true},
		{"xml", "", false},
		{"", "", false},
	} {
		got, err := ParseFormat(tc.in)
		if got != tc.want || (err == nil) != tc.ok {
			t.Errorf("ParseFormat(%q) = %q, %v", tc.in, got, err)
		}
		if !tc.ok && (!errors.Is(err, ErrUnknownFormat) || tarn.ErrorCode(err) != tarn.EINVALID ||
			!strings.Contains(err.Error(), "table, csv or json")) {
			t.Errorf("ParseFormat(%q) error %v should wrap ErrUnknownFormat and list the formats", tc.in, err)
		}
	}
}

func TestFormatFlagChecksItsValueWhenParsed(t *testing.T) {
	for _, tc := range []struct {
		args    []string
		want    Format
		wantErr bool
	}{
		{nil, FormatTable, false},
		{[]string{"--format", "csv"}, FormatCSV, false},
		{[]string{"--format=json"}, FormatJSON, false},
		{[]string{"--format", "yaml"}, "", true},
	} {
		fs := pflag.NewFlagSet("q", pflag.ContinueOnError)
		fs.SetOutput(&bytes.Buffer{})
		AddFormatFlag(fs)
		err := fs.Parse(tc.args)
		if tc.wantErr {
			if err == nil || !strings.Contains(err.Error(), "--format") {
				t.Errorf("%v: err = %v, want one naming --format", tc.args, err)
			}
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		got, err := FormatFromFlags(fs)
		if err != nil || got != tc.want {
			t.Errorf("%v: got %q, %v", tc.args, got, err)
		}
		if s, err := fs.GetString("format"); err != nil || s != string(tc.want) {
			t.Errorf("%v: GetString = %q, %v", tc.args, s, err)
		}
	}
	if f, err := FormatFromFlags(pflag.NewFlagSet("none", pflag.ContinueOnError)); f != FormatTable || err != nil {
		t.Errorf("without the flag: %q, %v", f, err)
	}
}

func TestWriteRows(t *testing.T) {
	header := []string{"table", "snapshot", "rows"}
	rows := [][]string{
		{"fct.http_requests", "7301528351", "2000000"},
		{"dim.accounts", "12", ""},
		{"scratch.zone_export_tmp"}, // short rows are padded
	}
	for _, tc := range []struct {
		f    Format
		want string
	}{
		{FormatTable, "" +
			" table                   |   snapshot |    rows\n" +
			"-------------------------+------------+---------\n" +
			" fct.http_requests       | 7301528351 | 2000000\n" +
			" dim.accounts            |         12 |\n" +
			" scratch.zone_export_tmp |            |\n" +
			"(3 rows)\n"},
		{FormatCSV, "table,snapshot,rows\nfct.http_requests,7301528351,2000000\ndim.accounts,12,\nscratch.zone_export_tmp,,\n"},
		{FormatJSON, "[\n" +
			`{"table":"fct.http_requests","snapshot":"7301528351","rows":"2000000"},` + "\n" +
			`{"table":"dim.accounts","snapshot":"12","rows":""},` + "\n" +
			`{"table":"scratch.zone_export_tmp","snapshot":"","rows":""}` + "\n]\n"},
	} {
		t.Run(string(tc.f), func(t *testing.T) {
			var out bytes.Buffer
			if err := WriteRows(&out, tc.f, header, rows); err != nil {
				t.Fatal(err)
			}
			if out.String() != tc.want {
				t.Errorf("got:\n%s\nwant:\n%s", out.String(), tc.want)
			}
		})
	}
}

func TestWriteRowsLeavesTheCallersRowsAlone(t *testing.T) {
	rows := [][]string{{"a\nb"}}
	if err := WriteRows(&bytes.Buffer{}, FormatTable, []string{"x"}, rows); err != nil {
		t.Fatal(err)
	}
	if rows[0][0] != "a\nb" {
		t.Errorf("row changed to %q", rows[0][0])
	}
}

func TestDisplayWidthAndCut(t *testing.T) {
	for _, tc := range []struct {
		s      string
		width  int
		cutTo5 string
	}{
		{"hello", 5, "hello"},
		{"hello world", 11, "hell…"},
		{"東京都庁", 8, "東京…"},
		{"e\u0301e\u0301e\u0301", 3, "e\u0301e\u0301e\u0301"},
		{"🙂🙂🙂", 6, "🙂🙂…"},
		{"ｆｕｌｌ", 8, "ｆｕ…"},
	} {
		if got := displayWidth(tc.s); got != tc.width {
			t.Errorf("displayWidth(%q) = %d, want %d", tc.s, got, tc.width)
		}
		if got := cutToWidth(tc.s, 5); got != tc.cutTo5 {
			t.Errorf("cutToWidth(%q, 5) = %q, want %q", tc.s, got, tc.cutTo5)
		}
	}
}

func TestAppendJSONStringRoundTrips(t *testing.T) {
	for _, s := range []string{"", "plain", `q"uote`, `back\slash`, "tab\tnl\ncr\r", "\x00\x1f\x7f", "<a&b>", "\u2028\u2029", "東京 🙂"} {
		checkJSONString(t, s)
	}
}

func FuzzAppendJSONString(f *testing.F) {
	for _, s := range []string{"", "a\"b", "\xff\xfe", "\u2028", "x\x00y"} {
		f.Add(s)
	}
	f.Fuzz(checkJSONString)
}

func checkJSONString(t *testing.T, s string) {
	b := appendJSONString(nil, s)
	var back string
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatalf("appendJSONString(%q) = %s, not valid JSON: %v", s, b, err)
	}
	if utf8.ValidString(s) && back != s {
		t.Errorf("round trip of %q gave %q", s, back)
	}
	// Each invalid byte becomes its own U+FFFD, as encoding/json does it.
	if !utf8.ValidString(s) {
		var viaStd string
		std, _ := json.Marshal(s)
		json.Unmarshal(std, &viaStd)
		if back != viaStd {
			t.Errorf("invalid UTF-8 %q came back as %q; encoding/json gives %q", s, back, viaStd)
		}
	}
}

func BenchmarkWriteRecords(b *testing.B) {
	const n = 10000
	rows := make([][]any, 0, n)
	for i := range n {
		r := lakeRows[i%len(lakeRows)]
		rows = append(rows, append([]any{int32(i)}, r[1:]...))
	}
	src := newReader(b, memory.NewGoAllocator(), lakeSchema, rows, 2048)
	defer src.Release()
	var recs []arrow.RecordBatch
	for src.Next() {
		rec := src.RecordBatch()
		rec.Retain()
		defer rec.Release()
		recs = append(recs, rec)
	}
	for _, f := range []Format{FormatTable, FormatCSV, FormatJSON} {
		b.Run(string(f), func(b *testing.B) {
			for b.Loop() {
				rdr, _ := array.NewRecordReader(lakeSchema, recs)
				if _, _, err := WriteRecords(io.Discard, f, rdr, 0); err != nil {
					b.Fatal(err)
				}
				rdr.Release()
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/n, "ns/row")
		})
	}
}
