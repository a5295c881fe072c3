//! Issuing a coupon tells the store's past customers, through the outbox,
//! in the app and by KakaoTalk; nobody else hears of it.

use std::time::Duration;

use serde_json::{json, Value};

use crate::support::provider::{FakeProvider, Mode};
use crate::support::{spawn_app_with, Session};

const HONGDAE: i64 = 1;
const GANGNAM: i64 = 2;

fn ten_percent(store: i64) -> Value {
    json!({
        "store": store,
        "discount": { "kind": "percent", "percent": 10 },
        "min_order": 15000,
        "valid_days": 7,
        "quantity": 100,
    })
}

async fn deliver(customer: &Session, owner: &Session, rider: &Session, store: i64) {
    let order = customer.place_order(store).await;
    crate::support::deliver(owner, rider, order).await;
}

async fn coupon_notices(session: &Session) -> Vec<Value> {
    let items: Vec<Value> = session.ok("my_notifications", json!({})).await;
    items
        .into_iter()
        .filter(|item| item["href"].as_str().unwrap().starts_with("/stores/"))
        .collect()
}

#[tokio::test]
async fn a_new_coupon_reaches_the_stores_past_customers_only() {
    let kakao = FakeProvider::start(Mode::Accept).await;
    let app = spawn_app_with(&[("BAEDAL_KAKAO_URL", kakao.url.clone())]).await;
    let regular = app.sign_in("customer1@baedal.demo").await;
    let cancelled = app.sign_up_neighbour("neighbour@baedal.test").await;
    let elsewhere = app.sign_in("customer2@baedal.demo").await;
    let owner = app.sign_in("owner1@baedal.demo").await;
    let other_owner = app.sign_in("owner2@baedal.demo").await;
    let rider = app.sign_in("rider1@baedal.demo").await;
    let far_rider = app.sign_in("rider2@baedal.demo").await;

    deliver(&regular, &owner, &rider, HONGDAE).await;
    let order = cancelled.place_order(HONGDAE).await;
    cancelled
        .command(order, json!({ "type": "cancel" }))
        .await
        .unwrap();
    deliver(&elsewhere, &other_owner, &far_rider, GANGNAM).await;

    let issued: Value = owner.ok("issue_coupon", ten_percent(HONGDAE)).await;
    assert_eq!(
        issued["notified"], 1,
        "one customer received food from 홍대"
    );
    let code = issued["code"].as_str().unwrap().to_owned();
    assert_eq!(code.len(), 8, "{code}");

    let mut notices = Vec::new();
    for _ in 0..100 {
        notices = coupon_notices(&regular).await;
        if !notices.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert_eq!(notices[0]["href"], "/stores/1");
    let text = notices[0]["text"].as_str().unwrap();
    assert!(
        text.contains("홍대 할매 김치찌개")
            && text.contains("10%")
            && text.contains("15,000원")
            && text.contains(&code),
        "{text}"
    );
    let message = kakao
        .wait_for("the coupon by KakaoTalk", |m| {
            m["template_id"] == "coupon_issued"
        })
        .await;
    assert_eq!(message["to"], "010-1111-0001");
    assert_eq!(message["text"], text);

    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(coupon_notices(&cancelled).await.is_empty());
    assert!(coupon_notices(&elsewhere).await.is_empty());
    let coupon_messages = kakao
        .received()
        .into_iter()
        .filter(|m| m["template_id"] == "coupon_issued")
        .count();
    assert_eq!(coupon_messages, 1, "and no SMS or second message");
    app.stop().await;
}

#[tokio::test]
async fn only_the_owner_issues_and_the_terms_are_checked() {
    let app = spawn_app_with(&[]).await;
    let owner = app.sign_in("owner1@baedal.demo").await;
    let other_owner = app.sign_in("owner2@baedal.demo").await;
    let customer = app.sign_in("customer1@baedal.demo").await;

    let not_theirs = other_owner
        .call::<Value>("issue_coupon", ten_percent(HONGDAE))
        .await
        .unwrap_err();
    assert_eq!(not_theirs.status, 404);
    let customer_tries = customer
        .call::<Value>("issue_coupon", ten_percent(HONGDAE))
        .await
        .unwrap_err();
    assert_eq!(customer_tries.status, 403);

    let broken = [
        (
            "discount",
            json!({ "kind": "percent", "percent": 95 }),
            15000,
            7,
            100,
        ),
        (
            "discount",
            json!({ "kind": "fixed", "amount": 20000 }),
            15000,
            7,
            100,
        ),
        (
            "expiry",
            json!({ "kind": "percent", "percent": 10 }),
            15000,
            0,
            100,
        ),
        (
            "expiry",
            json!({ "kind": "percent", "percent": 10 }),
            15000,
            400,
            100,
        ),
        (
            "quantity",
            json!({ "kind": "percent", "percent": 10 }),
            15000,
            7,
            0,
        ),
    ];
    for (field, discount, min_order, valid_days, quantity) in broken {
        let failure = owner
            .call::<Value>(
                "issue_coupon",
                json!({ "store": HONGDAE, "discount": discount, "min_order": min_order,
                        "valid_days": valid_days, "quantity": quantity }),
            )
            .await
            .unwrap_err();
        assert_eq!(failure.status, 400, "{field}");
        assert_eq!(
            serde_json::to_value(&failure.error).unwrap()["field"],
            field
        );
    }
    let unknown_kind = owner
        .call::<Value>(
            "issue_coupon",
            json!({ "store": HONGDAE, "discount": { "kind": "free_lunch" }, "min_order": 1,
                    "valid_days": 7, "quantity": 1 }),
        )
        .await
        .unwrap_err();
    assert_eq!(unknown_kind.status, 400);
    let issued: Value = owner.ok("issue_coupon", ten_percent(HONGDAE)).await;
    assert_eq!(
        issued["notified"], 0,
        "a store without past customers tells nobody"
    );
    app.stop().await;
}
