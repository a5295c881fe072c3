-- Sessions end after a time without use as well as at a fixed time.
ALTER TABLE sessions ADD COLUMN last_seen_at INTEGER NOT NULL DEFAULT 0;
UPDATE sessions SET last_seen_at = created_at;

-- What operators did and who signed in, up, or out: appended, never changed.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    -- The account that acted; NULL for a failed sign-in with an unknown email.
    actor_id INTEGER REFERENCES accounts (id),
    action TEXT NOT NULL CHECK (action IN (
        'sign_in', 'sign_in_failed', 'sign_up', 'sign_out', 'sign_out_everywhere',
        'account_created', 'notification_retried'
    )),
    -- What the action was about: an email, an account id, an outbox id.
    subject TEXT NOT NULL,
    -- The client's address, when known.
    client TEXT
);
CREATE INDEX audit_log_at ON audit_log (at);
