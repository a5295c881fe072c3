//! The live stream: authorised per subscriber, every visible change arrives.

mod support;

use std::time::Duration;

use serde_json::json;
use support::spawn_app;

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
