//! Placing orders, commanding them and reading them.

use std::sync::Arc;

use app::model::{Account, IdempotencyKey, OrderRequest, OrderView, Quote, SalesFigures};
use app::ports::{Orders, PortError};
use async_trait::async_trait;
use domain::{AccountId, Actor, Command, DomainError, OrderId, StoreId, Timestamp};
use storage::records::OrderFilter;
use storage::scripts::{PlaceOrder, Placement};
use storage::writer::Writer;
use storage::{Engine, StorageError};

use super::checkout::Checkout;
use super::commands::OrderCommands;
use super::Payments;

/// Orders: quoted, placed, commanded and read.
pub struct OrderService {
    storage: Arc<dyn Engine>,
    writer: Writer,
    commands: OrderCommands,
    checkout: Checkout,
    payments: Arc<Payments>,
}

impl OrderService {
    pub(super) fn new(
        storage: Arc<dyn Engine>,
        writer: Writer,
        commands: OrderCommands,
        checkout: Checkout,
        payments: Arc<Payments>,
    ) -> Self {
        Self {
            storage,
            writer,
            commands,
            checkout,
            payments,
        }
    }

    async fn views(&self, filter: OrderFilter) -> Result<Vec<OrderView>, PortError> {
        Ok(self.storage.order_views(filter).await?)
    }

    /// Records a priced order; a second customer racing for the same key on
    /// another instance finds the first one's order on a second try.
    async fn record_placement(&self, script: PlaceOrder) -> Result<Placement, PortError> {
        let placed = match self.writer.run(script.clone()).await {
            Err(StorageError::Taken) => self.writer.run(script).await,
            placed => placed,
        };
        Ok(placed?)
    }
}

#[async_trait]
impl Orders for OrderService {
    async fn quote(&self, customer: &Account, request: OrderRequest) -> Result<Quote, PortError> {
        self.checkout.quote(customer, &request).await
    }

    async fn place(
        &self,
        customer: &Account,
        request: OrderRequest,
        key: IdempotencyKey,
    ) -> Result<OrderId, PortError> {
        let now = app::clock::now();
        let (draft, _) = self.checkout.priced(customer, &request, now).await?;
        let placed = draft.place(now).map_err(PortError::Refused)?;
        let expiry = i64::try_from(self.payments.expiry().as_millis()).unwrap_or(i64::MAX / 2);
        let script = PlaceOrder {
            key: key.as_str().to_owned(),
            payment_expires_at: Timestamp::from_millis(placed.at.millis().saturating_add(expiry)),
            placed,
        };
        let order = match self.record_placement(script).await? {
            Placement::Existing(id) => return Ok(id),
            Placement::CouponRefused(problem) => {
                return Err(PortError::Refused(DomainError::Coupon { problem }))
            }
            Placement::New(applied) => applied.order,
        };
        tracing::info!(order = %order.id, customer = %customer.id, "order placed");
        self.payments.take(&order).await;
        Ok(order.id)
    }

    async fn execute(
        &self,
        id: OrderId,
        command: Command,
        actor: Actor,
    ) -> Result<OrderView, PortError> {
        self.commands.apply(id, command, actor).await?;
        self.view(id).await?.ok_or(PortError::NotFound)
    }

    async fn retry_payment(&self, order: OrderId) -> Result<OrderView, PortError> {
        self.payments.retry_now(order).await?;
        self.view(order).await?.ok_or(PortError::NotFound)
    }

    async fn view(&self, order: OrderId) -> Result<Option<OrderView>, PortError> {
        let Some(mut view) = self.storage.order_view(order).await? else {
            return Ok(None);
        };
        view.payment = self.storage.payment_view(order).await?;
        view.review = self.storage.review_of(order).await?;
        Ok(Some(view))
    }

    async fn of_customer(&self, customer: AccountId) -> Result<Vec<OrderView>, PortError> {
        self.views(OrderFilter::Customer(customer)).await
    }

    async fn of_stores(&self, stores: &[StoreId]) -> Result<Vec<OrderView>, PortError> {
        self.views(OrderFilter::Stores(stores.to_vec())).await
    }

    async fn ready_for_pickup(&self) -> Result<Vec<OrderView>, PortError> {
        self.views(OrderFilter::ReadyForPickup).await
    }

    async fn of_rider(&self, rider: AccountId) -> Result<Vec<OrderView>, PortError> {
        self.views(OrderFilter::Rider(rider)).await
    }

    async fn sales_today(&self, stores: &[StoreId]) -> Result<Vec<SalesFigures>, PortError> {
        let today = app::clock::now().in_korea().day_number;
        let mut figures = Vec::with_capacity(stores.len());
        for store in stores {
            figures.push(self.storage.store_sales(*store, today).await?);
        }
        Ok(figures)
    }
}
