// Package engine runs SQL over lake tables with embedded DuckDB.
//
// A query flows: guard (DuckDB's own parser; only read-only queries over
// namespace.table pass) → policy decision per table (the governance seam) →
// Iceberg scan planning per table reference (snapshot or time travel,
// partition and metrics pruning from the query's WHERE conjuncts, delete
// files) → one inlined CTE per reference that reads exactly the planned
// Parquet files through read_parquet with Iceberg field-ID mapping, with
// position and equality deletes applied as anti-joins and masks and row
// filters applied inside it → the user's query, rewritten to read those CTEs
// and run as one statement on a locked-down DuckDB connection → an Arrow
// record stream.
package engine
