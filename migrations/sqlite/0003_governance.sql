-- Governance state (package governance, adapter governance/sqlstore): grants,
-- access requests, table reviews, session flips, and a one-row counter that
-- every change bumps in its own transaction so readers can cache cheaply.
-- Times are UTC. columns holds a JSON array of column names ('[]' for all);
-- pii a JSON object of column → PII tag. table_name is '' for a whole
-- namespace, namespace '*' for everything.

CREATE TABLE tarn_grants (
    id          INTEGER   PRIMARY KEY AUTOINCREMENT,
    privilege   TEXT      NOT NULL,
    namespace   TEXT      NOT NULL,
    table_name  TEXT      NOT NULL DEFAULT '',
    columns     TEXT      NOT NULL DEFAULT '[]',
    grantee     TEXT      NOT NULL,
    row_filter  TEXT      NOT NULL DEFAULT '',
    valid_until TIMESTAMP,
    created_by  TEXT      NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL,
    revoked_at  TIMESTAMP,
    revoked_by  TEXT      NOT NULL DEFAULT '',
    request_id  BIGINT    NOT NULL DEFAULT 0
);
CREATE INDEX tarn_grants_grantee ON tarn_grants (grantee);

CREATE TABLE tarn_requests (
    id            INTEGER   PRIMARY KEY AUTOINCREMENT,
    requester     TEXT      NOT NULL,
    privilege     TEXT      NOT NULL,
    namespace     TEXT      NOT NULL,
    table_name    TEXT      NOT NULL DEFAULT '',
    columns       TEXT      NOT NULL DEFAULT '[]',
    justification TEXT      NOT NULL DEFAULT '',
    duration_ns   BIGINT    NOT NULL DEFAULT 0,
    state         TEXT      NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    expires_at    TIMESTAMP NOT NULL,
    decided_by    TEXT      NOT NULL DEFAULT '',
    decided_at    TIMESTAMP,
    reason        TEXT      NOT NULL DEFAULT '',
    grant_id      BIGINT    NOT NULL DEFAULT 0
);
CREATE INDEX tarn_requests_requester ON tarn_requests (requester);
CREATE INDEX tarn_requests_state ON tarn_requests (state);

CREATE TABLE tarn_reviews (
    namespace   TEXT      NOT NULL,
    table_name  TEXT      NOT NULL,
    approved    BOOLEAN   NOT NULL,
    columns     TEXT      NOT NULL DEFAULT '[]',
    pii         TEXT      NOT NULL DEFAULT '{}',
    reviewed_by TEXT      NOT NULL DEFAULT '',
    reviewed_at TIMESTAMP NOT NULL,
    note        TEXT      NOT NULL DEFAULT '',
    PRIMARY KEY (namespace, table_name)
);

CREATE TABLE tarn_flips (
    id            INTEGER   PRIMARY KEY AUTOINCREMENT,
    principal     TEXT      NOT NULL,
    namespace     TEXT      NOT NULL,
    table_name    TEXT      NOT NULL,
    justification TEXT      NOT NULL DEFAULT '',
    started_at    TIMESTAMP NOT NULL,
    expires_at    TIMESTAMP NOT NULL,
    approved_by   TEXT      NOT NULL DEFAULT '',
    ended_at      TIMESTAMP,
    state         TEXT      NOT NULL
);
CREATE INDEX tarn_flips_principal ON tarn_flips (principal);

CREATE TABLE tarn_governance_version (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version BIGINT  NOT NULL
);
INSERT INTO tarn_governance_version (id, version) VALUES (1, 0);

-- The installation's key for hashing user IDs in masks (hex), made once at
-- random by the first process that needs it and never changed.
CREATE TABLE tarn_mask_key (
    id  INTEGER PRIMARY KEY CHECK (id = 1),
    key TEXT    NOT NULL
);
