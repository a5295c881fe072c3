//! A customer's saved addresses and completed orders.

use super::world::{now, World};
use super::Harness;
use crate::rows::place;
use crate::scripts::Placement;
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

/// What a signed-in visitor's page reads of them at once is what the parts
/// read one by one: the session's account, a customer's record and their
/// coupons for a store, none of another customer's, and nothing for a
/// session that is not valid.
pub async fn a_visitor_read_at_once_is_its_parts(harness: &dyn Harness) {
    let world = World::new(harness).await;
    let [customer, other] = world.customers;
    let engine = &world.engine;
    let at = now();
    let later = domain::Timestamp::from_millis(at.millis() + 3_600_000);
    let before = domain::Timestamp::from_millis(at.millis() - 60_000);
    let home = place("서울 마포구 와우산로 94".into(), 37.5512, 126.9249).unwrap();
    let office = place("서울 성동구 성수이로 113".into(), 37.5446, 127.0557).unwrap();
    engine
        .save_address(customer, "집", &home, at)
        .await
        .unwrap();
    engine
        .save_address(customer, "회사", &office, at)
        .await
        .unwrap();
    engine.save_address(other, "집", &office, at).await.unwrap();
    let used = world.coupon("VISITUSED", 5).await;
    let _open = world.coupon("VISITOPEN", 5).await;
    let redeem = world.place_with_coupon(customer, "contract-visitor-coupon", used);
    let placed = world.writer.run(redeem).await;
    assert!(matches!(placed, Ok(Placement::New(_))), "{placed:?}");
    for (token, account) in [("visitor-customer", customer), ("visitor-other", other)] {
        engine
            .create_session(token, account, at, later)
            .await
            .unwrap();
    }
    let owner = engine
        .credentials("owner@contract.test")
        .await
        .unwrap()
        .unwrap();
    engine
        .create_session("visitor-owner", owner.account.id, at, later)
        .await
        .unwrap();

    for (token, account) in [("visitor-customer", customer), ("visitor-other", other)] {
        let visit = |store| engine.page_visitor(token, at, before, store);
        let on_store = visit(Some(world.store))
            .await
            .unwrap()
            .expect("a valid session");
        let (session, times) = engine
            .session_account(token, at, before)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(on_store.account, session);
        assert_eq!(on_store.session, times);
        assert_eq!(times.expires, later);
        assert_eq!(
            on_store.customer,
            Some(engine.record(account).await.unwrap())
        );
        let offers = engine
            .coupon_offers(account, Some(world.store), at)
            .await
            .unwrap();
        assert_eq!(on_store.offers, Some(offers));
        let on_list = visit(None).await.unwrap().expect("a valid session");
        assert_eq!(on_list.customer, on_store.customer);
        assert_eq!(on_list.offers, None);
    }
    let mine = engine
        .page_visitor("visitor-customer", at, before, Some(world.store))
        .await
        .unwrap()
        .unwrap();
    let codes: Vec<&str> = mine
        .offers
        .iter()
        .flatten()
        .map(|o| o.code.as_str())
        .collect();
    assert_eq!(codes, ["VISITOPEN"], "a coupon used is no longer offered");
    let addresses = mine.customer.map(|c| c.addresses.len());
    assert_eq!(addresses, Some(2), "their own addresses only");

    let owners = engine
        .page_visitor("visitor-owner", at, before, Some(world.store))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(owners.account, owner.account);
    assert_eq!((owners.customer, owners.offers), (None, None));

    let no_session = engine.page_visitor("no-such-token", at, before, None);
    assert_eq!(no_session.await.unwrap(), None);
    let idle = engine.page_visitor("visitor-customer", at, later, None);
    assert_eq!(idle.await.unwrap(), None, "a session idle past the cutoff");
    let expired = engine.page_visitor("visitor-customer", later, before, None);
    assert_eq!(expired.await.unwrap(), None, "a session past its expiry");
    world.stop().await;
}
