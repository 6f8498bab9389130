-- The Transformer's run history: one row per run of a job, written when it
-- starts (status running) and updated when it ends (succeeded, up_to_date,
-- failed). A run whose process died keeps status running and no end.
-- watermark is the job's watermark after the run, snapshot_id the target's
-- snapshot it committed (0 for none). Times are UTC.

CREATE TABLE tarn_job_runs (
    id              INTEGER   PRIMARY KEY AUTOINCREMENT,
    job             TEXT      NOT NULL,
    target          TEXT      NOT NULL,
    materialization TEXT      NOT NULL,
    trigger_kind    TEXT      NOT NULL DEFAULT '',
    attempt         INTEGER   NOT NULL DEFAULT 1,
    status          TEXT      NOT NULL,
    started_at      TIMESTAMP NOT NULL,
    ended_at        TIMESTAMP,
    rows_written    BIGINT    NOT NULL DEFAULT 0,
    snapshot_id     BIGINT    NOT NULL DEFAULT 0,
    watermark       TEXT      NOT NULL DEFAULT '',
    error           TEXT      NOT NULL DEFAULT ''
);

CREATE INDEX tarn_job_runs_job ON tarn_job_runs (job, id);
