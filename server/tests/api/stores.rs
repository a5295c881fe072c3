//! The store owner's rules, over HTTP: dishes with option groups added and
//! edited, sold-out marks and settings only for their own stores,
//! auto-accept, and the counter's dashboard.

use serde_json::{json, Value};

use crate::support::{order_body, spawn_app};

const HONGDAE: i64 = 1;
const GANGNAM: i64 = 2;

fn lunch_special(id: Value, price: i64) -> Value {
    json!({
        "id": id,
        "name": "점심 특선",
        "description": "오늘의 찌개와 반찬",
        "price": price,
        "options": [
            { "name": "밥", "min": 1, "max": 1, "options": [
                { "name": "흰밥", "price_delta": 0 }, { "name": "곱빼기", "price_delta": 1000 }
            ] },
            { "name": "추가", "min": 0, "max": 2, "options": [
                { "name": "계란후라이", "price_delta": 1000 }, { "name": "김", "price_delta": 500 }
            ] },
        ],
    })
}

#[tokio::test]
async fn an_owner_adds_and_edits_a_dish_with_options_that_customers_order() {
    let app = spawn_app().await;
    let owner = app.sign_in("owner1@baedal.demo").await;
    let other_owner = app.sign_in("owner2@baedal.demo").await;
    let customer = app.sign_in("customer1@baedal.demo").await;

    let added: Value = owner
        .ok(
            "save_dish",
            json!({ "store": HONGDAE, "dish": lunch_special(Value::Null, 12_000) }),
        )
        .await;
    assert_eq!(added["options"].as_array().unwrap().len(), 2);
    let menu: Value = customer.ok("store_menu", json!({ "store": HONGDAE })).await;
    let last = menu["items"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["name"], "점심 특선", "a new dish goes last");
    let large = last["options"][0]["options"][1]["id"].clone();
    let lines = json!([{ "item": last["id"], "quantity": 1, "options": [large] }]);
    let order: i64 = customer
        .ok("place_order", order_body(HONGDAE, lines, "special-1"))
        .await;
    let view: Value = customer.ok("get_order", json!({ "order": order })).await;
    assert_eq!(view["order"]["lines"][0]["unit_price"], 13_000);

    let edited: Value = owner
        .ok(
            "save_dish",
            json!({ "store": HONGDAE, "dish": lunch_special(added["id"].clone(), 13_000) }),
        )
        .await;
    assert_eq!(
        (edited["id"].clone(), edited["price"].clone()),
        (added["id"].clone(), json!(13_000))
    );
    let view: Value = customer.ok("get_order", json!({ "order": order })).await;
    assert_eq!(
        view["order"]["lines"][0]["unit_price"], 13_000,
        "a placed order keeps its price"
    );

    let foreign = other_owner
        .call::<Value>(
            "save_dish",
            json!({ "store": HONGDAE, "dish": lunch_special(added["id"].clone(), 1) }),
        )
        .await
        .unwrap_err();
    assert_eq!(
        foreign.status, 404,
        "another owner's store does not exist for them"
    );
    let moved = other_owner
        .call::<Value>(
            "save_dish",
            json!({ "store": GANGNAM, "dish": lunch_special(added["id"].clone(), 1) }),
        )
        .await
        .unwrap_err();
    assert_eq!(
        moved.status, 404,
        "a dish of another store cannot be edited through one's own"
    );
    let mut bad = lunch_special(Value::Null, 12_000);
    bad["options"][0]["max"] = json!(3);
    let refused = owner
        .call::<Value>("save_dish", json!({ "store": HONGDAE, "dish": bad }))
        .await
        .unwrap_err();
    assert_eq!(
        (
            refused.status,
            serde_json::to_value(&refused.error).unwrap()["field"].clone()
        ),
        (400, json!("group_choices"))
    );
    let negative = owner
        .call::<Value>(
            "save_dish",
            json!({ "store": HONGDAE, "dish": lunch_special(Value::Null, -1) }),
        )
        .await
        .unwrap_err();
    assert_eq!(negative.status, 400);
    app.stop().await;
}

