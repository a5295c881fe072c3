//! The customer's cart: one per store, kept in the browser's storage so that
//! it outlives a reload, and priced against the menu on screen.

use domain::{price_with_options, ChosenOption, Money, OptionId, Quantity, StoreId};

use crate::model::{CartLine, MenuItem};

/// One line of the cart on screen: a dish, its options and how many.
#[derive(Debug, Clone, PartialEq)]
pub struct CartEntry {
    pub item: MenuItem,
    /// The chosen options, in menu order.
    pub options: Vec<ChosenOption>,
    /// The price of one with its options.
    pub unit_price: Money,
    pub quantity: u8,
}

impl CartEntry {
    /// A dish with `chosen` options, priced by the menu; `None` when the
    /// options do not fit the dish.
    pub fn priced(item: MenuItem, chosen: &[OptionId], quantity: u8) -> Option<CartEntry> {
        let (unit_price, options) = price_with_options(item.price, &item.options, chosen).ok()?;
        Some(CartEntry {
            item,
            options,
            unit_price,
            quantity: quantity.clamp(1, Quantity::MAX),
        })
    }

    /// The line as checkout sends it.
    pub fn line(&self) -> Option<CartLine> {
        Some(CartLine {
            item: self.item.id,
            quantity: Quantity::parse(i64::from(self.quantity)).ok()?,
            options: self.options.iter().map(|option| option.id).collect(),
        })
    }

    /// Whether `other` is the same dish with the same options.
    pub fn same_as(&self, other: &CartEntry) -> bool {
        self.item.id == other.item.id && self.options == other.options
    }

    /// The price of the line.
    pub fn sum(&self) -> Money {
        Quantity::parse(i64::from(self.quantity))
            .and_then(|quantity| self.unit_price.times(quantity))
            .unwrap_or(self.unit_price)
    }
}

/// Adds `entry` to the cart, or one more of it if the same line is there.
pub fn add(entries: &mut Vec<CartEntry>, entry: CartEntry) {
    match entries.iter_mut().find(|e| e.same_as(&entry)) {
        Some(line) => {
            line.quantity = line
                .quantity
                .saturating_add(entry.quantity)
                .min(Quantity::MAX)
        }
        None => entries.push(entry),
    }
}

/// The sum of the cart, before fees and discounts.
pub fn subtotal(entries: &[CartEntry]) -> Money {
    entries
        .iter()
        .try_fold(Money::ZERO, |sum, entry| sum.plus(entry.sum()))
        .unwrap_or(Money::ZERO)
}

/// The lines as checkout sends them.
pub fn lines(entries: &[CartEntry]) -> Vec<CartLine> {
    entries.iter().filter_map(CartEntry::line).collect()
}

/// The cart's lines rebuilt against the menu; lines of dishes no longer on
/// it, or whose options no longer fit, are dropped.
pub fn from_lines(lines: &[CartLine], menu: &[MenuItem]) -> Vec<CartEntry> {
    let mut entries = Vec::new();
    for line in lines {
        let Some(item) = menu.iter().find(|item| item.id == line.item) else {
            continue;
        };
        if let Some(entry) = CartEntry::priced(item.clone(), &line.options, line.quantity.get()) {
            add(&mut entries, entry);
        }
    }
    entries
}

/// The storage key of a store's cart.
#[cfg(feature = "hydrate")]
fn key(store: StoreId) -> String {
    format!("baedal.cart.{store}")
}

/// The cart kept for `store`; empty on the server.
pub fn load(store: StoreId) -> Vec<CartLine> {
    #[cfg(feature = "hydrate")]
    {
        crate::browser::storage::get(&key(store))
            .and_then(|json| serde_json::from_str(&json).ok())
            .unwrap_or_default()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = store;
        Vec::new()
    }
}

/// Keeps `lines` as the cart of `store`; an empty cart is forgotten.
pub fn save(store: StoreId, lines: &[CartLine]) {
    #[cfg(feature = "hydrate")]
    {
        use crate::browser::storage;
        match serde_json::to_string(lines) {
            Ok(json) if !lines.is_empty() => storage::set(&key(store), &json),
            _ => storage::remove(&key(store)),
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (store, lines);
}

/// The storage key of the delivery address last chosen.
const ADDRESS_KEY: &str = "baedal.address";

/// The saved address last chosen to deliver to; `None` for the account's own.
pub fn load_address() -> Option<i64> {
    #[cfg(feature = "hydrate")]
    {
        crate::browser::storage::get(ADDRESS_KEY).and_then(|raw| raw.parse().ok())
    }
    #[cfg(not(feature = "hydrate"))]
    {
        None
    }
}

/// Remembers the delivery address chosen, for the list and checkout.
pub fn save_address(address: Option<i64>) {
    #[cfg(feature = "hydrate")]
    {
        match address {
            Some(id) => crate::browser::storage::set(ADDRESS_KEY, &id.to_string()),
            None => crate::browser::storage::remove(ADDRESS_KEY),
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (address, ADDRESS_KEY);
}
