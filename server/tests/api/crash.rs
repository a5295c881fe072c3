//! The server killed without warning (SIGKILL) at random moments while
//! customers order and a store accepts: every acknowledged order survives
//! exactly once with the status it was acknowledged in or later, the
//! database is intact, and orders a crash left unpaid are paid or expired.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::support::process::ServerProcess;
use crate::support::{on_postgres, order_body, Database, Session};
use rand::Rng;
use serde_json::{json, Value};
use server::seed::DEMO_PASSWORD;

/// Kills and restarts: five here, more with `BAEDAL_CRASH_CYCLES`
/// (`make bench-orders` runs twenty).
fn cycles() -> usize {
    std::env::var("BAEDAL_CRASH_CYCLES")
        .ok()
        .and_then(|cycles| cycles.parse().ok())
        .unwrap_or(5)
}
const CUSTOMERS: [&str; 3] = [
    "customer1@baedal.demo",
    "customer2@baedal.demo",
    "customer3@baedal.demo",
];

/// What the server acknowledged: each customer's keys with the order they
/// made, and each order with the latest status an answer reported.
#[derive(Default)]
struct Acknowledged {
    keys: Mutex<HashMap<(usize, String), i64>>,
    statuses: Mutex<HashMap<i64, &'static str>>,
}

impl Acknowledged {
    fn placed(&self, customer: usize, key: &str, order: i64) {
        let mut keys = self.keys.lock().unwrap();
        let known = *keys.entry((customer, key.to_owned())).or_insert(order);
        assert_eq!(known, order, "one key, one order");
        self.moved(order, "pending_payment");
    }

    fn moved(&self, order: i64, status: &'static str) {
        let mut statuses = self.statuses.lock().unwrap();
        let held = statuses.entry(order).or_insert(status);
        if rank(status) > rank(held) {
            *held = status;
        }
    }
}

/// Where a status lies in an order's life, for "that status or later".
fn rank(status: &str) -> usize {
    [
        "pending_payment",
        "paid",
        "accepted",
        "cooking",
        "cancelled",
    ]
    .iter()
    .position(|known| *known == status)
    .unwrap_or_else(|| panic!("a status this test does not expect: {status}"))
}

const SETTINGS: &[(&str, &str)] = &[
    // A first authorisation cut short by the crash is retried after 2.4 s.
    ("BAEDAL_PAYMENT_TIMEOUT_MS", "200"),
];

/// A server function's status and JSON answer; `None` once the server is gone.
async fn post(session: &Session, endpoint: &str, body: Value) -> Option<(u16, Value)> {
    let response = session
        .client
        .post(format!("{}/api/{endpoint}", session.base))
        .json(&body)
        .send()
        .await
        .ok()?;
    let status = response.status().as_u16();
    Some((status, response.json().await.ok()?))
}

async fn place_until_killed(
    session: Session,
    customer: usize,
    tag: usize,
    seen: Arc<Acknowledged>,
) {
    let Some((200, menu)) = post(&session, "store_menu", json!({ "store": 1 })).await else {
        return;
    };
    let lines = json!([
        { "item": menu["items"][0]["id"], "quantity": 2 },
        { "item": menu["items"][1]["id"], "quantity": 1 },
    ]);
    for n in 0.. {
        let key = format!("crash-{tag}-{n}");
        let Some((200, order)) =
            post(&session, "place_order", order_body(1, lines.clone(), &key)).await
        else {
            return;
        };
        // An answer means the order is durable; its status may move on.
        seen.placed(customer, &key, order.as_i64().unwrap());
    }
}

async fn accept_until_killed(owner: Session, seen: Arc<Acknowledged>) {
    loop {
        let Some((200, orders)) = post(&owner, "store_orders", json!({})).await else {
            return;
        };
        for view in orders.as_array().unwrap() {
            if view["order"]["status"] != "paid" {
                continue;
            }
            let order = view["order"]["id"].as_i64().unwrap();
            let accept =
                json!({ "order": order, "command": { "type": "accept", "prep_minutes": 20 } });
            match post(&owner, "order_command", accept).await {
                Some((200, _)) => seen.moved(order, "accepted"),
                Some((409, _)) => {}
                _ => return,
            }
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_orders_survive_the_server_being_killed() {
    let database = Database::fresh().await;
    let url = database.url();
    let seen = Arc::new(Acknowledged::default());
    let cycles = cycles();
    for cycle in 0..cycles {
        let server = ServerProcess::start(url, SETTINGS).await;
        let owner = Session::signed_in(&server.base, "owner1@baedal.demo", DEMO_PASSWORD).await;
        let mut load = vec![tokio::spawn(accept_until_killed(owner, seen.clone()))];
        for (customer, email) in CUSTOMERS.iter().enumerate() {
            let session = Session::signed_in(&server.base, email, DEMO_PASSWORD).await;
            for _ in 0..4 {
                let tag = cycle * 100 + load.len();
                let session = Session {
                    client: session.client.clone(),
                    base: server.base.clone(),
                };
                load.push(tokio::spawn(place_until_killed(
                    session,
                    customer,
                    tag,
                    seen.clone(),
                )));
            }
        }
        let moment = rand::thread_rng().gen_range(300..1_500);
        tokio::time::sleep(Duration::from_millis(moment)).await;
        server.kill();
        for task in load {
            task.await.unwrap();
        }
    }
    let keys = seen.keys.lock().unwrap().clone();
    let statuses = seen.statuses.lock().unwrap().clone();
    assert!(
        keys.len() > cycles * 10,
        "orders were placed: {}",
        keys.len()
    );
    assert!(
        statuses.values().any(|status| *status == "accepted"),
        "and accepted"
    );

    let server = ServerProcess::start(url, SETTINGS).await;
    let db = database.pool().await;
    if !on_postgres() {
        let integrity: String = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_one(&db)
            .await
            .unwrap();
        assert_eq!(integrity, "ok");
    }
    for ((customer, key), order) in &keys {
        let status = statuses[order];
        let email = CUSTOMERS[*customer];
        let rows: Vec<(i64, String)> = sqlx::query_as(
            "SELECT o.id, o.status FROM orders o JOIN accounts a ON a.id = o.customer_id
             WHERE a.email = $1 AND o.idempotency_key = $2",
        )
        .bind(email)
        .bind(key)
        .fetch_all(&db)
        .await
        .unwrap();
        assert_eq!(rows.len(), 1, "{key}: exactly one order");
        assert_eq!(rows[0].0, *order, "{key}: the order acknowledged");
        assert!(
            rank(&rows[0].1) >= rank(status),
            "{key}: acknowledged {status}, stored {}",
            rows[0].1
        );
    }
    let unviewed: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM orders o WHERE NOT EXISTS (SELECT 1 FROM order_views v WHERE v.order_id = o.id)",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(unviewed, 0, "every order's view committed with it");

    let unpaid_at_start: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM orders WHERE status = 'pending_payment'")
            .fetch_one(&db)
            .await
            .unwrap();
    let mut unpaid = unpaid_at_start;
    for _ in 0..150 {
        unpaid = sqlx::query_scalar("SELECT COUNT(*) FROM orders WHERE status = 'pending_payment'")
            .fetch_one(&db)
            .await
            .unwrap();
        if unpaid == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        unpaid, 0,
        "orders a crash left unpaid are paid by the worker"
    );
    let orders: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM orders")
        .fetch_one(&db)
        .await
        .unwrap();
    println!(
        "killed {cycles} times: {} orders acknowledged of {orders} stored, each once with its \
         status or later; {unpaid_at_start} left unpaid were paid after the restart",
        keys.len()
    );
    drop(server);
}
