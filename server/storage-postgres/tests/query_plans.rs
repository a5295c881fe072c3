//! Every query of this engine, as PostgreSQL plans it against the migrated
//! schema: none reads the whole of a table that grows with orders,
//! customers or notifications for want of an index, so each stays as fast
//! with years of history as on a fresh database. The queries are the ones
//! the engine is compiled with: sqlx keeps each checked query, with the
//! types of its parameters, in `.sqlx/`.
//!
//! PostgreSQL plans from the statistics it keeps of the data, and a fresh
//! database has none. So the test plans with sequential scans disabled: a
//! table is then still read from end to end only where no index can find
//! the rows, or through an index walked whole (an index scan with no
//! condition on it). Each query is planned as a generic plan, the one a
//! prepared statement gets whatever its parameters are.
//!
//! That shows an index exists for each read, not that PostgreSQL picks it.
//! So the read every signed-in page makes is planned again as PostgreSQL
//! plans it for real arguments, sequential scans allowed, on a database
//! given a history of 200,000 orders and the statistics of it (`ANALYZE`).

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde_json::Value;
use sqlx::{Connection, Executor, PgConnection, Row};
use storage::contract::plans::{self, FINAL_STATUSES, GROWING_TABLES};
use storage_postgres::{testing, PgEngine};

/// Queries that may walk a growing table, each with why that is right.
const WALKS_THAT_ARE_MEANT: &[(&str, &str)] = &[
    (
        r#"SELECT EXISTS (SELECT 1 FROM accounts) AS "any!: bool""#,
        "stops at the first account",
    ),
    (
        "DELETE FROM order_views",
        "the read models' rebuild, which replays every order's events",
    ),
];

/// A checked query: its SQL and the types of its parameters.
struct CheckedQuery {
    sql: String,
    parameters: Vec<String>,
}

#[tokio::test]
async fn no_query_walks_a_table_that_grows_with_orders() {
    let url = testing::fresh_database("plans").await;
    PgEngine::connect(&url)
        .await
        .expect("the database is created and migrated");
    let mut conn = PgConnection::connect(&url).await.expect("it opens");
    conn.execute("SET enable_seqscan = off; SET plan_cache_mode = force_generic_plan")
        .await
        .expect("the planner's settings");
    let indexes = indexes(&mut conn).await;

    let queries = checked_queries();
    assert!(queries.len() > 50, "only {} queries found", queries.len());
    let mut walks = Vec::new();
    for query in &queries {
        if WALKS_THAT_ARE_MEANT
            .iter()
            .any(|(known, _)| query.sql.trim() == *known)
        {
            continue;
        }
        let nulls = vec!["NULL"; query.parameters.len()];
        let plan = plan_of(&mut conn, query, &nulls).await;
        for step in steps(&plan) {
            if walks_a_growing_table(step, &indexes)
                || finds_a_final_status_through_the_status_index(step, &query.sql)
            {
                walks.push(format!("{}\n    in: {}", describe(step), query.sql.trim()));
            }
        }
    }
    assert!(
        walks.is_empty(),
        "these steps read every row of a table that grows:\n{}",
        walks.join("\n\n")
    );
}

/// A database with a history: 5,000 customers, each with a session and an
/// address and one coupon used, 50 stores with two coupons each, and
/// 200,000 completed orders.
const HISTORY: &str = "
INSERT INTO accounts (email, display_name, role, password_hash, created_at)
  SELECT 'customer' || i || '@history.test', 'customer', 'customer', '-', 0
  FROM generate_series(1, 5000) AS i;
INSERT INTO accounts (email, display_name, role, password_hash, created_at)
  SELECT 'owner' || i || '@history.test', 'owner', 'store_owner', '-', 0
  FROM generate_series(1, 50) AS i;
INSERT INTO stores (owner_id, name, category, neighbourhood, address, lat, lon)
  SELECT id, 'store', 'korean', 'mapo', 'address', 37.55, 126.92
  FROM accounts WHERE role = 'store_owner';
INSERT INTO sessions (token_hash, account_id, created_at, expires_at, last_seen_at)
  SELECT 'session-' || id, id, 0, 4000000000000, 1 FROM accounts;
INSERT INTO addresses (customer_id, label, address, lat, lon, created_at)
  SELECT id, 'home', 'address', 37.55, 126.92, 0 FROM accounts WHERE role = 'customer';
INSERT INTO coupons (store_id, discount_kind, discount_value, min_order, expires_at,
                     quantity, issued_at, code)
  SELECT s.id, 'fixed', 1000, 0, 4000000000000, 100000, 0, 'HISTORY' || k
  FROM stores s, generate_series(1, 2) AS k;
INSERT INTO orders (customer_id, store_id, status, total, delivery_address, delivery_lat,
                    delivery_lon, placed_at, updated_at, idempotency_key)
  SELECT (SELECT MIN(id) FROM accounts WHERE role = 'customer') + i % 5000,
         (SELECT MIN(id) FROM stores) + i % 50,
         'completed', 21000, 'address', 37.55, 126.92, i, i, 'history-' || i
  FROM generate_series(1, 200000) AS i;
