//! Every server function and the live stream, called as each kind of caller:
//! nobody, the customer who owns the order, another customer, the owner of
//! the order's store, the owner of another store, a rider and the operator.
//! The list of server functions comes from the running code, so a new one
//! without a row here fails this test.

use std::collections::BTreeSet;

use serde_json::{json, Value};

use crate::support::{order_body, spawn_app, Session};

/// The callers, in the order of each row's expectations.
const CALLERS: [&str; 7] = [
    "nobody",
    "customer",
    "another customer",
    "store owner",
    "another store's owner",
    "rider",
    "operator",
];

/// A 65-byte P-256 point and a 16-byte secret, as browsers send them.
const P256DH: &str =
    "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
const AUTH: &str = "BTBZMqHH6r4Tts7J_aSIgg";

struct Row {
    endpoint: &'static str,
    /// The arguments for the caller at this index.
    args: Box<dyn Fn(usize) -> Value>,
    /// The HTTP status each caller gets.
    expect: [u16; 7],
}

fn row(endpoint: &'static str, args: Value, expect: [u16; 7]) -> Row {
    Row {
        endpoint,
        args: Box::new(move |_| args.clone()),
        expect,
    }
}

fn per_caller(
    endpoint: &'static str,
    args: impl Fn(usize) -> Value + 'static,
    expect: [u16; 7],
) -> Row {
    Row {
        endpoint,
        args: Box::new(args),
        expect,
    }
}

async fn status_of(session: &Session, endpoint: &str, args: Value) -> u16 {
    let request = session
        .client
        .post(format!("{}/api/{endpoint}", session.base));
    let request = if matches!(endpoint, "sign_in" | "sign_up") {
        let fields: Vec<(&str, &str)> = args
            .as_object()
            .map(|map| {
                map.iter()
                    .map(|(k, v)| (k.as_str(), v.as_str().unwrap_or_default()))
                    .collect()
            })
            .unwrap_or_default();
        request.form(&fields)
    } else {
        request.json(&args)
    };
    request
        .send()
        .await
        .expect("the server answers")
        .status()
        .as_u16()
}

