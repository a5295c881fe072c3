//! Several server instances on one PostgreSQL database, as behind the
//! gateway: each browser talks to the instance it is pinned to, and the
//! promises of one instance hold across them. These run on PostgreSQL
//! whatever engine the rest of the suite runs on: a SQLite file is one
//! instance's alone.

#[path = "../api/support/mod.rs"]
mod support;

use std::time::Duration;

use futures::future::join_all;
use serde_json::{json, Value};

use support::{order_body, rand_key, spawn_instances, Session, Sse, TestApp};

const HONGDAE: i64 = 1;
const WAIT: Duration = Duration::from_secs(5);

/// Places an order at 홍대 and has its owner cook it: ready for pickup.
async fn ready_order(customer: &Session, owner: &Session) -> i64 {
    let order = customer.place_order(HONGDAE).await;
    for command in [
        json!({ "type": "accept", "prep_minutes": 10 }),
        json!({ "type": "start_cooking" }),
        json!({ "type": "finish_cooking" }),
    ] {
        owner
            .command(order, command)
            .await
            .expect("the store cooks it");
    }
    order
}

/// `count` riders in 홍대, created by the operator, each signed in on the
/// instance its turn gives.
async fn riders_across(instances: &[TestApp], count: usize) -> Vec<Session> {
    let operator = instances[0].sign_in("admin@baedal.demo").await;
    let mut riders = Vec::with_capacity(count);
    for n in 0..count {
        let email = format!("racer{n}@example.com");
        let _: i64 = operator
            .ok(
                "create_account",
                json!({
                    "role": "rider",
                    "account": {
                        "email": email,
                        "name": format!("라이더 {n}"),
                        "password": "blue-kimchi-bicycle-42",
                        "area": "hongdae",
                        "address": "서울 마포구 홍익로 10",
                    },
                    "store": null,
                }),
            )
            .await;
        let instance = &instances[n % instances.len()];
        riders.push(
            instance
                .sign_in_with(&email, "blue-kimchi-bicycle-42")
                .await,
        );
    }
    riders
}

