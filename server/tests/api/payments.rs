//! Payments against the fake provider, a separate process spoken to over
//! HTTP: a busy provider keeps orders waiting and retried, never lost and
//! never charged twice; accept, reject and cancel capture, void and refund;
//! unpaid orders expire; the breaker spares a failing provider.

use std::future::Future;
use std::time::Duration;

use serde_json::{json, Value};

use crate::support::payments::FakePayments;
use crate::support::{order_body, spawn_app_with, Session, TestApp};

const HONGDAE: i64 = 1;

/// Baedal on the fake provider, retrying quickly.
async fn app_on(fake: &FakePayments, extra: &[(&'static str, &str)]) -> TestApp {
    let mut settings = fake.settings();
    settings.push(("BAEDAL_PAYMENT_RETRY_BACKOFF_MS", "100".to_owned()));
    settings.push(("BAEDAL_PAYMENT_TIMEOUT_MS", "1000".to_owned()));
    settings.push(("BAEDAL_BREAKER_OPEN_SECS", "1".to_owned()));
    settings.extend(extra.iter().map(|(k, v)| (*k, (*v).to_owned())));
    spawn_app_with(&settings).await
}

/// Polls `check` for up to ten seconds until it gives a value.
async fn eventually<T, F, Fut>(what: &str, check: F) -> T
where
    F: Fn() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    for _ in 0..200 {
        if let Some(value) = check().await {
            return value;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("timed out waiting until {what}");
}

async fn order_of(session: &Session, order: i64) -> Value {
    session.ok("get_order", json!({ "order": order })).await
}

async fn payment_state(session: &Session, order: i64) -> String {
    order_of(session, order).await["payment"]["state"]
        .as_str()
        .expect("a payment state")
        .to_owned()
}

async fn wait_for_status(session: &Session, order: i64, status: &str) {
    eventually(&format!("order {order} is {status}"), || async {
        (session.status_of(order).await == status).then_some(())
    })
    .await;
}

async fn wait_for_payment(session: &Session, order: i64, state: &str) {
    eventually(&format!("order {order}'s payment is {state}"), || async {
        (payment_state(session, order).await == state).then_some(())
    })
    .await;
}

async fn in_store(owner: &Session, order: i64) -> bool {
    let counter: Vec<Value> = owner.ok("store_orders", json!({})).await;
    counter.iter().any(|view| view["order"]["id"] == order)
}

fn total(view: &Value) -> i64 {
    view["order"]["total"].as_i64().expect("a total")
}

fn authorize_key(order: i64) -> String {
    format!("order-{order}-authorize")
}

#[tokio::test]
async fn a_failing_provider_keeps_the_order_waiting_until_the_worker_can_pay_it() {
    let fake = FakePayments::start().await;
    fake.control(json!({ "failure_rate": 1.0 })).await;
    let app = app_on(&fake, &[]).await;
    let customer = app.sign_in("customer1@baedal.demo").await;
    let owner = app.sign_in("owner1@baedal.demo").await;

    let order = customer.place_order(HONGDAE).await;
    let view = order_of(&customer, order).await;
    assert_eq!(view["order"]["status"], "pending_payment");
    assert_eq!(view["payment"]["state"], "unpaid");
    assert_eq!(view["payment"]["busy"], true, "{view}");
    assert!(view["payment"]["next_retry_at"].is_i64(), "{view}");
    assert!(view["payment"]["expires_at"].is_i64(), "{view}");
    assert!(
        !in_store(&owner, order).await,
        "the store never sees an unpaid order"
    );

    let href = format!("/orders/{order}");
    let notice: Value = eventually("the customer is told the payment is busy", || async {
        let items: Vec<Value> = customer.ok("my_notifications", json!({})).await;
        items.into_iter().find(|item| item["href"] == href.as_str())
    })
    .await;
    let text = notice["text"].as_str().unwrap();
    assert!(
        text.contains("결제가 지연") || text.contains("busy"),
        "{text}"
    );

    // The worker keeps trying while the provider fails; still nothing reaches the store.
    eventually("the worker retried", || async {
        (fake.calls(&authorize_key(order)).await >= 3).then_some(())
    })
    .await;
    assert_eq!(customer.status_of(order).await, "pending_payment");
    assert!(!in_store(&owner, order).await);

    fake.control(json!({ "failure_rate": 0.0 })).await;
    wait_for_status(&customer, order, "paid").await;
    assert!(
        in_store(&owner, order).await,
        "paid, the order reaches the store"
    );
    let view = order_of(&customer, order).await;
    assert_eq!(view["payment"]["state"], "authorized");
    assert_eq!(view["payment"]["busy"], false);
    assert_eq!(
        fake.held(order).await["authorized"],
        total(&view),
        "charged once"
    );
    let failures = view["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|entry| entry["event"] == "payment_failed")
        .count();
    assert_eq!(failures, 1, "only the first failure is an event");
    app.stop().await;
}

#[tokio::test]
async fn the_retry_button_answers_busy_while_the_provider_fails_then_pays() {
    let fake = FakePayments::start().await;
    fake.control(json!({ "failure_rate": 1.0 })).await;
    // Automatic retries far away, so the button does the paying.
    let app = app_on(&fake, &[("BAEDAL_PAYMENT_RETRY_BACKOFF_MS", "60000")]).await;
    let customer = app.sign_in("customer1@baedal.demo").await;
    let stranger = app.sign_in("customer2@baedal.demo").await;
    let order = customer.place_order(HONGDAE).await;

    let busy = customer
        .call::<Value>("retry_payment", json!({ "order": order }))
        .await
        .expect_err("busy while the provider fails");
    assert_eq!(busy.status, 503);
    assert_eq!(busy.error, app::error::AppError::PaymentBusy);
    // Payment outcomes are recorded by Baedal alone: no command marks an
    // order paid without the provider.
    for outcome in ["authorize_payment", "retry_payment"] {
        let refused = customer
            .command(order, json!({ "type": outcome }))
            .await
            .expect_err("not the customer's to record");
        assert!(
            matches!(refused.status, 400 | 409),
            "{outcome}: {refused:?}"
        );
    }
    let theirs = stranger
        .call::<Value>("retry_payment", json!({ "order": order }))
        .await
        .expect_err("not someone else's order");
    assert_eq!(theirs.status, 404);

    fake.control(json!({ "failure_rate": 0.0 })).await;
    let paid: Value = customer
        .ok("retry_payment", json!({ "order": order }))
        .await;
    assert_eq!(paid["order"]["status"], "paid");
    assert_eq!(paid["payment"]["state"], "authorized");
    assert_eq!(fake.held(order).await["authorized"], total(&paid));
    // At checkout, the busy button, the paying one.
    assert_eq!(fake.calls(&authorize_key(order)).await, 3);

    let again = customer
        .call::<Value>("retry_payment", json!({ "order": order }))
        .await
        .expect_err("a paid order is not paid again");
    assert_eq!(again.status, 409);
    assert_eq!(fake.calls(&authorize_key(order)).await, 3);
    app.stop().await;
}

#[tokio::test]
async fn accepting_captures_rejecting_voids_and_cancelling_voids_or_refunds() {
    let fake = FakePayments::start().await;
    let app = app_on(&fake, &[]).await;
    let customer = app.sign_in("customer1@baedal.demo").await;
    let owner = app.sign_in("owner1@baedal.demo").await;
    let accept = json!({ "type": "accept", "prep_minutes": 15 });

    let accepted = customer.place_order(HONGDAE).await;
    let rejected = customer.place_order(HONGDAE).await;
    let cancelled_paid = customer.place_order(HONGDAE).await;
    let cancelled_accepted = customer.place_order(HONGDAE).await;
    for order in [accepted, rejected, cancelled_paid, cancelled_accepted] {
        assert_eq!(payment_state(&customer, order).await, "authorized");
    }
    owner.command(accepted, accept.clone()).await.unwrap();
    owner
        .command(rejected, json!({ "type": "reject", "reason": "재료 소진" }))
        .await
        .unwrap();
    customer
        .command(cancelled_paid, json!({ "type": "cancel" }))
        .await
        .unwrap();
    owner.command(cancelled_accepted, accept).await.unwrap();
    wait_for_payment(&customer, cancelled_accepted, "captured").await;
    customer
        .command(cancelled_accepted, json!({ "type": "cancel" }))
        .await
        .unwrap();

    wait_for_payment(&customer, accepted, "captured").await;
    wait_for_payment(&customer, rejected, "voided").await;
    wait_for_payment(&customer, cancelled_paid, "voided").await;
    wait_for_payment(&customer, cancelled_accepted, "refunded").await;

    let amount = total(&order_of(&customer, accepted).await);
    let held = |authorized, captured, voided, refunded| json!({ "authorized": authorized, "captured": captured, "voided": voided, "refunded": refunded });
    assert_eq!(fake.held(accepted).await, held(amount, amount, 0, 0));
    assert_eq!(fake.held(rejected).await, held(amount, 0, amount, 0));
    assert_eq!(fake.held(cancelled_paid).await, held(amount, 0, amount, 0));
    assert_eq!(
        fake.held(cancelled_accepted).await,
        held(amount, amount, 0, amount)
    );
    assert_eq!(
        fake.calls(&format!("order-{accepted}-capture")).await,
        1,
        "each call once"
    );
    app.stop().await;
}

#[tokio::test]
async fn a_provider_slower_than_the_timeout_charges_once_however_often_it_is_asked() {
    let fake = FakePayments::start().await;
    fake.control(json!({ "latency_ms": 1500 })).await;
    let app = app_on(&fake, &[("BAEDAL_PAYMENT_TIMEOUT_MS", "300")]).await;
    let customer = app.sign_in("customer1@baedal.demo").await;

    let order = customer.place_order(HONGDAE).await;
    let view = order_of(&customer, order).await;
    assert_eq!(view["order"]["status"], "pending_payment");
    assert_eq!(view["payment"]["busy"], true);
    assert_eq!(
        fake.held(order).await["authorized"],
        total(&view),
        "the provider took the money though Baedal stopped waiting"
    );
    eventually("the worker asked again", || async {
        (fake.calls(&authorize_key(order)).await >= 2).then_some(())
    })
    .await;

    fake.control(json!({ "latency_ms": 0 })).await;
    wait_for_status(&customer, order, "paid").await;
    assert_eq!(
        fake.held(order).await["authorized"],
        total(&view),
        "charged once"
    );
    app.stop().await;
}

#[tokio::test]
async fn five_taps_with_one_key_make_one_order_and_one_authorisation() {
    let fake = FakePayments::start().await;
    let app = app_on(&fake, &[]).await;
    let customer = app.sign_in("customer1@baedal.demo").await;
    let menu: Value = customer.ok("store_menu", json!({ "store": HONGDAE })).await;
    let lines = json!([{ "item": menu["items"][0]["id"], "quantity": 2 }]);
    let body = order_body(HONGDAE, lines, "one-tap-five-times");

    let placed: Vec<i64> =
        futures::future::join_all((0..5).map(|_| customer.ok::<i64>("place_order", body.clone())))
            .await;
    assert!(placed.iter().all(|id| *id == placed[0]), "{placed:?}");
    let order = placed[0];
    wait_for_status(&customer, order, "paid").await;
    let ledger = fake.ledger().await;
    assert_eq!(ledger["orders"].as_object().unwrap().len(), 1, "{ledger}");
    assert_eq!(ledger["calls"][authorize_key(order)], 1, "{ledger}");
    let mine: Vec<Value> = customer.ok("my_orders", json!({})).await;
    assert_eq!(mine.len(), 1);
    app.stop().await;
}

#[tokio::test]
async fn an_unpaid_order_expires_and_gives_its_coupon_back() {
    let fake = FakePayments::start().await;
    fake.control(json!({ "failure_rate": 1.0 })).await;
    let app = app_on(&fake, &[("BAEDAL_PAYMENT_EXPIRY_SECS", "2")]).await;
    let customer = app.sign_in("customer1@baedal.demo").await;
    let owner = app.sign_in("owner1@baedal.demo").await;
    let coupon = json!({
        "store": HONGDAE,
        "discount": { "kind": "percent", "percent": 7 },
        "min_order": 1000,
        "valid_days": 7,
        "quantity": 10,
    });
    let issued: Value = owner.ok("issue_coupon", coupon).await;
    let code = issued["code"].as_str().expect("a code").to_owned();
    let offers: Vec<Value> = customer.ok("my_coupons", json!({ "store": HONGDAE })).await;
    assert!(
        offers.iter().any(|offer| offer["code"] == code.as_str()),
        "the new coupon is offered"
    );

    let menu: Value = customer.ok("store_menu", json!({ "store": HONGDAE })).await;
    let mut body = order_body(
        HONGDAE,
        json!([{ "item": menu["items"][0]["id"], "quantity": 2 }]),
        "expiring",
    );
    body["request"]["coupon"] = json!(code);
    let order: i64 = customer.ok("place_order", body).await;
    assert_eq!(customer.status_of(order).await, "pending_payment");
    let offers: Vec<Value> = customer.ok("my_coupons", json!({ "store": HONGDAE })).await;
    assert!(
        offers.iter().all(|offer| offer["code"] != code.as_str()),
        "the coupon is in use"
    );

    wait_for_status(&customer, order, "cancelled").await;
    let view = order_of(&customer, order).await;
    assert!(
        view["timeline"]
            .as_array()
            .unwrap()
            .iter()
            .any(|entry| entry["event"] == "payment_expired"),
        "{view}"
    );
    assert_eq!(view["payment"]["busy"], false);
    let offers: Vec<Value> = customer.ok("my_coupons", json!({ "store": HONGDAE })).await;
    assert!(
        offers.iter().any(|offer| offer["code"] == code.as_str()),
        "the coupon can be used again"
    );
    app.stop().await;
}

#[tokio::test]
async fn an_authorisation_that_lands_after_cancelling_is_voided() {
    let fake = FakePayments::start().await;
    fake.control(json!({ "latency_ms": 1500 })).await;
    let app = app_on(&fake, &[("BAEDAL_PAYMENT_TIMEOUT_MS", "5000")]).await;
    let customer = app.sign_in("customer1@baedal.demo").await;
    let placing = {
        let session = Session {
            client: customer.client.clone(),
            base: customer.base.clone(),
        };
        tokio::spawn(async move { session.place_order(HONGDAE).await })
    };
    let order = eventually("the order is recorded", || async {
        let mine: Vec<Value> = customer.ok("my_orders", json!({})).await;
        mine.first().and_then(|view| view["order"]["id"].as_i64())
    })
    .await;
    customer
        .command(order, json!({ "type": "cancel" }))
        .await
        .expect("an unpaid order can be cancelled");
    assert_eq!(placing.await.unwrap(), order);
    fake.control(json!({ "latency_ms": 0 })).await;

    wait_for_payment(&customer, order, "voided").await;
    let held = fake.held(order).await;
    assert!(held["authorized"].as_i64().unwrap() > 0, "{held}");
    assert_eq!(held["authorized"], held["voided"], "released again: {held}");
    assert_eq!(customer.status_of(order).await, "cancelled");
    app.stop().await;
}

#[tokio::test]
async fn the_breaker_opens_under_failures_and_spares_the_provider_while_open() {
    let fake = FakePayments::start().await;
    fake.control(json!({ "failure_rate": 1.0 })).await;
    let app = app_on(
        &fake,
        &[
            ("BAEDAL_BREAKER_OPEN_SECS", "30"),
            ("BAEDAL_BREAKER_MIN_CALLS", "5"),
            ("BAEDAL_PAYMENT_RETRY_BACKOFF_MS", "60000"),
        ],
    )
    .await;
    let customer = app.sign_in("customer1@baedal.demo").await;
    let mut orders = Vec::new();
    for _ in 0..5 {
        orders.push(customer.place_order(HONGDAE).await);
    }
    let text = app.visitor().text_of("/metrics").await;
    assert!(
        text.contains(r#"baedal_payment_breaker_state{state="open"} 1"#),
        "{text}"
    );
    assert!(
        text.contains(r#"baedal_payment_calls_total{action="authorize",outcome="unavailable"} 5"#),
        "{text}"
    );

    let before = fake.ledger().await["total_calls"].clone();
    let refused = customer.place_order(HONGDAE).await;
    let busy = customer
        .call::<Value>("retry_payment", json!({ "order": orders[0] }))
        .await
        .expect_err("busy while open");
    assert_eq!(busy.status, 503);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(
        fake.ledger().await["total_calls"],
        before,
        "no call while open"
    );
    let view = order_of(&customer, refused).await;
    assert_eq!(view["order"]["status"], "pending_payment");
    assert_eq!(view["payment"]["busy"], true);

    let text = app.visitor().text_of("/metrics").await;
    assert!(
        text.contains(r#"baedal_payment_calls_total{action="authorize",outcome="refused"} 2"#),
        "{text}"
    );
    app.stop().await;
}
