//! The people the benchmark acts as, and the requests that move an order
//! through its life: the customer places it, the store accepts, cooks and
//! finishes, the rider claims, picks up and delivers, the customer confirms.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use anyhow::Context;
use hyper::StatusCode;
use serde::Deserialize;

use super::oracle::{Driven, Status};
use crate::http::{Call, Conn, Target};

/// A signed-in account of `server bench-people`.
#[derive(Debug, Clone, Deserialize)]
pub struct Person {
    pub cookie: String,
    pub lat: f64,
    pub lon: f64,
    /// The store it belongs to, by index.
    pub store: usize,
}

/// Everyone `server bench-people` signed in.
#[derive(Debug, Deserialize)]
pub struct People {
    /// Store ids by index.
    pub stores: Vec<i64>,
    pub owners: Vec<Person>,
    pub customers: Vec<Person>,
    pub riders: Vec<Person>,
}

impl People {
    pub fn read(path: &std::path::Path) -> anyhow::Result<People> {
        let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
        let people: People = serde_json::from_slice(&bytes)
            .with_context(|| format!("{} is not a bench-people file", path.display()))?;
        anyhow::ensure!(
            !people.stores.is_empty() && people.owners.len() == people.stores.len(),
            "{} has no stores, or not one owner each",
            path.display()
        );
        Ok(people)
    }

    /// The customers next door to `store`.
    pub fn customers_of(&self, store: usize) -> Vec<usize> {
        (0..self.customers.len())
            .filter(|c| self.customers[*c].store == store)
            .collect()
    }

    /// The rider standing at `store`, if any.
    pub fn rider_at(&self, store: usize) -> Option<usize> {
        self.riders.iter().position(|rider| rider.store == store)
    }
}

/// What a life needs besides the people: the dish each store sells, and a
/// counter for idempotency keys.
pub struct Stage {
    pub target: Arc<Target>,
    pub people: People,
    /// The dish ordered from each store, by index.
    pub dishes: Vec<i64>,
    pub run_id: String,
    keys: AtomicU64,
}

impl Stage {
    /// Reads each store's menu.
    pub async fn new(target: Arc<Target>, people: People, run_id: String) -> anyhow::Result<Stage> {
        let mut conn = Conn::open(Arc::clone(&target)).await?;
        let mut dishes = Vec::with_capacity(people.stores.len());
        for (index, store) in people.stores.iter().enumerate() {
            let body = format!(r#"{{"store":{store}}}"#);
            let call =
                Call::json("/api/store_menu", body).with_cookie(&people.owners[index].cookie);
            let answer = conn
                .call(call)
                .await
                .map_err(|e| anyhow::anyhow!("reading the menu of store {store}: {e}"))?;
            anyhow::ensure!(
                answer.status == StatusCode::OK,
                "store_menu {store}: {}",
                answer.text()
            );
            let menu: serde_json::Value = serde_json::from_slice(&answer.body)?;
            dishes.push(
                menu["items"][0]["id"]
                    .as_i64()
                    .context("a store without dishes")?,
            );
        }
        Ok(Stage {
            target,
            people,
            dishes,
            run_id,
            keys: AtomicU64::new(0),
        })
    }

    /// Puts every rider on duty where they stand.
    pub async fn riders_on_duty(&self) -> anyhow::Result<()> {
        let mut conn = Conn::open(Arc::clone(&self.target)).await?;
        for rider in &self.people.riders {
            let body = format!(
                r#"{{"on_duty":true,"position":[{},{}],"area":null}}"#,
                rider.lat, rider.lon
            );
            conn.call_ok(&rider.cookie, "/api/set_duty", body)
                .await
                .map_err(|e| anyhow::anyhow!("set_duty: {e}"))?;
        }
        Ok(())
    }

    /// Places an order of `customer` at their store; its id.
    pub async fn place(&self, conn: &mut Conn, customer: usize) -> Result<Driven, String> {
        let person = &self.people.customers[customer];
        let key = format!(
            "fanout-{}-{}",
            self.run_id,
            self.keys.fetch_add(1, Ordering::Relaxed)
        );
        let body = format!(
            r#"{{"request":{{"store":{},"lines":[{{"item":{},"quantity":1}}],"address":null,"coupon":null}},"key":"{key}"}}"#,
            self.people.stores[person.store], self.dishes[person.store]
        );
        let answer = conn
            .call_ok(&person.cookie, "/api/place_order", body)
            .await?;
        let id = String::from_utf8_lossy(&answer)
            .trim()
            .parse::<i64>()
            .map_err(|_| "place_order: no order id".to_owned())?;
        Ok(Driven {
            id,
            customer,
            store: person.store,
            rider: None,
            // Placing answers once the payment is recorded.
            reached: vec![Status::PendingPayment, Status::Paid],
        })
    }

    /// Moves a placed and paid order to completed, with the rider who
    /// stands at its store.
    pub async fn complete(&self, conn: &mut Conn, order: &mut Driven) -> Result<(), String> {
        let owner = &self.people.owners[order.store].cookie;
        let rider = self
            .people
            .rider_at(order.store)
            .ok_or("no rider stands at the store")?;
        let rider_cookie = &self.people.riders[rider].cookie;
        let customer = &self.people.customers[order.customer].cookie;
        let steps: [(&str, &str, Status); 7] = [
            (
                owner,
                r#"{"type":"accept","prep_minutes":10}"#,
                Status::Accepted,
            ),
            (owner, r#"{"type":"start_cooking"}"#, Status::Cooking),
            (
                owner,
                r#"{"type":"finish_cooking"}"#,
                Status::ReadyForPickup,
            ),
            (rider_cookie, r#"{"type":"claim"}"#, Status::RiderAssigned),
            (rider_cookie, r#"{"type":"pick_up"}"#, Status::PickedUp),
            (rider_cookie, r#"{"type":"deliver"}"#, Status::Delivered),
            (customer, r#"{"type":"confirm_receipt"}"#, Status::Completed),
        ];
        for (cookie, command, status) in steps {
            let body = format!(r#"{{"order":{},"command":{command}}}"#, order.id);
            conn.call_ok(cookie, "/api/order_command", body).await?;
            if status == Status::RiderAssigned {
                order.rider = Some(rider);
            }
            order.reached.push(status);
        }
        Ok(())
    }
}
