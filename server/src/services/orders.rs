//! Placing orders, commanding them and reading them.

use app::model::{Account, IdempotencyKey, OrderRequest, OrderView, Quote, SalesFigures};
use app::ports::{Orders, PortError};
use async_trait::async_trait;
use domain::{AccountId, Actor, Command, DomainError, OrderId, StoreId, Timestamp};
use storage::records::OrderFilter;
use storage::scripts::{ApplyCommand, PlaceOrder, Placement};
use storage::StorageError;

use super::{command_failed, outcome_name, Baedal};

impl Baedal {
    /// Runs one command through the writer, as `actor`.
    pub(super) async fn apply(
        &self,
        order: OrderId,
        command: Command,
        actor: Actor,
    ) -> Result<storage::scripts::Applied, PortError> {
        let kind = command.kind();
        let script = ApplyCommand {
            order,
            command,
            actor,
            at: app::clock::now(),
            rules: self.rules(),
        };
        let outcome = match actor {
            // Baedal's own workers wait for room rather than give up.
            Actor::System => self.writer.run_waiting(script).await,
            _ => self.writer.run(script).await,
        }?;
        self.metrics.command(kind.as_str(), outcome_name(&outcome));
        let applied = outcome.map_err(command_failed)?;
        self.log_changed(order, kind.as_str(), &applied);
        Ok(applied)
    }

    pub(super) async fn views(&self, filter: OrderFilter) -> Result<Vec<OrderView>, PortError> {
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
impl Orders for Baedal {
    async fn quote(&self, customer: &Account, request: OrderRequest) -> Result<Quote, PortError> {
        self.quote_for(customer, &request).await
    }

    async fn place(
        &self,
        customer: &Account,
        request: OrderRequest,
        key: IdempotencyKey,
    ) -> Result<OrderId, PortError> {
        let now = app::clock::now();
        let (draft, _) = self.priced(customer, &request, now).await?;
        let placed = draft.place(now).map_err(PortError::Refused)?;
        let expiry =
            i64::try_from(self.payments.settings.expiry.as_millis()).unwrap_or(i64::MAX / 2);
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
        self.take_payment(&order).await;
        Ok(order.id)
    }

    async fn execute(
        &self,
        id: OrderId,
        command: Command,
        actor: Actor,
    ) -> Result<OrderView, PortError> {
        self.apply(id, command, actor).await?;
        self.view(id).await?.ok_or(PortError::NotFound)
    }

    async fn retry_payment(&self, order: OrderId) -> Result<OrderView, PortError> {
        self.retry_payment_now(order).await
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
