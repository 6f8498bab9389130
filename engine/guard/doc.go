// Package guard decides which SQL Tarn may run and prepares it for the engine.
//
// Every query is parsed by DuckDB itself (json_serialize_sql) on a private,
// locked-down in-memory connection, and the resulting JSON tree is walked
// node by node. Only one read-only SELECT over lake tables (namespace.table)
// passes: DDL, DML, ATTACH, COPY, PRAGMA, SET and other statements, table
// functions such as read_csv, and catalog, file, configuration and
// state-changing scalar functions are refused. The walk is default-closed: a
// node type or a field that this package does not know is refused, so a new
// DuckDB construct cannot hide a table function or a file read.
//
// For a query that passes, Parse reports every lake table reference (with
// its alias and AT time-travel clause) and the WHERE conjuncts that the
// engine may push down into its Iceberg scan planning. Rewrite then turns
// each lake table reference into a reference to a relation the engine has
// created (a temp view) and gives back SQL built by DuckDB's own
// json_deserialize_sql.
package guard
