//! A customer's saved addresses and completed orders.

use super::world::{now, World};
use super::Harness;
use crate::rows::place;
use crate::StorageError;

pub async fn a_customers_record_lists_their_own_addresses_oldest_first(harness: &dyn Harness) {
    let world = World::new(harness).await;
    let [customer, other] = world.customers;
    let fresh = world.engine.record(customer).await.unwrap();
    assert_eq!(fresh.completed_orders, 0);
    assert!(fresh.addresses.is_empty());

    let home = place("서울 마포구 와우산로 94".into(), 37.5512, 126.9249).unwrap();
    let office = place("서울 성동구 성수이로 113".into(), 37.5446, 127.0557).unwrap();
    let saved_home = world
        .engine
        .save_address(customer, "집", &home, now())
        .await
        .unwrap();
    let saved_office = world
        .engine
        .save_address(customer, "회사", &office, now())
        .await
        .unwrap();
    world
        .engine
        .save_address(other, "집", &office, now())
        .await
        .unwrap();
    let record = world.engine.record(customer).await.unwrap();
    assert_eq!(record.completed_orders, 0);
    assert_eq!(record.addresses, vec![saved_home.clone(), saved_office]);
    assert_eq!(record.addresses[1].place, office);

    let deleted = world
        .engine
        .delete_address(customer, record.addresses[1].id);
    assert!(deleted.await.unwrap());
    let record = world.engine.record(customer).await.unwrap();
    assert_eq!(record.addresses, vec![saved_home]);

    for n in 1..10 {
        let label = format!("곳 {n}");
        let saved = world.engine.save_address(customer, &label, &home, now());
        saved.await.unwrap();
    }
    let eleventh = world.engine.save_address(customer, "하나 더", &home, now());
    assert!(matches!(eleventh.await, Err(StorageError::Taken)));
    assert_eq!(
        world.engine.record(customer).await.unwrap().addresses.len(),
        10
    );
}
