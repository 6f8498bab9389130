package guard

import (
	"errors"
	"strings"
	"testing"

	"github.com/tarn-data/tarn"
)

// forbiddenCases are refused with an error of code and a message holding want.
var forbiddenCases = []struct {
	sql  string
	code string
	want string
}{
	// statements other than SELECT
	{"INSERT INTO fct.http_requests VALUES (1)", tarn.EFORBIDDEN, "INSERT statements are not allowed"},
	{"UPDATE dim.accounts SET plan = 'free'", tarn.EFORBIDDEN, "UPDATE statements"},
	{"DELETE FROM dim.accounts", tarn.EFORBIDDEN, "DELETE statements"},
	{"MERGE INTO dim.accounts a USING dim.zones z ON a.account_id = z.account_id WHEN MATCHED THEN DELETE", tarn.EFORBIDDEN, "MERGE statements"},
	{"CREATE TABLE x AS SELECT 1", tarn.EFORBIDDEN, "CREATE statements"},
	{"CREATE VIEW v AS SELECT * FROM fct.http_requests", tarn.EFORBIDDEN, "CREATE statements"},
	{"CREATE MACRO m(x) AS x + 1", tarn.EFORBIDDEN, "CREATE statements"},
	{"DROP TABLE dim.accounts", tarn.EFORBIDDEN, "DROP statements"},
	{"ALTER TABLE dim.accounts ADD COLUMN x INT", tarn.EFORBIDDEN, "ALTER statements"},
	{"TRUNCATE dim.accounts", tarn.EFORBIDDEN, "TRUNCATE statements"},
	{"ATTACH '/tmp/x.db' AS x", tarn.EFORBIDDEN, "ATTACH statements"},
	{"DETACH x", tarn.EFORBIDDEN, "DETACH statements"},
	{"INSTALL httpfs", tarn.EFORBIDDEN, "INSTALL statements"},
	{"LOAD httpfs", tarn.EFORBIDDEN, "LOAD statements"},
	{"COPY fct.http_requests TO '/tmp/out.csv'", tarn.EFORBIDDEN, "COPY statements"},
	{"COPY (SELECT 1) TO '/tmp/out.parquet' (FORMAT parquet)", tarn.EFORBIDDEN, "COPY statements"},
	{"EXPORT DATABASE '/tmp/dump'", tarn.EFORBIDDEN, "EXPORT DATABASE statements"},
	{"IMPORT DATABASE '/tmp/dump'", tarn.EFORBIDDEN, "IMPORT DATABASE statements"},
	{"PRAGMA table_info('dim.accounts')", tarn.EFORBIDDEN, "PRAGMA statements"},
	{"SET enable_external_access = true", tarn.EFORBIDDEN, "SET statements"},
	{"RESET threads", tarn.EFORBIDDEN, "RESET statements"},
	{"CALL pragma_version()", tarn.EFORBIDDEN, "CALL statements"},
	{"CHECKPOINT", tarn.EFORBIDDEN, "CHECKPOINT statements"},
	{"VACUUM", tarn.EFORBIDDEN, "VACUUM statements"},
	{"ANALYZE", tarn.EFORBIDDEN, "ANALYZE statements"},
	{"EXPLAIN SELECT * FROM fct.http_requests", tarn.EFORBIDDEN, "EXPLAIN statements"},
	{"EXPLAIN ANALYZE SELECT * FROM fct.http_requests", tarn.EFORBIDDEN, "EXPLAIN statements"},
	{"PREPARE p AS SELECT 1", tarn.EFORBIDDEN, "PREPARE statements"},
	{"EXECUTE p", tarn.EFORBIDDEN, "EXECUTE statements"},
	{"BEGIN TRANSACTION", tarn.EFORBIDDEN, "BEGIN statements"},
	{"COMMIT", tarn.EFORBIDDEN, "COMMIT statements"},
	{"ROLLBACK", tarn.EFORBIDDEN, "ROLLBACK statements"},
	{"USE fct", tarn.EFORBIDDEN, "USE statements"},
	{"DESCRIBE fct.http_requests", tarn.EFORBIDDEN, "DESCRIBE, SHOW and SUMMARIZE"},
	{"SHOW TABLES", tarn.EFORBIDDEN, "DESCRIBE, SHOW and SUMMARIZE"},
	{"SUMMARIZE fct.http_requests", tarn.EFORBIDDEN, "DESCRIBE, SHOW and SUMMARIZE"},
	{"WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x", tarn.EFORBIDDEN, "WITH clause may only lead into a SELECT"},
	{"PIVOT fct.traffic_daily ON client_country USING sum(requests)", tarn.EFORBIDDEN, "PIVOT without an explicit IN"},
	{"  /* note */ -- comment\n  drop table x", tarn.EFORBIDDEN, "DROP statements"},
	// several statements
	{"SELECT 1; SELECT 2", tarn.EFORBIDDEN, "holds 2 statements"},
	{"SELECT * FROM dim.accounts; DROP TABLE dim.accounts", tarn.EFORBIDDEN, "holds 2 statements"},
	{"SELECT ';' AS x; ATTACH 'x.db'", tarn.EFORBIDDEN, "holds 2 statements"},
	// table functions, also nested
	{"SELECT * FROM read_csv('/etc/passwd')", tarn.EFORBIDDEN, "read_csv is a table function"},
	{"SELECT * FROM read_parquet('/data/warehouse/fct/http_requests/data/*.parquet')", tarn.EFORBIDDEN, "read_parquet is a table function"},
	{"SELECT * FROM read_json_auto('x.json')", tarn.EFORBIDDEN, "read_json_auto is a table function"},
	{"SELECT * FROM read_text('/etc/hosts')", tarn.EFORBIDDEN, "read_text is a table function"},
	{"SELECT * FROM glob('/**')", tarn.EFORBIDDEN, "glob is a table function"},
	{"SELECT * FROM duckdb_settings()", tarn.EFORBIDDEN, "duckdb_settings is a table function"},
	{"SELECT * FROM parquet_metadata('x.parquet')", tarn.EFORBIDDEN, "parquet_metadata is a table function"},
	{"SELECT * FROM query('SELECT 1')", tarn.EFORBIDDEN, "query is a table function"},
	{"SELECT * FROM query_table('dim.accounts')", tarn.EFORBIDDEN, "query_table is a table function"},
	{"SELECT * FROM sniff_csv('/etc/passwd')", tarn.EFORBIDDEN, "sniff_csv is a table function"},
	{"SELECT * FROM json_execute_serialized_sql('{}')", tarn.EFORBIDDEN, "json_execute_serialized_sql is a table function"},
	{"SELECT * FROM '/etc/passwd'", tarn.ENOTFOUND, "is not a lake table"},
	{"SELECT * FROM main.read_csv('x')", tarn.EFORBIDDEN, "main.read_csv is a table function"},
	{"SELECT * FROM other.range(3)", tarn.EFORBIDDEN, "other.range is a table function"},
	{"SELECT * FROM fct.http_requests WHERE EXISTS (FROM duckdb_tables())", tarn.EFORBIDDEN, "duckdb_tables is a table function"},
	{"SELECT (SELECT count(*) FROM read_csv('/etc/passwd')) FROM dim.accounts", tarn.EFORBIDDEN, "read_csv is a table function"},
	{"WITH x AS (SELECT * FROM read_csv('/etc/passwd')) SELECT * FROM x", tarn.EFORBIDDEN, "read_csv is a table function"},
	{"WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r, glob('*') WHERE n < 3) SELECT * FROM r", tarn.EFORBIDDEN, "glob is a table function"},
	{"SELECT * FROM dim.accounts UNION ALL SELECT * FROM read_csv('x.csv')", tarn.EFORBIDDEN, "read_csv is a table function"},
	{"SELECT * FROM dim.accounts a JOIN LATERAL (SELECT * FROM read_csv(a.account_name)) ON true", tarn.EFORBIDDEN, "read_csv is a table function"},
	{"SELECT * FROM dim.accounts WHERE account_id IN (SELECT * FROM read_csv('ids.csv'))", tarn.EFORBIDDEN, "read_csv is a table function"},
	{"SELECT * FROM range((SELECT count(*) FROM read_csv('x')))", tarn.EFORBIDDEN, "read_csv is a table function"},
	{"SELECT * FROM (SELECT * FROM read_csv('x')) PIVOT (sum(a) FOR b IN ('x'))", tarn.EFORBIDDEN, "read_csv is a table function"},
	{"SELECT sum(x) OVER (ORDER BY (SELECT 1 FROM glob('*'))) FROM dim.accounts", tarn.EFORBIDDEN, "glob is a table function"},
	{"SELECT * FROM dim.accounts ORDER BY (SELECT 1 FROM read_csv('x'))", tarn.EFORBIDDEN, "read_csv is a table function"},
	{"SELECT * FROM dim.accounts LIMIT (SELECT count(*) FROM read_csv('x'))", tarn.EFORBIDDEN, "read_csv is a table function"},
	{"SELECT * FROM dim.accounts QUALIFY (SELECT 1 FROM read_csv('x')) = 1", tarn.EFORBIDDEN, "read_csv is a table function"},
	{"SELECT * FROM (VALUES ((SELECT 1 FROM read_csv('x')))) v(a)", tarn.EFORBIDDEN, "read_csv is a table function"},
	{"SELECT list_transform([1], x -> (SELECT 1 FROM read_csv('x'))) ", tarn.EFORBIDDEN, "read_csv is a table function"},
	{"SELECT * FROM histogram(dim.accounts, plan)", tarn.EFORBIDDEN, "histogram is a table function"},
	// dangerous scalar functions
	{"SELECT current_setting('allowed_directories')", tarn.EFORBIDDEN, "function current_setting is not allowed"},
	{"SELECT getvariable('x')", tarn.EFORBIDDEN, "function getvariable is not allowed"},
	{"SELECT getenv('HOME')", tarn.EFORBIDDEN, "function getenv is not allowed"},
	{"SELECT json_serialize_sql('SELECT 1')", tarn.EFORBIDDEN, "function json_serialize_sql is not allowed"},
	{"SELECT json_serialize_plan('SELECT * FROM read_csv(''x'')')", tarn.EFORBIDDEN, "function json_serialize_plan is not allowed"},
	{"SELECT pg_get_viewdef('v')", tarn.EFORBIDDEN, "function pg_get_viewdef is not allowed"},
	{"SELECT nextval('seq')", tarn.EFORBIDDEN, "function nextval is not allowed"},
	{"SELECT setseed(0.5)", tarn.EFORBIDDEN, "function setseed is not allowed"},
	{"SELECT sleep_ms(100000)", tarn.EFORBIDDEN, "function sleep_ms is not allowed"},
	{"SELECT version()", tarn.EFORBIDDEN, "function version is not allowed"},
	{"SELECT current_database()", tarn.EFORBIDDEN, "function current_database is not allowed"},
	{"SELECT has_table_privilege('dim.accounts', 'select')", tarn.EFORBIDDEN, "function has_table_privilege is not allowed"},
	{"SELECT write_log('x')", tarn.EFORBIDDEN, "function write_log is not allowed"},
	{"SELECT account_id FROM dim.accounts WHERE plan = current_setting('threads')", tarn.EFORBIDDEN, "function current_setting"},
	{"SELECT \"CURRENT_SETTING\"('threads')", tarn.EFORBIDDEN, "function current_setting is not allowed"},
	{"SELECT main.current_setting('threads')", tarn.EFORBIDDEN, "function current_setting is not allowed"},
	{"SELECT pg_catalog.sum(1)", tarn.EFORBIDDEN, "pg_catalog.sum is a schema-qualified function call"},
	{"SELECT myschema.f(1)", tarn.EFORBIDDEN, "myschema.f is a schema-qualified function call"},
	{"SELECT duckdb_functions() OVER ()", tarn.EFORBIDDEN, "function duckdb_functions is not allowed"},
	{"SELECT count(*) FILTER (WHERE current_setting('x') = '1') FROM dim.accounts", tarn.EFORBIDDEN, "function current_setting"},
	// names Tarn does not read
	{"SELECT * FROM memory.main.accounts", tarn.EFORBIDDEN, "names a catalog"},
	{"SELECT * FROM lake.fct.http_requests", tarn.EFORBIDDEN, "names a catalog"},
	{"SELECT * FROM information_schema.tables", tarn.EFORBIDDEN, "system catalog table"},
	{"SELECT * FROM pg_catalog.pg_class", tarn.EFORBIDDEN, "system catalog table"},
	{"SELECT * FROM main.accounts", tarn.EFORBIDDEN, "system catalog table"},
	{"SELECT * FROM temp.t0", tarn.EFORBIDDEN, "system catalog table"},
	{"SELECT * FROM system.duckdb_settings", tarn.EFORBIDDEN, "system catalog table"},
	{"SELECT * FROM accounts", tarn.ENOTFOUND, "table accounts is not a lake table"},
	{"WITH a AS (SELECT * FROM b), b AS (SELECT 1) SELECT * FROM a", tarn.ENOTFOUND, "table b is not a lake table"},
	{"WITH a AS (SELECT * FROM a) SELECT * FROM a", tarn.ENOTFOUND, "table a is not a lake table"},
	{"SELECT * FROM (WITH c AS (SELECT 1) SELECT * FROM c), c", tarn.ENOTFOUND, "table c is not a lake table"},
	{`WITH "Äb" AS (SELECT 1) SELECT * FROM "äb"`, tarn.ENOTFOUND, "table äb is not a lake table"},
	{`WITH "Ky" AS (SELECT 1) SELECT * FROM ky`, tarn.ENOTFOUND, "table ky is not a lake table"},
	// malformed
	{"", tarn.EINVALID, "the query is empty"},
	{"  -- only a comment\n", tarn.EINVALID, "the query is empty"},
	{"SELEC 1", tarn.EINVALID, "syntax error at or near \"SELEC\" (line 1, column 1)"},
	{"SELECT *\nFROM fct.http_requests WHERE", tarn.EINVALID, "syntax error at end of input (line 2, column 29)"},
	{"SELECT $1", tarn.EINVALID, "query parameters"},
	{"SELECT * FROM dim.accounts WHERE account_id = ?", tarn.EINVALID, "query parameters"},
	{"SELECT * FROM fct.http_requests AT (VERSION => (SELECT 1))", tarn.EINVALID, "AT (VERSION => ...) needs a snapshot id"},
	{"SELECT * FROM fct.http_requests AT (VERSION => 'x')", tarn.EINVALID, "AT (VERSION => ...) needs a snapshot id"},
	{"SELECT * FROM fct.http_requests AT (TIMESTAMP => now() - INTERVAL 1 DAY)", tarn.EINVALID, "AT (TIMESTAMP => ...) needs a constant timestamp"},
	{"SELECT * FROM fct.http_requests AT (TIMESTAMP => 'yesterday')", tarn.EINVALID, "AT (TIMESTAMP => ...) needs a constant timestamp"},
	{"SELECT * FROM fct.http_requests AT (VERSION => -1)", tarn.EINVALID, "AT (VERSION => ...) needs a snapshot id"},
	{"WITH c AS (SELECT 1) SELECT * FROM c AT (VERSION => 1)", tarn.EINVALID, "AT (...) applies to lake tables only"},
	{"SELECT 'a\x00b'", tarn.EINVALID, "NUL byte"},
	{"SELECT c" + strings.Repeat("+", 65) + "1", tarn.EINVALID, "run of 65 + and - characters"},
	{"SELECT '" + strings.Repeat("-+", 40) + "'", tarn.EINVALID, "run of 80 + and - characters"},
	{"SELECT '\xff'", tarn.EINVALID, "not valid UTF-8"},
}