INSERT INTO coupon_redemptions (coupon_id, customer_id, order_id, redeemed_at)
  SELECT (SELECT MIN(c.id) FROM coupons c WHERE c.store_id = o.store_id), o.customer_id, o.id, 0
  FROM orders o WHERE o.idempotency_key IN (SELECT 'history-' || i FROM generate_series(1, 5000) AS i);
ANALYZE;
";

/// What every page of a signed-in customer reads of them, planned as
/// PostgreSQL plans it with the statistics of a database that has a
/// history, sequential scans allowed: it finds its rows through indexes.
#[tokio::test]
async fn a_signed_in_page_reads_through_indexes_on_a_database_with_a_history() {
    let url = testing::fresh_database("plans_history").await;
    PgEngine::connect(&url)
        .await
        .expect("the database is created and migrated");
    let mut conn = PgConnection::connect(&url).await.expect("it opens");
    conn.execute(HISTORY).await.expect("the history is written");
    let (customer, store): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT MIN(id) FROM accounts WHERE role = 'customer') + 42, MIN(id) FROM stores",
    )
    .fetch_one(&mut conn)
    .await
    .expect("a customer and a store");
    let indexes = indexes(&mut conn).await;
    let visitor = checked_queries()
        .into_iter()
        .find(|query| query.sql.contains("WITH visitor AS"))
        .expect("the visitor's query is checked");

    let token = format!("'session-{customer}'");
    let (now, idle_cutoff, store) = ("1800000000000", "0", store.to_string());
    for arguments in [
        [token.as_str(), now, idle_cutoff, store.as_str()],
        [token.as_str(), now, idle_cutoff, "NULL"],
    ] {
        let plan = plan_of(&mut conn, &visitor, &arguments).await;
        let walks: Vec<String> = steps(&plan)
            .into_iter()
            .filter(|step| {
                walks_a_growing_table(step, &indexes)
                    || finds_a_final_status_through_the_status_index(step, &visitor.sql)
            })
            .map(describe)
            .collect();
        assert!(
            walks.is_empty(),
            "with arguments {arguments:?}, these steps read every row:\n{}\n\nthe plan: {plan:#}",
            walks.join("\n")
        );
    }
}

