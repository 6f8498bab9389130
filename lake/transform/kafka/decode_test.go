package kafka

import (
	"errors"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/tarn-data/tarn/lake"
)

// testColumns declares one column of each type.
var testColumns = []Column{
	{Name: "id", Type: "long", Required: true},
	{Name: "name", Type: "string"},
	{Name: "n", Type: "int"},
	{Name: "ratio", Type: "double"},
	{Name: "f", Type: "float"},
	{Name: "ok", Type: "boolean"},
	{Name: "ts", Type: "timestamp"},
	{Name: "tstz", Type: "timestamptz"},
	{Name: "day", Type: "date"},
	{Name: "amount", Type: "decimal(12,2)"},
	{Name: "renamed", Type: "string", Field: "Original Name"},
}

// newTestDecoder returns a decoder for cols and its schema.
func newTestDecoder(t testing.TB, mem memory.Allocator, cols []Column) *decoder {
	t.Helper()
	o := Options{Brokers: []string{"x"}, Topic: "t", Target: lake.MustIdent("a.b"), Schema: cols}
	_, cs, err := o.withDefaults()
	if err != nil {
		t.Fatal(err)
	}
	fields := make([]arrow.Field, len(cs))
	for i, c := range cs {
		fields[i] = arrow.Field{Name: c.name, Type: c.typ.arrow(), Nullable: !c.required}
	}
	return newDecoder(mem, arrow.NewSchema(fields, nil), cs)
}

// decodeOne decodes msg and returns its row as strings (Arrow's
// ValueStr: timestamps with a T, decimals without trailing zeros), or the
// error.
func decodeOne(t *testing.T, msg string) (map[string]string, error) {
	t.Helper()
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	d := newTestDecoder(t, mem, testColumns)
	defer d.release()
	if err := d.decode([]byte(msg)); err != nil {
		if rec := d.flush(); rec != nil {
			rec.Release()
			t.Fatalf("a failed message left a row behind")
		}
		return nil, err
	}
	rec := d.flush()
	defer rec.Release()
	if rec.NumRows() != 1 {
		t.Fatalf("decoded %d rows, want 1", rec.NumRows())
	}
	row := map[string]string{}
	for i, f := range rec.Schema().Fields() {
		row[f.Name] = rec.Column(i).ValueStr(0)
	}
	return row, nil
}

func TestDecodeReadsEveryDeclaredType(t *testing.T) {
	row, err := decodeOne(t, ` {"id": 42, "name": "caf\u00e9 \"x\"\n", "n": -7, "ratio": 2.5e-1, "f": 1,
		"ok": true, "ts": "2026-03-01T12:30:45.123456Z", "tstz": "2026-03-01 13:30:45+01:00",
		"day": "2024-02-29", "amount": "-1234.5", "Original Name": "r", "extra": {"nested": [1, "two", null, {"a": false}]}} `)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"id": "42", "name": "café \"x\"\n", "n": "-7", "ratio": "0.25", "f": "1", "ok": "true",
		"ts": "2026-03-01T12:30:45.123456", "tstz": "2026-03-01T12:30:45Z", "day": "2024-02-29",
		"amount": "-1234.5", "renamed": "r",
	}
	for k, v := range want {
		if row[k] != v {
			t.Errorf("%s = %q, want %q", k, row[k], v)
		}
	}
}

func TestDecodeNullsAndMissingOptionalFields(t *testing.T) {
	row, err := decodeOne(t, `{"id":1,"name":null,"amount":null}`)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"name", "n", "ts", "amount", "renamed"} {
		if row[k] != array.NullValueStr {
			t.Errorf("%s = %q, want null", k, row[k])
		}
	}
}

func TestDecodeValueForms(t *testing.T) {
	for _, c := range []struct{ msg, col, want string }{
		{`{"id":1,"ts":1767225600000}`, "ts", "2026-01-01T00:00:00"},
		{`{"id":1,"ts":"2026-01-01T00:00:00"}`, "ts", "2026-01-01T00:00:00"},
		{`{"id":1,"ts":"1999-12-31T23:59:59.5-00:30"}`, "ts", "2000-01-01T00:29:59.5"},
		{`{"id":1,"amount":12}`, "amount", "12"},
		{`{"id":1,"amount":1.5e3}`, "amount", "1500"},
		{`{"id":1,"amount":"0.010"}`, "amount", "0.01"},
		{`{"id":1,"amount":"9999999999.99"}`, "amount", "9999999999.99"},
		{`{"id":-9223372036854775808}`, "id", "-9223372036854775808"},
		{`{"id":1,"n":2147483647}`, "n", "2147483647"},
		{`{"id":1,"name":"\ud83d\ude00"}`, "name", "😀"},
		{`{"id":1,"day":"1900-03-01"}`, "day", "1900-03-01"},
	} {
		row, err := decodeOne(t, c.msg)
		if err != nil {
			t.Errorf("%s: %v", c.msg, err)
			continue
		}
		if row[c.col] != c.want {
			t.Errorf("%s: %s = %q, want %q", c.msg, c.col, row[c.col], c.want)
		}
	}
}

