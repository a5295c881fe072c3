//! The read models: pages read projections of the event log, which the
//! projector keeps up to date and `server rebuild-read-models` rebuilds.

use crate::support::{spawn_app, Database, Session};
use serde_json::{json, Value};

const HONGDAE: i64 = 1;
const GANGNAM: i64 = 2;
const SEONGSU: i64 = 3;
const JONGNO: i64 = 4;

/// Every row of every read model and the checkpoint, as text.
async fn snapshot(database: &Database) -> Vec<String> {
    let pool = database.pool().await;
    let queries = [
        "SELECT order_id || '|' || customer_id || '|' || store_id || '|' || COALESCE(CAST(rider_id AS TEXT), '-')
                || '|' || status || '|' || last_event_id || '|' || view
         FROM order_views ORDER BY order_id",
        "SELECT menu_item_id || '|' || day || '|' || store_id || '|' || neighbourhood || '|' || name
                || '|' || quantity
         FROM dish_tallies ORDER BY menu_item_id, day",
        "SELECT store_id || '|' || day || '|' || orders || '|' || delivered || '|' || revenue || '|'
                || cancelled || '|' || rejected || '|' || prep_count || '|' || prep_total_ms
         FROM store_sales ORDER BY store_id, day",
        "SELECT projector || '|' || last_event_id FROM projection_checkpoints",
    ];
    let mut rows = Vec::new();
    for query in queries {
        rows.extend(
            sqlx::query_scalar::<_, String>(query)
                .fetch_all(&pool)
                .await
                .expect("a read model"),
        );
    }
    pool.close().await;
    rows
}

async fn walk(session: &Session, order: i64, commands: &[Value]) {
    for command in commands {
        session
            .command(order, command.clone())
            .await
            .unwrap_or_else(|f| panic!("{command}: {f:?}"));
    }
}

fn cook() -> Vec<Value> {
    vec![
        json!({ "type": "accept", "prep_minutes": 15 }),
        json!({ "type": "start_cooking" }),
        json!({ "type": "finish_cooking" }),
    ]
}

fn ride() -> Vec<Value> {
    vec![
        json!({ "type": "claim" }),
        json!({ "type": "pick_up" }),
        json!({ "type": "deliver" }),
    ]
}

fn total(view: &Value) -> i64 {
    view["order"]["total"].as_i64().expect("a total")
}

