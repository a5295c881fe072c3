//! Group commit: savepoints, keys and order within a batch, and a full queue.

use async_trait::async_trait;
use domain::{Actor, Command, OrderId, OrderStatus};
use tokio::sync::oneshot;

use super::world::World;
use super::Harness;
use crate::error::{Result, StorageError};
use crate::scripts::{Placement, Ran, Script};
use crate::tx::Tx;
use crate::writer::{Writer, WriterSettings};

/// Holds the writer in its transaction until released, so that the scripts
/// sent meanwhile gather into the next batch.
struct Gate {
    entered: oneshot::Sender<()>,
    release: oneshot::Receiver<()>,
}

#[async_trait]
impl Script for Gate {
    type Output = ();

    async fn run(self, _tx: &mut dyn Tx) -> Result<Ran<()>> {
        let _ = self.entered.send(());
        let _ = self.release.await;
        Ok(Ran::Discard(()))
    }
}

/// Closes `writer` until the returned sender is used or dropped.
async fn hold(writer: &Writer) -> (oneshot::Sender<()>, tokio::task::JoinHandle<()>) {
    let (entered, inside) = oneshot::channel();
    let (release, released) = oneshot::channel();
    let writer = writer.clone();
    let gate = tokio::spawn(async move {
        let _ = writer
            .run(Gate {
                entered,
                release: released,
            })
            .await;
    });
    inside.await.expect("the writer takes the gate");
    (release, gate)
}

/// Waits until `writer` holds `count` scripts in its queue.
async fn queued(writer: &Writer, count: usize) {
    while writer.queued() < count {
        tokio::task::yield_now().await;
    }
}

/// Writes an order, then fails as a broken statement would.
struct Failing {
    script: crate::scripts::PlaceOrder,
}

#[async_trait]
impl Script for Failing {
    type Output = ();

    async fn run(self, tx: &mut dyn Tx) -> Result<Ran<()>> {
        self.script.run(tx).await?;
        Err(StorageError::Corrupt("a script that fails".to_owned()))
    }
}

async fn order_with_key(world: &World, key: &str) -> Option<OrderId> {
    let mut batch = world.engine.begin().await.unwrap();
    batch.order_with_key(world.customers[0], key).await.unwrap()
}

pub async fn one_key_makes_one_order_within_a_batch(harness: &dyn Harness) {
    let world = World::new(harness).await;
    let (release, gate) = hold(&world.writer).await;
    let runs: Vec<_> = (0..2)
        .map(|_| {
            let (writer, script) = (
                world.writer.clone(),
                world.place_script(world.customers[0], "contract-twice"),
            );
            tokio::spawn(async move { writer.run(script).await.unwrap() })
        })
        .collect();
    queued(&world.writer, 2).await;
    release.send(()).unwrap();
    gate.await.unwrap();
    let mut outcomes = Vec::new();
    for run in runs {
        outcomes.push(run.await.unwrap());
    }
    let new: Vec<_> = outcomes
        .iter()
        .filter_map(|outcome| match outcome {
            Placement::New(applied) => Some(applied.order.id),
            _ => None,
        })
        .collect();
    assert_eq!(new.len(), 1, "{outcomes:?}");
    assert!(
        outcomes.contains(&Placement::Existing(new[0])),
        "{outcomes:?}"
    );
    assert_eq!(world.engine.changes_since(0, 100).await.unwrap().len(), 1);
    world.stop().await;
}

