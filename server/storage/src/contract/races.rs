//! The promises of the transaction interface, with two writers over one
//! database racing as two instances would.

use domain::{Actor, Command, DomainError, OrderStatus, Timestamp};

use super::world::{now, World};
use super::Harness;
use crate::notices::Channel;
use crate::scripts::{CommandFailure, Placement};

const ROUNDS: usize = 10;

pub async fn the_last_coupon_goes_to_exactly_one_customer(harness: &dyn Harness) {
    let world = World::new(harness).await;
    let (other, other_task) = world.another_instance(harness).await;
    for round in 0..ROUNDS {
        let coupon = world.coupon(&format!("LAST{round}"), 1).await;
        let script = |n: usize| {
            let key = format!("contract-last-{round}-{n}");
            world.place_with_coupon(world.customers[n], &key, coupon)
        };
        let (first, second) = tokio::join!(world.writer.run(script(0)), other.run(script(1)));
        let outcomes = [first.unwrap(), second.unwrap()];
        let won = outcomes
            .iter()
            .filter(|o| matches!(o, Placement::New(_)))
            .count();
        let refused = outcomes
            .iter()
            .filter(|o| **o == Placement::CouponRefused(domain::CouponProblem::AllTaken))
            .count();
        assert_eq!((won, refused), (1, 1), "round {round}: {outcomes:?}");
    }
    other_task.stop().await;
    world.stop().await;
}

pub async fn of_riders_claiming_at_once_exactly_one_wins(harness: &dyn Harness) {
    let world = World::new(harness).await;
    let (other, other_task) = world.another_instance(harness).await;
    for round in 0..ROUNDS {
        let order = world.paid(&format!("contract-claim-{round}")).await;
        world.walk_to(order, OrderStatus::ReadyForPickup).await;
        let claims = (0..6).map(|n| {
            let rider = Actor::Rider(world.riders[n % 2]);
            let script = world.command(order, Command::Claim, rider);
            let writer = if n % 2 == 0 {
                world.writer.clone()
            } else {
                other.clone()
            };
            async move { writer.run(script).await.unwrap() }
        });
        let outcomes = futures::future::join_all(claims).await;
        let winners: Vec<_> = outcomes.iter().filter_map(|o| o.as_ref().ok()).collect();
        assert_eq!(winners.len(), 1, "round {round}: {outcomes:?}");
        for lost in outcomes.iter().filter_map(|o| o.as_ref().err()) {
            assert_eq!(lost, &CommandFailure::Refused(DomainError::AlreadyClaimed));
        }
        assert_eq!(world.status(order).await, OrderStatus::RiderAssigned);
        let view = world.engine.order_view(order).await.unwrap().unwrap();
        assert_eq!(view.order.rider, winners[0].order.rider);
    }
    other_task.stop().await;
    world.stop().await;
}

pub async fn cancel_against_start_cooking_ends_one_way(harness: &dyn Harness) {
    let world = World::new(harness).await;
    let (other, other_task) = world.another_instance(harness).await;
    for round in 0..ROUNDS {
        let order = world.paid(&format!("contract-cancel-{round}")).await;
        world.walk_to(order, OrderStatus::Accepted).await;
        let customer = Actor::Customer(world.customers[0]);
        let cancel = world.command(order, Command::Cancel, customer);
        let cook = world.command(order, Command::StartCooking, Actor::Store(world.store));
        let (cancelled, cooking) = tokio::join!(world.writer.run(cancel), other.run(cook));
        let (cancelled, cooking) = (cancelled.unwrap(), cooking.unwrap());
        assert!(
            cancelled.is_ok() != cooking.is_ok(),
            "round {round}: {cancelled:?} / {cooking:?}"
        );
        let expected = match cancelled {
            Ok(_) => OrderStatus::Cancelled,
            Err(_) => OrderStatus::Cooking,
        };
        assert_eq!(world.status(order).await, expected);
    }
    other_task.stop().await;
    world.stop().await;
}

/// The promise the races rest on, kept by the engine itself: an order is
/// written only over the status the script loaded, and nothing else of the
/// command is written when it is not.
pub async fn advancing_over_a_moved_status_writes_nothing(harness: &dyn Harness) {
    let world = World::new(harness).await;
    let order = world.paid("contract-moved-1").await;
    let mut batch = world.engine.begin().await.unwrap();
    let stored = batch.load_order(order).await.unwrap().unwrap();
    let store = Actor::Store(world.store);
    let event = domain::decide(&stored, &Command::StartCooking, store, super::world::now());
    assert!(event.is_err(), "a paid order does not start cooking");
    let accept = Command::Accept {
        prep_minutes: domain::PrepMinutes::parse(10).unwrap(),
    };
    let event = domain::decide(&stored, &accept, store, super::world::now()).unwrap();
    let after = stored.clone().apply(&event);
    let moved = batch
        .advance_order(&after, OrderStatus::Accepted, &event)
        .await
        .unwrap();
    assert_eq!(moved, None, "the stored status is paid, not accepted");
    let events = batch.events_after(0, 100).await.unwrap();
    assert_eq!(
        events.len(),
        2,
        "placed and paid, and no event of the refused write"
    );
    assert_eq!(batch.load_order(order).await.unwrap().unwrap(), stored);
    let advanced = batch
        .advance_order(&after, OrderStatus::Paid, &event)
        .await
        .unwrap();
    assert!(advanced.is_some());
    drop(batch);
    let changes = world.engine.changes_since(0, 100).await.unwrap();
    assert_eq!(changes.len(), 2, "nothing of an uncommitted batch is kept");
    world.stop().await;
}

