//! Coupons a store issued, and their redemptions: one per customer and
//! coupon, never more than its quantity. Each coupon keeps the count of its
//! redemptions (`taken`), changed with them, so that offering it reads one
//! row instead of counting.

use app::model::CouponOffer;
use async_trait::async_trait;
use domain::{AccountId, CouponId, CouponProblem, CouponTerms, Discount, OrderId};
use domain::{StoreId, Timestamp};
use sqlx::SqliteConnection;
use storage::rows::{corrupt, coupon_terms, OfferRow};
use storage::{CouponStorage, Result};

use crate::SqliteEngine;

/// Whether `customer` may still redeem `coupon`: not used by them yet, and
/// not all taken.
async fn problem(
    conn: &mut SqliteConnection,
    coupon: CouponId,
    customer: AccountId,
) -> Result<Option<CouponProblem>> {
    let (coupon, customer) = (coupon.get(), customer.get());
    let row = sqlx::query!(
        r#"SELECT c.quantity,
                  c.taken AS "taken!: i64",
                  EXISTS (SELECT 1 FROM coupon_redemptions r
                          WHERE r.coupon_id = c.id AND r.customer_id = ?) AS "mine!: bool"
           FROM coupons c WHERE c.id = ?"#,
        customer,
        coupon
    )
    .fetch_optional(&mut *conn)
    .await?;
    Ok(match row {
        None => Some(CouponProblem::Unknown),
        Some(row) if row.mine => Some(CouponProblem::AlreadyUsed),
        Some(row) if row.taken >= row.quantity => Some(CouponProblem::AllTaken),
        Some(_) => None,
    })
}

/// Takes a unit of the coupon for the order. The writer's transaction holds
/// the database, so nothing redeems between the check and the insert.
pub(crate) async fn redeem(
    conn: &mut SqliteConnection,
    coupon: CouponId,
    customer: AccountId,
    order: OrderId,
    at: Timestamp,
) -> Result<Option<CouponProblem>> {
    if let Some(problem) = problem(conn, coupon, customer).await? {
        return Ok(Some(problem));
    }
    let (coupon, customer, order, at) = (coupon.get(), customer.get(), order.get(), at.millis());
    sqlx::query!(
        "INSERT INTO coupon_redemptions (coupon_id, customer_id, order_id, redeemed_at) VALUES (?, ?, ?, ?)",
        coupon,
        customer,
        order,
        at
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!("UPDATE coupons SET taken = taken + 1 WHERE id = ?", coupon)
        .execute(&mut *conn)
        .await?;
    Ok(None)
}

/// Gives back the unit of a coupon the order took, if it took one.
pub(crate) async fn give_back(conn: &mut SqliteConnection, order: OrderId) -> Result<()> {
    let order = order.get();
    sqlx::query!(
        "UPDATE coupons SET taken = taken - 1
         WHERE id IN (SELECT coupon_id FROM coupon_redemptions WHERE order_id = ?)",
        order
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!("DELETE FROM coupon_redemptions WHERE order_id = ?", order)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub(crate) async fn insert(
    conn: &mut SqliteConnection,
    store: StoreId,
    code: &str,
    terms: &CouponTerms,
    at: Timestamp,
) -> Result<CouponId> {
    let (kind, value) = match terms.discount {
        Discount::Percent { percent } => ("percent", i64::from(percent)),
        Discount::Fixed { amount } => ("fixed", amount.get()),
    };
    let (store, min_order, expires_at, quantity, at) = (
        store.get(),
        terms.min_order.get(),
        terms.expires_at.millis(),
        i64::from(terms.quantity),
        at.millis(),
    );
    let id = sqlx::query_scalar!(
        r#"INSERT INTO coupons (store_id, code, discount_kind, discount_value, min_order, expires_at, quantity, issued_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id AS "id!""#,
        store,
        code,
        kind,
        value,
        min_order,
        expires_at,
        quantity,
        at
    )
    .fetch_one(&mut *conn)
    .await?;
    CouponId::parse(id).map_err(corrupt)
}

/// Everyone who received food from the store.
pub(crate) async fn past_customers(
    conn: &mut SqliteConnection,
    store: StoreId,
) -> Result<Vec<AccountId>> {
    let store = store.get();
    sqlx::query_scalar!(
        r#"SELECT DISTINCT customer_id AS "customer_id!" FROM orders
           WHERE store_id = ? AND status IN ('delivered', 'completed') ORDER BY customer_id"#,
        store
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|id| AccountId::parse(id).map_err(corrupt))
    .collect()
}

#[async_trait]
impl CouponStorage for SqliteEngine {
    async fn coupon_by_code(
        &self,
        store: StoreId,
        code: &str,
    ) -> Result<Option<(CouponId, CouponTerms)>> {
        let (store, code) = (store.get(), code.trim().to_uppercase());
        let Some(row) = sqlx::query!(
            r#"SELECT id AS "id!", discount_kind, discount_value, min_order, expires_at, quantity
               FROM coupons WHERE store_id = ? AND code = ?"#,
            store,
            code
        )
        .fetch_optional(&self.read)
        .await?
        else {
            return Ok(None);
        };
        let terms = coupon_terms(
            &row.discount_kind,
            Some(row.discount_value),
            Some(row.min_order),
            Some(row.expires_at),
            Some(row.quantity),
        )?;
        Ok(Some((CouponId::parse(row.id).map_err(corrupt)?, terms)))
    }

    async fn coupon_problem(
        &self,
        coupon: CouponId,
        customer: AccountId,
    ) -> Result<Option<CouponProblem>> {
        let mut conn = self.read.acquire().await?;
        problem(&mut conn, coupon, customer).await
    }

    async fn coupon_offers(
        &self,
        customer: AccountId,
        store: Option<StoreId>,
        now: Timestamp,
    ) -> Result<Vec<CouponOffer>> {
        let (customer, store, now) = (customer.get(), store.map(StoreId::get), now.millis());
        let rows = sqlx::query_as!(
            OfferRow,
            r#"SELECT c.id AS "id!", c.code, c.store_id, s.name AS store_name, c.discount_kind, c.discount_value,
                      c.min_order, c.expires_at, c.quantity
               FROM coupons c JOIN stores s ON s.id = c.store_id
               WHERE (?1 IS NULL OR c.store_id = ?1) AND c.expires_at > ?2
                 AND NOT EXISTS (SELECT 1 FROM coupon_redemptions r WHERE r.coupon_id = c.id AND r.customer_id = ?3)
                 AND c.taken < c.quantity
               ORDER BY c.expires_at, c.id LIMIT 50"#,
            store,
            now,
            customer
        )
        .fetch_all(&self.read)
        .await?;
        rows.into_iter().map(OfferRow::into_offer).collect()
    }
}
