// Package files ingests files — CSV, Parquet and JSON lines — from a local
// folder into a lake table, for jobs whose front matter says
// source: {kind: files, path: …}. DuckDB reads the files (its CSV sniffer
// infers columns and types, declared types override it) straight into
// Arrow; the job's Sink creates or evolves the target and commits.
//
// An incremental_append job takes the files in the order of their paths
// and commits them in batches, each snapshot recording the last path it
// holds (tarn.position.files.<name>): a run that dies keeps the batches
// it committed and nothing else, and the next run starts after the last
// one. Files should therefore land under names that sort by arrival
// (dt=2026-12-01/…, timestamps) and appear whole (written elsewhere, then
// renamed); a file whose name sorts before the last one ingested is not
// read, and files modified less than settle ago wait for the next run. A
// full_replace job reads every file and replaces the target in one
// snapshot, skipping the run when no file was added, removed or changed.
package files
