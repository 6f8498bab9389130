// Package kafka ingests a Kafka topic into a lake table exactly once, with
// franz-go.
//
// Messages are JSON objects with a declared schema (column name → Iceberg
// type: string, int, long, float, double, boolean, timestamp, timestamptz,
// date, decimal(p,s)). They are decoded straight into Arrow builders by a
// small JSON scanner (no reflection, no per-message maps) and committed in
// micro-batches, by size or by time, with lake.AppendFrom. Each snapshot
// records the next offset of every partition in its summary
// (tarn.position.kafka.<name> = "0:1234,1:998"), in the same commit as the
// rows, so a consumer killed at any point resumes exactly where the table
// says: partitions are consumed directly at explicit offsets, never through
// consumer-group state.
//
// Run catches up to the end of the topic as it was when it started, then
// returns (a job run); Follow keeps ingesting until its context ends (tarn
// serve). A malformed message (bad JSON, a wrong type, a missing required
// field) stops the source with an error naming its topic, partition and
// offset and what was wrong, or, with OnMalformed: skip, is skipped and
// counted (Result.Skipped, the snapshot's tarn.kafka.skipped) — never
// dropped silently. The target table is created from the declared schema;
// newly declared columns and widened types evolve it.
package kafka
