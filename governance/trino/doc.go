// Package trino renders Tarn's governance state — grants, reviews, PII masks
// and row filters — as a Trino file-based system access-control rules
// document, and serves it over HTTP, so that a Trino cluster reading the
// same Iceberg catalog enforces the same rules Tarn does.
//
// Point Trino at the handler in etc/access-control.properties:
//
//	access-control.name=file
//	security.config-file=http://tarn.internal:8080/trino/rules.json
//	security.refresh-period=30s
//
// The document follows Trino's documented format: top-level "catalogs",
// "schemas" and "tables" arrays of rules, each matched first to last, the
// first match deciding. Tarn renders:
//
//   - catalogs: the lake's catalog is read-only for everyone; every other
//     catalog is denied because no rule matches it (Trino itself keeps the
//     system catalog open).
//   - schemas: nobody owns any schema.
//   - tables: first a no-access rule for every table whose review was
//     denied; then one rule per user (and per group) per reviewed table it
//     may read, with SELECT, the columns it may not see (allow false), the
//     masks of PII columns, and the grants' combined row filter; last a
//     rule that denies every table to everyone, so a table nobody reviewed
//     or granted stays closed.
//
// Tarn's own semantics are a union: a person reads what any of their
// grants, direct or through a group, allows. Trino uses the first matching
// rule only. Given Input.Members, group grants are expanded into rules per
// user, each holding the union of everything that user may read, so Trino
// and Tarn agree exactly. Without Members, user rules come before group
// rules and a person in two groups gets the first group's rule for a
// table: never more than Tarn allows, sometimes less.
//
// Users and groups are matched by Tarn's principal and group names, so
// Trino must know people by the same names (its authentication and group
// provider). Row filters are Tarn's grant filters as written, so they must
// be SQL both DuckDB and Trino accept (plain comparisons, IN, AND/OR are).
// A grant that expires or is revoked leaves Trino at its next refresh.
//
// What Trino cannot express: session flips (Trino always masks PII), and
// columns the renderer does not know of. Trino's column constraints name the
// columns to hide; a column missing from Input.Columns, the reviews and the
// PII tags is not hidden, so pass the lake's full column lists.
package trino
