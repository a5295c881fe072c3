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

#[tokio::test]
async fn an_offer_reaches_a_rider_who_moved_into_range() {
    let app = spawn_app().await;
    let customer = app.sign_in("customer1@baedal.demo").await;
    let owner = app.sign_in("owner1@baedal.demo").await;
    let stranger = app.sign_in("customer2@baedal.demo").await;
    let rider = app.sign_in("rider2@baedal.demo").await;
    let mut rider_live = rider.live().await;
    let mut stranger_live = stranger.live().await;

    let first = customer.place_order(1).await;
    ready_for_pickup(&owner, first).await;
    assert!(
        rider_live
            .next_change(Duration::from_millis(500))
            .await
            .is_none(),
        "a rider at their base in 강남 hears nothing of 홍대"
    );

    let menu: serde_json::Value = customer.ok("store_menu", json!({ "store": 1 })).await;
    let store = &menu["store"]["place"]["location"];
    rider
        .on_duty_at(store[0].as_f64().unwrap(), store[1].as_f64().unwrap())
        .await;
    let second = customer.place_order(1).await;
    ready_for_pickup(&owner, second).await;
    let offer = rider_live
        .next_change(WAIT)
        .await
        .expect("the rider who rode to 홍대 hears of the next offer");
    assert_eq!(offer["order"], second);
    assert_eq!(offer["status"], "ready_for_pickup");
    assert!(
        stranger_live
            .next_change(Duration::from_millis(500))
            .await
            .is_none(),
        "another customer hears of neither order"
    );
    app.stop().await;
}

async fn ready_for_pickup(owner: &crate::support::Session, order: i64) {
    for command in [
        json!({ "type": "accept", "prep_minutes": 10 }),
        json!({ "type": "start_cooking" }),
        json!({ "type": "finish_cooking" }),
    ] {
        owner.command(order, command).await.unwrap();
    }
}

/// A stream whose client reads nothing, over a socket with small buffers
/// (a small window and a small segment size), so that what the server
/// sends piles up after a few hundred events.
struct StalledStream {
    socket: tokio::net::TcpStream,
}

impl StalledStream {
    async fn open(base: &str, cookie: &str) -> StalledStream {
        use socket2::{Domain, Socket, Type};
        use tokio::io::AsyncWriteExt;
        let addr: std::net::SocketAddr = base.trim_start_matches("http://").parse().unwrap();
        let socket = Socket::new(Domain::IPV4, Type::STREAM, None).unwrap();
        socket.set_recv_buffer_size(2048).unwrap();
        socket.set_tcp_mss(536).unwrap();
        socket.connect(&addr.into()).unwrap();
        socket.set_nonblocking(true).unwrap();
        let mut socket = tokio::net::TcpStream::from_std(socket.into()).unwrap();
        let request = format!(
            "GET /api/live HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\nCookie: {cookie}\r\n\r\n"
        );
        socket.write_all(request.as_bytes()).await.unwrap();
        StalledStream { socket }
    }

    /// Reads what the server sent until the end of the response (the last
    /// chunk), and returns the id of the last change in it.
    async fn last_change_before_the_end(mut self) -> i64 {
        use tokio::io::AsyncReadExt;
        let mut received = Vec::new();
        let ended = tokio::time::timeout(Duration::from_secs(10), async {
            let mut chunk = [0u8; 4096];
            while !received.ends_with(b"\r\n0\r\n\r\n") {
                match self.socket.read(&mut chunk).await {
                    Ok(0) | Err(_) => return,
                    Ok(read) => received.extend_from_slice(&chunk[..read]),
                }
            }
        })
        .await;
        assert!(
            ended.is_ok() && received.ends_with(b"\r\n0\r\n\r\n"),
            "the server ends the stream of a client that does not keep up"
        );
        let text = String::from_utf8_lossy(&received);
        text.lines()
            .rev()
            .filter_map(|line| line.strip_prefix("id: "))
            .find_map(|id| id.trim().parse().ok())
            .expect("some changes arrived before the stream was closed")
    }
}

