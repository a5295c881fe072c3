//! A signed-in visitor read whole for their page, in one query: on SQLite
//! every query is a round trip to a connection's worker thread and back,
//! and every page a customer opens asks this.

use app::model::Role;
use async_trait::async_trait;
use domain::{StoreId, Timestamp};
use storage::rows::{corrupt, customer_record, AccountRow, CustomerRecordRow, OfferRow};
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
        let rows = sqlx::query!(
            r#"WITH visitor AS (
                 SELECT a.id, a.email, a.display_name, a.role, a.address, a.lat, a.lon, s.last_seen_at
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
                   AND (SELECT COUNT(*) FROM coupon_redemptions r WHERE r.coupon_id = c.id) < c.quantity
                 ORDER BY c.expires_at, c.id LIMIT 50
               )
               SELECT v.id AS "id!: i64", v.email AS "email!: String",
                      v.display_name AS "display_name!: String", v.role AS "role!: String",
                      v.address AS "address?: String", v.lat AS "lat?: f64", v.lon AS "lon?: f64",
                      v.last_seen_at AS "last_seen_at!: i64",
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
        let last_seen = Timestamp::from_millis(first.last_seen_at);
        if account.role != Role::Customer {
            return Ok(Some(PageVisitor {
                account,
                last_seen,
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
        let customer = customer_record(
            rows.into_iter()
                .map(|row| CustomerRecordRow {
                    completed: row.completed,
                    id: row.address_id,
                    label: row.label,
                    address: row.saved_address,
                    lat: row.saved_lat,
                    lon: row.saved_lon,
                })
                .collect(),
        )?;
        Ok(Some(PageVisitor {
            account,
            last_seen,
            customer: Some(customer),
            offers,
        }))
    }
}
