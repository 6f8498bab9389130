-- The agent's stores. tarn_catalog_lineage is context layer 3: the SQL that
-- builds a table, the tables it reads (sources, a JSON array of
-- "namespace.table") and what it says about each output column (columns, a
-- JSON array of {"name","expr","description"}); one row per table, replaced
-- after each build. tarn_agent_examples holds verified answers (a question
-- and the Code Mode script that answered it); tarn_agent_notes the notes
-- teams wrote for the agent. Times are UTC.

CREATE TABLE tarn_catalog_lineage (
    namespace  TEXT      NOT NULL,
    name       TEXT      NOT NULL,
    sql_text   TEXT      NOT NULL DEFAULT '',
    sources    TEXT      NOT NULL DEFAULT '[]',
    columns    TEXT      NOT NULL DEFAULT '[]',
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (namespace, name)
);

CREATE TABLE tarn_agent_examples (
    id         INTEGER   PRIMARY KEY AUTOINCREMENT,
    question   TEXT      NOT NULL,
    script     TEXT      NOT NULL,
    created_by TEXT      NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE tarn_agent_notes (
    id         INTEGER   PRIMARY KEY AUTOINCREMENT,
    body       TEXT      NOT NULL,
    created_by TEXT      NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL
);
