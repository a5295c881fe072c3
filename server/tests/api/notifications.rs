//! Notifications: written with the event, delivered by the dispatcher through
//! real HTTP to a provider, retried, dead-lettered, shed, and never in the way
//! of an order.

use std::time::{Duration, Instant};

use crate::support::provider::{FakeProvider, Mode};
use crate::support::{spawn_app_with, Session};
use serde_json::{json, Value};

async fn notifications_of(session: &Session, wanted: usize) -> Vec<String> {
    for _ in 0..100 {
        let items: Vec<Value> = session.ok("my_notifications", json!({})).await;
        if items.len() >= wanted {
            return items
                .iter()
                .map(|i| i["text"].as_str().unwrap().to_owned())
                .collect();
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("fewer than {wanted} notifications arrived");
}

async fn metrics(app: &crate::support::TestApp) -> String {
    reqwest::get(format!("{}/metrics", app.base))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

#[tokio::test]
async fn the_right_people_hear_of_each_change_through_each_channel() {
    let kakao = FakeProvider::start(Mode::Accept).await;
    let sms = FakeProvider::start(Mode::Accept).await;
    let app = spawn_app_with(&[
        ("BAEDAL_KAKAO_URL", kakao.url.clone()),
        ("BAEDAL_KAKAO_KEY", "kakao-secret".into()),
        ("BAEDAL_KAKAO_TEMPLATE_PREFIX", "baedal_".into()),
        ("BAEDAL_SMS_URL", sms.url.clone()),
    ])
    .await;
    let customer = app.sign_in("customer1@baedal.demo").await;
    let owner = app.sign_in("owner1@baedal.demo").await;
    let near_rider = app.sign_in("rider1@baedal.demo").await;
    let far_rider = app.sign_in("rider2@baedal.demo").await;

    let order = customer.place_order(1).await;
    let received = kakao
        .wait_for("the customer's confirmation", |m| {
            m["template_id"] == "baedal_order_received"
        })
        .await;
    assert_eq!(received["to"], "010-1111-0001");
    assert_eq!(received["authorization"], "Bearer kakao-secret");
    assert!(
        received["text"]
            .as_str()
            .unwrap()
            .contains(&format!("#{order}")),
        "{received}"
    );
    kakao
        .wait_for("the store's new order", |m| {
            m["template_id"] == "baedal_new_order" && m["to"] == "010-2222-0001"
        })
        .await;
    let store_inbox = notifications_of(&owner, 1).await;
    assert!(store_inbox[0].contains("새 주문"), "{store_inbox:?}");

    for command in [
        json!({ "type": "accept", "prep_minutes": 10 }),
        json!({ "type": "start_cooking" }),
        json!({ "type": "finish_cooking" }),
    ] {
        owner.command(order, command).await.unwrap();
    }
    let offered = notifications_of(&near_rider, 1).await;
    assert!(offered[0].contains("픽업할 배달"), "{offered:?}");
    let far: Vec<Value> = far_rider.ok("my_notifications", json!({})).await;
    assert!(far.is_empty(), "a rider 8 km away is not told");

    let customer_inbox = notifications_of(&customer, 4).await;
    assert_eq!(
        customer_inbox.len(),
        4,
        "received, accepted, cooking, ready: {customer_inbox:?}"
    );
    assert!(sms.received().is_empty(), "no SMS for routine changes");

    let cancelled_order = customer.place_order(1).await;
    customer
        .command(cancelled_order, json!({ "type": "cancel" }))
        .await
        .unwrap();
    let text = sms
        .wait_for("the cancellation by SMS", |m| {
            m["template_id"] == "cancelled"
        })
        .await;
    assert!(text["text"].as_str().unwrap().contains("취소"));
    kakao
        .wait_for("the store told of the cancellation", |m| {
            m["template_id"] == "baedal_order_cancelled"
        })
        .await;

    let keys: Vec<String> = kakao
        .received()
        .iter()
        .map(|m| m["idempotency_key"].as_str().unwrap().to_owned())
        .collect();
    let unique: std::collections::HashSet<_> = keys.iter().collect();
    assert_eq!(
        unique.len(),
        keys.len(),
        "each message is sent once: {keys:?}"
    );

    let text = metrics(&app).await;
    assert!(
        text.contains(r#"baedal_commands_total{command="accept",outcome="applied"} 1"#),
        "{text}"
    );
    assert!(
        text.contains(r#"baedal_notifications_delivered_total{channel="kakao"}"#),
        "{text}"
    );
    app.stop().await;
}

#[tokio::test]
async fn a_hanging_provider_never_slows_an_order_nor_other_channels() {
    let hanging = FakeProvider::start(Mode::Hang).await;
    let app = spawn_app_with(&[
        ("BAEDAL_KAKAO_URL", hanging.url.clone()),
        ("BAEDAL_SMS_URL", hanging.url.clone()),
        ("BAEDAL_NOTIFY_TIMEOUT_MS", "10000".into()),
    ])
    .await;
    let customer = app.sign_in("customer1@baedal.demo").await;
    let owner = app.sign_in("owner1@baedal.demo").await;
    let started = Instant::now();
    let order = customer.place_order(1).await;
    let steps = [
        json!({ "type": "accept", "prep_minutes": 10 }),
        json!({ "type": "start_cooking" }),
        json!({ "type": "finish_cooking" }),
    ];
    for command in steps {
        let step = Instant::now();
        owner.command(order, command).await.unwrap();
        assert!(
            step.elapsed() < Duration::from_millis(500),
            "a command took {:?}",
            step.elapsed()
        );
    }
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "the order flowed in {:?}",
        started.elapsed()
    );
    let in_app = notifications_of(&customer, 4).await;
    assert_eq!(
        in_app.len(),
        4,
        "in-app delivery goes on while KakaoTalk hangs"
    );
    let text = metrics(&app).await;
    assert!(
        text.contains(r#"baedal_outbox_pending{channel="kakao"}"#),
        "{text}"
    );
    app.stop().await;
}

#[tokio::test]
async fn failures_retry_then_dead_letter_and_the_operator_can_requeue() {
    let kakao = FakeProvider::start(Mode::Fail).await;
    let app = spawn_app_with(&[
        ("BAEDAL_KAKAO_URL", kakao.url.clone()),
        ("BAEDAL_NOTIFY_MAX_ATTEMPTS", "3".into()),
        ("BAEDAL_NOTIFY_BACKOFF_MS", "10".into()),
    ])
    .await;
    let customer = app.sign_in("customer1@baedal.demo").await;
    customer.place_order(1).await;

    let mut text = String::new();
    for _ in 0..100 {
        text = metrics(&app).await;
        if text.contains(r#"baedal_notifications_dead_total{channel="kakao"} 2"#) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(
        text.contains(r#"baedal_notifications_dead_total{channel="kakao"} 2"#),
        "{text}"
    );
    assert!(
        text.contains(r#"baedal_notifications_retried_total{channel="kakao"} 4"#),
        "two retries each: {text}"
    );

    let operator = app.sign_in("admin@baedal.demo").await;
    let refused = customer
        .call::<Value>("retry_notification", json!({ "outbox_id": 1 }))
        .await
        .unwrap_err();
    assert_eq!(refused.status, 403);
    let refused = customer
        .call::<Value>("dead_letters", json!({}))
        .await
        .unwrap_err();
    assert_eq!(refused.status, 403);
    let dead: Vec<Value> = operator.ok("dead_letters", json!({})).await;
    assert_eq!(dead.len(), 2, "{dead:?}");
    for letter in &dead {
        assert_eq!(letter["channel"], "kakao");
        assert_eq!(letter["attempts"], 3);
        assert_eq!(letter["last_error"], "the provider answered HTTP 500");
    }
    kakao.set_mode(Mode::Accept);
    for letter in &dead {
        let () = operator
            .ok(
                "retry_notification",
                json!({ "outbox_id": letter["outbox_id"] }),
            )
            .await;
    }
    kakao
        .wait_for("the requeued message", |m| {
            m["template_id"] == "order_received"
        })
        .await;
    let left: Vec<Value> = operator.ok("dead_letters", json!({})).await;
    assert_eq!(left, Vec::<Value>::new(), "requeued letters leave the list");
    let audit: Vec<Value> = operator.ok("audit_log", json!({})).await;
    let retried: Vec<&Value> = audit
        .iter()
        .filter(|entry| entry["action"] == "notification_retried")
        .collect();
    assert_eq!(retried.len(), 2, "each retry is audited: {audit:?}");
    for entry in retried {
        assert_eq!(entry["actor"], "admin@baedal.demo");
        assert_eq!(entry["client"], "127.0.0.1");
    }
    let missing = operator
        .call::<Value>("retry_notification", json!({ "outbox_id": 9999 }))
        .await
        .unwrap_err();
    assert_eq!(missing.status, 404);
    app.stop().await;
}

#[tokio::test]
async fn sms_is_shed_first_and_in_app_never() {
    let kakao = FakeProvider::start(Mode::Accept).await;
    let sms = FakeProvider::start(Mode::Accept).await;
    let app = spawn_app_with(&[
        ("BAEDAL_KAKAO_URL", kakao.url.clone()),
        ("BAEDAL_SMS_URL", sms.url.clone()),
        ("BAEDAL_SMS_SHED_THRESHOLD", "0".into()),
    ])
    .await;
    let customer = app.sign_in("customer1@baedal.demo").await;
    let order = customer.place_order(1).await;
    customer
        .command(order, json!({ "type": "cancel" }))
        .await
        .unwrap();
    kakao
        .wait_for("the cancellation by KakaoTalk", |m| {
            m["template_id"] == "cancelled"
        })
        .await;
    let in_app = notifications_of(&customer, 2).await;
    assert_eq!(in_app.len(), 2);
    let mut text = String::new();
    for _ in 0..40 {
        text = metrics(&app).await;
        if text.contains(r#"baedal_notifications_shed_total{channel="sms"} 1"#) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(
        text.contains(r#"baedal_notifications_shed_total{channel="sms"} 1"#),
        "{text}"
    );
    assert!(sms.received().is_empty());
    app.stop().await;
}

#[tokio::test]
async fn a_restart_delivers_what_was_still_pending() {
    let kakao = FakeProvider::start(Mode::Fail).await;
    let settings = [
        ("BAEDAL_KAKAO_URL", kakao.url.clone()),
        ("BAEDAL_NOTIFY_BACKOFF_MS", "10".into()),
    ];
    let app = spawn_app_with(&settings).await;
    let customer = app.sign_in("customer1@baedal.demo").await;
    let order = customer.place_order(1).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(kakao.received().is_empty());

    kakao.set_mode(Mode::Accept);
    let app = app.restart().await;
    let received = kakao
        .wait_for("the message after the restart", |m| {
            m["template_id"] == "order_received"
        })
        .await;
    assert!(received["text"]
        .as_str()
        .unwrap()
        .contains(&format!("#{order}")));
    let customer = app.sign_in("customer1@baedal.demo").await;
    let in_app = notifications_of(&customer, 1).await;
    assert_eq!(
        in_app.len(),
        1,
        "in-app delivered exactly once across the restart"
    );
    app.stop().await;
}

#[tokio::test]
async fn messages_follow_the_language_the_recipient_chose() {
    let kakao = FakeProvider::start(Mode::Accept).await;
    let app = spawn_app_with(&[("BAEDAL_KAKAO_URL", kakao.url.clone())]).await;
    let customer = app.sign_in("customer1@baedal.demo").await;
    let () = customer.ok("set_language", json!({ "lang": "En" })).await;
    let refused = app
        .visitor()
        .call::<Value>("set_language", json!({ "lang": "En" }))
        .await
        .unwrap_err();
    assert_eq!(refused.status, 401);
    let unknown = customer
        .call::<Value>("set_language", json!({ "lang": "Fr" }))
        .await
        .unwrap_err();
    assert_eq!(unknown.status, 400);

    let order = customer.place_order(1).await;
    let to_customer = kakao
        .wait_for("the customer's confirmation", |m| {
            m["template_id"] == "order_received"
        })
        .await;
    assert_eq!(
        to_customer["text"],
        format!(
            "[Baedal] Order #{order} from 홍대 할매 김치찌개 is paid and on its way to the store."
        )
    );
    let to_owner = kakao
        .wait_for("the store's new order", |m| m["template_id"] == "new_order")
        .await;
    assert_eq!(
        to_owner["text"],
        format!("[배달] 새 주문 #{order}이(가) 들어왔습니다."),
        "the owner kept Korean"
    );
    app.stop().await;
}
