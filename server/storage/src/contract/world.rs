//! A small world for the cases: a store with a menu, its owner, two
//! customers and two riders, and a writer over the database.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use app::model::Role;
use domain::{
    AccountId, Actor, Command, Coordinates, CouponId, Delivery, MenuItemId, Money, OrderDraft,
    OrderEvent, OrderId, OrderLine, OrderStatus, Quantity, StoreId, Timestamp,
};

use super::Harness;
use crate::records::{Change, NewAccount, NewDish, NewStore};
use crate::scripts::{Applied, ApplyCommand, CommandFailure, PlaceOrder, Placement, Rules};
use crate::scripts::{Authorized, RecordAuthorization};
use crate::writer::{CommitListener, Writer, WriterSettings, WriterTask};
use crate::Engine;

/// Where the store is; the customers and riders live nearby.
pub const STORE_AT: (f64, f64) = (37.5563, 126.9236);

pub const RULES: Rules = Rules {
    rider_radius_m: 3_000,
    grades: domain::GradeThresholds { loyal: 3, vip: 10 },
};

/// Records what each writer committed, in order.
#[derive(Default)]
pub struct Published {
    pub changes: Mutex<Vec<Change>>,
    pub turned_away: Mutex<u32>,
}

impl CommitListener for Published {
    fn committed(&self, changes: &[Change], _scripts: usize, _took: Duration) {
        self.changes
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend_from_slice(changes);
    }

    fn turned_away(&self) {
        *self.turned_away.lock().unwrap_or_else(|e| e.into_inner()) += 1;
    }
}

pub struct World {
    pub url: String,
    pub engine: Arc<dyn Engine>,
    pub writer: Writer,
    pub task: Option<WriterTask>,
    pub published: Arc<Published>,
    pub customers: [AccountId; 2],
    pub riders: [AccountId; 2],
    pub store: StoreId,
    pub dishes: Vec<(MenuItemId, String, Money)>,
}

pub fn now() -> Timestamp {
    let millis = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or_default();
    Timestamp::from_millis(i64::try_from(millis).unwrap_or(i64::MAX))
}

fn here() -> Coordinates {
    Coordinates::parse(STORE_AT.0, STORE_AT.1).expect("a position")
}

async fn account(engine: &dyn Engine, email: &str, role: Role) -> AccountId {
    engine
        .insert_account(NewAccount {
            email: email.to_owned(),
            name: format!("{} {email}", role.as_str()),
            role,
            password_hash: "not a real hash".to_owned(),
            home: Some(("서울 마포구 와우산로 94".to_owned(), here())),
            phone: Some("010-0000-0000".to_owned()),
        })
        .await
        .expect("an account is stored")
}

impl World {
    pub async fn new(harness: &dyn Harness) -> World {
        World::with_settings(harness, WriterSettings::default()).await
    }

    pub async fn with_settings(harness: &dyn Harness, settings: WriterSettings) -> World {
        let url = harness.create().await;
        let engine = harness.open(&url).await;
        let owner = account(engine.as_ref(), "owner@contract.test", Role::StoreOwner).await;
        let customers = [
            account(engine.as_ref(), "first@contract.test", Role::Customer).await,
            account(engine.as_ref(), "second@contract.test", Role::Customer).await,
        ];
        let riders = [
            account(engine.as_ref(), "rider1@contract.test", Role::Rider).await,
            account(engine.as_ref(), "rider2@contract.test", Role::Rider).await,
        ];
        let dish = |name: &str, price| NewDish {
            name: name.to_owned(),
            description: String::new(),
            price: Money::won(price).expect("a price"),
            options: Vec::new(),
        };
        let store = engine
            .insert_store(NewStore {
                owner,
                name: "계약 식당".to_owned(),
                category: "한식".to_owned(),
                neighbourhood: "홍대".to_owned(),
                address: "서울 마포구 어울마당로 1".to_owned(),
                location: here(),
                delivery_fee: Money::won(3_000).expect("a fee"),
                min_order: Money::ZERO,
                menu: vec![dish("김치찌개", 9_000), dish("계란말이", 6_000)],
            })
            .await
            .expect("a store is stored");
        let dishes = engine
            .menu(store)
            .await
            .expect("the menu reads")
            .into_iter()
            .map(|item| (item.id, item.name, item.price))
            .collect();
        let published = Arc::new(Published::default());
        let (writer, task) = Writer::start(engine.clone(), settings, published.clone());
        World {
            url,
            engine,
            writer,
            task: Some(task),
            published,
            customers,
            riders,
            store,
            dishes,
        }
    }

    /// A second instance on the same database: its own engine and writer.
    pub async fn another_instance(&self, harness: &dyn Harness) -> (Writer, WriterTask) {
        let engine = harness.open(&self.url).await;
        Writer::start(
            engine,
            WriterSettings::default(),
            Arc::new(Published::default()),
        )
    }

