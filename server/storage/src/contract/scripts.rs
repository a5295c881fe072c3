//! The scripts' outcomes, one at a time.

use app::model::{PaymentState, StoreSettings};
use domain::{
    Actor, Command, CouponTerms, Discount, DomainError, Money, OpeningHours, OrderStatus,
    PaymentAction, PrepMinutes, Timestamp,
};

use super::world::{now, World, RULES};
use super::Harness;
use crate::notices::{Channel, Message};
use crate::payment_records::late_void_key;
use crate::scripts::{Authorized, CommandFailure, IssueCoupon, Placement, RecordFailedAttempt};

pub async fn placing_records_the_order_its_payment_and_its_view(harness: &dyn Harness) {
    let world = World::new(harness).await;
    let script = world.place_script(world.customers[0], "contract-place-1");
    let Placement::New(applied) = world.writer.run(script).await.unwrap() else {
        panic!("a new order");
    };
    let order = applied.order.id;
    assert_eq!(applied.order.status, OrderStatus::PendingPayment);
    assert_eq!(applied.order.total, Money::won(27_000).unwrap());
    let view = world.engine.order_view(order).await.unwrap().unwrap();
    assert_eq!(view.order, applied.order);
    assert_eq!(view.store_name, "계약 식당");
    assert_eq!(view.timeline.len(), 1);
    let payment = world.engine.payment_view(order).await.unwrap().unwrap();
    assert_eq!(payment.state, PaymentState::Unpaid);
    assert!(!payment.busy);
    let changes = world.engine.changes_since(0, 100).await.unwrap();
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0].event_id, applied.event_id);
    assert_eq!(changes[0].order.id, order);
    assert_eq!(
        world.published.changes.lock().unwrap().as_slice(),
        changes.as_slice()
    );
    world.stop().await;
}

pub async fn commands_follow_the_rules_and_settle_the_money(harness: &dyn Harness) {
    let world = World::new(harness).await;
    let order = world.paid("contract-rules-1").await;
    let payment = world.engine.payment_view(order).await.unwrap().unwrap();
    assert_eq!(payment.state, PaymentState::Authorized);
    world.walk_to(order, OrderStatus::Accepted).await;
    let calls = due_calls(&world).await;
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].action, PaymentAction::Capture);
    world
        .engine
        .payment_call_done(calls[0].id, now())
        .await
        .unwrap();
    world.walk_to(order, OrderStatus::ReadyForPickup).await;
    let rider = Actor::Rider(world.riders[0]);
    for command in [Command::Claim, Command::PickUp, Command::Deliver] {
        world.apply(order, command, rider).await.unwrap();
    }
    let customer = Actor::Customer(world.customers[0]);
    let done = world.apply(order, Command::ConfirmReceipt, customer).await;
    assert_eq!(done.unwrap().order.status, OrderStatus::Completed);
    let record = world.engine.record(world.customers[0]).await.unwrap();
    assert_eq!(record.completed_orders, 1);
    assert!(record.addresses.is_empty());
    let view = world.engine.order_view(order).await.unwrap().unwrap();
    assert_eq!(view.order.rider, Some(world.riders[0]));
    assert_eq!(view.timeline.len(), 9);

    // Cancelling an accepted order refunds it and returns nothing else.
    let second = world.paid("contract-rules-2").await;
    world.walk_to(second, OrderStatus::Accepted).await;
    world
        .apply(second, Command::Cancel, customer)
        .await
        .unwrap();
    let actions: Vec<_> = due_calls(&world)
        .await
        .into_iter()
        .map(|call| (call.order, call.action))
        .collect();
    assert_eq!(actions, [(second, PaymentAction::Capture)]);
    let payment = world.engine.payment_view(second).await.unwrap().unwrap();
    assert_eq!(payment.pending, Some(PaymentAction::Refund));
    world.stop().await;
}