// TestParseRefusesForbiddenStatements proves that every statement kind,
// table function and dangerous function Tarn does not run is refused with a
// user-facing error naming the construct.
func TestParseRefusesForbiddenStatements(t *testing.T) {
	cases := forbiddenCases
	for _, c := range cases {
		_, err := parse(t, c.sql)
		if err == nil {
			t.Errorf("Parse(%q) accepted, want %s error containing %q", c.sql, c.code, c.want)
			continue
		}
		var te *tarn.Error
		if !errors.As(err, &te) {
			t.Errorf("Parse(%q) = %v (%T), want a *tarn.Error", c.sql, err, err)
			continue
		}
		if te.Code != c.code || !strings.Contains(te.Error(), c.want) {
			t.Errorf("Parse(%q)\n  got  %s: %s\n  want %s: ...%s...", c.sql, te.Code, te.Error(), c.code, c.want)
		}
	}
	if len(cases) < 40 {
		t.Fatalf("only %d cases", len(cases))
	}
}

// TestParseErrorsWrapSentinels proves callers can tell refusals apart with
// errors.Is and reach the details with errors.As.
func TestParseErrorsWrapSentinels(t *testing.T) {
	_, err := parse(t, "SELECT * FROM read_csv('x')")
	if !errors.Is(err, ErrForbidden) {
		t.Errorf("table function: %v does not wrap ErrForbidden", err)
	}
	_, err = parse(t, "SELECT * FROM  http_requests")
	var ue *UnqualifiedTableError
	if !errors.As(err, &ue) || ue.Name != "http_requests" || ue.Position != 15 || !errors.Is(err, ErrUnqualified) {
		t.Errorf("one-part name: got %#v from %v", ue, err)
	}
	_, err = parse(t, "SELECT 1 FROM")
	var se *SyntaxError
	if !errors.As(err, &se) || se.Position != 13 || !errors.Is(err, ErrSyntax) {
		t.Errorf("syntax error: got %#v from %v", se, err)
	}
	_, err = parse(t, ";")
	if !errors.Is(err, ErrEmpty) {
		t.Errorf("empty: %v does not wrap ErrEmpty", err)
	}
	_, err = parse(t, "SELECT '"+strings.Repeat("x", MaxSQLBytes)+"'")
	if !errors.Is(err, ErrTooLarge) || tarn.ErrorCode(err) != tarn.EINVALID {
		t.Errorf("too large: %v", err)
	}
}
