//! Concurrent commands on one order are serialised: one wins, the rest get a typed refusal.

use crate::support::spawn_app;
use serde_json::json;

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