#[tokio::test]
async fn every_server_function_and_the_stream_authorise_every_caller() {
    let app = spawn_app().await;
    let customer = app.sign_in("customer1@baedal.demo").await;
    let callers = [
        app.visitor(),
        app.sign_in("customer1@baedal.demo").await,
        // Another customer in 홍대, whom store 1 delivers to as well.
        app.sign_up_neighbour("neighbour@baedal.test").await,
        app.sign_in("owner1@baedal.demo").await,
        app.sign_in("owner2@baedal.demo").await,
        app.sign_in("rider1@baedal.demo").await,
        app.sign_in("admin@baedal.demo").await,
    ];
    let order = customer.place_order(1).await;
    let menu: Value = customer.ok("store_menu", json!({ "store": 1 })).await;
    let dish = menu["items"][0]["id"].clone();

    const OPEN: [u16; 7] = [200; 7];
    const SIGNED_IN: [u16; 7] = [401, 200, 200, 200, 200, 200, 200];
    const CUSTOMERS: [u16; 7] = [401, 200, 200, 403, 403, 403, 403];
    const OWNERS: [u16; 7] = [401, 403, 403, 200, 200, 403, 403];
    const RIDERS: [u16; 7] = [401, 403, 403, 403, 403, 200, 403];
    const OPERATORS: [u16; 7] = [401, 403, 403, 403, 403, 403, 200];
    let rows = vec![
        row("current_account", json!({}), OPEN),
        row("demo_accounts", json!({}), OPEN),
        row("list_stores", json!({ "query": {} }), OPEN),
        row("store_menu", json!({ "store": 1 }), OPEN),
        row(
            "dish_ranking",
            json!({ "neighbourhood": null, "period": "all_time" }),
            OPEN,
        ),
        row("push_key", json!({}), OPEN),
        row(
            "get_order",
            json!({ "order": order }),
            [401, 200, 404, 200, 404, 404, 200],
        ),
        row("my_orders", json!({}), CUSTOMERS),
        // Receipt cannot be confirmed on a paid order: the owner of the
        // order hears why (409), the store is not allowed (409 with its
        // reason), strangers learn nothing (404), the operator commands nothing.
        row(
            "order_command",
            json!({ "order": order, "command": { "type": "confirm_receipt" } }),
            [401, 409, 404, 409, 404, 404, 403],
        ),
        per_caller(
            "place_order",
            {
                let dish = dish.clone();
                move |caller| {
                    let lines = json!([{ "item": dish, "quantity": 2 }]);
                    order_body(1, lines, &format!("authorisation-{caller}"))
                }
            },
            CUSTOMERS,
        ),
        row(
            "quote_order",
            json!({ "request": { "store": 1, "lines": [{ "item": dish, "quantity": 2 }] } }),
            CUSTOMERS,
        ),
        row("my_coupons", json!({ "store": 1 }), CUSTOMERS),
        // Only the customer's own unpaid orders; this one is paid (409).
        row(
            "retry_payment",
            json!({ "order": order }),
            [401, 409, 404, 403, 403, 403, 403],
        ),
        // Only the customer's own completed orders; this one is not (409).
        row(
            "write_review",
            json!({ "order": order, "stars": 5, "text": "맛있어요" }),
            [401, 409, 404, 403, 403, 403, 403],
        ),
        row("my_profile", json!({}), CUSTOMERS),
        row(
            "save_address",
            json!({ "label": "회사", "address": "서울 중구 세종대로 110", "position": null, "area": "jongno" }),
            CUSTOMERS,
        ),
        row(
            "delete_address",
            json!({ "id": 999_999 }),
            [401, 404, 404, 403, 403, 403, 403],
        ),
        row("store_orders", json!({}), OWNERS),
        row("store_sales", json!({}), OWNERS),
        row(
            "issue_coupon",
            json!({
                "store": 1,
                "discount": { "kind": "percent", "percent": 10 },
                "min_order": 10000,
                "valid_days": 7,
                "quantity": 10,
            }),
            [401, 403, 403, 200, 404, 403, 403],
        ),
        row(
            "store_dashboard",
            json!({ "store": 1 }),
            [401, 403, 403, 200, 404, 403, 403],
        ),
        row(
            "update_store",
            json!({
                "store": 1,
                "settings": {
                    "accepting": true,
                    "hours": { "opens": 0, "closes": 0 },
                    "delivery_fee": 3000,
                    "min_order": 12000,
                    "delivery_radius_m": 3000,
                    "auto_accept": null,
                },
            }),
            [401, 403, 403, 200, 404, 403, 403],
        ),
        row(
            "save_dish",
            json!({
                "store": 1,
                "dish": { "id": null, "name": "오늘의 특선", "description": "", "price": 10000, "options": [] },
            }),
            [401, 403, 403, 200, 404, 403, 403],
        ),
        row(
            "set_sold_out",
            json!({ "store": 1, "item": dish, "sold_out": false }),
            [401, 403, 403, 200, 404, 403, 403],
        ),
        // The order has no review to reply to: its owner hears 404 as well.
        row(
            "reply_review",
            json!({ "order": order, "text": "감사합니다" }),
            [401, 403, 403, 404, 404, 403, 403],
        ),
        row("rider_board", json!({}), RIDERS),
        row(
            "set_duty",
            json!({ "on_duty": true, "position": [37.556, 126.923], "area": null }),
            RIDERS,
        ),
        row(
            "report_position",
            json!({ "position": [37.557, 126.924] }),
            RIDERS,
        ),
        // Where the rider is: for whoever may see the order.
        row(
            "rider_position",
            json!({ "order": order }),
            [401, 200, 404, 200, 404, 404, 200],
        ),
        row("my_notifications", json!({}), SIGNED_IN),
        row("mark_notifications_read", json!({}), SIGNED_IN),
        row("notification_inbox", json!({}), OPERATORS),
        row("dead_letters", json!({}), OPERATORS),
        row(
            "retry_notification",
            json!({ "outbox_id": 999_999 }),
            [401, 403, 403, 403, 403, 403, 404],
        ),
        row("set_language", json!({ "lang": "Ko" }), SIGNED_IN),
        per_caller(
            "subscribe_push",
            |caller| {
                json!({
                    "endpoint": format!("https://push.example/{caller}"),
                    "p256dh": P256DH,
                    "auth": AUTH,
                })
            },
            SIGNED_IN,
        ),
        // Only the account that subscribed an endpoint may remove it.
        row(
            "unsubscribe_push",
            json!({ "endpoint": "https://push.example/1" }),
            [401, 200, 404, 404, 404, 404, 404],
        ),
        row("audit_log", json!({}), OPERATORS),
        per_caller(
            "create_account",
            |caller| {
                json!({
                    "role": "rider",
                    "account": {
                        "email": format!("rider-made-by-{caller}@example.com"),
                        "name": "새 라이더",
                        "password": "blue-kimchi-bicycle-42",
                        "area": "hongdae",
                        "address": "서울 마포구 홍익로 1",
                    },
                    "store": null,
                })
            },
            OPERATORS,
        ),
        row(
            "sign_in",
            json!({ "email": "customer1@baedal.demo", "password": "not-the-password" }),
            [401; 7],
        ),
        // Last: they end the callers' sessions.
        row("sign_out_everywhere", json!({}), SIGNED_IN),
        row("sign_out", json!({}), OPEN),
        // Anyone may sign up as a customer; it signs the caller in, so it
        // comes after everything else.
        per_caller(
            "sign_up",
            |caller| {
                json!({
                    "email": format!("signed-up-{caller}@example.com"),
                    "name": "새 손님",
                    "password": "blue-kimchi-bicycle-42",
                    "area": "hongdae",
                    "address": "서울 마포구 와우산로 1",
                })
            },
            OPEN,
        ),
    ];

    let in_code: BTreeSet<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.trim_start_matches("/api/").to_owned())
        .collect();
    let in_table: BTreeSet<String> = rows.iter().map(|r| r.endpoint.to_owned()).collect();
    assert_eq!(
        in_code, in_table,
        "every server function has a row, and every row a server function"
    );

    // The live stream: anyone signed in, filtered per caller (tests in live.rs).
    for (index, session) in callers.iter().enumerate() {
        let status = session
            .client
            .get(format!("{}/api/live", app.base))
            .send()
            .await
            .unwrap()
            .status()
            .as_u16();
        assert_eq!(
            status, SIGNED_IN[index],
            "live stream as {}",
            CALLERS[index]
        );
    }

    let mut wrong = Vec::new();
    for row in &rows {
        for (index, session) in callers.iter().enumerate() {
            let status = status_of(session, row.endpoint, (row.args)(index)).await;
            if status != row.expect[index] {
                wrong.push(format!(
                    "{} as {}: {status}, not {}",
                    row.endpoint, CALLERS[index], row.expect[index]
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
    app.stop().await;
}
