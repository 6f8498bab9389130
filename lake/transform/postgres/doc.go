// Package postgres ingests PostgreSQL tables and queries into Tarn's lake:
// a full load replaces the target table in one snapshot; an incremental load
// appends the rows whose cursor column (an increasing id or updated_at) is
// past the last committed cursor, in batches, each one snapshot that
// records the new cursor as the table's read position
// (lake.Lake.AppendFrom). A run killed at any point leaves no partial batch,
// and the next run resumes from the last committed position, so rows are
// neither lost nor duplicated.
//
// Rows are read with COPY (SELECT …) TO STDOUT in binary, in one read-only
// repeatable-read transaction, and decoded straight into Arrow builders
// (the extended protocol with binary results measured the same). Postgres
// types map to Iceberg as follows:
//
//	smallint, integer          int
//	bigint                     long
//	real, double precision     float, double
//	numeric(p,s)               decimal(p,s); p > 38 is refused
//	numeric (no precision)     decimal(38,9): a value with more than 9
//	                           fractional or 29 integer digits fails the run
//	                           (never rounded); NaN and ±Infinity fail too
//	text, varchar, char, name,
//	citext, enums              string (char(n) keeps its padding)
//	boolean                    boolean
//	date                       date
//	time                       time
//	timestamp                  timestamp
//	timestamptz                timestamptz (UTC)
//	uuid                       string, canonical lower-case 8-4-4-4-12
//	bytea                      binary
//	json, jsonb                string (the JSON text)
//	inet, cidr, macaddr(8)     string (Postgres's text form)
//	one-dimensional arrays     list of the element type (NULL elements kept)
//	domains                    their base type
//
// Any other type (interval, money, ranges, composites…) is refused with an
// error naming the column and its type; cast it in a Query instead.
// ±infinity dates and timestamps and multi-dimensional arrays fail the run
// with an error naming the column.
//
// The target table is created from the source's columns on the first run.
// Columns are optional in Iceberg except the cursor and primary-key columns
// that are NOT NULL upstream. Later runs compare the source with the target:
// a new column is added, a widened type (integer→bigint, real→double,
// numeric precision up at the same scale) is widened; any other change (a
// type changed or narrowed, a scale changed, a required key column that
// became nullable) stops the run with ErrIncompatible before anything is
// written. A column dropped upstream stays in the target and reads NULL
// from then on.
package postgres