#[test]
fn a_walk_is_told_from_a_search() {
    let indexes = Indexes {
        table_of: HashMap::from([
            ("orders_pkey".to_owned(), "orders".to_owned()),
            ("outbox_dead".to_owned(), "outbox".to_owned()),
            ("stores_pkey".to_owned(), "stores".to_owned()),
        ]),
        partial: HashSet::from(["outbox_dead".to_owned()]),
    };
    let step = |json: &str| serde_json::from_str::<Value>(json).expect("JSON");
    assert!(walks_a_growing_table(
        &step(r#"{"Node Type": "Seq Scan", "Relation Name": "orders"}"#),
        &indexes
    ));
    assert!(walks_a_growing_table(
        &step(
            r#"{"Node Type": "Index Scan", "Relation Name": "orders", "Index Name": "orders_pkey", "Filter": "(store_id = $1)"}"#
        ),
        &indexes
    ));
    assert!(!walks_a_growing_table(
        &step(
            r#"{"Node Type": "Index Scan", "Relation Name": "orders", "Index Name": "orders_pkey", "Index Cond": "(id = $1)"}"#
        ),
        &indexes
    ));
    assert!(!walks_a_growing_table(
        &step(
            r#"{"Node Type": "Bitmap Index Scan", "Index Name": "orders_pkey", "Index Cond": "(id = ANY ($1))"}"#
        ),
        &indexes
    ));
    assert!(!walks_a_growing_table(
        &step(
            r#"{"Node Type": "Index Scan", "Relation Name": "outbox", "Index Name": "outbox_dead"}"#
        ),
        &indexes
    ));
    assert!(!walks_a_growing_table(
        &step(r#"{"Node Type": "Seq Scan", "Relation Name": "stores"}"#),
        &indexes
    ));
    assert!(!walks_a_growing_table(
        &step(
            r#"{"Node Type": "Index Only Scan", "Relation Name": "stores", "Index Name": "stores_pkey"}"#
        ),
        &indexes
    ));
    assert!(finds_a_final_status_through_the_status_index(
        &step(
            r#"{"Node Type": "Bitmap Index Scan", "Index Name": "orders_status", "Index Cond": "(status = 'completed'::text)"}"#
        ),
        "SELECT COUNT(*) FROM orders WHERE customer_id = $1 AND status = 'completed'"
    ));
    assert!(!finds_a_final_status_through_the_status_index(
        &step(
            r#"{"Node Type": "Index Scan", "Index Name": "orders_status", "Index Cond": "(status = 'pending_payment'::text)"}"#
        ),
        "SELECT id FROM orders WHERE status = 'pending_payment'"
    ));
}

/// The SQL and parameter types of every query in `.sqlx/`.
fn checked_queries() -> Vec<CheckedQuery> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join(".sqlx");
    plans::checked_queries(&folder)
        .iter()
        .map(|json| CheckedQuery {
            sql: json["query"].as_str().expect("it holds a query").to_owned(),
            parameters: json["describe"]["parameters"]["Left"]
                .as_array()
                .expect("the parameters' types")
                .iter()
                .map(|t| sql_type(t.as_str().expect("a type's name")))
                .collect(),
        })
        .collect()
}

/// PostgreSQL's name of a type as sqlx names it (`Int8`, `TextArray`).
fn sql_type(sqlx_name: &str) -> String {
    match sqlx_name.strip_suffix("Array") {
        Some(element) => format!("{}[]", element.to_lowercase()),
        None => sqlx_name.to_lowercase(),
    }
}

/// The indexes of the schema: the table of each, and which are partial.
struct Indexes {
    table_of: HashMap<String, String>,
    partial: HashSet<String>,
}

async fn indexes(conn: &mut PgConnection) -> Indexes {
    let rows = sqlx::query(
        "SELECT indexname, tablename, indexdef LIKE '% WHERE %' AS partial
           FROM pg_indexes WHERE schemaname = current_schema()",
    )
    .fetch_all(conn)
    .await
    .expect("the schema reads");
    let mut indexes = Indexes {
        table_of: HashMap::new(),
        partial: HashSet::new(),
    };
    for row in rows {
        let name: String = row.get("indexname");
        if row.get::<bool, _>("partial") {
            indexes.partial.insert(name.clone());
        }
        indexes.table_of.insert(name, row.get("tablename"));
    }
    indexes
}

/// The plan of a query for `arguments` (SQL literals, one per parameter),
/// as PostgreSQL's JSON.
async fn plan_of(conn: &mut PgConnection, query: &CheckedQuery, arguments: &[&str]) -> Value {
    let types = query.parameters.join(", ");
    let arguments = arguments.join(", ");
    let (prepare, explain) = if query.parameters.is_empty() {
        (
            format!("PREPARE checked AS {}", query.sql),
            "EXPLAIN (FORMAT JSON) EXECUTE checked".to_owned(),
        )
    } else {
        (
            format!("PREPARE checked ({types}) AS {}", query.sql),
            format!("EXPLAIN (FORMAT JSON) EXECUTE checked ({arguments})"),
        )
    };
    conn.execute(prepare.as_str())
        .await
        .unwrap_or_else(|error| panic!("{error}: {}", query.sql));
    let plan: Value = sqlx::query_scalar(&explain)
        .fetch_one(&mut *conn)
        .await
        .unwrap_or_else(|error| panic!("{error}: {}", query.sql));
    conn.execute("DEALLOCATE checked")
        .await
        .expect("the statement is dropped");
    plan
}

/// Every node of a plan, with the plans of its subqueries and CTEs.
fn steps(plan: &Value) -> Vec<&Value> {
    fn walk<'a>(node: &'a Value, into: &mut Vec<&'a Value>) {
        into.push(node);
        for child in node["Plans"].as_array().into_iter().flatten() {
            walk(child, into);
        }
    }
    let mut all = Vec::new();
    for statement in plan.as_array().into_iter().flatten() {
        walk(&statement["Plan"], &mut all);
    }
    all
}

/// A step that reads a growing table from end to end: a sequential scan of
/// it, or a scan of one of its indexes with no condition on the index,
/// unless that index is partial and so holds only the rows the query reads.
fn walks_a_growing_table(step: &Value, indexes: &Indexes) -> bool {
    let kind = step["Node Type"].as_str().unwrap_or_default();
    let index = step["Index Name"].as_str();
    let table = step["Relation Name"]
        .as_str()
        .or_else(|| index.and_then(|i| indexes.table_of.get(i).map(String::as_str)));
    if !table.is_some_and(|t| GROWING_TABLES.contains(&t)) {
        return false;
    }
    match kind {
        "Seq Scan" => true,
        "Index Scan" | "Index Only Scan" | "Bitmap Index Scan" => {
            step.get("Index Cond").is_none() && !index.is_some_and(|i| indexes.partial.contains(i))
        }
        _ => false,
    }
}

/// A step that finds orders in a final status through `orders_status`, which
/// holds every order ever in that status.
fn finds_a_final_status_through_the_status_index(step: &Value, sql: &str) -> bool {
    step["Index Name"].as_str() == Some("orders_status")
        && FINAL_STATUSES.iter().any(|status| sql.contains(status))
}

/// A step as the failure names it.
fn describe(step: &Value) -> String {
    let field = |name: &str| step[name].as_str().unwrap_or("-").to_owned();
    format!(
        "{} on {} (index {}, condition {}, filter {})",
        field("Node Type"),
        field("Relation Name"),
        field("Index Name"),
        field("Index Cond"),
        field("Filter")
    )
}
