-- Leases elect one leader among the Tarn processes sharing this database
-- for each kind of background work (the job scheduler, Skimmer's scans):
-- the holder renews its row before expires_ms (Unix milliseconds by the
-- holder's clock); another process takes the row over only once it has
-- expired. term counts the changes of holder.

CREATE TABLE tarn_leases (
    name       TEXT    NOT NULL PRIMARY KEY,
    holder     TEXT    NOT NULL,
    expires_ms BIGINT  NOT NULL,
    term       BIGINT  NOT NULL DEFAULT 1
);