pub async fn a_bad_script_in_a_batch_is_undone_alone(harness: &dyn Harness) {
    let world = World::new(harness).await;
    let customer = world.customers[0];
    let coupon = world.coupon("ONLYONE", 1).await;
    let taken = world.place_with_coupon(world.customers[1], "contract-coupon-taken", coupon);
    assert!(matches!(
        world.writer.run(taken).await,
        Ok(Placement::New(_))
    ));
    let (release, gate) = hold(&world.writer).await;
    let place = |key: &str| {
        let (writer, script) = (world.writer.clone(), world.place_script(customer, key));
        tokio::spawn(async move { writer.run(script).await })
    };
    let first = place("contract-good-1");
    queued(&world.writer, 1).await;
    let failing = {
        let writer = world.writer.clone();
        let script = world.place_script(customer, "contract-failing");
        tokio::spawn(async move { writer.run(Failing { script }).await })
    };
    queued(&world.writer, 2).await;
    let refused = {
        let writer = world.writer.clone();
        let script = world.place_with_coupon(customer, "contract-no-coupon", coupon);
        tokio::spawn(async move { writer.run(script).await })
    };
    queued(&world.writer, 3).await;
    let second = place("contract-good-2");
    queued(&world.writer, 4).await;
    release.send(()).unwrap();
    gate.await.unwrap();

    let first = first.await.unwrap().unwrap();
    let second = second.await.unwrap().unwrap();
    assert!(matches!(first, Placement::New(_)), "{first:?}");
    assert!(matches!(second, Placement::New(_)), "{second:?}");
    assert!(matches!(
        failing.await.unwrap(),
        Err(StorageError::Corrupt(_))
    ));
    assert!(matches!(
        refused.await.unwrap(),
        Ok(Placement::CouponRefused(domain::CouponProblem::AllTaken))
    ));
    assert!(order_with_key(&world, "contract-good-1").await.is_some());
    assert!(order_with_key(&world, "contract-good-2").await.is_some());
    assert_eq!(order_with_key(&world, "contract-failing").await, None);
    assert_eq!(order_with_key(&world, "contract-no-coupon").await, None);
    assert_eq!(world.engine.changes_since(0, 100).await.unwrap().len(), 3);
    world.stop().await;
}

pub async fn changes_are_published_in_commit_order(harness: &dyn Harness) {
    let world = World::new(harness).await;
    let mut orders = Vec::new();
    for n in 0..6 {
        orders.push(world.paid(&format!("contract-order-{n}")).await);
    }
    let store = Actor::Store(world.store);
    let accept = Command::Accept {
        prep_minutes: domain::PrepMinutes::parse(10).unwrap(),
    };
    let commands = orders.iter().flat_map(|&order| {
        [
            accept.clone(),
            Command::StartCooking,
            Command::FinishCooking,
        ]
        .into_iter()
        .map(move |command| (order, command))
    });
    let mut runs = Vec::new();
    for (order, command) in commands {
        let (writer, script) = (world.writer.clone(), world.command(order, command, store));
        runs.push(tokio::spawn(async move { writer.run(script).await }));
    }
    for run in runs {
        run.await.unwrap().unwrap().ok();
    }
    let published = world.published.changes.lock().unwrap().clone();
    let ids: Vec<_> = published.iter().map(|change| change.event_id).collect();
    assert!(ids.windows(2).all(|pair| pair[0] < pair[1]), "{ids:?}");
    let stored: Vec<_> = world
        .engine
        .changes_since(0, 1_000)
        .await
        .unwrap()
        .into_iter()
        .map(|change| change.event_id)
        .collect();
    assert_eq!(ids, stored);
    for order in orders {
        assert_ne!(world.status(order).await, OrderStatus::Paid);
    }
    world.stop().await;
}

pub async fn a_full_queue_turns_scripts_away(harness: &dyn Harness) {
    let settings = WriterSettings {
        queue: 1,
        max_batch: 1,
    };
    let world = World::with_settings(harness, settings).await;
    let (release, gate) = hold(&world.writer).await;
    let waiting = {
        let (writer, script) = (
            world.writer.clone(),
            world.place_script(world.customers[0], "contract-queued"),
        );
        tokio::spawn(async move { writer.run(script).await })
    };
    queued(&world.writer, 1).await;
    let turned = world
        .writer
        .run(world.place_script(world.customers[0], "contract-turned"))
        .await;
    assert!(matches!(turned, Err(StorageError::Busy)), "{turned:?}");
    assert_eq!(*world.published.turned_away.lock().unwrap(), 1);
    release.send(()).unwrap();
    gate.await.unwrap();
    assert!(matches!(waiting.await.unwrap(), Ok(Placement::New(_))));
    world.stop().await;
}
