//! Coupons a store issues, announced to its past customers through the outbox
//! in the same transaction.

use app::model::CouponOffer;
use domain::{AccountId, CouponId, CouponTerms, Discount, Money, StoreId, Timestamp};
use sqlx::SqlitePool;

use super::outbox::Cause;
use super::rows::corrupt;
use crate::db::{CouponPlanner, DbError, IssuedCoupon};

/// Coupon terms as stored.
pub fn terms_from_row(
    kind: &str,
    value: Option<i64>,
    min_order: Option<i64>,
    expires_at: Option<i64>,
    quantity: Option<i64>,
) -> Result<CouponTerms, DbError> {
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

/// In one transaction: stores the coupon, finds the store's past customers
/// (anyone who received an order from it) and writes what `plan` tells them.
pub async fn issue(
    pool: &SqlitePool,
    store: StoreId,
    code: &str,
    terms: &CouponTerms,
    plan: CouponPlanner<'_>,
    now_ms: i64,
) -> Result<IssuedCoupon, DbError> {
    let (kind, value) = match terms.discount {
        Discount::Percent { percent } => ("percent", i64::from(percent)),
        Discount::Fixed { amount } => ("fixed", amount.get()),
    };
    let (store_id, min_order, expires_at, quantity) = (
        store.get(),
        terms.min_order.get(),
        terms.expires_at.millis(),
        i64::from(terms.quantity),
    );
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let id = sqlx::query_scalar!(
        r#"INSERT INTO coupons (store_id, code, discount_kind, discount_value, min_order, expires_at, quantity, issued_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id AS "id!""#,
        store_id,
        code,
        kind,
        value,
        min_order,
        expires_at,
        quantity,
        now_ms
    )
    .fetch_one(&mut *tx)
    .await?;
    let customers = sqlx::query_scalar!(
        r#"SELECT DISTINCT customer_id AS "customer_id!" FROM orders
           WHERE store_id = ? AND status IN ('delivered', 'completed') ORDER BY customer_id"#,
        store_id
    )
    .fetch_all(&mut *tx)
    .await?
    .into_iter()
    .map(|id| AccountId::parse(id).map_err(corrupt))
    .collect::<Result<Vec<_>, _>>()?;
    let cause = Cause::Coupon { coupon_id: id };
    super::outbox::enqueue(&mut tx, cause, &plan(&customers), now_ms).await?;
    tx.commit().await?;
    Ok(IssuedCoupon {
        id,
        notified: customers.len(),
    })
}

/// A store's coupon by the code a customer typed (case does not matter).
pub async fn by_code(
    pool: &SqlitePool,
    store: StoreId,
    code: &str,
) -> Result<Option<(CouponId, CouponTerms)>, DbError> {
    let (store, code) = (store.get(), code.trim().to_uppercase());
    let Some(row) = sqlx::query!(
        r#"SELECT id AS "id!", discount_kind, discount_value, min_order, expires_at, quantity
           FROM coupons WHERE store_id = ? AND code = ?"#,
        store,
        code
    )
    .fetch_optional(pool)
    .await?
    else {
        return Ok(None);
    };
    let terms = terms_from_row(
        &row.discount_kind,
        Some(row.discount_value),
        Some(row.min_order),
        Some(row.expires_at),
        Some(row.quantity),
    )?;
    Ok(Some((CouponId::parse(row.id).map_err(corrupt)?, terms)))
}

/// The coupons `customer` may still use at `now`, of one store or of all:
/// not expired, not used by them, not all taken.
pub async fn offers(
    pool: &SqlitePool,
    customer: AccountId,
    store: Option<StoreId>,
    now: Timestamp,
) -> Result<Vec<CouponOffer>, DbError> {
    let (customer, store, now) = (customer.get(), store.map(StoreId::get), now.millis());
    let rows = sqlx::query!(
        r#"SELECT c.id AS "id!", c.code, c.store_id, s.name AS store_name, c.discount_kind, c.discount_value,
                  c.min_order, c.expires_at, c.quantity
           FROM coupons c JOIN stores s ON s.id = c.store_id
           WHERE (?1 IS NULL OR c.store_id = ?1) AND c.expires_at > ?2
             AND NOT EXISTS (SELECT 1 FROM coupon_redemptions r WHERE r.coupon_id = c.id AND r.customer_id = ?3)
             AND (SELECT COUNT(*) FROM coupon_redemptions r WHERE r.coupon_id = c.id) < c.quantity
           ORDER BY c.expires_at, c.id LIMIT 50"#,
        store,
        now,
        customer
    )
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|row| {
            let terms = terms_from_row(
                &row.discount_kind,
                Some(row.discount_value),
                Some(row.min_order),
                Some(row.expires_at),
                Some(row.quantity),
            )?;
            Ok(CouponOffer {
                id: CouponId::parse(row.id).map_err(corrupt)?,
                code: row.code,
                store: StoreId::parse(row.store_id).map_err(corrupt)?,
                store_name: row.store_name,
                discount: terms.discount,
                min_order: terms.min_order,
                expires_at: terms.expires_at,
            })
        })
        .collect()
}
