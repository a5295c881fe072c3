//! Stored rows into domain values; a row that does not parse is `Corrupt`.

use app::model::{Account, CouponOffer, Place, Rating, Review, Role, SavedAddress, StoreCard};
use domain::{
    AccountId, AddressId, Coordinates, CouponId, CouponTerms, Delivery, Discount, Money,
    OpeningHours, Order, OrderId, OrderLine, OrderStatus, Reason, Stars, StoreId, Timestamp,
};

pub use crate::corrupt;
use crate::{CustomerRecord, PageVisitor, Result, SessionTimes, StorageError};

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

pub struct StoreRow {
    pub id: i64,
    pub name: String,
    pub category: String,
    pub neighbourhood: String,
    pub address: String,
    pub lat: f64,
    pub lon: f64,
    pub delivery_fee: i64,
    pub min_order: i64,
    pub delivery_radius_m: i64,
    pub opens_at: i64,
    pub closes_at: i64,
    pub accepting: bool,
    pub review_count: i64,
    pub star_total: i64,
}

impl StoreRow {
    pub fn into_card(self, now: Timestamp) -> Result<StoreCard> {
        let hours = OpeningHours::parse(self.opens_at, self.closes_at).map_err(corrupt)?;
        let rating = u32::try_from(self.review_count)
            .ok()
            .filter(|count| *count > 0)
            .map(|count| Rating {
                average_tenths: u16::try_from(
                    (self.star_total * 10 + self.review_count / 2) / self.review_count,
                )
                .unwrap_or(50),
                count,
            });
        Ok(StoreCard {
            id: StoreId::parse(self.id).map_err(corrupt)?,
            name: self.name,
            category: self.category,
            neighbourhood: self.neighbourhood,
            place: place(self.address, self.lat, self.lon)?,
            distance_m: None,
            delivery_fee: Money::won(self.delivery_fee).map_err(corrupt)?,
            min_order: Money::won(self.min_order).map_err(corrupt)?,
            delivery_radius_m: u32::try_from(self.delivery_radius_m).map_err(corrupt)?,
            out_of_range: false,
            hours,
            accepting: self.accepting,
            open: self.accepting && hours.is_open_at(now),
            rating,
        })
    }
}

