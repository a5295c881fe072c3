use app::model::{Account, CouponOffer};
use async_trait::async_trait;
use domain::{StoreId, Timestamp};

use crate::error::Result;
use crate::port::{AccountStorage, CouponStorage, CustomerRecord, CustomerStorage, SessionTimes};

/// What a signed-in visitor's page reads of them.
#[derive(Debug, Clone, PartialEq)]
pub struct PageVisitor {
    /// The session's account, as [`AccountStorage::session_account`] reads it.
    pub account: Account,
    /// When the session was last used and when it expires.
    pub session: SessionTimes,
    /// A customer's record, as [`CustomerStorage::record`] reads it; `None`
    /// for other roles.
    pub customer: Option<CustomerRecord>,
    /// A customer's coupons for the store asked about, as
    /// [`CouponStorage::coupon_offers`] reads them; `None` for other roles
    /// or when no store was asked about.
    pub offers: Option<Vec<CouponOffer>>,
}

/// Everything a signed-in visitor's page reads of them, at once. Every page
/// a customer opens asks it, so an engine may answer it in one query instead
/// of the three the parts take by default; the contract checks that it
/// answers the same.
#[async_trait]
pub trait VisitorStorage: AccountStorage + CustomerStorage + CouponStorage {
    async fn page_visitor(
        &self,
        token_hash: &str,
        now: Timestamp,
        idle_cutoff: Timestamp,
        store: Option<StoreId>,
    ) -> Result<Option<PageVisitor>> {
        let Some((account, session)) = self.session_account(token_hash, now, idle_cutoff).await?
        else {
            return Ok(None);
        };
        if account.role != app::model::Role::Customer {
            return Ok(Some(PageVisitor {
                account,
                session,
                customer: None,
                offers: None,
            }));
        }
        let customer = self.record(account.id).await?;
        let offers = match store {
            Some(store) => Some(self.coupon_offers(account.id, Some(store), now).await?),
            None => None,
        };
        Ok(Some(PageVisitor {
            account,
            session,
            customer: Some(customer),
            offers,
        }))
    }
}
