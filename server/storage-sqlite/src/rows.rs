//! Stored rows into domain values; a row that does not parse is `Corrupt`.

use app::model::{Account, Place, Role};
use domain::{
    AccountId, Coordinates, CouponId, Delivery, Money, Order, OrderId, OrderLine, OrderStatus,
    Reason, StoreId, Timestamp,
};

pub use storage::corrupt;
use storage::StorageError;

pub struct AccountRow {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub role: String,
    pub address: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
}

impl AccountRow {
    pub fn into_account(self, stores: Vec<i64>) -> Result<Account, StorageError> {
        let home = match (self.address, self.lat, self.lon) {
            (Some(address), Some(lat), Some(lon)) => Some(place(address, lat, lon)?),
            _ => None,
        };
        Ok(Account {
            id: AccountId::parse(self.id).map_err(corrupt)?,
            name: self.display_name,
            email: self.email,
            role: Role::parse(&self.role).ok_or_else(|| corrupt(&self.role))?,
            home,
            stores: stores
                .into_iter()
                .map(StoreId::parse)
                .collect::<Result<_, _>>()
                .map_err(corrupt)?,
        })
    }
}

pub fn place(address: String, lat: f64, lon: f64) -> Result<Place, StorageError> {
    Ok(Place {
        address,
        location: Coordinates::parse(lat, lon).map_err(corrupt)?,
    })
}

pub struct OrderRow {
    pub id: i64,
    pub customer_id: i64,
    pub store_id: i64,
    pub rider_id: Option<i64>,
    pub status: String,
    pub total: i64,
    pub delivery_address: String,
    pub delivery_lat: f64,
    pub delivery_lon: f64,
    pub ready_at: Option<i64>,
    pub reject_reason: Option<String>,
    pub placed_at: i64,
    pub updated_at: i64,
    pub subtotal: i64,
    pub delivery_fee: i64,
    pub discount: i64,
    pub coupon_id: Option<i64>,
    pub note: Option<String>,
}

impl OrderRow {
    pub fn into_order(self, lines: Vec<OrderLine>) -> Result<Order, StorageError> {
        let location = Coordinates::parse(self.delivery_lat, self.delivery_lon).map_err(corrupt)?;
        Ok(Order {
            id: OrderId::parse(self.id).map_err(corrupt)?,
            customer: AccountId::parse(self.customer_id).map_err(corrupt)?,
            store: StoreId::parse(self.store_id).map_err(corrupt)?,
            rider: self
                .rider_id
                .map(AccountId::parse)
                .transpose()
                .map_err(corrupt)?,
            status: OrderStatus::parse(&self.status).ok_or_else(|| corrupt(&self.status))?,
            lines,
            total: Money::won(self.total).map_err(corrupt)?,
            subtotal: Money::won(self.subtotal).map_err(corrupt)?,
            delivery_fee: Money::won(self.delivery_fee).map_err(corrupt)?,
            discount: Money::won(self.discount).map_err(corrupt)?,
            coupon: self
                .coupon_id
                .map(CouponId::parse)
                .transpose()
                .map_err(corrupt)?,
            note: self
                .note
                .as_deref()
                .map(Reason::parse)
                .transpose()
                .map_err(corrupt)?,
            delivery: Delivery::parse(&self.delivery_address, location).map_err(corrupt)?,
            placed_at: Timestamp::from_millis(self.placed_at),
            updated_at: Timestamp::from_millis(self.updated_at),
            ready_at: self.ready_at.map(Timestamp::from_millis),
            reject_reason: self
                .reject_reason
                .as_deref()
                .map(Reason::parse)
                .transpose()
                .map_err(corrupt)?,
        })
    }
}
