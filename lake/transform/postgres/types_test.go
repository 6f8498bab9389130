package postgres

import (
	"errors"
	"strings"
	"testing"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/lake"
)

// everything is a table with a column of each supported type, and rows
// with typical values, NULLs and edge cases.
var everything = []string{
	`CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')`,
	`CREATE DOMAIN cents AS numeric(10,2)`,
	`CREATE TABLE public.everything (
		id bigint PRIMARY KEY,
		i2 smallint, i4 integer, i8 bigint, f4 real, f8 double precision,
		n122 numeric(12,2), nfree numeric, nneg numeric(5,-2),
		t text, vc varchar(10), ch char(5), nm name,
		b boolean, d date, tm time, ts timestamp, tstz timestamptz,
		u uuid, by bytea, j json, jb jsonb,
		ia int[], ta text[], na numeric(8,3)[], tsa timestamptz[], ua uuid[],
		e mood, ea mood[], dm cents, ip inet, mac macaddr, cid cidr, ipa inet[]
	)`,
	`INSERT INTO everything VALUES (1,
		7, 42, 9000000000, 1.5, 2.25,
		1234.56, 3.14159, 12300,
		'hello', 'varchar', 'ab', 'pg_name',
		true, '2026-05-28', '12:34:56.789', '2026-05-28 12:00:00', '2026-05-28 12:00:00+00',
		'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '\xdeadbeef', '{"a": 1}', '{"b": [1, 2]}',
		'{1,2,3}', '{x,y}', '{1.5,2.25}', '{"2026-01-01 00:00:00+00"}', '{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}',
		'ok', '{sad,happy}', 19.99, '10.1.2.3', '08:00:2b:01:02:03', '10.0.0.0/8', '{::1,192.168.0.1/24}')`,
	`INSERT INTO everything (id) VALUES (2)`,
	`INSERT INTO everything VALUES (3,
		-32768, -2147483648, -9223372036854775808, 'NaN', '-Infinity',
		-9999999999.99, -123456789.123456789, -9999900,
		'日本語 🎉 "quoted" \ back' || chr(10) || 'line', '', 'a', '',
		false, '0044-03-15 BC', '00:00:00', '1900-01-01 00:00:00.000001', '2026-03-29 01:30:00.123456+05:45',
		'00000000-0000-0000-0000-000000000000', '\x00ff00', '{"a":  [1, 2.50, null],   "b":"x"}', '{"z": 1, "a": {"k": "é"}}',
		'{}', '{NULL,"a,b","",NULL}', '{1.5,NULL,-0.001}', '{}', '{NULL}',
		'sad', '{}', -0.01, '::ffff:1.2.3.4', 'ff:ff:ff:ff:ff:ff', '2001:db8::/32', '{NULL}')`,
	`INSERT INTO everything VALUES (4,
		32767, 2147483647, 9223372036854775807, 3.4028235e38, 5e-324,
		0, 99999999999999999999999999999.999999999, 0,
		'', 'x', 'abcde', 'n',
		NULL, '9999-12-31', '23:59:59.999999', '0001-01-01 00:00:00', '2026-01-01 00:00:00-09:30',
		'ffffffff-ffff-ffff-ffff-ffffffffffff', '', '[]', 'null',
		'{NULL,-1}', '{""}', '{99999.999}', '{"1999-12-31 23:59:59.999999+14",NULL}', NULL,
		'happy', '{NULL,ok}', 0, NULL, NULL, NULL, '{}')`,
	`INSERT INTO everything VALUES (5,
		0, 0, 0, '-0', 'Infinity',
		0.01, -0.000000001, -100,
		'ünïcödé ∑', 'tenchars..', '     ', 'n',
		true, '1970-01-01', '00:00:00.000001', '2000-01-01 00:00:00', '1969-12-31 23:59:59.999999-12',
		'123e4567-e89b-12d3-a456-426614174000', '\x', '"just a string"', '12.50',
		'{0}', '{NULL}', '{}', '{}', '{}',
		'ok', NULL, NULL, '0.0.0.0/0', NULL, '0.0.0.0/0', NULL)`,
}

// everythingWant selects what the target must hold, in the form canonGo
// compares with the target (text for types pgx decodes differently).
const everythingWant = `SELECT id, i2, i4, i8, f4, f8, n122, nfree, nneg, t, vc, ch, nm::text, b, d, tm, ts, tstz,
	u::text, by, j::text, jb::text, ia, ta, na, tsa, ua::text[], e::text, ea::text[], dm::numeric, ip::text, mac::text, cid::text, ipa::text[]
	FROM everything ORDER BY id`

var everythingCols = []string{"id", "i2", "i4", "i8", "f4", "f8", "n122", "nfree", "nneg", "t", "vc", "ch", "nm", "b", "d", "tm", "ts", "tstz",
	"u", "by", "j", "jb", "ia", "ta", "na", "tsa", "ua", "e", "ea", "dm", "ip", "mac", "cid", "ipa"}

