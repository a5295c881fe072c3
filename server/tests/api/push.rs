//! Web Push: a browser subscribes, and the push service receives each
//! notification encrypted for that browser alone (RFC 8291) and signed with
//! the server's VAPID key (RFC 8292), which survives a restart.

use ct_codecs::{Base64UrlSafeNoPadding, Decoder};
use jwt_simple::prelude::{ECDSAP256PublicKeyLike, ES256PublicKey, VerificationOptions};
use serde_json::{json, Value};

use crate::support::push_service::{BrowserKeys, PushService};
use crate::support::{spawn_app_with, Session};

const HONGDAE: i64 = 1;

async fn subscribe(session: &Session, endpoint: &str, keys: &BrowserKeys) {
    let (p256dh, auth) = keys.subscription_keys();
    let () = session
        .ok(
            "subscribe_push",
            json!({ "endpoint": endpoint, "p256dh": p256dh, "auth": auth }),
        )
        .await;
}

#[tokio::test]
async fn a_subscribed_browser_gets_each_notification_encrypted_for_it() {
    let push = PushService::start().await;
    let app = spawn_app_with(&[("BAEDAL_PUSH_ALLOW_HTTP", "1".into())]).await;
    let customer = app.sign_in("customer1@baedal.demo").await;
    let owner = app.sign_in("owner1@baedal.demo").await;
    let server_key: String = app.visitor().ok("push_key", json!({})).await;

    let phone = BrowserKeys::generate();
    let laptop = BrowserKeys::generate();
    let tablet = BrowserKeys::generate();
    subscribe(&customer, &format!("{}/push/phone", push.url), &phone).await;
    subscribe(&customer, &format!("{}/push/laptop", push.url), &laptop).await;
    subscribe(&owner, &format!("{}/push/tablet", push.url), &tablet).await;

    let order = customer.place_order(HONGDAE).await;
    let received = push.wait_for(3).await;
    let mut subscriptions: Vec<&str> = received.iter().map(|d| d.subscription.as_str()).collect();
    subscriptions.sort_unstable();
    assert_eq!(subscriptions, ["laptop", "phone", "tablet"]);

    for delivery in &received {
        assert_eq!(delivery.headers["content-encoding"], "aes128gcm");
        assert!(delivery.headers.contains_key("ttl"));
        // Signed with the server's VAPID key, for this push service, by us.
        let authorization = delivery.headers["authorization"].to_str().unwrap();
        let (token, key) = authorization
            .strip_prefix("vapid t=")
            .and_then(|rest| rest.split_once(", k="))
            .unwrap_or_else(|| panic!("a VAPID authorization: {authorization}"));
        assert_eq!(key, server_key);
        let raw_key = Base64UrlSafeNoPadding::decode_to_vec(key, None).unwrap();
        let claims = ES256PublicKey::from_bytes(&raw_key)
            .unwrap()
            .verify_token::<jwt_simple::prelude::NoCustomClaims>(
                token,
                Some(VerificationOptions::default()),
            )
            .expect("a valid VAPID signature");
        assert_eq!(claims.audiences.unwrap().into_string().unwrap(), push.url);
        assert_eq!(
            claims.subject.as_deref(),
            Some("mailto:operator@baedal.invalid")
        );

        let keys = match delivery.subscription.as_str() {
            "phone" => &phone,
            "laptop" => &laptop,
            _ => &tablet,
        };
        let payload: Value = serde_json::from_slice(&keys.decrypt(&delivery.body)).unwrap();
        assert_eq!(payload["url"], format!("/orders/{order}"));
        let body = payload["body"].as_str().unwrap();
        assert!(body.contains(&format!("#{order}")), "{body}");
        if delivery.subscription == "tablet" {
            assert!(
                body.contains("새 주문"),
                "the store hears of a new order: {body}"
            );
        }
    }
    // Another browser's keys cannot read it.
    assert!(ece::decrypt(
        &ece::generate_keypair_and_auth_secret()
            .unwrap()
            .0
            .raw_components()
            .unwrap(),
        &[0; 16],
        &received[0].body
    )
    .is_err());

    // A subscription the push service says is gone is forgotten.
    push.answer_with(410);
    owner
        .command(order, json!({ "type": "accept", "prep_minutes": 20 }))
        .await
        .unwrap();
    push.wait_for(5).await;
    push.answer_with(201);
    owner
        .command(order, json!({ "type": "start_cooking" }))
        .await
        .unwrap();
    // Four push messages handled: two on payment, the refused one, and the
    // last one with no subscription left to send to.
    wait_for_metric(
        &app,
        r#"baedal_notifications_delivered_total{channel="push"} 4"#,
    )
    .await;
    assert_eq!(
        push.received().len(),
        5,
        "nothing more is pushed to forgotten subscriptions"
    );

    // The key pair is kept across a restart.
    let app = app.restart().await;
    let kept: String = app.visitor().ok("push_key", json!({})).await;
    assert_eq!(kept, server_key);
    app.stop().await;
}

#[tokio::test]
async fn subscriptions_are_checked_and_belong_to_their_account() {
    let push = PushService::start().await;
    let app = spawn_app_with(&[]).await;
    let customer = app.sign_in("customer1@baedal.demo").await;
    let other = app.sign_in("customer2@baedal.demo").await;
    let keys = BrowserKeys::generate();
    let (p256dh, auth) = keys.subscription_keys();

    let anonymous = app
        .visitor()
        .call::<Value>(
            "subscribe_push",
            json!({ "endpoint": "https://push.example/a", "p256dh": p256dh, "auth": auth }),
        )
        .await
        .unwrap_err();
    assert_eq!(anonymous.status, 401);
    let refusals = [
        // Plain http is refused unless configured for local testing.
        (
            format!("{}/push/x", push.url),
            p256dh.clone(),
            auth.clone(),
            "endpoint",
        ),
        (
            "javascript:alert(1)".to_owned(),
            p256dh.clone(),
            auth.clone(),
            "endpoint",
        ),
        (
            "https://push.example/a".to_owned(),
            "AAAA".to_owned(),
            auth.clone(),
            "p256dh",
        ),
        (
            "https://push.example/a".to_owned(),
            p256dh.clone(),
            "x".repeat(300),
            "auth",
        ),
    ];
    for (endpoint, p256dh, auth, field) in refusals {
        let failure = customer
            .call::<Value>(
                "subscribe_push",
                json!({ "endpoint": endpoint, "p256dh": p256dh, "auth": auth }),
            )
            .await
            .unwrap_err();
        assert_eq!(failure.status, 400, "{endpoint}");
        assert_eq!(
            serde_json::to_value(&failure.error).unwrap()["field"],
            field
        );
    }

    subscribe(&customer, "https://push.example/mine", &keys).await;
    let stranger = other
        .call::<Value>(
            "unsubscribe_push",
            json!({ "endpoint": "https://push.example/mine" }),
        )
        .await
        .unwrap_err();
    assert_eq!(stranger.status, 404, "another account cannot remove it");
    let () = customer
        .ok(
            "unsubscribe_push",
            json!({ "endpoint": "https://push.example/mine" }),
        )
        .await;
    app.stop().await;
}

async fn wait_for_metric(app: &crate::support::TestApp, line: &str) {
    let mut text = String::new();
    for _ in 0..100 {
        text = reqwest::get(format!("{}/metrics", app.base))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        if text.contains(line) {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("no {line} in {text}");
}
