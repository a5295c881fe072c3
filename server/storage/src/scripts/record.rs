//! A command on an order in the writer's transaction: decide on the order as
//! stored, write it over the status it had, and record what follows.

use app::model::PaymentState;
use domain::{Actor, Command, EventKind, Order, OrderEvent, OrderId, OrderStatus, Timestamp};

use super::{projection, Applied, CommandFailure, Rules};
use crate::error::{corrupt, Result};
use crate::notices::Cause;
use crate::payment_records::{call_key, Call};
use crate::plan::{plan, Audience, Facts};
use crate::records::{Change, StoreFacts};
use crate::tx::Tx;

impl Applied {
    /// What the live hub publishes of it.
    pub fn change(&self, store: &StoreFacts) -> Change {
        Change {
            event_id: self.event_id,
            order: self.order.clone(),
            store_location: store.place.location,
        }
    }
}

/// An applied command with the facts of its order's store.
pub(super) struct Done {
    pub applied: Applied,
    pub store: StoreFacts,
}

impl Done {
    pub fn change(&self) -> Change {
        self.applied.change(&self.store)
    }
}

pub(super) async fn store_facts(tx: &mut dyn Tx, order: &Order) -> Result<StoreFacts> {
    tx.store_facts(order.store)
        .await?
        .ok_or_else(|| corrupt(format!("order {} of a missing store", order.id)))
}

/// Applies `command` as `actor` to the order as stored, or says why not.
pub(super) async fn apply(
    tx: &mut dyn Tx,
    id: OrderId,
    command: &Command,
    actor: Actor,
    at: Timestamp,
    rules: Rules,
) -> Result<Result<Done, CommandFailure>> {
    let Some(before) = tx.load_order(id).await? else {
        return Ok(Err(CommandFailure::NotFound));
    };
    let event = match domain::decide(&before, command, actor, at) {
        Ok(event) => event,
        Err(reason) => return Ok(Err(CommandFailure::Refused(reason))),
    };
    let after = before.clone().apply(&event);
    let completing = after.status == OrderStatus::Completed && before.status != after.status;
    let completed_before = match completing {
        true => tx.completed_orders(after.customer).await?,
        false => 0,
    };
    let store = store_facts(tx, &after).await?;
    let riders = match event.kind {
        EventKind::CookingFinished => {
            tx.riders_near(store.place.location, rules.rider_radius_m)
                .await?
        }
        _ => Vec::new(),
    };
    let Some(event_id) = tx.advance_order(&after, before.status, &event).await? else {
        return Ok(Err(CommandFailure::Conflict));
    };
    settle(tx, &before, &after, &event).await?;
    let audience = Audience {
        store_owner: store.owner,
        store_location: store.place.location,
        riders,
        radius_m: rules.rider_radius_m,
        grades: rules.grades,
    };
    let facts = Facts { completed_before };
    let notices = plan(&before, &after, &event.kind, &audience, facts);
    let cause = Cause::Event {
        event_id,
        order: id,
    };
    tx.enqueue(cause, &notices, event.at).await?;
    projection::project(tx, event_id, id, &event, Some(&store)).await?;
    Ok(Ok(Done {
        applied: Applied {
            order: after,
            event_id,
        },
        store,
    }))
}

/// What the event does to the money and the coupon: an authorisation is
/// recorded; a capture, void or refund is queued; a coupon of an order that
/// ends without food is handed back.
async fn settle(tx: &mut dyn Tx, before: &Order, after: &Order, event: &OrderEvent) -> Result<()> {
    let (order, at) = (after.id, event.at);
    if let EventKind::PaymentAuthorized = event.kind {
        tx.payment_authorized(order, at).await?;
    }
    if let Some(action) = domain::payment_action(before.status, &event.kind) {
        let call = Call::from(action);
        tx.queue_payment_call(order, call, after.total, &call_key(order, call), at)
            .await?;
    }
    if before.status == OrderStatus::PendingPayment && after.status == OrderStatus::Cancelled {
        // An authorisation that timed out or went unanswered may still be
        // held at the provider: release it.
        let attempted = tx
            .payment(order)
            .await?
            .is_some_and(|payment| payment.state == PaymentState::Unpaid && payment.attempts > 0);
        if attempted {
            let key = call_key(order, Call::Void);
            tx.queue_payment_call(order, Call::Void, after.total, &key, at)
                .await?;
        }
    }
    if domain::returns_coupon(&event.kind) && after.coupon.is_some() {
        tx.return_coupon(order).await?;
    }
    Ok(())
}
