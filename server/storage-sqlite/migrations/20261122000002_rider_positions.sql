-- Where each rider is: on duty with a position from the browser or a chosen
-- area, or off duty. One row per rider, replaced as they move.
CREATE TABLE rider_positions (
    rider_id INTEGER PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    on_duty INTEGER NOT NULL CHECK (on_duty IN (0, 1)),
    lat REAL NOT NULL,
    lon REAL NOT NULL,
    updated_at INTEGER NOT NULL
);