pub async fn a_refused_command_changes_nothing(harness: &dyn Harness) {
    let world = World::new(harness).await;
    let order = world.paid("contract-refused-1").await;
    let before = world.engine.changes_since(0, 100).await.unwrap();
    let store = Actor::Store(world.store);
    let cooking = world.apply(order, Command::StartCooking, store).await;
    assert!(matches!(
        cooking,
        Err(CommandFailure::Refused(DomainError::NotAllowedNow { .. }))
    ));
    let by_customer = Actor::Customer(world.customers[0]);
    let accept = Command::Accept {
        prep_minutes: PrepMinutes::parse(10).unwrap(),
    };
    let stranger = world.apply(order, accept, by_customer).await;
    assert!(matches!(
        stranger,
        Err(CommandFailure::Refused(DomainError::NotPermitted { .. }))
    ));
    let missing = domain::OrderId::parse(order.get() + 1_000).unwrap();
    let nothing = world.apply(missing, Command::Cancel, by_customer).await;
    assert_eq!(nothing, Err(CommandFailure::NotFound));
    assert_eq!(world.engine.changes_since(0, 100).await.unwrap(), before);
    assert_eq!(world.status(order).await, OrderStatus::Paid);
    world.stop().await;
}

pub async fn an_authorisation_after_cancelling_releases_the_money_once(harness: &dyn Harness) {
    let world = World::new(harness).await;
    let order = world.place("contract-late-1").await;
    let customer = Actor::Customer(world.customers[0]);
    world.apply(order, Command::Cancel, customer).await.unwrap();
    let first = world.writer.run(world.authorization(order)).await.unwrap();
    let second = world.writer.run(world.authorization(order)).await.unwrap();
    assert!(
        matches!(first, Authorized::MovedOn { voided: true, .. }),
        "{first:?}"
    );
    assert!(
        matches!(second, Authorized::MovedOn { voided: false, .. }),
        "{second:?}"
    );
    let calls = due_calls(&world).await;
    assert_eq!(calls.len(), 1, "{calls:?}");
    assert_eq!(calls[0].action, PaymentAction::Void);
    assert_eq!(calls[0].key, late_void_key(order));
    assert_eq!(world.status(order).await, OrderStatus::Cancelled);
    world.stop().await;
}

pub async fn a_failed_first_attempt_tells_the_customer_once(harness: &dyn Harness) {
    let world = World::new(harness).await;
    let order = world.place("contract-failed-1").await;
    let retry = Timestamp::from_millis(now().millis() + 30_000);
    let attempt = || RecordFailedAttempt {
        order,
        error: "unavailable",
        may_be_held: false,
        at: now(),
        retry_at: Box::new(move |_| retry),
        rules: RULES,
    };
    assert_eq!(world.writer.run(attempt()).await.unwrap(), Some(1));
    assert_eq!(world.writer.run(attempt()).await.unwrap(), Some(2));
    let view = world.engine.order_view(order).await.unwrap().unwrap();
    let failures = view
        .timeline
        .iter()
        .filter(|entry| entry.event == domain::EventName::PaymentFailed)
        .count();
    assert_eq!(failures, 1);
    let payment = world.engine.payment_view(order).await.unwrap().unwrap();
    assert!(payment.busy);
    assert_eq!(payment.next_retry_at, Some(retry));
    let told = due_in_app(&world, 50).await;
    assert_eq!(told.len(), 1);
    assert_eq!(told[0].message, Message::PaymentBusy);
    assert_eq!(told[0].recipient, world.customers[0]);
    // Once paid, a late failure counts nothing.
    world.writer.run(world.authorization(order)).await.unwrap();
    assert_eq!(world.writer.run(attempt()).await.unwrap(), None);
    world.stop().await;
}

