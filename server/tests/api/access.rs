//! Every caller sees and touches only what is theirs.

use crate::support::spawn_app;
use serde_json::{json, Value};

#[tokio::test]
async fn strangers_cannot_see_or_command_an_order() {
    let app = spawn_app().await;
    let owner = app.sign_in("customer1@baedal.demo").await;
    let order = owner.place_order(1).await;

    let other_customer = app.sign_in("customer2@baedal.demo").await;
    let other_owner = app.sign_in("owner2@baedal.demo").await;
    let rider = app.sign_in("rider1@baedal.demo").await;
    let visitor = app.visitor();

    for (who, session) in [
        ("customer2", &other_customer),
        ("owner2", &other_owner),
        ("rider1", &rider),
    ] {
        let seen = session
            .call::<Value>("get_order", json!({ "order": order }))
            .await
            .unwrap_err();
        assert_eq!(seen.status, 404, "{who} must not see it");
        let touched = session
            .command(order, json!({ "type": "cancel" }))
            .await
            .unwrap_err();
        assert_eq!(touched.status, 404, "{who} must not touch it");
    }
    let accept = other_owner
        .command(order, json!({ "type": "accept", "prep_minutes": 10 }))
        .await
        .unwrap_err();
    assert_eq!(accept.status, 404, "another store's owner cannot accept");

    let anonymous = visitor
        .call::<Value>("get_order", json!({ "order": order }))
        .await
        .unwrap_err();
    assert_eq!(anonymous.status, 401);
    assert_eq!(
        serde_json::to_value(&anonymous.error).unwrap(),
        json!({ "error": "unauthenticated" })
    );

    let wrong_role = owner
        .call::<Value>("store_orders", json!({}))
        .await
        .unwrap_err();
    assert_eq!(wrong_role.status, 403);
    let wrong_role = owner
        .call::<Value>("rider_board", json!({}))
        .await
        .unwrap_err();
    assert_eq!(wrong_role.status, 403);
    let wrong_role = rider
        .call::<Value>("my_orders", json!({}))
        .await
        .unwrap_err();
    assert_eq!(wrong_role.status, 403);

    let customer_as_store = owner
        .command(order, json!({ "type": "accept", "prep_minutes": 10 }))
        .await
        .unwrap_err();
    assert_eq!(
        serde_json::to_value(&customer_as_store.error).unwrap(),
        json!({ "error": "refused", "reason": { "code": "not_permitted", "command": "accept" } })
    );
    app.stop().await;
}

#[tokio::test]
async fn sign_in_refuses_wrong_passwords_and_sign_out_ends_the_session() {
    let app = spawn_app().await;
    let visitor = app.visitor();
    let response = visitor
        .client
        .post(format!("{}/api/sign_in", app.base))
        .form(&[
            ("email", "customer1@baedal.demo"),
            ("password", "not-the-password"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    assert!(!response.headers().contains_key("set-cookie"));

    let customer = app.sign_in("CUSTOMER1@baedal.demo").await;
    let me: Value = customer.ok("current_account", json!({})).await;
    assert_eq!(me["role"], "customer");
    assert_eq!(me["name"], "김민지");
    let _: Value = customer.ok("sign_out", json!({})).await;
    let after: Value = customer.ok("current_account", json!({})).await;
    assert_eq!(after, Value::Null);
    app.stop().await;
}

#[tokio::test]
async fn errors_carry_no_internals() {
    let app = spawn_app().await;
    let customer = app.sign_in("customer1@baedal.demo").await;
    let response = customer
        .client
        .post(format!("{}/api/order_command", app.base))
        .header("content-type", "application/json")
        .body(r#"{"order": 1, "command": {"type": "launch_rockets"}}"#)
        .send()
        .await
        .unwrap();
    let status = response.status();
    let body = response.text().await.unwrap();
    assert_eq!(status, 400, "{body}");
    assert_eq!(body, r#"{"error":"invalid_input","field":"request"}"#);
    app.stop().await;
}

#[tokio::test]
async fn cross_site_requests_cannot_change_state() {
    let app = spawn_app().await;
    let customer = app.sign_in("customer1@baedal.demo").await;
    let order = customer.place_order(1).await;
    let cancel = |headers: &'static [(&'static str, &'static str)]| {
        let mut request = customer
            .client
            .post(format!("{}/api/order_command", app.base))
            .json(&json!({ "order": order, "command": { "type": "cancel" } }));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        request.send()
    };
    for headers in [
        &[("origin", "https://evil.example")][..],
        &[("sec-fetch-site", "cross-site")][..],
        &[("sec-fetch-site", "same-site")][..],
    ] {
        let response = cancel(headers).await.unwrap();
        assert_eq!(response.status(), 403, "{headers:?}");
        assert_eq!(
            response.json::<Value>().await.unwrap(),
            json!({ "error": "forbidden" })
        );
    }
    assert_eq!(customer.status_of(order).await, "paid", "nothing changed");

    // Reading across sites is harmless and allowed; the same site may change state.
    let page = reqwest::Client::new()
        .get(format!("{}/", app.base))
        .header("sec-fetch-site", "cross-site")
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    assert_eq!(page.headers()["x-content-type-options"], "nosniff");
    assert_eq!(page.headers()["x-frame-options"], "DENY");
    let policy = page.headers()["content-security-policy"].to_str().unwrap();
    assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
    assert_eq!(
        page.headers()["referrer-policy"],
        "strict-origin-when-cross-origin"
    );
    let host = app.base.trim_start_matches("http://").to_owned();
    let origin = format!("http://{host}");
    let response = customer
        .client
        .post(format!("{}/api/order_command", app.base))
        .header("origin", origin)
        .header("sec-fetch-site", "same-origin")
        .json(&json!({ "order": order, "command": { "type": "cancel" } }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    app.stop().await;
}