    /// Two of the first dish and one of the second, as `customer` orders them.
    pub fn placed(&self, customer: AccountId, coupon: Option<(CouponId, Money)>) -> OrderEvent {
        let lines = self
            .dishes
            .iter()
            .zip([2, 1])
            .map(|((item, name, price), quantity)| OrderLine {
                item: *item,
                name: name.clone(),
                unit_price: *price,
                quantity: Quantity::parse(quantity).expect("a quantity"),
                options: Vec::new(),
            })
            .collect();
        OrderDraft {
            customer,
            store: self.store,
            lines,
            delivery: Delivery::parse("서울 마포구 와우산로 94", here()).expect("an address"),
            delivery_fee: Money::won(3_000).expect("a fee"),
            min_order: Money::ZERO,
            coupon: coupon.map(|(id, discount)| domain::AppliedCoupon { id, discount }),
            note: None,
        }
        .place(now())
        .expect("the draft is valid")
    }

    pub fn place_script(&self, customer: AccountId, key: &str) -> PlaceOrder {
        PlaceOrder {
            key: key.to_owned(),
            placed: self.placed(customer, None),
            payment_expires_at: Timestamp::from_millis(now().millis() + 600_000),
        }
    }

    /// Places an order for the first customer; its id.
    pub async fn place(&self, key: &str) -> OrderId {
        let script = self.place_script(self.customers[0], key);
        match self.writer.run(script).await.expect("the writer answers") {
            Placement::New(applied) => applied.order.id,
            other => panic!("placing {key}: {other:?}"),
        }
    }

    pub fn command(&self, order: OrderId, command: Command, actor: Actor) -> ApplyCommand {
        ApplyCommand {
            order,
            command,
            actor,
            at: now(),
            rules: RULES,
        }
    }

    pub async fn apply(
        &self,
        order: OrderId,
        command: Command,
        actor: Actor,
    ) -> Result<Applied, CommandFailure> {
        let script = self.command(order, command, actor);
        self.writer.run(script).await.expect("the writer answers")
    }

    pub fn authorization(&self, order: OrderId) -> RecordAuthorization {
        RecordAuthorization {
            order,
            command: Command::AuthorizePayment,
            actor: Actor::System,
            at: now(),
            rules: RULES,
        }
    }

    /// Places an order and has it paid.
    pub async fn paid(&self, key: &str) -> OrderId {
        let order = self.place(key).await;
        let paid = self.writer.run(self.authorization(order)).await;
        assert!(
            matches!(paid, Ok(Authorized::Paid(_))),
            "paying {key}: {paid:?}"
        );
        order
    }

    /// Walks a paid order on to `status` through the store's commands.
    pub async fn walk_to(&self, order: OrderId, status: OrderStatus) {
        let store = Actor::Store(self.store);
        let steps = [
            (
                OrderStatus::Accepted,
                Command::Accept {
                    prep_minutes: domain::PrepMinutes::parse(15).expect("minutes"),
                },
            ),
            (OrderStatus::Cooking, Command::StartCooking),
            (OrderStatus::ReadyForPickup, Command::FinishCooking),
        ];
        let from = self.status(order).await;
        for (reached, command) in steps {
            if reached <= from {
                continue;
            }
            self.apply(order, command, store)
                .await
                .expect("the store's step applies");
            if reached == status {
                return;
            }
        }
    }

    /// Issues a coupon of 1,000 won off, of which there are `quantity`.
    pub async fn coupon(&self, code: &str, quantity: u32) -> CouponId {
        let terms = domain::CouponTerms::new(
            domain::Discount::Fixed {
                amount: Money::won(1_000).expect("an amount"),
            },
            Money::won(10_000).expect("a minimum"),
            Timestamp::from_millis(now().millis() + 86_400_000),
            quantity,
            now(),
        )
        .expect("valid terms");
        let issue = crate::scripts::IssueCoupon {
            store: self.store,
            code: code.to_owned(),
            terms,
            at: now(),
        };
        self.writer
            .run(issue)
            .await
            .expect("the coupon is issued")
            .coupon
    }

    /// `customer`'s order of the usual dishes with a coupon of 1,000 won off.
    pub fn place_with_coupon(
        &self,
        customer: AccountId,
        key: &str,
        coupon: CouponId,
    ) -> PlaceOrder {
        PlaceOrder {
            placed: self.placed(
                customer,
                Some((coupon, Money::won(1_000).expect("an amount"))),
            ),
            ..self.place_script(customer, key)
        }
    }

    pub async fn status(&self, order: OrderId) -> OrderStatus {
        self.engine
            .order_view(order)
            .await
            .expect("the view reads")
            .expect("the order has a view")
            .order
            .status
    }

    pub async fn stop(mut self) {
        if let Some(task) = self.task.take() {
            drop(self.writer);
            task.stop().await;
        }
    }
}
