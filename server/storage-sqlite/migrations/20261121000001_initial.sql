-- Accounts of every role; passwords are argon2id hashes.
CREATE TABLE accounts (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('customer', 'store_owner', 'rider', 'operator')),
    password_hash TEXT NOT NULL,
    address TEXT,
    lat REAL,
    lon REAL,
    created_at INTEGER NOT NULL
);

-- Sessions; only a SHA-256 of the token is stored.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_account ON sessions (account_id);

CREATE TABLE stores (
    id INTEGER PRIMARY KEY,
    owner_id INTEGER NOT NULL REFERENCES accounts (id),
    name TEXT NOT NULL,
    category TEXT NOT NULL,
    neighbourhood TEXT NOT NULL,
    address TEXT NOT NULL,
    lat REAL NOT NULL,
    lon REAL NOT NULL
);
CREATE INDEX stores_owner ON stores (owner_id);

CREATE TABLE menu_items (
    id INTEGER PRIMARY KEY,
    store_id INTEGER NOT NULL REFERENCES stores (id),
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    price INTEGER NOT NULL CHECK (price >= 0),
    position INTEGER NOT NULL
);
CREATE INDEX menu_items_store ON menu_items (store_id, position);

-- The write side of an order: its current state, kept in step with its event log.
CREATE TABLE orders (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES accounts (id),
    store_id INTEGER NOT NULL REFERENCES stores (id),
    rider_id INTEGER REFERENCES accounts (id),
    status TEXT NOT NULL CHECK (status IN (
        'pending_payment', 'paid', 'accepted', 'rejected', 'cooking', 'ready_for_pickup',
        'rider_assigned', 'picked_up', 'delivered', 'completed', 'cancelled'
    )),
    total INTEGER NOT NULL CHECK (total >= 0),
    delivery_address TEXT NOT NULL,
    delivery_lat REAL NOT NULL,
    delivery_lon REAL NOT NULL,
    ready_at INTEGER,
    reject_reason TEXT,
    placed_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    idempotency_key TEXT NOT NULL,
    UNIQUE (customer_id, idempotency_key)
);
CREATE INDEX orders_customer ON orders (customer_id, id);
CREATE INDEX orders_store ON orders (store_id, id);
CREATE INDEX orders_status ON orders (status);
CREATE INDEX orders_rider ON orders (rider_id);

CREATE TABLE order_lines (
    order_id INTEGER NOT NULL REFERENCES orders (id),
    line_no INTEGER NOT NULL,
    menu_item_id INTEGER NOT NULL,
    name TEXT NOT NULL,
    unit_price INTEGER NOT NULL CHECK (unit_price >= 0),
    quantity INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 99),
    PRIMARY KEY (order_id, line_no)
);

-- Append-only: every accepted command's event, in commit order.
CREATE TABLE order_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id INTEGER NOT NULL REFERENCES orders (id),
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    -- The order's status once this event applied, for streams that resume from an event id.
    status TEXT NOT NULL CHECK (status IN (
        'pending_payment', 'paid', 'accepted', 'rejected', 'cooking', 'ready_for_pickup',
        'rider_assigned', 'picked_up', 'delivered', 'completed', 'cancelled'
    )),
    at INTEGER NOT NULL
);
CREATE INDEX order_events_order ON order_events (order_id, id);
