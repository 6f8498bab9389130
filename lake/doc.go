// Package lake is Tarn's lakehouse: Apache Iceberg tables (through
// iceberg-go) whose catalog lives in Tarn's metadata database and whose
// files live under one warehouse location: local disk by default, or object
// storage (s3://, served by lake/s3) with a local read cache of data and
// delete files for readers that need local paths (Local).
//
// A Lake creates namespaces and tables, appends, overwrites and deletes rows,
// evolves schemas, lists snapshots, plans scans for the engine (snapshot,
// manifests, partition and metrics pruning, delete files), and maintains
// tables (compaction, snapshot expiry, orphan-file removal).
//
// Commits to one table are serialised inside the process and retried with
// refresh-and-replay when another process won the race, so concurrent writers
// all succeed or fail with a clear error. Data and metadata files are written
// before the catalog pointer moves, so a writer killed at any moment leaves the
// table at its last committed snapshot.
package lake
