-- Skimmer's findings: per table, the last snapshot it scanned and its
-- report — per column a PII kind, a confidence and the evidence (which
-- detector, what share of the sampled values), as JSON. Reports hold no
-- sampled values. Times are UTC.

CREATE TABLE tarn_skimmer_reports (
    namespace    TEXT      NOT NULL,
    name         TEXT      NOT NULL,
    snapshot_id  BIGINT    NOT NULL,
    rows_sampled BIGINT    NOT NULL,
    report       TEXT      NOT NULL,
    scanned_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (namespace, name)
);
