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

/// Every query an engine is compiled with: sqlx keeps each checked query,
/// with what it learned of it (the types of its parameters among them), as
/// one JSON file in the engine's `.sqlx/` folder.
pub fn checked_queries(sqlx_folder: &std::path::Path) -> Vec<serde_json::Value> {
    let mut queries = Vec::new();
    for entry in std::fs::read_dir(sqlx_folder).expect(".sqlx/ is there") {
        let path = entry.expect("a file of .sqlx/").path();
        if path.extension().is_some_and(|e| e == "json") {
            let text = std::fs::read_to_string(&path).expect("it reads");
            queries.push(serde_json::from_str(&text).expect("it is JSON"));
        }
    }
    queries
}
