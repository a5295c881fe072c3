-- Where KakaoTalk and SMS messages go, and in which language.
ALTER TABLE accounts ADD COLUMN phone TEXT;
ALTER TABLE accounts ADD COLUMN lang TEXT NOT NULL DEFAULT 'ko' CHECK (lang IN ('ko', 'en'));

-- The transactional outbox: written with the event, delivered by the dispatcher.
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES order_events (id),
    order_id INTEGER NOT NULL REFERENCES orders (id),
    recipient_id INTEGER NOT NULL REFERENCES accounts (id),
    channel TEXT NOT NULL CHECK (channel IN ('in_app', 'kakao', 'sms')),
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
CREATE INDEX outbox_due ON outbox (channel, state, next_attempt_at);

-- In-app notifications as the recipient sees them; one per outbox message.
CREATE TABLE notifications (
    id INTEGER PRIMARY KEY,
    outbox_id INTEGER NOT NULL UNIQUE REFERENCES outbox (id),
    recipient_id INTEGER NOT NULL REFERENCES accounts (id),
    order_id INTEGER NOT NULL REFERENCES orders (id),
    message TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    read_at INTEGER
);
CREATE INDEX notifications_recipient ON notifications (recipient_id, id);

-- The default KakaoTalk and SMS provider: a local inbox the operator reads.
CREATE TABLE provider_inbox (
    id INTEGER PRIMARY KEY,
    channel TEXT NOT NULL,
    phone TEXT NOT NULL,
    text TEXT NOT NULL,
    dedupe_key TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
);
