//! Stores, menus, reviews and rankings as customers browse them.

use domain::{
    AddressId, Coordinates, CouponId, Discount, MenuItemId, Money, OpeningHours, OptionGroup,
    OrderId, Stars, StoreId, Timestamp,
};
use serde::{Deserialize, Serialize};

/// A named place with a position.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Place {
    pub address: String,
    pub location: Coordinates,
}

/// A store as the customer's list shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoreCard {
    pub id: StoreId,
    pub name: String,
    pub category: String,
    pub neighbourhood: String,
    pub place: Place,
    /// From the customer's address, when known.
    pub distance_m: Option<u32>,
    pub delivery_fee: Money,
    /// The smallest sum of dishes the store delivers.
    pub min_order: Money,
    /// How far from the store it delivers, in metres.
    pub delivery_radius_m: u32,
    /// Beyond the delivery radius of the customer's address, when known.
    #[serde(default)]
    pub out_of_range: bool,
    pub hours: OpeningHours,
    /// Whether the owner has the store taking orders.
    pub accepting: bool,
    /// Taking orders and within its hours, now.
    pub open: bool,
    pub rating: Option<Rating>,
}

impl StoreCard {
    /// Whether the store delivers to an address at `address`.
    pub fn delivers_to(&self, address: Coordinates) -> bool {
        domain::store_delivers_to(self.place.location, self.delivery_radius_m, address)
    }
}

/// The average of a store's reviews.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rating {
    /// The average in tenths of a star: 43 is 4.3.
    pub average_tenths: u16,
    pub count: u32,
}

impl Rating {
    /// `4.3`.
    pub fn average(self) -> String {
        format!("{}.{}", self.average_tenths / 10, self.average_tenths % 10)
    }
}

/// A dish on a menu.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MenuItem {
    pub id: MenuItemId,
    pub name: String,
    pub description: String,
    /// The price without options.
    pub price: Money,
    pub sold_out: bool,
    /// Choices such as size and extras, in menu order.
    pub options: Vec<OptionGroup>,
}

/// A customer's review of a completed order, and the store's reply.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Review {
    pub order: OrderId,
    pub stars: Stars,
    pub text: String,
    /// The customer's name as others see it: its first letter and a mask.
    pub author: String,
    pub at: Timestamp,
    pub reply: Option<String>,
}

/// A store's page: the store, its menu and its latest reviews.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoreWithMenu {
    pub store: StoreCard,
    pub items: Vec<MenuItem>,
    pub reviews: Vec<Review>,
}

/// What the customer's store list asks for.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StoreQuery {
    /// Words to find in a store's name or category or in its dishes' names.
    pub search: Option<String>,
    /// One category, such as `치킨`.
    pub category: Option<String>,
    /// The saved address distances are measured from; the account's own
    /// address when none is given.
    pub address: Option<AddressId>,
}

/// The stores that match a query, nearest first when an address is known.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoreList {
    pub stores: Vec<StoreCard>,
    /// Every category there is, for choosing one.
    pub categories: Vec<String>,
    /// Where distances were measured from.
    pub from: Option<Place>,
}

/// A coupon the customer may use, as checkout offers it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CouponOffer {
    pub id: CouponId,
    /// What the customer types or taps.
    pub code: String,
    pub store: StoreId,
    pub store_name: String,
    pub discount: Discount,
    pub min_order: Money,
    pub expires_at: Timestamp,
}

/// A dish in the most-ordered ranking.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RankedDish {
    pub item: MenuItemId,
    pub name: String,
    pub store: StoreId,
    pub store_name: String,
    pub neighbourhood: String,
    /// How many were delivered in the period.
    pub quantity: i64,
}

/// Which days the ranking counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RankingPeriod {
    LastSevenDays,
    AllTime,
}

/// The most-ordered dishes of a period, everywhere or in one neighbourhood.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ranking {
    pub period: RankingPeriod,
    pub neighbourhood: Option<String>,
    /// Every neighbourhood that has stores, for choosing one.
    pub neighbourhoods: Vec<String>,
    pub dishes: Vec<RankedDish>,
}
