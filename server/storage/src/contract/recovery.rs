//! What survives a crash, a stop and a rebuild.

use app::model::OrderView;
use domain::{Actor, Command, OrderStatus};

use super::world::World;
use super::Harness;
use crate::error::StorageError;
use crate::records::OrderFilter;
use crate::scripts::{rebuild_read_models, Placement, Ran, Script};

pub async fn an_uncommitted_batch_leaves_nothing(harness: &dyn Harness) {
    let world = World::new(harness).await;
    let kept = world.place("contract-kept").await;
    let mut batch = world.engine.begin().await.unwrap();
    let script = world.place_script(world.customers[0], "contract-lost");
    let ran = script.run(&mut *batch).await.unwrap();
    assert!(matches!(
        ran,
        Ran::Keep {
            output: Placement::New(_),
            ..
        }
    ));
    // The process dies before the commit.
    drop(batch);
    let url = world.url.clone();
    world.stop().await;
    let reopened = harness.open(&url).await;
    let changes = reopened.changes_since(0, 100).await.unwrap();
    let orders: Vec<_> = changes.iter().map(|change| change.order.id).collect();
    assert_eq!(orders, [kept]);
    let view = reopened.order_view(kept).await.unwrap().unwrap();
    assert_eq!(view.order.status, OrderStatus::PendingPayment);
}

pub async fn a_stopping_writer_finishes_what_it_took(harness: &dyn Harness) {
    let mut world = World::new(harness).await;
    let runs: Vec<_> = (0..20)
        .map(|n| {
            let (writer, script) = (
                world.writer.clone(),
                world.place_script(world.customers[0], &format!("contract-stop-{n}")),
            );
            tokio::spawn(async move { writer.run(script).await })
        })
        .collect();
    while world.published.changes.lock().unwrap().is_empty() {
        tokio::task::yield_now().await;
    }
    let task = world.task.take().expect("the writer runs");
    task.stop().await;
    let mut placed = 0;
    for run in runs {
        match run.await.unwrap() {
            Ok(Placement::New(_)) => placed += 1,
            Err(StorageError::Stopped) => {}
            other => panic!("{other:?}"),
        }
    }
    let committed = world.engine.changes_since(0, 100).await.unwrap().len();
    assert_eq!(placed, committed, "every answer matches what was committed");
    let after = world
        .writer
        .run(world.place_script(world.customers[0], "contract-after-stop"))
        .await;
    assert!(matches!(after, Err(StorageError::Stopped)), "{after:?}");
}

async fn snapshot(world: &World) -> (Vec<OrderView>, Vec<app::model::RankedDish>, i64) {
    let views = world
        .engine
        .order_views(OrderFilter::Customer(world.customers[0]))
        .await
        .unwrap();
    let ranking = world
        .engine
        .dish_ranking(None, None, None, 10)
        .await
        .unwrap();
    let day = super::world::now().in_korea().day_number;
    let sales = world.engine.store_sales(world.store, day).await.unwrap();
    (views, ranking, sales.orders * 1_000 + sales.delivered)
}

pub async fn a_rebuild_reproduces_the_read_models(harness: &dyn Harness) {
    let world = World::new(harness).await;
    for n in 0..3 {
        let order = world.paid(&format!("contract-rebuild-{n}")).await;
        world.walk_to(order, OrderStatus::ReadyForPickup).await;
        let rider = Actor::Rider(world.riders[0]);
        for command in [Command::Claim, Command::PickUp, Command::Deliver] {
            world.apply(order, command, rider).await.unwrap();
        }
    }
    let cancelled = world.place("contract-rebuild-cancelled").await;
    let customer = Actor::Customer(world.customers[0]);
    world
        .apply(cancelled, Command::Cancel, customer)
        .await
        .unwrap();
    let before = snapshot(&world).await;
    assert_eq!(before.0.len(), 4);
    assert_eq!(before.2, 3_003, "three paid orders, three delivered");
    let projected = rebuild_read_models(world.engine.as_ref()).await.unwrap();
    assert_eq!(projected, 3 * 8 + 2);
    assert_eq!(snapshot(&world).await, before);
    world.stop().await;
}