/// Two instances' workers taking due jobs at once: each job goes to one of
/// them, and a job whose instance stopped before it finished is due again
/// once its lease ends.
pub async fn a_due_job_is_taken_by_one_instance(harness: &dyn Harness) {
    let world = World::new(harness).await;
    let other = harness.open(&world.url).await;
    for n in 0..6 {
        let order = world.paid(&format!("contract-jobs-{n}")).await;
        world.walk_to(order, OrderStatus::Accepted).await;
    }
    let at = now();
    let lease_until = Timestamp::from_millis(at.millis() + 60_000);
    let after_lease = Timestamp::from_millis(lease_until.millis() + 1);

    let engines = [&world.engine, &other, &world.engine, &other];
    let calls = futures::future::join_all(
        engines.map(|engine| engine.claim_due_payment_calls(at, lease_until, 2)),
    )
    .await;
    let mut taken: Vec<i64> = calls
        .into_iter()
        .flat_map(|claimed| claimed.unwrap())
        .map(|call| call.id)
        .collect();
    let claimed = taken.len();
    taken.sort_unstable();
    taken.dedup();
    assert_eq!((claimed, taken.len()), (6, 6), "each capture taken once");
    let held = world.engine.claim_due_payment_calls(at, at, 10).await;
    assert!(held.unwrap().is_empty(), "leased calls are held");
    let again = other.claim_due_payment_calls(after_lease, after_lease, 10);
    assert_eq!(again.await.unwrap().len(), 6, "due again after the lease");

    let messages = futures::future::join_all(
        engines.map(|engine| engine.claim_due_messages(Channel::InApp, at, lease_until, 5, None)),
    )
    .await;
    let mut taken: Vec<i64> = messages
        .into_iter()
        .flat_map(|claimed| claimed.unwrap())
        .map(|message| message.outbox_id)
        .collect();
    let claimed = taken.len();
    taken.sort_unstable();
    taken.dedup();
    assert!(claimed >= 6, "the orders told their customer: {claimed}");
    assert_eq!(claimed, taken.len(), "each message taken once");
    let held = world
        .engine
        .claim_due_messages(Channel::InApp, at, at, 100, None);
    assert!(held.await.unwrap().is_empty(), "leased messages are held");
    let again = other.claim_due_messages(Channel::InApp, after_lease, after_lease, 100, None);
    assert_eq!(
        again.await.unwrap().len(),
        claimed,
        "due again after the lease"
    );
    world.stop().await;
}

/// Rate limits taken by two instances at once: the allowance is counted
/// once for both.
pub async fn a_rate_limit_holds_across_instances(harness: &dyn Harness) {
    let world = World::new(harness).await;
    let other = harness.open(&world.url).await;
    let at = now();
    let key = "sign_in:192.0.2.1";
    let takes = futures::future::join_all((0..6).map(|n| {
        let engine = if n % 2 == 0 { &world.engine } else { &other };
        engine.take_allowance(key, at, 1_000, 2)
    }))
    .await;
    let waits: Vec<Option<i64>> = takes.into_iter().map(|take| take.unwrap()).collect();
    let taken = waits.iter().filter(|wait| wait.is_none()).count();
    assert_eq!(taken, 2, "a burst of two for both instances: {waits:?}");
    assert!(
        waits
            .iter()
            .flatten()
            .all(|wait| (1..=1_000).contains(wait)),
        "the next one is a second away at most: {waits:?}"
    );
    let later = Timestamp::from_millis(at.millis() + 1_000);
    let again = other.take_allowance(key, later, 1_000, 2).await.unwrap();
    assert_eq!(again, None, "one more a second later");
    let refused = world.engine.take_allowance(key, later, 1_000, 2).await;
    assert_eq!(refused.unwrap(), Some(1_000), "and only one");

    let lock = "locked:someone@example.com";
    assert_eq!(
        world
            .engine
            .take_allowance(lock, at, 5_000, 1)
            .await
            .unwrap(),
        None
    );
    assert_eq!(other.allowance_wait(lock, at).await.unwrap(), 5_000);
    let lifted = Timestamp::from_millis(at.millis() + 5_000);
    assert_eq!(other.allowance_wait(lock, lifted).await.unwrap(), 0);
    let much_later = Timestamp::from_millis(at.millis() + 60_000);
    assert_eq!(
        world
            .engine
            .forget_whole_allowances(much_later)
            .await
            .unwrap(),
        2
    );
    assert_eq!(other.allowance_wait(key, at).await.unwrap(), 0, "forgotten");
    world.stop().await;
}