#[tokio::test]
async fn pages_read_the_projections_and_a_rebuild_reproduces_them() {
    let app = spawn_app().await;
    let customer = app.sign_in("customer1@baedal.demo").await;
    let neighbour = app.sign_in("customer2@baedal.demo").await;
    let owner1 = app.sign_in("owner1@baedal.demo").await;
    let owner2 = app.sign_in("owner2@baedal.demo").await;
    let rider = app.sign_in("rider1@baedal.demo").await;

    let completed = customer.place_order(HONGDAE).await;
    walk(&owner1, completed, &cook()).await;
    walk(&rider, completed, &ride()).await;
    walk(
        &customer,
        completed,
        &[json!({ "type": "confirm_receipt" })],
    )
    .await;
    let delivered = neighbour.place_order_beside(SEONGSU).await;
    walk(&owner1, delivered, &cook()).await;
    // Riders claim only what is near them: the rider rides over to 성수.
    rider.on_duty_at(37.5432, 127.0563).await;
    walk(&rider, delivered, &ride()).await;
    let cancelled = customer.place_order(HONGDAE).await;
    walk(&customer, cancelled, &[json!({ "type": "cancel" })]).await;
    let rejected = customer.place_order_beside(GANGNAM).await;
    walk(
        &owner2,
        rejected,
        &[json!({ "type": "reject", "reason": "재료 소진" })],
    )
    .await;
    let cooking = neighbour.place_order_beside(JONGNO).await;
    walk(&owner1, cooking, &cook()[..2]).await;

    // The screens read the projections, up to date when a command returns.
    let mine: Vec<Value> = customer.ok("my_orders", json!({})).await;
    let statuses: Vec<&str> = mine
        .iter()
        .map(|view| view["order"]["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["rejected", "cancelled", "completed"]);
    let counter: Vec<Value> = owner1.ok("store_orders", json!({})).await;
    let on_counter: Vec<i64> = counter
        .iter()
        .map(|view| view["order"]["id"].as_i64().unwrap())
        .collect();
    assert_eq!(
        on_counter,
        [cooking],
        "only the open order is on the counter"
    );

    // Store figures: paid orders, deliveries, revenue and cancellations today.
    let completed_view: Value = customer
        .ok("get_order", json!({ "order": completed }))
        .await;
    let delivered_view: Value = neighbour
        .ok("get_order", json!({ "order": delivered }))
        .await;
    let figures: Vec<Value> = owner1.ok("store_sales", json!({})).await;
    let of = |store: i64| {
        figures
            .iter()
            .find(|f| f["store"] == store)
            .unwrap_or_else(|| panic!("figures of store {store}"))
    };
    assert_eq!(of(HONGDAE)["orders"], 2);
    assert_eq!(of(HONGDAE)["delivered"], 1);
    assert_eq!(of(HONGDAE)["cancelled"], 1);
    assert_eq!(of(HONGDAE)["revenue"], total(&completed_view));
    assert_eq!(of(SEONGSU)["revenue"], total(&delivered_view));
    assert_eq!(of(JONGNO)["orders"], 1);
    assert_eq!(of(JONGNO)["delivered"], 0);
    let gangnam: Vec<Value> = owner2.ok("store_sales", json!({})).await;
    let rejections: i64 = gangnam
        .iter()
        .map(|f| f["rejected"].as_i64().unwrap())
        .sum();
    assert_eq!(rejections, 1);

    // The ranking counts delivered dishes: two of each first dish, one of each second.
    let ranking: Value = customer
        .ok(
            "dish_ranking",
            json!({ "neighbourhood": null, "period": "all_time" }),
        )
        .await;
    let counted: Vec<(i64, i64)> = ranking["dishes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["store"].as_i64().unwrap(),
                d["quantity"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(counted.len(), 4, "{counted:?}");
    assert_eq!(
        counted.iter().map(|(_, q)| q).collect::<Vec<_>>(),
        [&2, &2, &1, &1]
    );
    let in_hongdae: Value = app
        .visitor()
        .ok(
            "dish_ranking",
            json!({ "neighbourhood": "홍대", "period": "last_seven_days" }),
        )
        .await;
    let stores: Vec<&Value> = in_hongdae["dishes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| &d["store"])
        .collect();
    assert_eq!(stores, [&json!(HONGDAE), &json!(HONGDAE)]);

    // Rebuilding from the log with the command gives the same read models.
    let live = snapshot(app.database()).await;
    assert!(live.len() > 10, "{live:?}");
    let stopped = app.stop_keeping_data().await;
    let output = tokio::task::spawn_blocking({
        let url = stopped.database().url().to_owned();
        move || {
            std::process::Command::new(env!("CARGO_BIN_EXE_server"))
                .arg("rebuild-read-models")
                .env("BAEDAL_DATABASE_URL", url)
                .output()
                .expect("the command runs")
        }
    })
    .await
    .unwrap();
    assert!(output.status.success(), "{output:?}");
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(said.contains("from 27 events"), "{said}");
    assert_eq!(snapshot(stopped.database()).await, live);

    // A database from when a projector followed the log from a checkpoint,
    // with events after it not yet projected, is caught up once at start.
    let pool = stopped.database().pool().await;
    for table in ["order_views", "dish_tallies", "store_sales"] {
        sqlx::query(&format!("DELETE FROM {table}"))
            .execute(&pool)
            .await
            .unwrap();
    }
    sqlx::query(
        "INSERT INTO projection_checkpoints (projector, last_event_id) VALUES ('orders', 0)",
    )
    .execute(&pool)
    .await
    .unwrap();
    pool.close().await;
    let app = stopped.start().await;
    assert_eq!(snapshot(app.database()).await, live);
    let checkpoints: i64 = {
        let pool = app.database().pool().await;
        sqlx::query_scalar("SELECT COUNT(*) FROM projection_checkpoints")
            .fetch_one(&pool)
            .await
            .unwrap()
    };
    assert_eq!(checkpoints, 0, "the checkpoint is forgotten once caught up");
    app.stop().await;
}

#[tokio::test]
async fn figures_belong_to_store_owners_and_bad_filters_are_refused() {
    let app = spawn_app().await;
    let customer = app.sign_in("customer1@baedal.demo").await;
    let failure = customer
        .call::<Value>("store_sales", json!({}))
        .await
        .unwrap_err();
    assert_eq!(failure.status, 403);
    let failure = app
        .visitor()
        .call::<Value>("store_sales", json!({}))
        .await
        .unwrap_err();
    assert_eq!(failure.status, 401);
    let failure = customer
        .call::<Value>(
            "dish_ranking",
            json!({ "neighbourhood": "가".repeat(41), "period": "all_time" }),
        )
        .await
        .unwrap_err();
    assert_eq!(failure.status, 400);
    let failure = customer
        .call::<Value>(
            "dish_ranking",
            json!({ "neighbourhood": null, "period": "forever" }),
        )
        .await
        .unwrap_err();
    assert_eq!(failure.status, 400);
    let empty: Value = customer
        .ok(
            "dish_ranking",
            json!({ "neighbourhood": null, "period": "all_time" }),
        )
        .await;
    assert_eq!(empty["dishes"], json!([]));
    assert_eq!(empty["neighbourhoods"].as_array().unwrap().len(), 5);
    app.stop().await;
}