pub async fn auto_accept_follows_the_payment_in_one_commit(harness: &dyn Harness) {
    let world = World::new(harness).await;
    let settings = StoreSettings {
        accepting: true,
        hours: OpeningHours::parse(0, 0).unwrap(),
        delivery_fee: Money::won(3_000).unwrap(),
        min_order: Money::ZERO,
        delivery_radius_m: 3_000,
        auto_accept: Some(PrepMinutes::parse(25).unwrap()),
    };
    assert!(world
        .engine
        .update_store(world.store, &settings)
        .await
        .unwrap());
    let order = world.place("contract-auto-1").await;
    let paid = world.writer.run(world.authorization(order)).await.unwrap();
    let Authorized::Paid(applied) = paid else {
        panic!("paid: {paid:?}");
    };
    assert_eq!(applied.order.status, OrderStatus::Accepted);
    let published = world.published.changes.lock().unwrap().clone();
    let statuses: Vec<_> = published.iter().map(|c| c.order.status).collect();
    assert_eq!(
        statuses,
        [
            OrderStatus::PendingPayment,
            OrderStatus::Paid,
            OrderStatus::Accepted
        ]
    );
    assert_eq!(published[2].event_id, applied.event_id);
    world.stop().await;
}

pub async fn issuing_a_coupon_tells_past_customers(harness: &dyn Harness) {
    let world = World::new(harness).await;
    let order = world.paid("contract-coupon-1").await;
    world.walk_to(order, OrderStatus::ReadyForPickup).await;
    let rider = Actor::Rider(world.riders[0]);
    for command in [Command::Claim, Command::PickUp, Command::Deliver] {
        world.apply(order, command, rider).await.unwrap();
    }
    let already = due_in_app(&world, 500).await.len();
    let terms = CouponTerms::new(
        Discount::Percent { percent: 10 },
        Money::won(10_000).unwrap(),
        Timestamp::from_millis(now().millis() + 86_400_000),
        100,
        now(),
    )
    .unwrap();
    let issue = IssueCoupon {
        store: world.store,
        code: "CONTRACT1".to_owned(),
        terms,
        at: now(),
    };
    let issued = world.writer.run(issue).await.unwrap();
    assert_eq!(issued.notified, 1);
    let found = world
        .engine
        .coupon_by_code(world.store, "contract1")
        .await
        .unwrap();
    assert_eq!(found, Some((issued.coupon, terms)));
    let told = due_in_app(&world, 500).await;
    let coupon_notices: Vec<_> = told[already..]
        .iter()
        .map(|message| (message.recipient, message.message))
        .collect();
    assert_eq!(
        coupon_notices,
        [(world.customers[0], Message::CouponIssued)]
    );
    world.stop().await;
}

pub async fn a_capped_claim_takes_only_the_newest_messages(harness: &dyn Harness) {
    let world = World::new(harness).await;
    for key in ["contract-cap-1", "contract-cap-2"] {
        world.paid(key).await;
    }
    let ids = |messages: Vec<crate::records::PendingMessage>| -> Vec<i64> {
        messages.iter().map(|message| message.outbox_id).collect()
    };
    let due = ids(due_in_app(&world, 100).await);
    assert!(due.len() >= 2, "each order told its customer: {due:?}");
    let at = now();
    let engine = &world.engine;
    let claim = |cap| async move {
        let claimed = engine.claim_due_messages(Channel::InApp, at, at, 100, Some(cap));
        ids(claimed.await.unwrap())
    };
    assert!(claim(0).await.is_empty(), "a cap of none takes none");
    assert_eq!(claim(1).await, [*due.last().unwrap()]);
    assert_eq!(
        claim(1_000).await,
        due,
        "a cap above the backlog takes all that is due"
    );
    world.stop().await;
}

/// The payment calls due now, read without holding them.
async fn due_calls(world: &World) -> Vec<crate::payment_records::QueuedCall> {
    let at = now();
    world
        .engine
        .claim_due_payment_calls(at, at, 10)
        .await
        .unwrap()
}

/// The in-app messages due now, read without holding them.
async fn due_in_app(world: &World, limit: i64) -> Vec<crate::records::PendingMessage> {
    let at = now();
    world
        .engine
        .claim_due_messages(Channel::InApp, at, at, limit, None)
        .await
        .unwrap()
}