#[tokio::test]
async fn owners_change_only_their_own_stores_and_dishes() {
    let app = spawn_app().await;
    let owner = app.sign_in("owner1@baedal.demo").await;
    let other_owner = app.sign_in("owner2@baedal.demo").await;
    let menu: Value = owner.ok("store_menu", json!({ "store": HONGDAE })).await;
    let dish = menu["items"][0]["id"].clone();
    let not_theirs = other_owner
        .call::<Value>(
            "set_sold_out",
            json!({ "store": GANGNAM, "item": dish, "sold_out": true }),
        )
        .await
        .unwrap_err();
    assert_eq!(not_theirs.status, 404);
    let dashboard: Value = owner
        .ok("store_dashboard", json!({ "store": HONGDAE }))
        .await;
    let settings = dashboard["settings"].clone();
    assert_eq!(
        other_owner
            .call::<Value>(
                "update_store",
                json!({ "store": HONGDAE, "settings": settings })
            )
            .await
            .unwrap_err()
            .status,
        404
    );
    let menu: Value = owner.ok("store_menu", json!({ "store": HONGDAE })).await;
    assert_eq!(menu["items"][0]["sold_out"], false, "nothing changed");
    let mut bad = settings.clone();
    bad["hours"] = json!({ "opens": 1440, "closes": 0 });
    assert_eq!(
        owner
            .call::<Value>("update_store", json!({ "store": HONGDAE, "settings": bad }))
            .await
            .unwrap_err()
            .status,
        400
    );
    app.stop().await;
}

#[tokio::test]
async fn a_store_that_accepts_automatically_accepts_each_paid_order_at_once() {
    let app = spawn_app().await;
    let owner = app.sign_in("owner1@baedal.demo").await;
    let customer = app.sign_in("customer1@baedal.demo").await;
    let dashboard: Value = owner
        .ok("store_dashboard", json!({ "store": HONGDAE }))
        .await;
    let mut settings = dashboard["settings"].clone();
    settings["auto_accept"] = json!(25);
    let _: Value = owner
        .ok(
            "update_store",
            json!({ "store": HONGDAE, "settings": settings }),
        )
        .await;

    let order = customer.place_order(HONGDAE).await;
    let view: Value = customer.ok("get_order", json!({ "order": order })).await;
    assert_eq!(view["order"]["status"], "accepted");
    let placed = view["order"]["placed_at"].as_i64().unwrap();
    let ready = view["order"]["ready_at"].as_i64().unwrap();
    assert!(
        (25 * 60_000..26 * 60_000).contains(&(ready - placed)),
        "{view}"
    );
    let events: Vec<&str> = view["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["event"].as_str().unwrap())
        .collect();
    assert_eq!(events, ["placed", "payment_authorized", "accepted"]);

    let other = app.sign_in("customer2@baedal.demo").await;
    let elsewhere = other.place_order(GANGNAM).await;
    assert_eq!(
        other.status_of(elsewhere).await,
        "paid",
        "other stores still decide themselves"
    );
    app.stop().await;
}

#[tokio::test]
async fn the_dashboard_counts_the_day_ranks_the_week_and_shows_reviews() {
    let app = spawn_app().await;
    let owner = app.sign_in("owner1@baedal.demo").await;
    let customer = app.sign_in("customer1@baedal.demo").await;
    let rider = app.sign_in("rider1@baedal.demo").await;
    let order = customer.place_order(HONGDAE).await;
    crate::support::deliver(&owner, &rider, order).await;
    let counter: Vec<Value> = owner.ok("store_orders", json!({})).await;
    assert!(
        counter.iter().all(|view| view["order"]["id"] != order),
        "a delivered order leaves the counter"
    );
    customer
        .command(order, json!({ "type": "confirm_receipt" }))
        .await
        .unwrap();
    let _: Value = customer
        .ok(
            "write_review",
            json!({ "order": order, "stars": 5, "text": "최고" }),
        )
        .await;
    let cancelled = customer.place_order(HONGDAE).await;
    customer
        .command(cancelled, json!({ "type": "cancel" }))
        .await
        .unwrap();

    let view: Value = customer.ok("get_order", json!({ "order": order })).await;
    let dashboard: Value = owner
        .ok("store_dashboard", json!({ "store": HONGDAE }))
        .await;
    let today = &dashboard["today"];
    assert_eq!(
        (
            today["orders"].clone(),
            today["delivered"].clone(),
            today["cancelled"].clone()
        ),
        (json!(2), json!(1), json!(1))
    );
    assert_eq!(today["revenue"], view["order"]["total"]);
    let top: Vec<&str> = dashboard["top_dishes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        top,
        ["김치찌개", "된장찌개"],
        "two of the first, one of the second"
    );
    assert_eq!(dashboard["reviews"][0]["stars"], 5);
    assert_eq!(dashboard["store"]["rating"]["count"], 1);
    app.stop().await;
}