/// `%text%` for `LIKE`/`ILIKE`, with their own characters escaped by `\`,
/// so that what a customer types is matched as plain text.
pub fn contains_pattern(text: &str) -> String {
    let escaped: String = text
        .chars()
        .flat_map(|c| match c {
            '%' | '_' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect();
    format!("%{escaped}%")
}

pub struct ReviewRow {
    pub order_id: i64,
    pub stars: i64,
    pub text: String,
    pub author: String,
    pub created_at: i64,
    pub reply: Option<String>,
}

impl ReviewRow {
    pub fn into_review(self) -> Result<Review> {
        Ok(Review {
            order: OrderId::parse(self.order_id).map_err(corrupt)?,
            stars: Stars::parse(self.stars).map_err(corrupt)?,
            text: self.text,
            author: masked(&self.author),
            at: Timestamp::from_millis(self.created_at),
            reply: self.reply,
        })
    }
}

/// A name as other customers see it: its first letter, the rest masked.
pub fn masked(name: &str) -> String {
    let mut chars = name.chars();
    let first = chars.next().unwrap_or('*');
    let rest = chars.count().clamp(1, 3);
    format!("{first}{}", "*".repeat(rest))
}

pub struct AddressRow {
    pub id: i64,
    pub label: String,
    pub address: String,
    pub lat: f64,
    pub lon: f64,
}

impl AddressRow {
    pub fn into_saved(self) -> Result<SavedAddress> {
        Ok(SavedAddress {
            id: AddressId::parse(self.id).map_err(corrupt)?,
            label: self.label,
            place: place(self.address, self.lat, self.lon)?,
        })
    }
}

/// A row of a customer's record: the count of their completed orders, beside
/// one of their saved addresses, or beside nulls when they have none.
pub struct CustomerRecordRow {
    pub completed: i64,
    pub id: Option<i64>,
    pub label: Option<String>,
    pub address: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
}

/// A customer's record from its rows, addresses in the rows' order.
pub fn customer_record(rows: Vec<CustomerRecordRow>) -> Result<CustomerRecord> {
    let completed = rows.first().map_or(0, |row| row.completed);
    let addresses = rows
        .into_iter()
        .filter_map(
            |row| match (row.id, row.label, row.address, row.lat, row.lon) {
                (Some(id), Some(label), Some(address), Some(lat), Some(lon)) => Some(
                    AddressRow {
                        id,
                        label,
                        address,
                        lat,
                        lon,
                    }
                    .into_saved(),
                ),
                _ => None,
            },
        )
        .collect::<Result<_>>()?;
    Ok(CustomerRecord {
        completed_orders: u32::try_from(completed).map_err(corrupt)?,
        addresses,
    })
}

/// A row of the one query that reads a signed-in visitor whole: the
/// session's account, when it was last used, the ids of the stores it owns
/// (a JSON array), a customer's count of completed orders and coupons for
/// the store asked about (a JSON array of [`OfferRow`]s, `None` when no
/// store was), beside one of their saved addresses, or beside nulls.
pub struct PageVisitorRow {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub role: String,
    pub address: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub last_seen_at: i64,
    pub expires_at: i64,
    pub stores: String,
    pub completed: i64,
    pub offers: Option<String>,
    pub address_id: Option<i64>,
    pub label: Option<String>,
    pub saved_address: Option<String>,
    pub saved_lat: Option<f64>,
    pub saved_lon: Option<f64>,
}

/// A signed-in visitor from the rows of the query that reads them whole;
/// `None` when there is no row, the session not being valid. Only a
/// customer has a record and offers.
pub fn page_visitor(rows: Vec<PageVisitorRow>) -> Result<Option<PageVisitor>> {
    let Some(first) = rows.first() else {
        return Ok(None);
    };
    let stores: Vec<i64> = serde_json::from_str(&first.stores).map_err(corrupt)?;
    let account = AccountRow {
        id: first.id,
        email: first.email.clone(),
        display_name: first.display_name.clone(),
        role: first.role.clone(),
        address: first.address.clone(),
        lat: first.lat,
        lon: first.lon,
    }
    .into_account(stores)?;
    let session = SessionTimes {
        last_seen: Timestamp::from_millis(first.last_seen_at),
        expires: Timestamp::from_millis(first.expires_at),
    };
    if account.role != Role::Customer {
        return Ok(Some(PageVisitor {
            account,
            session,
            customer: None,
            offers: None,
        }));
    }
    let offers = match &first.offers {
        Some(json) => {
            let rows: Vec<OfferRow> = serde_json::from_str(json).map_err(corrupt)?;
            Some(
                rows.into_iter()
                    .map(OfferRow::into_offer)
                    .collect::<Result<_>>()?,
            )
        }
        None => None,
    };
    let record = rows
        .into_iter()
        .map(|row| CustomerRecordRow {
            completed: row.completed,
            id: row.address_id,
            label: row.label,
            address: row.saved_address,
            lat: row.saved_lat,
            lon: row.saved_lon,
        })
        .collect();
    Ok(Some(PageVisitor {
        account,
        session,
        customer: Some(customer_record(record)?),
        offers,
    }))
}

#[cfg(test)]
mod tests {
    #[test]
    fn search_patterns_escape_like_wildcards() {
        assert_eq!(super::contains_pattern("부대"), "%부대%");
        assert_eq!(super::contains_pattern("50%_\\"), "%50\\%\\_\\\\%");
    }

    #[test]
    fn names_are_masked() {
        assert_eq!(super::masked("김민지"), "김**");
        assert_eq!(super::masked("Jo"), "J*");
        assert_eq!(super::masked("Alexander"), "A***");
    }
}

/// A coupon a customer may use, as stored; also read as JSON where one
/// query reads a visitor whole.
#[derive(serde::Deserialize)]
pub struct OfferRow {
    pub id: i64,
    pub code: String,
    pub store_id: i64,
    pub store_name: String,
    pub discount_kind: String,
    pub discount_value: i64,
    pub min_order: i64,
    pub expires_at: i64,
    pub quantity: i64,
}

impl OfferRow {
    pub fn into_offer(self) -> Result<CouponOffer> {
        let terms = coupon_terms(
            &self.discount_kind,
            Some(self.discount_value),
            Some(self.min_order),
            Some(self.expires_at),
            Some(self.quantity),
        )?;
        Ok(CouponOffer {
            id: CouponId::parse(self.id).map_err(corrupt)?,
            code: self.code,
            store: StoreId::parse(self.store_id).map_err(corrupt)?,
            store_name: self.store_name,
            discount: terms.discount,
            min_order: terms.min_order,
            expires_at: terms.expires_at,
        })
    }
}

/// Coupon terms as stored; a part is `None` where a join found no coupon.
pub fn coupon_terms(
    kind: &str,
    value: Option<i64>,
    min_order: Option<i64>,
    expires_at: Option<i64>,
    quantity: Option<i64>,
) -> Result<CouponTerms> {
    let missing = || corrupt("a coupon row without its terms");
    let value = value.ok_or_else(missing)?;
    let discount = match kind {
        "percent" => Discount::Percent {
            percent: u8::try_from(value).map_err(corrupt)?,
        },
        "fixed" => Discount::Fixed {
            amount: Money::won(value).map_err(corrupt)?,
        },
        other => return Err(corrupt(format!("a coupon of kind {other}"))),
    };
    Ok(CouponTerms {
        discount,
        min_order: Money::won(min_order.ok_or_else(missing)?).map_err(corrupt)?,
        expires_at: Timestamp::from_millis(expires_at.ok_or_else(missing)?),
        quantity: u32::try_from(quantity.ok_or_else(missing)?).map_err(corrupt)?,
    })
}
