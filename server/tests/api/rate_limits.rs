//! Sign-in, sign-up and place-order are rate limited, answering 429 with Retry-After;
//! failed sign-ins beyond the hourly budget lock the account, not others.

use serde_json::{json, Value};

use crate::support::spawn_app_with;

#[tokio::test]
async fn sign_ins_per_address_and_orders_per_session_are_limited() {
    let app = spawn_app_with(&[
        ("BAEDAL_SIGN_IN_PER_MINUTE", "4".into()),
        ("BAEDAL_ORDERS_PER_MINUTE", "4".into()),
    ])
    .await;
    // A burst of two, then one every 30 seconds.
    let customer = app.sign_in("customer1@baedal.demo").await;
    let _second = app.sign_in("customer2@baedal.demo").await;
    let limited = app
        .visitor()
        .client
        .post(format!("{}/api/sign_in", app.base))
        .form(&[("email", "customer3@baedal.demo"), ("password", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(limited.status(), 429);
    let wait: u64 = limited.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=30).contains(&wait), "{wait}");
    let body: Value = limited.json().await.unwrap();
    assert_eq!(body["error"], "too_many_requests");

    customer.place_order(1).await;
    customer.place_order(1).await;
    let menu: Value = customer.ok("store_menu", json!({ "store": 1 })).await;
    let third = customer
        .call::<Value>(
            "place_order",
            crate::support::order_body(
                1,
                json!([{ "item": menu["items"][0]["id"], "quantity": 2 }]),
                "third",
            ),
        )
        .await
        .unwrap_err();
    assert_eq!(third.status, 429);
    let mine: Vec<Value> = customer.ok("my_orders", json!({})).await;
    assert_eq!(mine.len(), 2, "the limited order was not placed");
    app.stop().await;
}

#[tokio::test]
async fn failed_sign_ins_past_the_hourly_budget_lock_only_that_account() {
    let app = spawn_app_with(&[]).await;
    let attempt = |email: &'static str, password: &'static str| {
        app.visitor()
            .client
            .post(format!("{}/api/sign_in", app.base))
            .form(&[("email", email), ("password", password)])
            .send()
    };
    // 100 per hour: a burst of 50, then one every 72 seconds. The failure
    // past the budget locks the account for the next attempt.
    for _ in 0..51 {
        let response = attempt("customer1@baedal.demo", "wrong password")
            .await
            .unwrap();
        assert_eq!(response.status(), 401);
    }
    let locked = attempt("customer1@baedal.demo", "wrong password")
        .await
        .unwrap();
    assert_eq!(locked.status(), 429);
    let right = attempt("customer1@baedal.demo", server::seed::DEMO_PASSWORD)
        .await
        .unwrap();
    assert_eq!(right.status(), 429, "locked even with the right password");
    assert!(right.headers().contains_key("retry-after"));
    let other = attempt("customer2@baedal.demo", server::seed::DEMO_PASSWORD)
        .await
        .unwrap();
    assert_eq!(other.status(), 200, "other accounts are not affected");
    app.stop().await;
}

#[tokio::test]
async fn sign_ups_per_address_are_limited() {
    let app = spawn_app_with(&[("BAEDAL_SIGN_UPS_PER_HOUR", "2".into())]).await;
    // A burst of one, then one every 60 minutes.
    app.sign_up("first@example.com", "blue-kimchi-bicycle-42")
        .await
        .expect("the first sign-up");
    let limited = app
        .sign_up("second@example.com", "blue-kimchi-bicycle-42")
        .await
        .unwrap_err();
    assert_eq!(limited.status, 429);
    let response = app
        .visitor()
        .client
        .post(format!("{}/api/sign_up", app.base))
        .form(&[("email", "third@example.com")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 429);
    let wait: u64 = response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=3600).contains(&wait), "{wait}");
    app.stop().await;
}

/// A wrong sign-in from `client` as a gateway names it; the status.
async fn sign_in_named(app: &crate::support::TestApp, client: &str) -> u16 {
    app.visitor()
        .client
        .post(format!("{}/api/sign_in", app.base))
        .header("x-real-ip", client)
        .form(&[("email", "customer1@baedal.demo"), ("password", "wrong")])
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn behind_the_gateway_each_client_has_its_own_budget_and_nobody_else_names_one() {
    // A burst of one a minute.
    let limit = ("BAEDAL_SIGN_IN_PER_MINUTE", "2".to_owned());
    let direct = spawn_app_with(std::slice::from_ref(&limit)).await;
    assert_eq!(sign_in_named(&direct, "192.0.2.1").await, 401);
    assert_eq!(
        sign_in_named(&direct, "192.0.2.2").await,
        429,
        "a header from a client that is not the gateway changes nothing"
    );
    direct.stop().await;

    let behind = spawn_app_with(&[limit, ("BAEDAL_GATEWAY", "127.0.0.1".to_owned())]).await;
    assert_eq!(sign_in_named(&behind, "192.0.2.1").await, 401);
    assert_eq!(
        sign_in_named(&behind, "192.0.2.2").await,
        401,
        "another client the gateway names has a budget of its own"
    );
    assert_eq!(sign_in_named(&behind, "192.0.2.1").await, 429);
    behind.stop().await;
}
