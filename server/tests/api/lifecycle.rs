//! One order's whole life over real HTTP, and the compensating paths.

use crate::support::{deliver, order_body, spawn_app, spawn_app_with, Session, TestApp};
use serde_json::{json, Value};

const HONGDAE: i64 = 1;

#[tokio::test]
async fn an_order_travels_its_whole_life_through_the_three_apps() {
    let app = spawn_app().await;
    let customer = app.sign_in("customer1@baedal.demo").await;
    let owner = app.sign_in("owner1@baedal.demo").await;
    let rider = app.sign_in("rider1@baedal.demo").await;

    let listed: Value = customer.ok("list_stores", json!({ "query": {} })).await;
    let stores = listed["stores"].as_array().unwrap();
    assert_eq!(stores.len(), 5);
    assert_eq!(stores[0]["id"], HONGDAE, "the nearest store comes first");
    assert!(stores[0]["distance_m"].as_u64().unwrap() < stores[4]["distance_m"].as_u64().unwrap());

    let menu: Value = customer.ok("store_menu", json!({ "store": HONGDAE })).await;
    let prices: Vec<i64> = menu["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["price"].as_i64().unwrap())
        .collect();
    let order = customer.place_order(HONGDAE).await;
    let view: Value = customer.ok("get_order", json!({ "order": order })).await;
    assert_eq!(
        view["order"]["status"], "paid",
        "the simulated provider authorises at once"
    );
    let fee = menu["store"]["delivery_fee"].as_i64().unwrap();
    assert_eq!(fee, 3_000);
    assert_eq!(
        view["order"]["subtotal"],
        prices[0] * 2 + prices[1],
        "priced from the menu on the server"
    );
    assert_eq!(view["order"]["total"], prices[0] * 2 + prices[1] + fee);

    let counter: Vec<Value> = owner.ok("store_orders", json!({})).await;
    assert!(
        counter.iter().any(|v| v["order"]["id"] == order),
        "the store sees the paid order"
    );

    let step = |who: &'static str, command: Value, expected: &'static str| (who, command, expected);
    let steps = [
        step(
            "owner",
            json!({ "type": "accept", "prep_minutes": 20 }),
            "accepted",
        ),
        step("owner", json!({ "type": "start_cooking" }), "cooking"),
        step(
            "owner",
            json!({ "type": "finish_cooking" }),
            "ready_for_pickup",
        ),
        step("rider", json!({ "type": "claim" }), "rider_assigned"),
        step("rider", json!({ "type": "pick_up" }), "picked_up"),
        step("rider", json!({ "type": "deliver" }), "delivered"),
        step(
            "customer",
            json!({ "type": "confirm_receipt" }),
            "completed",
        ),
    ];
    for (who, command, expected) in steps {
        let session = match who {
            "owner" => &owner,
            "rider" => &rider,
            _ => &customer,
        };
        if expected == "rider_assigned" {
            let board: Value = rider.ok("rider_board", json!({})).await;
            let offered = board["offered"].as_array().unwrap();
            let card = offered
                .iter()
                .find(|c| c["view"]["order"]["id"] == order)
                .expect("offered to the rider");
            assert!(
                card["to_store_m"].as_u64().unwrap() < 1_000,
                "rider1 is next to the store"
            );
        }
        let view = session
            .command(order, command)
            .await
            .unwrap_or_else(|f| panic!("{who}: {f:?}"));
        assert_eq!(view.order.status.as_str(), expected);
        assert_eq!(
            customer.status_of(order).await,
            expected,
            "the customer sees every step"
        );
    }

    let view: Value = customer.ok("get_order", json!({ "order": order })).await;
    let timeline: Vec<&str> = view["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["event"].as_str().unwrap())
        .collect();
    assert_eq!(
        timeline,
        [
            "placed",
            "payment_authorized",
            "accepted",
            "cooking_started",
            "cooking_finished",
            "rider_assigned",
            "picked_up",
            "delivered",
            "receipt_confirmed"
        ]
    );
    assert_eq!(view["rider_name"], "정우진");
    app.stop().await;
}

#[tokio::test]
async fn a_customer_cancels_before_cooking_but_not_after() {
    let app = spawn_app().await;
    let customer = app.sign_in("customer1@baedal.demo").await;
    let owner = app.sign_in("owner1@baedal.demo").await;

    let early = customer.place_order(HONGDAE).await;
    owner
        .command(early, json!({ "type": "accept", "prep_minutes": 10 }))
        .await
        .unwrap();
    let cancelled = customer
        .command(early, json!({ "type": "cancel" }))
        .await
        .unwrap();
    assert_eq!(cancelled.order.status.as_str(), "cancelled");
    let counter: Vec<Value> = owner.ok("store_orders", json!({})).await;
    assert!(
        !counter.iter().any(|v| v["order"]["id"] == early),
        "a cancelled order leaves the counter"
    );

    let late = customer.place_order(HONGDAE).await;
    owner
        .command(late, json!({ "type": "accept", "prep_minutes": 10 }))
        .await
        .unwrap();
    owner
        .command(late, json!({ "type": "start_cooking" }))
        .await
        .unwrap();
    let refused = customer
        .command(late, json!({ "type": "cancel" }))
        .await
        .unwrap_err();
    assert_eq!(refused.status, 409);
    assert_eq!(
        serde_json::to_value(&refused.error).unwrap(),
        json!({ "error": "refused", "reason": { "code": "cooking_started" } })
    );
    assert_eq!(
        customer.status_of(late).await,
        "cooking",
        "a refusal changes nothing"
    );
    app.stop().await;
}

#[tokio::test]
async fn a_rejection_reaches_the_customer_with_the_reason() {
    let app = spawn_app().await;
    let customer = app.sign_in("customer1@baedal.demo").await;
    let owner = app.sign_in("owner1@baedal.demo").await;
    let order = customer.place_order(HONGDAE).await;
    let rejected = owner
        .command(
            order,
            json!({ "type": "reject", "reason": "  재료가 소진되었습니다  " }),
        )
        .await
        .unwrap();
    assert_eq!(rejected.order.status.as_str(), "rejected");
    let view: Value = customer.ok("get_order", json!({ "order": order })).await;
    assert_eq!(view["order"]["reject_reason"], "재료가 소진되었습니다");
    let again = owner
        .command(order, json!({ "type": "accept", "prep_minutes": 10 }))
        .await
        .unwrap_err();
    assert_eq!(
        serde_json::to_value(&again.error).unwrap()["reason"]["code"],
        "order_closed"
    );

    let empty_reason = customer.place_order(HONGDAE).await;
    let refused = owner
        .command(empty_reason, json!({ "type": "reject", "reason": "   " }))
        .await
        .unwrap_err();
    assert_eq!(refused.status, 400, "an empty reason does not parse");
    app.stop().await;
}

#[tokio::test]
async fn placing_twice_with_one_key_makes_one_order() {
    let app = spawn_app().await;
    let customer = app.sign_in("customer3@baedal.demo").await;
    let menu: Value = customer.ok("store_menu", json!({ "store": 3 })).await;
    let lines = json!([{ "item": menu["items"][0]["id"], "quantity": 1 }]);
    let args = order_body(3, lines, "double-tap-0001");
    let attempts = (0..5).map(|_| customer.call::<i64>("place_order", args.clone()));
    let ids: Vec<i64> = futures::future::join_all(attempts)
        .await
        .into_iter()
        .map(|r| r.expect("placed"))
        .collect();
    assert!(ids.iter().all(|id| *id == ids[0]), "{ids:?}");
    let mine: Vec<Value> = customer.ok("my_orders", json!({})).await;
    assert_eq!(mine.len(), 1);
    app.stop().await;
}

#[tokio::test]
async fn bad_carts_are_refused_with_clear_errors() {
    let app = spawn_app().await;
    let customer = app.sign_in("customer1@baedal.demo").await;
    let other_menu: Value = customer.ok("store_menu", json!({ "store": 2 })).await;
    let foreign_item = &other_menu["items"][0]["id"];
    let cases = [
        (json!([{ "item": foreign_item, "quantity": 1 }]), 400),
        (json!([{ "item": 1, "quantity": 0 }]), 400),
        (json!([{ "item": 1, "quantity": -3 }]), 400),
        (json!([{ "item": 1, "quantity": 2, "price": 1 }]), 200),
        (json!([]), 409),
    ];
    for (i, (lines, expected)) in cases.into_iter().enumerate() {
        let args = order_body(1, lines, &format!("bad-cart-{i:04}"));
        let status = match customer.call::<i64>("place_order", args).await {
            Ok(order) => {
                let view: Value = customer.ok("get_order", json!({ "order": order })).await;
                let menu: Value = customer.ok("store_menu", json!({ "store": 1 })).await;
                let price = menu["items"][0]["price"].as_i64().unwrap();
                let fee = menu["store"]["delivery_fee"].as_i64().unwrap();
                assert_eq!(
                    view["order"]["total"],
                    price * 2 + fee,
                    "a client price is ignored"
                );
                200
            }
            Err(failure) => failure.status,
        };
        assert_eq!(status, expected, "case {i}");
    }
    let missing = customer
        .call::<i64>(
            "place_order",
            order_body(999, json!([{ "item": 1, "quantity": 1 }]), "missing-store"),
        )
        .await
        .unwrap_err();
    assert_eq!(missing.status, 404);
    app.stop().await;
}

/// An order of customer1's from 홍대, cooked and delivered by rider1: the
/// customer and the order.
async fn delivered_order(app: &TestApp) -> (Session, i64) {
    let customer = app.sign_in("customer1@baedal.demo").await;
    let owner = app.sign_in("owner1@baedal.demo").await;
    let rider = app.sign_in("rider1@baedal.demo").await;
    rider.on_duty_at(37.556, 126.923).await;
    let order = customer.place_order(HONGDAE).await;
    deliver(&owner, &rider, order).await;
    (customer, order)
}

#[tokio::test]
async fn a_delivered_order_nobody_confirms_completes_by_itself() {
    let app = spawn_app_with(&[("BAEDAL_AUTO_COMPLETE_MINUTES", "0".to_owned())]).await;
    let (customer, order) = delivered_order(&app).await;
    let mut status = customer.status_of(order).await;
    for _ in 0..100 {
        if status == "completed" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        status = customer.status_of(order).await;
    }
    assert_eq!(status, "completed");
    let view: Value = customer.ok("get_order", json!({ "order": order })).await;
    let last = view["order"]["status"].clone();
    let events: Vec<&str> = view["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| entry["event"].as_str().unwrap())
        .collect();
    assert_eq!(last, "completed");
    assert_eq!(events.last(), Some(&"auto_completed"));
    let profile: Value = customer.ok("my_profile", json!({})).await;
    assert_eq!(profile["completed_orders"], 1, "it counts for the grade");
    let review = json!({ "order": order, "stars": 5, "text": "잘 먹었습니다" });
    let written: Value = customer.ok("write_review", review).await;
    assert_eq!(written["stars"], 5, "and opens for a review");
    app.stop().await;
}

#[tokio::test]
async fn a_delivered_order_waits_for_its_time_before_completing() {
    let app = spawn_app().await;
    let (customer, order) = delivered_order(&app).await;
    // Longer than the timer's round, far shorter than the hour it waits.
    tokio::time::sleep(std::time::Duration::from_millis(1_500)).await;
    assert_eq!(customer.status_of(order).await, "delivered");
    app.stop().await;
}