/// The session cookie a fresh sign-in of `email` gets.
async fn session_cookie(app: &crate::support::TestApp, email: &str) -> String {
    let response = reqwest::Client::new()
        .post(format!("{}/api/sign_in", app.base))
        .form(&[("email", email), ("password", server::seed::DEMO_PASSWORD)])
        .send()
        .await
        .unwrap();
    let set_cookie = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find(|value| value.starts_with("baedal_session="))
        .expect("a session cookie")
        .to_owned();
    set_cookie.split(';').next().unwrap().to_owned()
}

async fn slow_streams_dropped(app: &crate::support::TestApp) -> u64 {
    let text = reqwest::get(format!("{}/metrics", app.base))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    text.lines()
        .find_map(|line| line.strip_prefix("baedal_live_streams_dropped_slow_total "))
        .and_then(|value| value.trim().parse().ok())
        .unwrap_or(0)
}

#[tokio::test]
async fn a_slow_client_is_dropped_without_slowing_a_fast_one_and_resumes_with_what_it_missed() {
    let app = crate::support::spawn_app_with(&[("BAEDAL_LIVE_STREAM_QUEUE", "4".into())]).await;
    let customer = app.sign_in("customer1@baedal.demo").await;
    let stalled = StalledStream::open(
        &app.base,
        &session_cookie(&app, "customer1@baedal.demo").await,
    )
    .await;
    let mut fast = customer.live().await;
    assert_eq!(fast.next_within(WAIT).await.unwrap().event, "hello");

    // Orders until the stalled stream is dropped, then a few more that
    // it can only learn of by resuming.
    let mut heard = Vec::new();
    let mut after_drop = None;
    for round in 0..400 {
        let order = customer.place_order(1).await;
        for expected in ["pending_payment", "paid"] {
            let change = fast.next_change(WAIT).await.unwrap_or_else(|| {
                panic!("the fast stream hears order {order} get {expected} in time")
            });
            assert_eq!(
                (change["order"].as_i64(), change["status"].as_str()),
                (Some(order), Some(expected))
            );
            heard.push(change["event_id"].as_i64().unwrap());
        }
        if after_drop.is_none() && slow_streams_dropped(&app).await > 0 {
            after_drop = Some(round);
        }
        if after_drop.is_some_and(|dropped| round >= dropped + 3) {
            break;
        }
    }
    assert!(
        after_drop.is_some(),
        "the stalled stream was closed as slow"
    );

    let last_seen = stalled.last_change_before_the_end().await;
    let mut resumed = customer.live_after(Some(last_seen)).await;
    let mut replayed = Vec::new();
    while let Some(change) = resumed.next_change(Duration::from_millis(700)).await {
        replayed.push(change["event_id"].as_i64().unwrap());
    }
    let missed: Vec<i64> = heard.into_iter().filter(|id| *id > last_seen).collect();
    assert!(!missed.is_empty());
    assert_eq!(replayed, missed, "every missed change once, in order");
    app.stop().await;
}

#[tokio::test]
async fn a_client_that_heard_no_change_yet_resumes_from_its_hello() {
    let app = spawn_app().await;
    let customer = app.sign_in("customer1@baedal.demo").await;
    let owner = app.sign_in("owner1@baedal.demo").await;
    let order = customer.place_order(1).await;

    let mut live = customer.live().await;
    let hello = live.next_within(WAIT).await.expect("a hello");
    assert_eq!(hello.event, "hello");
    let resume_from: i64 = hello
        .id
        .expect("a fresh stream's hello carries the newest event id")
        .parse()
        .unwrap();
    assert!(
        live.next_change(Duration::from_millis(300)).await.is_none(),
        "the changes before the hello are not sent again"
    );
    drop(live);

    owner
        .command(order, json!({ "type": "accept", "prep_minutes": 15 }))
        .await
        .unwrap();
    let mut resumed = customer.live_after(Some(resume_from)).await;
    let missed = resumed
        .next_change(WAIT)
        .await
        .expect("the change made while the connection was down");
    assert_eq!(
        (missed["order"].as_i64(), missed["status"].as_str()),
        (Some(order), Some("accepted"))
    );
    assert!(resumed
        .next_change(Duration::from_millis(300))
        .await
        .is_none());
    app.stop().await;
}
