//! Riders: a race-free claim, offers within the radius of where the rider
//! is (nearest first, with fees), their position reaching the customer after
//! pickup, and their earnings.

use std::time::Duration;

use domain::{minutes_to_cover, rider_fee, Coordinates};
use futures::future::join_all;
use serde_json::{json, Value};

use crate::support::{spawn_app, Session, TestApp};

const HONGDAE: i64 = 1;
const GANGNAM: i64 = 2;
const SEONGSU: i64 = 3;
const JONGNO: i64 = 4;
const ITAEWON: i64 = 5;

/// Places an order at `store` and has its owner cook it: ready for pickup.
/// `customer` lives in 홍대; an order from elsewhere goes to their office
/// beside the store.
async fn ready_order(customer: &Session, owner: &Session, store: i64) -> i64 {
    let order = if store == HONGDAE {
        customer.place_order(store).await
    } else {
        customer.place_order_beside(store).await
    };
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

async fn board(rider: &Session) -> Value {
    rider.ok("rider_board", json!({})).await
}

fn offered_ids(board: &Value) -> Vec<i64> {
    board["offered"]
        .as_array()
        .unwrap()
        .iter()
        .map(|card| card["view"]["order"]["id"].as_i64().unwrap())
        .collect()
}

async fn create_riders(app: &TestApp, count: usize) -> Vec<Session> {
    let operator = app.sign_in("admin@baedal.demo").await;
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
        riders.push(app.sign_in_with(&email, "blue-kimchi-bicycle-42").await);
    }
    riders
}

#[tokio::test]
async fn twenty_riders_claim_one_delivery_a_hundred_times_and_exactly_one_wins_each_time() {
    let app = spawn_app().await;
    let customer = app.sign_in("customer1@baedal.demo").await;
    let owner = app.sign_in("owner1@baedal.demo").await;
    let riders = create_riders(&app, 20).await;
    let mut wins_per_rider = vec![0_u32; riders.len()];
    for _ in 0..100 {
        let order = ready_order(&customer, &owner, HONGDAE).await;
        let claims = riders
            .iter()
            .map(|rider| rider.command(order, json!({ "type": "claim" })));
        let outcomes = join_all(claims).await;
        let mut winners = 0;
        for (index, outcome) in outcomes.into_iter().enumerate() {
            match outcome {
                Ok(view) => {
                    winners += 1;
                    wins_per_rider[index] += 1;
                    assert_eq!(view.order.status, domain::OrderStatus::RiderAssigned);
                }
                Err(failure) => {
                    assert_eq!(failure.status, 409, "{failure:?}");
                    assert_eq!(
                        serde_json::to_value(&failure.error).unwrap(),
                        json!({ "error": "refused", "reason": { "code": "already_claimed" } }),
                    );
                }
            }
        }
        assert_eq!(winners, 1, "order {order}: exactly one rider wins");
        assert_eq!(customer.status_of(order).await, "rider_assigned");
    }
    assert_eq!(wins_per_rider.iter().sum::<u32>(), 100);
    app.stop().await;
}

