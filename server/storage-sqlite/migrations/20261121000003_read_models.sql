-- Read models: projections of order_events, kept by the projector and
-- rebuildable from the log at any time (`server rebuild-read-models`).

-- How far each projector has read the event log.
CREATE TABLE projection_checkpoints (
    projector TEXT PRIMARY KEY,
    last_event_id INTEGER NOT NULL
);

-- What the order screens show: one row per order, the view as JSON, with the
-- columns the customer's, the store's and the rider's lists select by.
CREATE TABLE order_views (
    order_id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL,
    store_id INTEGER NOT NULL,
    rider_id INTEGER,
    status TEXT NOT NULL,
    last_event_id INTEGER NOT NULL,
    view TEXT NOT NULL
);
CREATE INDEX order_views_customer ON order_views (customer_id, order_id);
CREATE INDEX order_views_store ON order_views (store_id, status, order_id);
CREATE INDEX order_views_status ON order_views (status, order_id);
CREATE INDEX order_views_rider ON order_views (rider_id, status);

-- Dishes delivered, per dish and day (Korean calendar day, days since 1970-01-01).
CREATE TABLE dish_tallies (
    menu_item_id INTEGER NOT NULL,
    day INTEGER NOT NULL,
    store_id INTEGER NOT NULL,
    neighbourhood TEXT NOT NULL,
    name TEXT NOT NULL,
    quantity INTEGER NOT NULL,
    PRIMARY KEY (menu_item_id, day)
);
CREATE INDEX dish_tallies_day ON dish_tallies (day);

-- A store's figures per day.
CREATE TABLE store_sales (
    store_id INTEGER NOT NULL,
    day INTEGER NOT NULL,
    orders INTEGER NOT NULL DEFAULT 0,
    delivered INTEGER NOT NULL DEFAULT 0,
    revenue INTEGER NOT NULL DEFAULT 0,
    cancelled INTEGER NOT NULL DEFAULT 0,
    rejected INTEGER NOT NULL DEFAULT 0,
    prep_count INTEGER NOT NULL DEFAULT 0,
    prep_total_ms INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (store_id, day)
);
