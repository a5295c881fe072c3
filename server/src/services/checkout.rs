//! Checkout: an order request priced and checked the way placing it checks
//! it, from the menu and the store as they are now, never from the client.

use std::sync::Arc;

use app::error::Field;
use app::model::{Account, OrderRequest, Place, Quote, StoreCard};
use app::ports::PortError;
use domain::{
    AppliedCoupon, CouponProblem, Delivery, DomainError, OrderDraft, OrderLine, Reason, Timestamp,
};

use storage::Engine;

fn refused(reason: DomainError) -> PortError {
    PortError::Refused(reason)
}

fn coupon_refused(problem: CouponProblem) -> PortError {
    refused(DomainError::Coupon { problem })
}

/// Prices order requests from the store and menu as they are now.
pub(super) struct Checkout {
    storage: Arc<dyn Engine>,
}

impl Checkout {
    pub(super) fn new(storage: Arc<dyn Engine>) -> Self {
        Self { storage }
    }

    /// The order `request` would make at `now`: the store open, every dish
    /// on its menu and not sold out, options that fit, the delivery address
    /// the customer's and within the store's delivery radius, the coupon
    /// this store's and still theirs to use.
    /// Placing it checks the store's minimum too.
    pub(super) async fn priced(
        &self,
        customer: &Account,
        request: &OrderRequest,
        now: Timestamp,
    ) -> Result<(OrderDraft, StoreCard), PortError> {
        let store = self
            .storage
            .store(request.store, now)
            .await?
            .ok_or(PortError::NotFound)?;
        if !store.open {
            return Err(refused(DomainError::StoreClosed));
        }
        let lines = self.priced_lines(request).await?;
        let place = self.delivery_place(customer, request).await?;
        if !store.delivers_to(place.location) {
            return Err(refused(DomainError::OutOfDeliveryRange {
                radius_m: store.delivery_radius_m,
            }));
        }
        let delivery = Delivery::parse(&place.address, place.location).map_err(refused)?;
        let subtotal = domain::subtotal(&lines).map_err(refused)?;
        let coupon = self
            .applied_coupon(customer, request, subtotal, now)
            .await?;
        let note = match request.note.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(text) => Some(Reason::parse(text).map_err(|_| PortError::Invalid(Field::Note))?),
        };
        let draft = OrderDraft {
            customer: customer.id,
            store: store.id,
            lines,
            delivery,
            delivery_fee: store.delivery_fee,
            min_order: store.min_order,
            coupon,
            note,
        };
        Ok((draft, store))
    }

    /// What `request` would cost now.
    pub(super) async fn quote(
        &self,
        customer: &Account,
        request: &OrderRequest,
    ) -> Result<Quote, PortError> {
        let (draft, _) = self.priced(customer, request, app::clock::now()).await?;
        let pricing = draft.price().map_err(refused)?;
        Ok(Quote {
            subtotal: pricing.subtotal,
            delivery_fee: pricing.delivery_fee,
            discount: pricing.discount,
            total: pricing.total,
            short_of_minimum: pricing.short_of_minimum,
        })
    }

    async fn priced_lines(&self, request: &OrderRequest) -> Result<Vec<OrderLine>, PortError> {
        let menu = self.storage.menu(request.store).await?;
        request
            .lines
            .iter()
            .map(|line| {
                let dish = menu
                    .iter()
                    .find(|dish| dish.id == line.item)
                    .ok_or(PortError::Invalid(Field::Item))?;
                if dish.sold_out {
                    return Err(refused(DomainError::SoldOut { item: dish.id }));
                }
                let (unit_price, options) =
                    domain::price_with_options(dish.price, &dish.options, &line.options)
                        .map_err(refused)?;
                Ok(OrderLine {
                    item: dish.id,
                    name: dish.name.clone(),
                    unit_price,
                    quantity: line.quantity,
                    options,
                })
            })
            .collect()
    }

    async fn delivery_place(
        &self,
        customer: &Account,
        request: &OrderRequest,
    ) -> Result<Place, PortError> {
        match request.address {
            Some(id) => Ok(self
                .storage
                .address(customer.id, id)
                .await?
                .ok_or(PortError::NotFound)?
                .place),
            None => customer
                .home
                .clone()
                .ok_or(PortError::Invalid(Field::Address)),
        }
    }

    async fn applied_coupon(
        &self,
        customer: &Account,
        request: &OrderRequest,
        subtotal: domain::Money,
        now: Timestamp,
    ) -> Result<Option<AppliedCoupon>, PortError> {
        let code = request.coupon.as_deref().map(str::trim).unwrap_or_default();
        if code.is_empty() {
            return Ok(None);
        }
        let (id, terms) = self
            .storage
            .coupon_by_code(request.store, code)
            .await?
            .ok_or(coupon_refused(CouponProblem::Unknown))?;
        let discount = terms.discount_for(subtotal, now).map_err(coupon_refused)?;
        let problem = self.storage.coupon_problem(id, customer.id).await?;
        match problem {
            Some(problem) => Err(coupon_refused(problem)),
            None => Ok(Some(AppliedCoupon { id, discount })),
        }
    }
}