#[tokio::test]
async fn offers_are_those_within_the_radius_of_where_the_rider_is_nearest_first() {
    let app = spawn_app().await;
    let customer = app.sign_in("customer1@baedal.demo").await;
    let owner1 = app.sign_in("owner1@baedal.demo").await;
    let owner2 = app.sign_in("owner2@baedal.demo").await;
    let mut ready = std::collections::HashMap::new();
    for (store, owner) in [
        (HONGDAE, &owner1),
        (GANGNAM, &owner2),
        (SEONGSU, &owner1),
        (JONGNO, &owner1),
        (ITAEWON, &owner2),
    ] {
        ready.insert(store, ready_order(&customer, owner, store).await);
    }
    let rider = app.sign_in("rider1@baedal.demo").await;

    // A delivery that is not offered to a rider cannot be claimed by them.
    let failure = rider
        .command(ready[&GANGNAM], json!({ "type": "claim" }))
        .await
        .unwrap_err();
    assert_eq!(failure.status, 404, "강남 is 8 km from the rider in 홍대");
    assert_eq!(
        customer.status_of(ready[&GANGNAM]).await,
        "ready_for_pickup"
    );

    // Off duty, from the rider's base in 홍대: only the 홍대 kitchen is within 3 km.
    let off = board(&rider).await;
    assert_eq!(off["duty"]["on_duty"], false);
    assert_eq!(off["radius_m"], 3000);
    assert_eq!(offered_ids(&off), [ready[&HONGDAE]]);

    // 1.3 km from 종로 and 2.8 km from 이태원; 홍대, 성수 and 강남 are 5.7 to 7.4 km away.
    rider.on_duty_at(37.5600, 126.9950).await;
    let here = board(&rider).await;
    assert_eq!(here["duty"]["on_duty"], true);
    assert_eq!(offered_ids(&here), [ready[&JONGNO], ready[&ITAEWON]]);
    let cards = here["offered"].as_array().unwrap();
    let to_store: Vec<i64> = cards
        .iter()
        .map(|c| c["to_store_m"].as_i64().unwrap())
        .collect();
    assert!(
        (1_200..1_300).contains(&to_store[0]) && (2_750..2_850).contains(&to_store[1]),
        "{to_store:?}"
    );
    for card in cards {
        let store_to_customer = card["store_to_customer_m"].as_i64().unwrap();
        let expected_fee = rider_fee(u32::try_from(store_to_customer).unwrap()).get();
        assert_eq!(card["fee"], expected_fee, "{card}");
        assert!(
            card["contacts"].is_null(),
            "no phone numbers before the claim"
        );
    }

    // Moving south-west brings 이태원 first.
    let () = rider
        .ok(
            "report_position",
            json!({ "position": [37.5450, 126.9900] }),
        )
        .await;
    assert_eq!(
        offered_ids(&board(&rider).await),
        [ready[&ITAEWON], ready[&JONGNO]]
    );

    // Without a position, an area will do.
    let () = rider
        .ok(
            "set_duty",
            json!({ "on_duty": true, "position": null, "area": "gangnam" }),
        )
        .await;
    assert_eq!(offered_ids(&board(&rider).await), [ready[&GANGNAM]]);

    // Neither is refused, and so is a position while off duty.
    let failure = rider
        .call::<Value>(
            "set_duty",
            json!({ "on_duty": true, "position": null, "area": null }),
        )
        .await
        .unwrap_err();
    assert_eq!(
        serde_json::to_value(&failure.error).unwrap(),
        json!({ "error": "invalid_input", "field": "position" })
    );
    let () = rider
        .ok(
            "set_duty",
            json!({ "on_duty": false, "position": null, "area": null }),
        )
        .await;
    let failure = rider
        .call::<Value>("report_position", json!({ "position": [37.5, 127.0] }))
        .await
        .unwrap_err();
    assert_eq!(
        serde_json::to_value(&failure.error).unwrap(),
        json!({ "error": "invalid_input", "field": "off_duty" })
    );
    let failure = rider
        .call::<Value>("report_position", json!({ "position": [91.0, 127.0] }))
        .await
        .unwrap_err();
    assert_eq!(failure.status, 400, "impossible coordinates");
    app.stop().await;
}