func TestDecodeMalformedSaysWhatIsWrong(t *testing.T) {
	for _, c := range []struct{ msg, field, reason string }{
		{``, "", "empty message"},
		{`[1]`, "", "not a JSON object"},
		{`{"id":1`, "", "want ',' or '}'"},
		{`{"id":1,}`, "", "want a quoted field name"},
		{`{"id":1} x`, "", "unexpected data"},
		{`{"name":"x"}`, "id", "missing but required"},
		{`{"id":null}`, "id", "null but required"},
		{`{"id":"1"}`, "id", "want an integer (long), got a string"},
		{`{"id":1.5}`, "id", "fraction or exponent"},
		{`{"id":01}`, "id", "not a valid number"},
		{`{"id":99999999999999999999}`, "id", "out of range"},
		{`{"id":1,"n":2147483648}`, "n", "out of range for int"},
		{`{"id":1,"ratio":"x"}`, "ratio", "want a number (double), got a string"},
		{`{"id":1,"ratio":1.}`, "ratio", "not a valid number"},
		{`{"id":1,"ok":1}`, "ok", "want true or false (boolean), got a number"},
		{`{"id":1,"ts":"2026-02-30T00:00:00Z"}`, "ts", "RFC 3339"},
		{`{"id":1,"ts":"2026-01-01T00:00:00.1234567Z"}`, "ts", "more precision than microseconds"},
		{`{"id":1,"ts":true}`, "ts", "got a boolean"},
		{`{"id":1,"day":"2025-02-29"}`, "day", "want a date"},
		{`{"id":1,"amount":"1.234"}`, "amount", "more than 2 decimal places"},
		{`{"id":1,"amount":12345678901}`, "amount", "does not fit decimal(12,2)"},
		{`{"id":1,"amount":"abc"}`, "amount", "not a valid decimal number"},
		{`{"id":1,"name":"\x"}`, "name", "invalid escape"},
		{"{\"id\":1,\"name\":\"a\xffb\"}", "name", "not valid UTF-8"},
		{"{\"id\":1,\"name\":\"a\nb\"}", "name", "control character"},
		{`{"id":1,"name":"\ud83d"}`, "name", "surrogate"},
		{`{"id":1,"id":2}`, "id", "appears twice"},
		{`{"id":1,"name":["x"]}`, "name", "got an array"},
		{`{"id":1,"other":[1,2}`, "", "want ',' or a closing bracket"},
		{`{"id":1,"other":tru}`, "", "invalid value"},
		{`{"id":1,"other":` + strings.Repeat("[", 100) + strings.Repeat("]", 100) + `}`, "", "nested too deeply"},
	} {
		_, err := decodeOne(t, c.msg)
		var fe *fieldError
		if !errors.As(err, &fe) {
			t.Errorf("%q: err = %v, want a field error", c.msg, err)
			continue
		}
		if fe.field != c.field || !strings.Contains(fe.reason, c.reason) {
			t.Errorf("%q: field %q reason %q; want field %q reason containing %q", c.msg, fe.field, fe.reason, c.field, c.reason)
		}
	}
}

func TestDecodeKeepsRowsOfGoodMessagesAroundBadOnes(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	d := newTestDecoder(t, mem, testColumns)
	defer d.release()
	for _, m := range []string{`{"id":1,"name":"a"}`, `{"name":"half","id":"bad"}`, `{"id":3,"name":"c"}`} {
		_ = d.decode([]byte(m))
	}
	rec := d.flush()
	defer rec.Release()
	ids := rec.Column(0).(*array.Int64).Int64Values()
	names := rec.Column(1).(*array.String)
	if len(ids) != 2 || ids[0] != 1 || ids[1] != 3 || names.Value(0) != "a" || names.Value(1) != "c" {
		t.Fatalf("rows = %v %v, want ids 1 and 3 with names a and c", ids, names)
	}
}

func FuzzDecode(f *testing.F) {
	for _, s := range []string{`{"id":1,"name":"x","amount":"1.5","ts":"2026-01-01T00:00:00Z"}`, `{"id":-1,"other":[{"a":"\u0041"}]}`, `{}`, `{"id":1e2}`} {
		f.Add([]byte(s))
	}
	mem := memory.NewGoAllocator()
	d := newTestDecoder(f, mem, testColumns)
	f.Fuzz(func(t *testing.T, msg []byte) {
		before := d.rows
		err := d.decode(msg)
		if err == nil && d.rows != before+1 || err != nil && d.rows != before {
			t.Fatalf("decode(%q) = %v and added %d rows", msg, err, d.rows-before)
		}
		if d.rows > 1000 {
			d.flush().Release()
		}
	})
}

func TestDecodeFieldsInAnyOrderWithOneDecoder(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	d := newTestDecoder(t, mem, testColumns)
	defer d.release()
	msgs := []string{
		`{"id":1,"name":"a","n":10}`,
		`{"id":2,"name":"b","n":20}`,
		`{"n":30,"id":3,"x":1,"name":"c"}`,
		`{"x":{"id":99},"name":"d","id":4}`,
		`{"id":5,"na\u006de":"e","n":50}`,
		`{"id":6}`,
	}
	for _, m := range msgs {
		if err := d.decode([]byte(m)); err != nil {
			t.Fatalf("%s: %v", m, err)
		}
	}
	rec := d.flush()
	defer rec.Release()
	var got []string
	for r := range int(rec.NumRows()) {
		got = append(got, rec.Column(0).ValueStr(r)+"/"+rec.Column(1).ValueStr(r)+"/"+rec.Column(2).ValueStr(r))
	}
	want := "1/a/10 2/b/20 3/c/30 4/d/(null) 5/e/50 6/(null)/(null)"
	if strings.Join(got, " ") != want {
		t.Fatalf("rows %q, want %q", strings.Join(got, " "), want)
	}
}
