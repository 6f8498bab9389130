-- Human annotations for the catalog (context layer 2) and curated data-model
-- pages (context layer 4). tags holds a JSON array of strings, e.g.
-- '["curated","billing"]'. pii names the kind of personal data a column holds (email, phone, ip, …) or is empty. The Iceberg SQL catalog's own tables are created
-- by iceberg-go, not here.

CREATE TABLE tarn_table_annotations (
    namespace   TEXT        NOT NULL,
    name        TEXT        NOT NULL,
    description TEXT        NOT NULL DEFAULT '',
    owner       TEXT        NOT NULL DEFAULT '',
    tags        TEXT        NOT NULL DEFAULT '[]',
    updated_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (namespace, name)
);

CREATE TABLE tarn_column_annotations (
    namespace   TEXT    NOT NULL,
    table_name  TEXT    NOT NULL,
    column_name TEXT    NOT NULL,
    description TEXT    NOT NULL DEFAULT '',
    pii         TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (namespace, table_name, column_name)
);

CREATE TABLE tarn_pages (
    domain     TEXT        NOT NULL,
    title      TEXT        NOT NULL,
    body       TEXT        NOT NULL DEFAULT '',
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (domain, title)
);
