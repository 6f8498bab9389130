package guard

import "strings"

// Function policy.
//
// The lists below come from `SELECT DISTINCT function_name, function_type
// FROM duckdb_functions()` on DuckDB 1.5.6 (static build: core_functions,
// parquet, json, icu). Table functions are refused in FROM except the three
// that only generate rows from their arguments. Scalar, aggregate and window
// functions are allowed unless they fall in a denied family:
//
//   - catalog and introspection: duckdb_* (duckdb_tables, duckdb_settings,
//     duckdb_secrets, ...), pragma_*, current_database/catalog/schema(s),
//     in_search_path, col/obj/shobj_description, has_*_privilege and the
//     pg_* compatibility functions (pg_get_viewdef would print the
//     definitions of the engine's views, which hold warehouse paths). They
//     describe the engine, not the lake; Tarn answers questions about tables
//     itself, under governance. pg_typeof and pg_size_pretty only look at
//     their argument and stay allowed.
//   - files and the system: read_* (read_csv, read_text, read_blob, ...),
//     parquet_*, iceberg_*, glob, sniff_csv, getenv, load/install-like
//     names. Reading files would bypass governance.
//   - configuration and session state: current_setting, getvariable,
//     enable_* / disable_* (logging, profiling, checkpoints), checkpoint,
//     force_checkpoint, setseed, nextval/currval (sequences), write_log,
//     truncate_duckdb_logs, which_secret, and the connection, transaction
//     and user identity functions. Queries must be read-only and must not
//     learn how the engine is configured. (DuckDB has no set_* function
//     except set_bit, a pure bit operation, which stays allowed.)
//   - running or inspecting SQL text: query, query_table,
//     json_execute_serialized_sql, json_serialize_sql, json_serialize_plan,
//     json_deserialize_sql, sql_auto_complete. They would run or plan SQL
//     the guard never saw.
//   - stalling: sleep_ms, pg_sleep.
//   - internals: __internal_* compression functions, version,
//     get_block_size, test_* table functions.
//
// Everything else (arithmetic, string, date, list, struct, map, JSON
// extraction, regex, aggregates, window functions, lambdas) only computes
// over its arguments.

// allowedTableFunctions only generate rows from their arguments.
var allowedTableFunctions = map[string]bool{
	"unnest":          true,
	"range":           true,
	"generate_series": true,
}

const (
	whyCatalog = "it reads DuckDB's catalog or settings; Tarn describes lake tables itself (ask it to describe a table)"
	whyFiles   = "it reads files or the system; Tarn only reads lake tables such as " + lakeExample
	whyState   = "it reads or changes engine or session state; queries must be read-only"
	whySQL     = "it runs or inspects SQL text that the guard never checked"
	whyStall   = "it stalls the engine"
	whyInner   = "it is an engine internal"
)

var deniedPrefixes = []struct{ prefix, why string }{
	{"duckdb_", whyCatalog},
	{"pragma_", whyCatalog},
	{"pg_", whyCatalog},
	{"has_", whyCatalog},
	{"read_", whyFiles},
	{"parquet_", whyFiles},
	{"iceberg_", whyFiles},
	{"enable_", whyState},
	{"disable_", whyState},
	{"json_serialize_", whySQL},
	{"json_deserialize_", whySQL},
	{"json_execute_", whySQL},
	{"sql_", whySQL},
	{"__internal_", whyInner},
	{"test_", whyInner},
}

var deniedNames = map[string]string{
	// catalog and introspection
	"current_database": whyCatalog, "current_catalog": whyCatalog, "current_schema": whyCatalog,
	"current_schemas": whyCatalog, "in_search_path": whyCatalog, "col_description": whyCatalog,
	"obj_description": whyCatalog, "shobj_description": whyCatalog, "current_setting": whyCatalog,
	"getvariable": whyCatalog, "version": whyInner, "get_block_size": whyInner,
	// The statement DuckDB runs is Tarn's rewrite, which holds mask keys,
	// row filters and file paths.
	"current_query": whyInner,
	"summary":       whyCatalog, "database_list": whyCatalog, "database_size": whyCatalog,
	// files and the system
	"glob": whyFiles, "sniff_csv": whyFiles, "getenv": whyFiles, "load_extension": whyFiles,
	"install_extension": whyFiles, "arrow_scan": whyFiles, "arrow_scan_dumb": whyFiles,
	"seq_scan": whyFiles, "import_database": whyFiles, "copy_database": whyFiles,
	// state
	"checkpoint": whyState, "force_checkpoint": whyState, "setseed": whyState, "nextval": whyState,
	"currval": whyState, "write_log": whyState, "truncate_duckdb_logs": whyState,
	"which_secret": whyState, "current_connection_id": whyState, "current_transaction_id": whyState,
	"current_query_id": whyState, "txid_current": whyState, "current_user": whyState,
	"current_role": whyState, "session_user": whyState, "user": whyState,
	"inet_client_addr": whyState, "inet_client_port": whyState, "inet_server_addr": whyState,
	"inet_server_port": whyState,
	// SQL text
	"query": whySQL, "query_table": whySQL,
	// stalling
	"sleep_ms": whyStall,
}

// allowedDespitePrefix are pure functions whose names share a denied prefix.
var allowedDespitePrefix = map[string]bool{
	"pg_typeof":      true,
	"pg_size_pretty": true,
}

// deniedFunction reports whether a scalar, aggregate or window function may
// not be called, and why.
func deniedFunction(name string) (string, bool) {
	n := strings.ToLower(name)
	if why, ok := deniedNames[n]; ok {
		return why, true
	}
	if allowedDespitePrefix[n] {
		return "", false
	}
	for _, d := range deniedPrefixes {
		if strings.HasPrefix(n, d.prefix) {
			return d.why, true
		}
	}
	return "", false
}
