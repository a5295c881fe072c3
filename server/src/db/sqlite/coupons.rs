//! Coupons a store issues, announced to its past customers through the outbox
//! in the same transaction.

use domain::{AccountId, CouponTerms, Discount, Money, StoreId, Timestamp};
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
        r#"INSERT INTO coupons (store_id, discount_kind, discount_value, min_order, expires_at, quantity, issued_at)
           VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id AS "id!""#,
        store_id,
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
