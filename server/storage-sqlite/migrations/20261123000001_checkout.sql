-- Checkout as customers expect it: delivery terms and hours of stores, dishes
-- with option groups and a sold-out mark, priced order lines, coupons with
-- codes redeemed once per customer, saved addresses, reviews, and payments
-- with their provider calls queued in the same transaction as the event.

ALTER TABLE stores ADD COLUMN delivery_fee INTEGER NOT NULL DEFAULT 3000 CHECK (delivery_fee >= 0);
ALTER TABLE stores ADD COLUMN min_order INTEGER NOT NULL DEFAULT 0 CHECK (min_order >= 0);
-- Minutes after midnight, Korean time; equal means open day and night.
ALTER TABLE stores ADD COLUMN opens_at INTEGER NOT NULL DEFAULT 0 CHECK (opens_at BETWEEN 0 AND 1439);
ALTER TABLE stores ADD COLUMN closes_at INTEGER NOT NULL DEFAULT 0 CHECK (closes_at BETWEEN 0 AND 1439);
-- Whether the owner has the store taking orders.
ALTER TABLE stores ADD COLUMN accepting INTEGER NOT NULL DEFAULT 1 CHECK (accepting IN (0, 1));
-- Paid orders are accepted at once with this estimate; NULL: the owner decides.
ALTER TABLE stores ADD COLUMN auto_accept_minutes INTEGER CHECK (auto_accept_minutes BETWEEN 1 AND 180);

ALTER TABLE menu_items ADD COLUMN sold_out INTEGER NOT NULL DEFAULT 0 CHECK (sold_out IN (0, 1));

CREATE TABLE option_groups (
    id INTEGER PRIMARY KEY,
    menu_item_id INTEGER NOT NULL REFERENCES menu_items (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    min_choices INTEGER NOT NULL CHECK (min_choices >= 0),
    max_choices INTEGER NOT NULL CHECK (max_choices >= 1 AND max_choices >= min_choices),
    position INTEGER NOT NULL
);
CREATE INDEX option_groups_item ON option_groups (menu_item_id, position);

CREATE TABLE item_options (
    id INTEGER PRIMARY KEY,
    group_id INTEGER NOT NULL REFERENCES option_groups (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    price_delta INTEGER NOT NULL CHECK (price_delta >= 0),
    position INTEGER NOT NULL
);
CREATE INDEX item_options_group ON item_options (group_id, position);

-- The options of a line as ordered, JSON.
ALTER TABLE order_lines ADD COLUMN options TEXT NOT NULL DEFAULT '[]';

ALTER TABLE orders ADD COLUMN subtotal INTEGER NOT NULL DEFAULT 0 CHECK (subtotal >= 0);
ALTER TABLE orders ADD COLUMN delivery_fee INTEGER NOT NULL DEFAULT 0 CHECK (delivery_fee >= 0);
ALTER TABLE orders ADD COLUMN discount INTEGER NOT NULL DEFAULT 0 CHECK (discount >= 0);
ALTER TABLE orders ADD COLUMN coupon_id INTEGER REFERENCES coupons (id);
-- What the customer asks of the kitchen.
ALTER TABLE orders ADD COLUMN note TEXT;
UPDATE orders SET subtotal = total;

-- What a customer types at checkout; unique within its store.
ALTER TABLE coupons ADD COLUMN code TEXT NOT NULL DEFAULT '';
UPDATE coupons SET code = 'COUPON' || id;
CREATE UNIQUE INDEX coupons_store_code ON coupons (store_id, code);

-- A coupon in use: one per customer and coupon. A rejected, cancelled or
-- expired order deletes its row, so the coupon can be used again.
CREATE TABLE coupon_redemptions (
    coupon_id INTEGER NOT NULL REFERENCES coupons (id),
    customer_id INTEGER NOT NULL REFERENCES accounts (id),
    order_id INTEGER NOT NULL UNIQUE REFERENCES orders (id),
    redeemed_at INTEGER NOT NULL,
    PRIMARY KEY (coupon_id, customer_id)
);

CREATE TABLE addresses (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    label TEXT NOT NULL,
    address TEXT NOT NULL,
    lat REAL NOT NULL,
    lon REAL NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX addresses_customer ON addresses (customer_id, id);

CREATE TABLE reviews (
    order_id INTEGER PRIMARY KEY REFERENCES orders (id),
    store_id INTEGER NOT NULL REFERENCES stores (id),
    customer_id INTEGER NOT NULL REFERENCES accounts (id),
    stars INTEGER NOT NULL CHECK (stars BETWEEN 1 AND 5),
    text TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    reply TEXT,
    replied_at INTEGER
);
CREATE INDEX reviews_store ON reviews (store_id, created_at);

-- An order's payment: authorised at checkout, retried while the provider is
-- busy, then captured, voided or refunded through payment_ops.
CREATE TABLE payments (
    order_id INTEGER PRIMARY KEY REFERENCES orders (id),
    amount INTEGER NOT NULL CHECK (amount >= 0),
    state TEXT NOT NULL CHECK (state IN ('unpaid', 'authorized', 'captured', 'voided', 'refunded')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER,
    last_error TEXT,
    expires_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX payments_due ON payments (state, next_attempt_at);

-- Capture, void and refund calls, written with the event that needs them and
-- delivered by a worker with retries; the key makes a repeated call harmless.
CREATE TABLE payment_ops (
    id INTEGER PRIMARY KEY,
    order_id INTEGER NOT NULL REFERENCES orders (id),
    action TEXT NOT NULL CHECK (action IN ('capture', 'void', 'refund')),
    amount INTEGER NOT NULL CHECK (amount >= 0),
    idempotency_key TEXT NOT NULL UNIQUE,
    state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done', 'dead')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_error TEXT,
    created_at INTEGER NOT NULL,
    done_at INTEGER
);
CREATE INDEX payment_ops_due ON payment_ops (state, next_attempt_at);
