//! The live stream: authorised per subscriber, every visible change arrives.

use std::time::Duration;

use crate::support::spawn_app;
use serde_json::json;

const WAIT: Duration = Duration::from_secs(3);

#[tokio::test]
async fn each_subscriber_hears_only_the_changes_it_may_see() {
    let app = spawn_app().await;
    let customer = app.sign_in("customer1@baedal.demo").await;
    let stranger = app.sign_in("customer2@baedal.demo").await;
    let owner = app.sign_in("owner1@baedal.demo").await;
    let other_owner = app.sign_in("owner2@baedal.demo").await;

    let mut customer_live = customer.live().await;
    let mut stranger_live = stranger.live().await;
    let mut owner_live = owner.live().await;
    let mut other_owner_live = other_owner.live().await;
    for stream in [
        &mut customer_live,
        &mut stranger_live,
        &mut owner_live,
        &mut other_owner_live,
    ] {
        let hello = stream.next_within(WAIT).await.expect("a hello");
        assert_eq!(hello.event, "hello");
    }

    let order = customer.place_order(1).await;
    let placed = customer_live
        .next_change(WAIT)
        .await
        .expect("the customer hears the placement");
    assert_eq!(placed["order"], order);
    assert_eq!(placed["status"], "pending_payment");
    let paid = customer_live
        .next_change(WAIT)
        .await
        .expect("and the payment");
    assert_eq!(paid["status"], "paid");
    assert!(paid["event_id"].as_i64() > placed["event_id"].as_i64());

    let to_store = owner_live
        .next_change(WAIT)
        .await
        .expect("the store hears the paid order");
    assert_eq!(
        to_store["status"], "paid",
        "an unpaid order never reaches the store"
    );

    owner
        .command(order, json!({ "type": "accept", "prep_minutes": 15 }))
        .await
        .unwrap();
    assert_eq!(
        customer_live.next_change(WAIT).await.unwrap()["status"],
        "accepted"
    );
    assert_eq!(
        owner_live.next_change(WAIT).await.unwrap()["status"],
        "accepted"
    );

    let quiet = Duration::from_millis(500);
    assert!(
        stranger_live.next_change(quiet).await.is_none(),
        "another customer hears nothing"
    );
    assert!(
        other_owner_live.next_change(quiet).await.is_none(),
        "another store hears nothing"
    );
    app.stop().await;
}

#[tokio::test]
async fn the_stream_needs_a_session() {
    let app = spawn_app().await;
    let response = app
        .visitor()
        .client
        .get(format!("{}/api/live", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    app.stop().await;
}

#[tokio::test]
async fn a_reconnecting_client_gets_what_it_missed_once_and_in_order() {
    let app = spawn_app().await;
    let customer = app.sign_in("customer1@baedal.demo").await;
    let owner = app.sign_in("owner1@baedal.demo").await;
    let order = customer.place_order(1).await;

    let mut live = customer.live().await;
    owner
        .command(order, json!({ "type": "accept", "prep_minutes": 15 }))
        .await
        .unwrap();
    let accepted = live.next_change(WAIT).await.expect("the acceptance");
    assert_eq!(accepted["status"], "accepted");
    let last_seen = accepted["event_id"].as_i64().unwrap();
    drop(live);

    owner
        .command(order, json!({ "type": "start_cooking" }))
        .await
        .unwrap();
    owner
        .command(order, json!({ "type": "finish_cooking" }))
        .await
        .unwrap();

    let mut resumed = customer.live_after(Some(last_seen)).await;
    let first = resumed
        .next_change(WAIT)
        .await
        .expect("the first missed change");
    let second = resumed
        .next_change(WAIT)
        .await
        .expect("the second missed change");
    assert_eq!(
        (first["status"].as_str(), second["status"].as_str()),
        (Some("cooking"), Some("ready_for_pickup"))
    );
    assert!(last_seen < first["event_id"].as_i64().unwrap());
    assert!(first["event_id"].as_i64() < second["event_id"].as_i64());
    assert!(
        resumed
            .next_change(Duration::from_millis(500))
            .await
            .is_none(),
        "nothing twice"
    );

    let customer2 = app.sign_in("customer2@baedal.demo").await;
    let mut stranger = customer2.live_after(Some(0)).await;
    assert!(
        stranger
            .next_change(Duration::from_millis(500))
            .await
            .is_none(),
        "a backlog is authorised too"
    );
    app.stop().await;
}

#[tokio::test]
async fn a_client_resumes_across_a_server_restart() {
    let app = spawn_app().await;
    let customer = app.sign_in("customer1@baedal.demo").await;
    let owner = app.sign_in("owner1@baedal.demo").await;
    let order = customer.place_order(1).await;
    let mut live = customer.live_after(Some(0)).await;
    let mut last_seen = 0;
    while let Some(change) = live.next_change(Duration::from_millis(500)).await {
        last_seen = change["event_id"].as_i64().unwrap();
    }
    assert!(
        last_seen > 0,
        "the backlog from the start holds the placement and the payment"
    );
    drop(live);
    owner
        .command(order, json!({ "type": "accept", "prep_minutes": 15 }))
        .await
        .unwrap();

    let app = app.restart().await;
    let customer = app.sign_in("customer1@baedal.demo").await;
    let mut resumed = customer.live_after(Some(last_seen)).await;
    let missed = resumed
        .next_change(WAIT)
        .await
        .expect("the change made before the restart");
    assert_eq!(missed["status"], "accepted");
    assert_eq!(missed["order"], order);
    app.stop().await;
}

#[tokio::test]
async fn riders_hear_only_of_offers_near_them_and_of_their_own_deliveries() {
    let app = spawn_app().await;
    let customer = app.sign_in("customer1@baedal.demo").await;
    let owner = app.sign_in("owner1@baedal.demo").await;
    let near = app.sign_in("rider1@baedal.demo").await;
    let far = app.sign_in("rider2@baedal.demo").await;
    let order = customer.place_order(1).await;
    for command in [
        json!({ "type": "accept", "prep_minutes": 10 }),
        json!({ "type": "start_cooking" }),
    ] {
        owner.command(order, command).await.unwrap();
    }
    let mut near_live = near.live().await;
    let mut far_live = far.live().await;
    owner
        .command(order, json!({ "type": "finish_cooking" }))
        .await
        .unwrap();
    let offer = near_live
        .next_change(WAIT)
        .await
        .expect("the rider next to the store hears of the offer");
    assert_eq!(offer["status"], "ready_for_pickup");
    assert!(
        far_live
            .next_change(Duration::from_millis(500))
            .await
            .is_none(),
        "a rider in 강남 does not hear of a delivery in 홍대"
    );

    near.command(order, json!({ "type": "claim" }))
        .await
        .unwrap();
    near.command(order, json!({ "type": "pick_up" }))
        .await
        .unwrap();
    let statuses = [
        near_live.next_change(WAIT).await.unwrap()["status"].clone(),
        near_live.next_change(WAIT).await.unwrap()["status"].clone(),
    ];
    assert_eq!(statuses, [json!("rider_assigned"), json!("picked_up")]);

    // The backlog on reconnect is filtered the same way.
    let mut far_again = far.live_after(Some(0)).await;
    assert!(far_again
        .next_change(Duration::from_millis(500))
        .await
        .is_none());
    app.stop().await;
}
