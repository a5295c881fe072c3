//! What the engines' tests of their query plans look for.

/// Tables that grow with every order, customer or notification: no query
/// may read one of them from end to end.
pub const GROWING_TABLES: &[&str] = &[
    "orders",
    "order_lines",
    "order_events",
    "order_views",
    "payments",
    "payment_ops",
    "outbox",
    "notifications",
    "accounts",
    "sessions",
    "addresses",
    "coupon_redemptions",
    "reviews",
    "push_subscriptions",
];

/// The statuses an order ends in, as SQL literals: the orders in each only
/// ever grow, so none may be found through the index of every status.
pub const FINAL_STATUSES: &[&str] = &["'completed'", "'cancelled'", "'rejected'"];