func TestEveryTypeRoundTripsExactlyOverBothTransports(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.exec(everything...)
	want := f.want(everythingWant)
	for _, tc := range []struct {
		name string
		t    transport
	}{{"copy", transportCopy}, {"query", transportQuery}} {
		t.Run(tc.name, func(t *testing.T) {
			id := lake.MustIdent("raw.everything_" + tc.name)
			o := Options{URL: f.url, Table: "public.everything", Target: id}
			res, err := run(f.ctx, f.lake, f.mem, o, tc.t)
			if err != nil {
				t.Fatal(err)
			}
			if !res.Created || res.Rows != 5 || len(res.Commits) != 1 {
				t.Fatalf("result %+v, want a created table with 5 rows in one commit", res)
			}
			sameRows(t, f.got(id, everythingCols...), want)
		})
	}
}

func TestTargetSchemaMapsEachType(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.exec(everything...)
	id := lake.MustIdent("raw.everything")
	f.mustRun(Options{Table: "everything", Target: id})
	sc, err := f.lake.SchemaAt(f.ctx, id, lake.AsOf{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"id": "required long", "i2": "int", "i4": "int", "i8": "long", "f4": "float", "f8": "double",
		"n122": "decimal(12, 2)", "nfree": "decimal(38, 9)", "nneg": "decimal(7, 0)",
		"t": "string", "ch": "string", "b": "boolean", "d": "date", "tm": "time", "ts": "timestamp", "tstz": "timestamptz",
		"u": "string", "by": "binary", "j": "string", "jb": "string", "ia": "list<int>", "na": "list<decimal(8, 3)>",
		"tsa": "list<timestamptz>", "e": "string", "ea": "list<string>", "dm": "decimal(10, 2)", "ip": "string", "ipa": "list<string>",
	}
	for name, w := range want {
		fld, ok := sc.FindFieldByName(name)
		if !ok {
			t.Errorf("no column %s", name)
			continue
		}
		got := fld.Type.String()
		if fld.Required {
			got = "required " + got
		}
		if got != w {
			t.Errorf("column %s is %s, want %s", name, got, w)
		}
	}
}

func TestUnstorableValuesFailTheRunAndWriteNothing(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, column, value, want string
	}{
		{"numeric with more fractional digits than decimal(38,9)", "numeric", "1.0000000001", "more than 9 fractional digits"},
		{"numeric with more integer digits than decimal(38,9)", "numeric", "1e29", "more than 29 integer digits"},
		{"numeric NaN", "numeric", "'NaN'", "NaN or infinity"},
		{"numeric infinity", "numeric", "'Infinity'", "NaN or infinity"},
		{"infinite date", "date", "'infinity'", "infinite"},
		{"infinite timestamptz", "timestamptz", "'-infinity'", "infinite"},
		{"two-dimensional array", "int[]", "'{{1,2},{3,4}}'", "multi-dimensional"},
		{"NaN inside an array", "numeric[]", "'{1,NaN}'", "NaN or infinity"},
	}
	f := newFixture(t)
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tbl := "bad" + string(rune('a'+i))
			f.exec(`CREATE TABLE `+tbl+` (id int PRIMARY KEY, v `+tc.column+`)`,
				`INSERT INTO `+tbl+` VALUES (1, NULL), (2, `+tc.value+`)`)
			id := lake.MustIdent("raw." + tbl)
			_, err := f.run(Options{Table: tbl, Target: id})
			if !errors.Is(err, ErrValue) || tarn.ErrorCode(err) != tarn.EINVALID {
				t.Fatalf("err = %v, want ErrValue (invalid)", err)
			}
			msg := tarn.ErrorMessage(err)
			if !strings.Contains(msg, `"v"`) || !strings.Contains(msg, tc.want) {
				t.Errorf("message %q does not name column v and say %q", msg, tc.want)
			}
			if rows := f.got(id, "id"); len(rows) != 0 {
				t.Errorf("target holds %d rows after a failed run", len(rows))
			}
		})
	}
}

func TestUnsupportedTypesAreRefusedNamingColumnAndType(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.exec(`CREATE TABLE odd (id int, span interval, cash money, wide numeric(50,2), r int4range)`)
	for _, tc := range []struct{ col, typ string }{
		{"span", "interval"}, {"cash", "money"}, {"wide", "numeric(50,2)"}, {"r", "int4range"},
	} {
		_, err := f.run(Options{Query: "SELECT id, " + tc.col + " FROM odd", Target: lake.MustIdent("raw.odd")})
		if !errors.Is(err, ErrUnsupportedType) || tarn.ErrorCode(err) != tarn.EINVALID {
			t.Fatalf("%s: err = %v, want ErrUnsupportedType", tc.col, err)
		}
		if msg := tarn.ErrorMessage(err); !strings.Contains(msg, `"`+tc.col+`"`) || !strings.Contains(msg, tc.typ) {
			t.Errorf("message %q does not name column %s and type %s", msg, tc.col, tc.typ)
		}
	}
	if _, err := f.lake.SchemaAt(f.ctx, lake.MustIdent("raw.odd"), lake.AsOf{}); !errors.Is(err, lake.ErrNoSuchTable) {
		t.Errorf("a refused source created its target: %v", err)
	}
}
