-- Web Push: the server's VAPID key and the browsers' subscriptions. Coupons.
-- The outbox gains the 'push' channel and messages about a coupon rather than
-- an order; SQLite changes constraints by rebuilding a table, and with it the
-- notifications that refer to it, which now keep the link they open.

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

-- Coupons a store issued.
CREATE TABLE coupons (
    id INTEGER PRIMARY KEY,
    store_id INTEGER NOT NULL REFERENCES stores (id),
    discount_kind TEXT NOT NULL CHECK (discount_kind IN ('percent', 'fixed')),
    discount_value INTEGER NOT NULL CHECK (discount_value > 0),
    min_order INTEGER NOT NULL CHECK (min_order >= 0),
    expires_at INTEGER NOT NULL,
    quantity INTEGER NOT NULL CHECK (quantity > 0),
    issued_at INTEGER NOT NULL
);
CREATE INDEX coupons_store ON coupons (store_id, id);

CREATE TABLE outbox_with_push (
    id INTEGER PRIMARY KEY,
    -- A message is about an order (written with one of its events) or a coupon.
    event_id INTEGER REFERENCES order_events (id),
    order_id INTEGER REFERENCES orders (id),
    coupon_id INTEGER REFERENCES coupons (id),
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
    sent_at INTEGER,
    CHECK ((order_id IS NULL) <> (coupon_id IS NULL))
);
INSERT INTO outbox_with_push (id, event_id, order_id, recipient_id, channel, message, dedupe_key,
                              state, attempts, next_attempt_at, last_error, created_at, sent_at)
SELECT id, event_id, order_id, recipient_id, channel, message, dedupe_key,
       state, attempts, next_attempt_at, last_error, created_at, sent_at
FROM outbox;

CREATE TABLE notifications_with_push (
    id INTEGER PRIMARY KEY,
    outbox_id INTEGER NOT NULL UNIQUE REFERENCES outbox_with_push (id),
    recipient_id INTEGER NOT NULL REFERENCES accounts (id),
    -- The page the notification opens, such as /orders/7 or /stores/2.
    href TEXT NOT NULL,
    message TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    read_at INTEGER
);
INSERT INTO notifications_with_push (id, outbox_id, recipient_id, href, message, created_at, read_at)
SELECT id, outbox_id, recipient_id, '/orders/' || order_id, message, created_at, read_at
FROM notifications;

DROP TABLE notifications;
DROP TABLE outbox;
-- Renaming also renames the reference from notifications_with_push.
ALTER TABLE outbox_with_push RENAME TO outbox;
ALTER TABLE notifications_with_push RENAME TO notifications;
CREATE INDEX outbox_due ON outbox (channel, state, next_attempt_at);
CREATE INDEX notifications_recipient ON notifications (recipient_id, id);
