//! The rider's board: deliveries on offer, their own, duty and earnings.

use domain::{Coordinates, Money, Timestamp};
use serde::{Deserialize, Serialize};

use super::orders::OrderView;

/// A delivery on the rider's board, with the distances that matter to them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeliveryCard {
    pub view: OrderView,
    /// From the rider to the store, when the rider's position is known.
    pub to_store_m: Option<u32>,
    /// From the store to the customer.
    pub store_to_customer_m: u32,
    /// What the rider earns for it.
    pub fee: Money,
    /// Phone numbers, once the delivery is the rider's own.
    pub contacts: Option<Contacts>,
}

/// Who to call about a delivery.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contacts {
    pub store_phone: Option<String>,
    pub customer_phone: Option<String>,
}

/// Deliveries and fees of a day and of a week.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Earnings {
    pub today_deliveries: u32,
    pub today_fees: Money,
    pub week_deliveries: u32,
    pub week_fees: Money,
}

/// Whether a rider is working, and where they are.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Duty {
    pub on_duty: bool,
    /// The last position reported on duty, else the rider's base.
    pub position: Option<Coordinates>,
}

/// The rider's screen: deliveries on offer near them and their own, their
/// duty and their earnings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeliveryBoard {
    pub offered: Vec<DeliveryCard>,
    pub mine: Vec<DeliveryCard>,
    pub duty: Duty,
    /// How far from the rider offers come from.
    pub radius_m: u32,
    pub earnings: Earnings,
}

/// Where the rider carrying an order is, for its customer.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RiderSpot {
    pub position: Coordinates,
    pub updated_at: Timestamp,
    pub to_customer_m: u32,
    /// Minutes to the customer at the configured riding speed.
    pub eta_minutes: u32,
}