async fn stop(instances: Vec<TestApp>) {
    for instance in instances {
        instance.stop().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twenty_riders_on_three_instances_claim_one_delivery_a_hundred_times_one_wins_each_time() {
    let instances = spawn_instances(3).await;
    let customer = instances[0].sign_in("customer1@baedal.demo").await;
    let owner = instances[1].sign_in("owner1@baedal.demo").await;
    let riders = riders_across(&instances, 20).await;
    for round in 0..100 {
        let order = ready_order(&customer, &owner).await;
        let claims = riders
            .iter()
            .map(|rider| rider.command(order, json!({ "type": "claim" })));
        let outcomes = join_all(claims).await;
        let mut winners = 0;
        for outcome in outcomes {
            match outcome {
                Ok(view) => {
                    winners += 1;
                    assert_eq!(view.order.status, domain::OrderStatus::RiderAssigned);
                }
                Err(failure) => assert_eq!(
                    serde_json::to_value(&failure.error).unwrap(),
                    json!({ "error": "refused", "reason": { "code": "already_claimed" } }),
                    "round {round}: {failure:?}"
                ),
            }
        }
        assert_eq!(winners, 1, "round {round}: exactly one rider wins");
        assert_eq!(customer.status_of(order).await, "rider_assigned");
    }
    stop(instances).await;
}

async fn place_with_coupon(
    customer: &Session,
    lines: &Value,
    code: &Value,
) -> Result<i64, support::Failure> {
    let mut body = order_body(HONGDAE, lines.clone(), &format!("coupon-{}", rand_key()));
    body["request"]["coupon"] = code.clone();
    customer.call("place_order", body).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_last_coupon_goes_to_one_of_two_customers_on_two_instances() {
    let instances = spawn_instances(3).await;
    let owner = instances[0].sign_in("owner1@baedal.demo").await;
    let first = instances[1].sign_in("customer1@baedal.demo").await;
    let second = instances[2]
        .sign_up_neighbour("neighbour@baedal.test")
        .await;
    let menu: Value = first.ok("store_menu", json!({ "store": HONGDAE })).await;
    let lines = json!([{ "item": menu["items"][0]["id"], "quantity": 2 }]);
    for round in 0..10 {
        let issued: Value = owner
            .ok(
                "issue_coupon",
                json!({ "store": HONGDAE, "discount": { "kind": "fixed", "amount": 2000 },
                        "min_order": 12000, "valid_days": 1, "quantity": 1 }),
            )
            .await;
        let code = &issued["code"];
        let (a, b) = tokio::join!(
            place_with_coupon(&first, &lines, code),
            place_with_coupon(&second, &lines, code)
        );
        let won = [a.is_ok(), b.is_ok()].iter().filter(|ok| **ok).count();
        assert_eq!(won, 1, "round {round}: {a:?} {b:?}");
        let lost = a.err().or(b.err()).unwrap();
        assert_eq!(
            serde_json::to_value(&lost.error).unwrap()["reason"]["problem"],
            "all_taken"
        );
    }
    stop(instances).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancel_on_one_instance_against_start_cooking_on_another_ends_one_way() {
    let instances = spawn_instances(2).await;
    let customer = instances[0].sign_in("customer1@baedal.demo").await;
    let owner = instances[1].sign_in("owner1@baedal.demo").await;
    for round in 0..20 {
        let order = customer.place_order(HONGDAE).await;
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
            "round {round}: exactly one wins: {cancel:?} / {cook:?}"
        );
        let expected = if cancel.is_ok() {
            "cancelled"
        } else {
            "cooking"
        };
        assert_eq!(customer.status_of(order).await, expected);
        assert_eq!(customer.on(&instances[1]).status_of(order).await, expected);
    }
    stop(instances).await;
}

/// The changes a stream hears within `wait` of each other: (event id,
/// order, status).
async fn changes(stream: &mut support::LiveStream, count: usize) -> Vec<(i64, i64, String)> {
    let mut heard = Vec::with_capacity(count);
    while heard.len() < count {
        let change = stream
            .next_change(WAIT)
            .await
            .unwrap_or_else(|| panic!("heard only {heard:?} of {count} changes"));
        heard.push((
            change["event_id"].as_i64().unwrap(),
            change["order"].as_i64().unwrap(),
            change["status"].as_str().unwrap().to_owned(),
        ));
    }
    heard
}

/// The next event of `kind` on `stream`, skipping others.
async fn next_of(stream: &mut support::LiveStream, kind: &str) -> Sse {
    loop {
        let event = stream
            .next_within(WAIT)
            .await
            .unwrap_or_else(|| panic!("no {kind} event in time"));
        if event.event == kind {
            return event;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_committed_on_one_instance_reaches_streams_on_the_others_in_order() {
    let instances = spawn_instances(3).await;
    let customer = instances[0].sign_in("customer1@baedal.demo").await;
    let owner = instances[1].sign_in("owner1@baedal.demo").await;
    let rider = instances[2].sign_in("rider1@baedal.demo").await;
    let mut customer_live = customer.on(&instances[1]).live().await;
    let mut owner_live = owner.on(&instances[2]).live().await;
    let mut rider_live = rider.on(&instances[0]).live().await;
    for stream in [&mut customer_live, &mut owner_live, &mut rider_live] {
        assert_eq!(next_of(stream, "hello").await.event, "hello");
    }

    // Placed and paid on instance 0, cooked on 1, claimed on 2.
    let order = ready_order(&customer, &owner).await;
    rider
        .command(order, json!({ "type": "claim" }))
        .await
        .expect("the rider claims it");
    let customer_heard = changes(&mut customer_live, 6).await;
    let statuses: Vec<&str> = customer_heard.iter().map(|c| c.2.as_str()).collect();
    assert_eq!(
        statuses,
        [
            "pending_payment",
            "paid",
            "accepted",
            "cooking",
            "ready_for_pickup",
            "rider_assigned"
        ]
    );
    assert!(
        customer_heard.windows(2).all(|w| w[0].0 < w[1].0),
        "in the log's order: {customer_heard:?}"
    );
    let owner_heard = changes(&mut owner_live, 5).await;
    assert_eq!(
        owner_heard,
        customer_heard[1..],
        "the store hears the same events, with the same ids, from the payment on"
    );
    let rider_heard = changes(&mut rider_live, 2).await;
    assert_eq!(rider_heard, customer_heard[4..], "the offer and the claim");

    // The rider's position, sent to instance 2, reaches the customer's
    // screen on instance 1; so does an in-app notice written by whichever
    // instance's dispatcher sent it.
    rider
        .command(order, json!({ "type": "pick_up" }))
        .await
        .expect("the rider picks it up");
    rider.on_duty_at(37.5570, 126.9240).await;
    let () = rider
        .ok(
            "report_position",
            json!({ "position": [37.5575, 126.9245] }),
        )
        .await;
    let (mut moved, mut noticed) = (false, false);
    while !(moved && noticed) {
        let event = customer_live
            .next_within(WAIT)
            .await
            .unwrap_or_else(|| panic!("the rider moved: {moved}, a notice came: {noticed}"));
        moved |= event.event == "rider" && event.data == order.to_string();
        noticed |= event.event == "notice" && event.data.contains(&format!("/orders/{order}"));
    }
    stop(instances).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stream_resumes_on_another_instance_from_its_last_event_id() {
    let instances = spawn_instances(2).await;
    let customer = instances[0].sign_in("customer1@baedal.demo").await;
    let owner = instances[0].sign_in("owner1@baedal.demo").await;
    let order = customer.place_order(HONGDAE).await;
    let mut live = customer.live_after(Some(0)).await;
    let before = changes(&mut live, 2).await;
    let last_seen = before[1].0;
    drop(live);

    for command in [
        json!({ "type": "accept", "prep_minutes": 10 }),
        json!({ "type": "start_cooking" }),
    ] {
        owner.command(order, command).await.unwrap();
    }
    let mut resumed = customer.on(&instances[1]).live_after(Some(last_seen)).await;
    let missed = changes(&mut resumed, 2).await;
    assert_eq!(
        missed.iter().map(|c| c.2.as_str()).collect::<Vec<_>>(),
        ["accepted", "cooking"]
    );
    assert!(missed[0].0 > last_seen && missed[1].0 > missed[0].0);
    owner
        .command(order, json!({ "type": "finish_cooking" }))
        .await
        .unwrap();
    let next = changes(&mut resumed, 1).await;
    assert_eq!(next[0].2, "ready_for_pickup");
    assert!(
        resumed
            .next_change(Duration::from_millis(700))
            .await
            .is_none(),
        "nothing twice"
    );
    stop(instances).await;
}

/// The page at `path` as `session` gets it, once `shows` holds of it;
/// fails when it does not within [`WAIT`].
async fn page_showing(session: &Session, path: &str, shows: impl Fn(&str) -> bool) -> String {
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let page = session.text_of(path).await;
        if shows(&page) {
            return page;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "{path} on {} did not change within {WAIT:?}",
            session.base
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Each instance keeps what a signed-in visitor's pages read of them (for
/// up to a minute), and forgets it when it hears of a change made on
/// another instance: a saved address, a coupon issued, a coupon used, a
/// session ended.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_visitors_pages_on_one_instance_follow_what_changes_on_another() {
    let instances = spawn_instances(2).await;
    let customer = instances[0].sign_in("customer1@baedal.demo").await;
    let there = customer.on(&instances[1]);
    let owner = instances[0].sign_in("owner1@baedal.demo").await;
    let signed_in = |page: &str| page.contains("customer1@baedal.demo");
    page_showing(&there, "/", signed_in).await;
    let before_coupon = page_showing(&there, "/stores/1", signed_in).await;

    let _: Value = customer
        .ok(
            "save_address",
            json!({ "label": "옆 인스턴스", "address": "서울 마포구 양화로 45", "position": null, "area": "hongdae" }),
        )
        .await;
    page_showing(&there, "/", |page| page.contains("옆 인스턴스")).await;

    let issued: Value = owner
        .ok(
            "issue_coupon",
            json!({ "store": HONGDAE, "discount": { "kind": "fixed", "amount": 1000 },
                    "min_order": 12000, "valid_days": 1, "quantity": 10 }),
        )
        .await;
    let code = issued["code"].as_str().unwrap().to_owned();
    assert!(!before_coupon.contains(&code));
    page_showing(&there, "/stores/1", |page| page.contains(&code)).await;

    let menu: Value = customer.ok("store_menu", json!({ "store": HONGDAE })).await;
    let lines = json!([{ "item": menu["items"][0]["id"], "quantity": 2 }]);
    place_with_coupon(&customer, &lines, &issued["code"])
        .await
        .expect("the coupon is taken");
    page_showing(&there, "/stores/1", |page| {
        signed_in(page) && !page.contains(&code)
    })
    .await;

    let elsewhere = instances[0].sign_in("customer1@baedal.demo").await;
    let _: Value = elsewhere.ok("sign_out_everywhere", json!({})).await;
    page_showing(&there, "/", |page| {
        !signed_in(page) && page.contains("href=\"/signin\"")
    })
    .await;
    stop(instances).await;
}

/// A store's page is kept whole on each instance, anonymous and signed in,
/// beyond the second its catalogue is kept for, while nothing changes; a
/// change made on another instance shows once the catalogue is read again
/// there, within that second.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_store_page_kept_on_one_instance_shows_a_change_made_on_another() {
    let instances = spawn_instances(2).await;
    let visitor = instances[1].visitor();
    let customer = instances[0].sign_in("customer1@baedal.demo").await;
    let there = customer.on(&instances[1]);
    let owner = instances[0].sign_in("owner1@baedal.demo").await;
    let menu: Value = owner.ok("store_menu", json!({ "store": HONGDAE })).await;
    let dish = menu["items"][0]["id"].as_i64().unwrap();
    let marker = format!("data-testid=\"dish-{dish}\"");
    let sold_out = move |page: &str| {
        let from = page.find(&marker).expect("the dish is on the page");
        let dish = page[from..].split("</li>").next().unwrap_or_default();
        dish.contains("data-testid=\"sold-out\"")
    };
    let path = "/stores/1";
    for session in [&visitor, &there] {
        assert!(!sold_out(&session.text_of(path).await));
    }
    // Kept, and checked again after the catalogue's second.
    tokio::time::sleep(Duration::from_millis(1_200)).await;
    for session in [&visitor, &there] {
        assert!(!sold_out(&session.text_of(path).await));
    }

    let _: Value = owner
        .ok(
            "set_sold_out",
            json!({ "store": HONGDAE, "item": dish, "sold_out": true }),
        )
        .await;
    for session in [&visitor, &there] {
        page_showing(session, path, &sold_out).await;
    }
    stop(instances).await;
}

/// Whether the owner's call is refused as unauthenticated.
async fn refused(session: &Session) -> bool {
    match session.call::<Vec<Value>>("store_orders", json!({})).await {
        Ok(_) => false,
        Err(failure) => {
            assert_eq!(failure.status, 401, "{failure:?}");
            true
        }
    }
}

/// A store owner's session is kept by each instance as a customer's is: a
/// session ended on one instance ends at once there and on the other as
/// soon as it hears, whichever instance their calls go to.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_store_owners_session_ended_on_one_instance_ends_on_the_other() {
    let instances = spawn_instances(2).await;
    let here = instances[0].sign_in("owner1@baedal.demo").await;
    let there = here.on(&instances[1]);
    for session in [&here, &there] {
        let _: Vec<Value> = session.ok("store_orders", json!({})).await;
    }
    let other = instances[0].sign_in("owner1@baedal.demo").await;
    let _: Value = other.ok("sign_out_everywhere", json!({})).await;

    assert!(refused(&here).await, "ended at once where it was ended");
    let deadline = tokio::time::Instant::now() + WAIT;
    while !refused(&there).await {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the session still served on the other instance after {WAIT:?}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    stop(instances).await;
}
