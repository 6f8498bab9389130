// Package trino sends queries to a Trino cluster through
// github.com/trinodb/trino-go-client: it is the engine.Remote a configured
// engine.trino.url turns on.
//
// The cluster reads the same Iceberg catalog as Tarn (its Iceberg connector
// with iceberg.catalog.type=jdbc over Tarn's metadata database, in a catalog
// named Catalog) and enforces the same rules: its file-based access control
// reads the document Tarn serves at /trino/rules.json (governance/trino).
// The engine sends a query here only after its guard passed it and
// governance allowed every table, and audits it as any other; each query runs
// as the principal governance resolved the caller to (X-Trino-User), so
// Trino applies that person's column masks and row filters from the rules
// document itself. Tarn sends the SQL as the caller wrote it: tables are
// namespace.table, which Trino resolves in the session catalog, Catalog.
//
// Results come back as Arrow record batches typed from Trino's column types
// (see arrowType), so callers cannot tell which engine ran a query.
//
// trinotest is a fake coordinator speaking the client protocol, for tests.
package trino
