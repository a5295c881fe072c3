//! A signed-in visitor read whole for their page, in one query: on SQLite
//! every query is a round trip to a connection's worker thread and back,
//! and every page a customer opens asks this.

use async_trait::async_trait;
use domain::{StoreId, Timestamp};
use storage::rows::{page_visitor, PageVisitorRow};
use storage::{PageVisitor, Result, VisitorStorage};

use crate::SqliteEngine;

#[async_trait]
impl VisitorStorage for SqliteEngine {
    async fn page_visitor(
        &self,
        token_hash: &str,
        now: Timestamp,
        idle_cutoff: Timestamp,
        store: Option<StoreId>,
    ) -> Result<Option<PageVisitor>> {
        let (now, idle_cutoff, store) =
            (now.millis(), idle_cutoff.millis(), store.map(StoreId::get));
        // One row per saved address of a customer, or one row of nulls; the
        // session's account, a customer's count of completed orders and
        // their coupons for the store on each. The parts are the queries of
        // `session_account`, `record` and `coupon_offers`.
        let rows = sqlx::query_as!(
            PageVisitorRow,
            r#"WITH visitor AS (
                 SELECT a.id, a.email, a.display_name, a.role, a.address, a.lat, a.lon,
                        s.last_seen_at, s.expires_at
                 FROM sessions s JOIN accounts a ON a.id = s.account_id
                 WHERE s.token_hash = ?1 AND s.expires_at > ?2 AND s.last_seen_at > ?3
               ),
               offers AS (
                 SELECT c.id, c.code, c.store_id, st.name AS store_name, c.discount_kind,
                        c.discount_value, c.min_order, c.expires_at, c.quantity
                 FROM coupons c JOIN stores st ON st.id = c.store_id
                 WHERE c.store_id = ?4 AND c.expires_at > ?2
                   AND NOT EXISTS (SELECT 1 FROM coupon_redemptions r
                                   WHERE r.coupon_id = c.id AND r.customer_id = (SELECT id FROM visitor))
                   AND c.taken < c.quantity
                 ORDER BY c.expires_at, c.id LIMIT 50
               )
               SELECT v.id AS "id!: i64", v.email AS "email!: String",
                      v.display_name AS "display_name!: String", v.role AS "role!: String",
                      v.address AS "address?: String", v.lat AS "lat?: f64", v.lon AS "lon?: f64",
                      v.last_seen_at AS "last_seen_at!: i64", v.expires_at AS "expires_at!: i64",
                      (SELECT json_group_array(id) FROM (SELECT id FROM stores WHERE owner_id = v.id ORDER BY id))
                        AS "stores!: String",
                      (SELECT COUNT(*) FROM orders WHERE customer_id = v.id AND status = 'completed')
                        AS "completed!: i64",
                      CASE WHEN v.role = 'customer' AND ?4 IS NOT NULL THEN
                        (SELECT json_group_array(json_object(
                           'id', id, 'code', code, 'store_id', store_id, 'store_name', store_name,
                           'discount_kind', discount_kind, 'discount_value', discount_value,
                           'min_order', min_order, 'expires_at', expires_at, 'quantity', quantity))
                         FROM offers)
                      END AS "offers?: String",
                      ad.id AS "address_id?: i64", ad.label AS "label?: String",
                      ad.address AS "saved_address?: String", ad.lat AS "saved_lat?: f64",
                      ad.lon AS "saved_lon?: f64"
               FROM visitor v LEFT JOIN addresses ad ON ad.customer_id = v.id AND v.role = 'customer'
               ORDER BY ad.id"#,
            token_hash,
            now,
            idle_cutoff,
            store
        )
        .fetch_all(&self.read)
        .await?;
        page_visitor(rows)
    }
}