#[tokio::test]
async fn after_pickup_the_customer_sees_where_the_rider_is_and_the_rider_earns_the_fee() {
    let app = spawn_app().await;
    let customer = app.sign_in("customer1@baedal.demo").await;
    let stranger = app.sign_in("customer2@baedal.demo").await;
    let owner = app.sign_in("owner1@baedal.demo").await;
    let rider = app.sign_in("rider1@baedal.demo").await;
    rider.on_duty_at(37.5560, 126.9230).await;
    let order = ready_order(&customer, &owner, HONGDAE).await;

    rider
        .command(order, json!({ "type": "claim" }))
        .await
        .unwrap();
    let mine = board(&rider).await;
    let card = &mine["mine"][0];
    assert_eq!(card["contacts"]["customer_phone"], "010-1111-0001");
    assert_eq!(card["contacts"]["store_phone"], "010-2222-0001");
    let spot: Value = customer
        .ok("rider_position", json!({ "order": order }))
        .await;
    assert_eq!(spot, Value::Null, "not before pickup");

    rider
        .command(order, json!({ "type": "pick_up" }))
        .await
        .unwrap();
    let mut live = customer.live().await;
    let () = rider
        .ok(
            "report_position",
            json!({ "position": [37.5530, 126.9240] }),
        )
        .await;
    let mut told = false;
    while let Some(event) = live.next_within(Duration::from_secs(5)).await {
        if event.event == "rider" {
            assert_eq!(event.data, order.to_string());
            told = true;
            break;
        }
    }
    assert!(told, "the customer's stream hears that the rider moved");
    let spot: Value = customer
        .ok("rider_position", json!({ "order": order }))
        .await;
    assert_eq!(spot["position"], json!([37.5530, 126.9240]));
    let view: Value = customer.ok("get_order", json!({ "order": order })).await;
    let home = &view["order"]["delivery"]["location"];
    let (lat, lon) = (home[0].as_f64().unwrap(), home[1].as_f64().unwrap());
    let to_customer = Coordinates::parse(37.5530, 126.9240)
        .unwrap()
        .distance_m(Coordinates::parse(lat, lon).unwrap());
    assert_eq!(spot["to_customer_m"], to_customer);
    assert_eq!(spot["eta_minutes"], minutes_to_cover(to_customer, 15));

    let failure = stranger
        .call::<Value>("rider_position", json!({ "order": order }))
        .await
        .unwrap_err();
    assert_eq!(failure.status, 404, "another customer learns nothing");

    rider
        .command(order, json!({ "type": "deliver" }))
        .await
        .unwrap();
    let earnings = board(&rider).await["earnings"].clone();
    let fee = card["fee"].as_i64().unwrap();
    assert_eq!(earnings["today_deliveries"], 1);
    assert_eq!(earnings["today_fees"], fee);
    assert_eq!(earnings["week_deliveries"], 1);
    assert_eq!(earnings["week_fees"], fee);
    app.stop().await;
}

#[tokio::test]
async fn a_rider_on_duty_hears_of_offers_near_where_they_are_not_their_base() {
    let app = spawn_app().await;
    let customer = app.sign_in("customer1@baedal.demo").await;
    let owner = app.sign_in("owner1@baedal.demo").await;
    // rider2's base is in 강남, 8 km from the 홍대 kitchen.
    let rider = app.sign_in("rider2@baedal.demo").await;
    let mut live = rider.live().await;
    let order = ready_order(&customer, &owner, HONGDAE).await;
    assert!(
        live.next_change(Duration::from_millis(500)).await.is_none(),
        "not from 강남"
    );

    rider.on_duty_at(37.5560, 126.9230).await;
    let order_nearby = ready_order(&customer, &owner, HONGDAE).await;
    let heard = live
        .next_change(Duration::from_secs(5))
        .await
        .expect("an offer nearby");
    assert_eq!(heard["order"], order_nearby);
    assert_eq!(offered_ids(&board(&rider).await), [order, order_nearby]);
    // And is told of it in the app, by the notification planned at commit.
    let mut told = false;
    for _ in 0..50 {
        let notes: Vec<Value> = rider.ok("my_notifications", json!({})).await;
        let about = |order: i64| {
            notes
                .iter()
                .any(|n| n["href"] == format!("/orders/{order}"))
        };
        if about(order_nearby) {
            assert!(
                !about(order),
                "not of the one offered while off duty in 강남"
            );
            told = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(told, "the rider on duty nearby is told of the new delivery");
    app.stop().await;
}
