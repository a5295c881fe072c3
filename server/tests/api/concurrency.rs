//! Concurrent commands on one order are serialised: one wins, the rest get a typed refusal.

use crate::support::{order_body, spawn_app, spawn_app_with};
use serde_json::{json, Value};

#[tokio::test]
async fn of_three_riders_claiming_at_once_exactly_one_wins() {
    let app = spawn_app().await;
    let customer = app.sign_in("customer1@baedal.demo").await;
    let owner = app.sign_in("owner1@baedal.demo").await;
    let riders = [
        app.sign_in("rider1@baedal.demo").await,
        app.sign_in("rider2@baedal.demo").await,
        app.sign_in("rider3@baedal.demo").await,
    ];
    // All three near the 홍대 kitchen, where the deliveries are offered.
    for rider in &riders {
        rider.on_duty_at(37.556, 126.923).await;
    }
    for _ in 0..5 {
        let order = customer.place_order(1).await;
        for command in [
            json!({ "type": "accept", "prep_minutes": 10 }),
            json!({ "type": "start_cooking" }),
            json!({ "type": "finish_cooking" }),
        ] {
            owner.command(order, command).await.unwrap();
        }
        let claims = riders
            .iter()
            .map(|rider| rider.command(order, json!({ "type": "claim" })));
        let outcomes = futures::future::join_all(claims).await;
        let winners = outcomes.iter().filter(|o| o.is_ok()).count();
        assert_eq!(winners, 1, "{outcomes:?}");
        for loser in outcomes.iter().filter_map(|o| o.as_ref().err()) {
            assert_eq!(loser.status, 409);
            let code = serde_json::to_value(&loser.error).unwrap()["reason"]["code"].clone();
            assert_eq!(code, "already_claimed");
        }
    }
    app.stop().await;
}

#[tokio::test]
async fn cancel_racing_start_cooking_lets_exactly_one_through() {
    let app = spawn_app().await;
    let customer = app.sign_in("customer1@baedal.demo").await;
    let owner = app.sign_in("owner1@baedal.demo").await;
    for _ in 0..5 {
        let order = customer.place_order(1).await;
        owner
            .command(order, json!({ "type": "accept", "prep_minutes": 10 }))
            .await
            .unwrap();
        let (cancel, cook) = tokio::join!(
            customer.command(order, json!({ "type": "cancel" })),
            owner.command(order, json!({ "type": "start_cooking" })),
        );
        assert!(
            cancel.is_ok() != cook.is_ok(),
            "exactly one wins: {cancel:?} / {cook:?}"
        );
        let status = customer.status_of(order).await;
        assert_eq!(
            status,
            if cancel.is_ok() {
                "cancelled"
            } else {
                "cooking"
            }
        );
    }
    app.stop().await;
}

#[tokio::test]
async fn a_full_write_queue_answers_busy_and_places_nothing() {
    let app = spawn_app_with(&[
        ("BAEDAL_WRITE_QUEUE", "1".to_owned()),
        ("BAEDAL_WRITE_BATCH", "1".to_owned()),
    ])
    .await;
    let customer = app.sign_in("customer1@baedal.demo").await;
    let menu: Value = customer.ok("store_menu", json!({ "store": 1 })).await;
    let lines = json!([
        { "item": menu["items"][0]["id"], "quantity": 2 },
        { "item": menu["items"][1]["id"], "quantity": 1 },
    ]);
    let attempts = (0..40).map(|n| {
        let request = customer
            .client
            .post(format!("{}/api/place_order", customer.base))
            .json(&order_body(1, lines.clone(), &format!("busy-test-{n}")));
        async move { request.send().await.expect("the server answers") }
    });
    let mut placed = 0;
    let mut busy = 0;
    for response in futures::future::join_all(attempts).await {
        match response.status().as_u16() {
            200 => placed += 1,
            503 => {
                let retry_after = response.headers().get("retry-after").cloned();
                let body: Value = response.json().await.unwrap();
                assert_eq!(body["error"], "busy", "{body}");
                assert_eq!(retry_after.unwrap(), "1");
                busy += 1;
            }
            other => panic!("placing answered {other}"),
        }
    }
    assert!(busy > 0, "a queue of one turns some away");
    assert!(placed > 0, "and takes the others");
    let orders: Vec<Value> = customer.ok("my_orders", json!({})).await;
    assert_eq!(orders.len(), placed, "a busy answer placed nothing");
    app.stop().await;
}
