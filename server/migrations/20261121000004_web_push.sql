-- Web Push: the server's VAPID key, the browsers' subscriptions, and 'push'
-- as an outbox channel. SQLite changes a CHECK constraint by rebuilding the
-- table, and with it the notifications that refer to it.

-- Keys the server creates on first start and keeps.
CREATE TABLE server_keys (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    created_at INTEGER NOT NULL
);

-- One row per browser that accepted push notifications.
CREATE TABLE push_subscriptions (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    endpoint TEXT NOT NULL UNIQUE,
    p256dh TEXT NOT NULL,
    auth TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX push_subscriptions_account ON push_subscriptions (account_id);

CREATE TABLE outbox_with_push (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES order_events (id),
    order_id INTEGER NOT NULL REFERENCES orders (id),
    recipient_id INTEGER NOT NULL REFERENCES accounts (id),
    channel TEXT NOT NULL CHECK (channel IN ('in_app', 'push', 'kakao', 'sms')),
    message TEXT NOT NULL,
    -- One message per (event, recipient, channel), however often it is planned.
    dedupe_key TEXT NOT NULL UNIQUE,
    state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'dead', 'shed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_error TEXT,
    created_at INTEGER NOT NULL,
    sent_at INTEGER
);
INSERT INTO outbox_with_push SELECT * FROM outbox;

CREATE TABLE notifications_with_push (
    id INTEGER PRIMARY KEY,
    outbox_id INTEGER NOT NULL UNIQUE REFERENCES outbox_with_push (id),
    recipient_id INTEGER NOT NULL REFERENCES accounts (id),
    order_id INTEGER NOT NULL REFERENCES orders (id),
    message TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    read_at INTEGER
);
INSERT INTO notifications_with_push SELECT * FROM notifications;

DROP TABLE notifications;
DROP TABLE outbox;
-- Renaming also renames the reference from notifications_with_push.
ALTER TABLE outbox_with_push RENAME TO outbox;
ALTER TABLE notifications_with_push RENAME TO notifications;
CREATE INDEX outbox_due ON outbox (channel, state, next_attempt_at);
CREATE INDEX notifications_recipient ON notifications (recipient_id, id);
