// Package transform is Tarn's Transformer: transformation jobs written as
// SQL files with YAML front matter, arranged in a DAG, run through the
// governed engine as their owner and written into Iceberg tables exactly
// once.
//
// A job file names its target table, its materialization (full_replace,
// incremental_append, merge, rollup, or maintenance of a table), its
// dependencies, a cron schedule, the owner its SQL runs as, a description
// and column docs. ParseJob reads one file; LoadDir reads a folder and
// NewDAG validates it (unknown dependencies, cycles) and orders it.
//
// A Runner runs a job: the SQL through the engine as the owner, the result
// as Arrow into the lake with the commit for the materialization, which
// also moves the job's position (its watermark, kept in the snapshot) only
// if nobody moved it first. A run that dies leaves nothing behind and a
// rerun neither loses nor duplicates rows. Each run is recorded (RunStore),
// each success records the target's lineage (context layer 3), upstream
// schema changes evolve the target when Iceberg allows it, and a Scheduler
// runs due jobs with retries and reports failures.
//
// The run history on the metadata database is in lake/transform/sqlruns;
// the demo lake's jobs are in lake/transform/demojobs.
package transform
