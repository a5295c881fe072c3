//! One cart from the store's menu: dishes that need no choice, enough of
//! them for the store's minimum order.

use std::sync::Arc;

use anyhow::{bail, Context};
use serde_json::{json, Value};

use crate::http::{Call, Conn, Target};

/// A cart of dishes that need no choice, worth at least the store's minimum.
pub struct Cart {
    pub store: u64,
    pub store_name: String,
    pub min_order: i64,
    pub delivery_fee: i64,
    pub open: bool,
    /// Dish id, name, price and quantity.
    pub lines: Vec<(u64, String, i64, u8)>,
}

impl Cart {
    pub fn subtotal(&self) -> i64 {
        self.lines
            .iter()
            .map(|(_, _, price, quantity)| price * i64::from(*quantity))
            .sum()
    }

    /// The `request` of quote and place bodies.
    pub fn request_json(&self) -> String {
        let lines: Vec<Value> = self
            .lines
            .iter()
            .map(|(id, _, _, quantity)| json!({"item": id, "quantity": quantity, "options": []}))
            .collect();
        json!({"store": self.store, "lines": lines, "address": null, "coupon": null, "note": null})
            .to_string()
    }
}

/// Reads store `store`'s menu and builds a cart from it.
pub async fn cart(target: &Arc<Target>, store: u64, session: &str) -> anyhow::Result<Cart> {
    let mut conn = Conn::open(Arc::clone(target)).await?;
    let call = Call::json("/api/store_menu", json!({ "store": store }).to_string());
    let answer = conn
        .call(call.with_cookie(session))
        .await
        .context("reading the menu")?;
    if !answer.status.is_success() {
        bail!(
            "reading store {store}'s menu: HTTP {}: {}",
            answer.status.as_u16(),
            answer.text()
        );
    }
    let menu: Value = serde_json::from_slice(&answer.body)
        .with_context(|| format!("store {store}'s menu is not JSON: {}", answer.text()))?;
    choose(&menu, store).with_context(|| format!("store {store}'s menu has an unexpected shape"))
}

fn choose(menu: &Value, store: u64) -> anyhow::Result<Cart> {
    let card = field(menu, "store")?;
    let min_order = integer(card, "min_order")?;
    let mut lines = Vec::new();
    for item in field(menu, "items")?
        .as_array()
        .context("`items` is not a list")?
    {
        let groups = field(item, "options")?
            .as_array()
            .context("a dish's `options` is not a list")?;
        let mut required = false;
        for group in groups {
            required |= integer(group, "min")? > 0;
        }
        let sold_out = field(item, "sold_out")?
            .as_bool()
            .context("`sold_out` is not true or false")?;
        if sold_out || required {
            continue;
        }
        let id = u64::try_from(integer(item, "id")?).context("a dish id is negative")?;
        let name = field(item, "name")?.as_str().unwrap_or("?").to_owned();
        lines.push((id, name, integer(item, "price")?, 1u8));
        if lines.len() == 3 {
            break;
        }
    }
    if lines.is_empty() {
        bail!("no dish is on sale without a required choice");
    }
    let mut cart = Cart {
        store,
        store_name: field(card, "name")?.as_str().unwrap_or("?").to_owned(),
        min_order,
        delivery_fee: integer(card, "delivery_fee")?,
        open: field(card, "open")?.as_bool().unwrap_or(false),
        lines,
    };
    let mut turn = 0;
    while cart.subtotal() < min_order {
        if cart.lines.iter().all(|line| line.3 >= 99) {
            bail!("99 of each dish still falls short of the minimum order {min_order}");
        }
        let count = cart.lines.len();
        let line = &mut cart.lines[turn % count];
        line.3 = (line.3 + 1).min(99);
        turn += 1;
    }
    Ok(cart)
}

fn field<'a>(value: &'a Value, key: &str) -> anyhow::Result<&'a Value> {
    value.get(key).with_context(|| {
        let shown: String = value.to_string().chars().take(200).collect();
        format!("no `{key}` in {shown}")
    })
}

fn integer(value: &Value, key: &str) -> anyhow::Result<i64> {
    field(value, key)?
        .as_i64()
        .with_context(|| format!("`{key}` is not an integer"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dish(id: u64, price: i64, sold_out: bool, required: bool) -> Value {
        let groups = if required {
            json!([{"name": "맵기", "min": 1, "max": 1, "options": []}])
        } else {
            json!([{"name": "추가", "min": 0, "max": 2, "options": []}])
        };
        json!({"id": id, "name": format!("dish {id}"), "price": price, "sold_out": sold_out, "options": groups})
    }

    fn menu(min_order: i64, items: Vec<Value>) -> Value {
        let store = json!({"id": 1, "name": "가게", "min_order": min_order, "delivery_fee": 3000, "open": true});
        json!({"store": store, "items": items, "reviews": []})
    }

    #[test]
    fn the_cart_skips_sold_out_dishes_and_required_choices_and_meets_the_minimum() {
        let items = vec![
            dish(1, 9000, true, false),
            dish(2, 8000, false, true),
            dish(3, 5000, false, false),
        ];
        let cart = choose(&menu(12_000, items), 1).expect("a cart");
        let lines: Vec<(u64, u8)> = cart.lines.iter().map(|l| (l.0, l.3)).collect();
        assert_eq!(lines, vec![(3, 3)]);
        assert_eq!(cart.subtotal(), 15_000);
        let request: Value = serde_json::from_str(&cart.request_json()).expect("JSON");
        assert_eq!(
            request["lines"][0],
            json!({"item": 3, "quantity": 3, "options": []})
        );
        assert_eq!(request["coupon"], Value::Null);
    }

    #[test]
    fn a_menu_without_orderable_dishes_or_of_another_shape_is_refused() {
        assert!(choose(&menu(1000, vec![dish(1, 9000, true, false)]), 1).is_err());
        assert!(choose(&json!({"items": []}), 1).is_err());
        assert!(choose(&menu(10_000_000, vec![dish(1, 100, false, false)]), 1).is_err());
    }
}
