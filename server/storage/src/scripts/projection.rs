//! The read models, projected from each event in the transaction that
//! appends it, so that a page never reads a model behind the log; and
//! rebuilt from the whole log on request.

use domain::{EventKind, OrderEvent, OrderId, StoreId};

use crate::error::{corrupt, Result};
use crate::read_models::{self, Opening};
use crate::records::StoreFacts;
use crate::tx::{Transactions, Tx};

/// Events read from the log at a time.
const PAGE: i64 = 500;

/// Projects one event of `order` into the read models. `store` saves a read
/// when the caller has the order's store at hand.
pub async fn project(
    tx: &mut dyn Tx,
    event_id: i64,
    order: OrderId,
    event: &OrderEvent,
    store: Option<&StoreFacts>,
) -> Result<()> {
    let view = match &event.kind {
        EventKind::Placed(placed) => {
            let store = facts(tx, placed.store, store).await?;
            let opening = Opening {
                store_name: store.name,
                store_place: store.place,
                customer_name: tx.account_name(placed.customer).await?,
            };
            read_models::opened(order, event, opening)
                .ok_or_else(|| corrupt("a placed event without its order"))?
        }
        _ => {
            let (_, current) = tx
                .order_view(order)
                .await?
                .ok_or_else(|| corrupt(format!("order {order} has no view")))?;
            let rider_name = match event.kind {
                EventKind::RiderAssigned { rider } => Some(tx.account_name(rider).await?),
                _ => None,
            };
            read_models::advanced(current, event, rider_name)
        }
    };
    let tally = read_models::tally(&view, event);
    let neighbourhood = match tally.dishes.is_empty() {
        true => String::new(),
        false => facts(tx, tally.store, store).await?.neighbourhood,
    };
    tx.save_projection(event_id, &view, &tally, &neighbourhood)
        .await
}

async fn facts(tx: &mut dyn Tx, id: StoreId, known: Option<&StoreFacts>) -> Result<StoreFacts> {
    match known {
        Some(store) => Ok(store.clone()),
        None => tx
            .store_facts(id)
            .await?
            .ok_or_else(|| corrupt(format!("store {id} is missing"))),
    }
}

/// Empties the read models and projects the whole log again, in one
/// transaction: readers see the old models until the new ones are complete.
/// Returns how many events it projected.
pub async fn rebuild_read_models(engine: &dyn Transactions) -> Result<u64> {
    let mut batch = engine.begin().await?;
    batch.clear_read_models().await?;
    batch.forget_projection_checkpoint().await?;
    let projected = project_after(&mut *batch, 0, false).await?;
    batch.commit().await?;
    Ok(projected)
}

/// Before projecting became part of each event's transaction, a projector
/// followed the log from a checkpoint. A database from then may hold events
/// after it: they are projected once, and the checkpoint is forgotten.
pub async fn catch_up_legacy_projection(engine: &dyn Transactions) -> Result<u64> {
    let mut batch = engine.begin().await?;
    let Some(checkpoint) = batch.projection_checkpoint().await? else {
        return Ok(0);
    };
    let projected = project_after(&mut *batch, checkpoint, true).await?;
    batch.forget_projection_checkpoint().await?;
    batch.commit().await?;
    Ok(projected)
}

async fn project_after(tx: &mut dyn Tx, mut after: i64, skip_projected: bool) -> Result<u64> {
    let mut projected = 0;
    loop {
        let events = tx.events_after(after, PAGE).await?;
        let Some(last) = events.last().map(|stored| stored.id) else {
            return Ok(projected);
        };
        for stored in events {
            if skip_projected {
                let seen = tx.order_view(stored.order).await?;
                if seen.is_some_and(|(last_event, _)| last_event >= stored.id) {
                    continue;
                }
            }
            project(tx, stored.id, stored.order, &stored.event, None).await?;
            projected += 1;
        }
        after = last;
    }
}
