-- Rate limits kept in the database: each key's theoretical arrival time
-- (GCRA), in milliseconds since the epoch.
CREATE TABLE rate_limits (
    key TEXT PRIMARY KEY,
    tat INTEGER NOT NULL
);
