-- Reads that must stay as fast with millions of orders as with none: each
-- is answered from an index that holds only what it reads.

-- A customer's completed orders are counted for every page they open (their
-- grade). Through `orders_status` the count walked every completed order of
-- every customer.
CREATE INDEX orders_customer_status ON orders (customer_id, status);

-- Riders are looked for near a store each time an order needs one; the
-- accounts table holds every customer too.
CREATE INDEX accounts_riders ON accounts (id) WHERE role = 'rider';

-- The operator's dead letters and the count of notifications waiting per
-- channel read only those rows, not every notification ever sent.
CREATE INDEX outbox_dead ON outbox (id) WHERE state = 'dead';
CREATE INDEX outbox_pending ON outbox (channel, created_at) WHERE state = 'pending';
