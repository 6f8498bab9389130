-- The hash-chained audit log (package governance/audit). One row per entry;
-- seq numbers entries 1, 2, 3… and hash is the SHA-256 of the entry's
-- canonical encoding, which includes prev_hash, the hash of the entry before.
-- logged_at holds the canonical UTC text of the time (microseconds, Z), so
-- what is stored is exactly what was hashed. The list columns hold JSON
-- arrays of strings, detail a JSON object of strings.
--
-- tarn_audit_head is a second record of the newest entry, updated in the
-- same transaction as every append, so that removing entries from the end
-- of the log is detected. It always has exactly one row.

CREATE TABLE tarn_audit (
    seq             INTEGER PRIMARY KEY,
    logged_at       TEXT    NOT NULL,
    actor           TEXT    NOT NULL,
    action          TEXT    NOT NULL,
    object          TEXT    NOT NULL DEFAULT '',
    sql_text        TEXT    NOT NULL DEFAULT '',
    tables_touched  TEXT    NOT NULL DEFAULT '[]',
    columns_touched TEXT    NOT NULL DEFAULT '[]',
    masked_columns  TEXT    NOT NULL DEFAULT '[]',
    raw_columns     TEXT    NOT NULL DEFAULT '[]',
    flip_id         INTEGER NOT NULL DEFAULT 0,
    justification   TEXT    NOT NULL DEFAULT '',
    rows_returned   INTEGER NOT NULL DEFAULT 0,
    allowed         BOOLEAN NOT NULL,
    reason          TEXT    NOT NULL DEFAULT '',
    detail          TEXT    NOT NULL DEFAULT '{}',
    prev_hash       TEXT    NOT NULL,
    hash            TEXT    NOT NULL
);

CREATE INDEX tarn_audit_actor ON tarn_audit (actor, seq);

CREATE TABLE tarn_audit_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  INTEGER NOT NULL,
    hash TEXT    NOT NULL
);

INSERT INTO tarn_audit_head (id, seq, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
