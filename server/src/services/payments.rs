//! Taking payments: authorisation at checkout and on the customer's retry,
//! through the circuit breaker, and the worker that retries what failed,
//! sends the queued captures, voids and refunds, and cancels orders that
//! stayed unpaid too long.
//!
//! Every attempt to authorise an order carries the key
//! `order-<id>-authorize`, so the provider holds its money at most once
//! however often Baedal asks. A declined payment is retried like a busy
//! provider until the order expires: the customer cannot change their card
//! in Baedal, and the provider decides again on each attempt.

use std::sync::Arc;
use std::time::Duration;

use app::model::{Account, OrderView};
use app::ports::{Orders, PortError};
use domain::{Actor, Command, DomainError, Money, Order, OrderId, OrderStatus};
use rand::Rng;
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;

use super::Baedal;
use crate::db::DbError;
use crate::metrics::Metrics;
use crate::payment::{
    call_key, Breaker, Call, CallFailure, GuardedProvider, HttpPaymentProvider, PaymentProvider,
    PaymentSettings, QueuedCall, SimulatedProvider, SystemClock,
};

/// The guarded provider, how payments are retried, and the worker's bell.
pub struct Payments {
    pub provider: GuardedProvider,
    pub settings: PaymentSettings,
    /// Rung after a commit that may have queued a provider call.
    pub wake: Notify,
}

impl Payments {
    /// The HTTP provider when one is configured, else the simulated one,
    /// behind a breaker on the system clock.
    pub fn from_settings(settings: PaymentSettings, metrics: Arc<Metrics>) -> anyhow::Result<Self> {
        let provider: Arc<dyn PaymentProvider> = match &settings.http {
            Some(http) => Arc::new(HttpPaymentProvider::new(http.clone(), settings.timeout)?),
            None => Arc::new(SimulatedProvider::new(settings.simulated.clone())),
        };
        let breaker = Breaker::new(settings.breaker.clone(), Arc::new(SystemClock::default()));
        Ok(Self {
            provider: GuardedProvider::new(provider, breaker, settings.timeout, metrics),
            settings,
            wake: Notify::new(),
        })
    }

    fn after(&self, delay: Duration) -> i64 {
        app::clock::now().millis() + i64::try_from(delay.as_millis()).unwrap_or(i64::MAX / 2)
    }

    /// When to try again a call the breaker refused: once it lets calls
    /// through, spread over half a second.
    fn after_refusal(&self, retry_in: Duration) -> i64 {
        let spread = Duration::from_millis(rand::thread_rng().gen_range(0..=500));
        self.after(retry_in.max(Duration::from_millis(250)) + spread)
    }
}

impl Baedal {
    async fn authorize(&self, order: OrderId, amount: Money) -> Result<(), CallFailure> {
        let key = call_key(order, Call::Authorize);
        self.payments
            .provider
            .call(Call::Authorize, order, amount, &key)
            .await
    }

    /// At checkout: the order is paid, or it waits for a retry.
    pub(super) async fn take_payment(&self, order: &Order) {
        match self.authorize(order.id, order.total).await {
            Ok(()) => {
                let _ = self
                    .record_authorization(order.id, Command::AuthorizePayment, Actor::System)
                    .await;
            }
            Err(failure) => self.authorization_failed(order.id, failure).await,
        }
    }

    /// The customer's retry button: paid now, or `payment_busy`.
    pub(super) async fn retry_payment_now(
        &self,
        customer: &Account,
        order: OrderId,
    ) -> Result<OrderView, PortError> {
        let view = self.view(order).await?.ok_or(PortError::NotFound)?;
        if view.order.status != OrderStatus::PendingPayment {
            return Err(PortError::Refused(DomainError::NotAllowedNow {
                command: domain::CommandKind::RetryPayment,
                status: view.order.status,
            }));
        }
        if let Err(failure) = self.authorize(order, view.order.total).await {
            self.authorization_failed(order, failure).await;
            return Err(PortError::PaymentBusy);
        }
        let paid = self
            .record_authorization(order, Command::RetryPayment, Actor::Customer(customer.id))
            .await;
        match paid {
            // The worker got there first.
            Err(PortError::Refused(_) | PortError::Conflict) => {
                match self.view(order).await?.ok_or(PortError::NotFound)? {
                    view if view.order.status != OrderStatus::Cancelled => Ok(view),
                    _ => paid,
                }
            }
            paid => paid,
        }
    }

    /// Records an authorisation the provider gave. If the order was
    /// cancelled meanwhile, the money is released again.
    async fn record_authorization(
        &self,
        order: OrderId,
        command: Command,
        actor: Actor,
    ) -> Result<OrderView, PortError> {
        let outcome = self.execute(order, command, actor).await;
        if let Err(error) = &outcome {
            tracing::info!(order = %order, %error, "an authorisation came after the order moved on");
            match self
                .db
                .void_if_cancelled(order, app::clock::now().millis())
                .await
            {
                Ok(true) => {
                    tracing::warn!(order = %order, "authorised after cancellation; voiding");
                    self.payments.wake.notify_one();
                }
                Ok(false) => {}
                Err(error) => {
                    tracing::error!(order = %order, %error, "queueing a void failed");
                }
            }
        }
        outcome
    }

    /// Counts a failed attempt and schedules the next; the first failure of
    /// an order is recorded as its `payment_failed` event, which tells the
    /// customer.
    async fn authorization_failed(&self, order: OrderId, failure: CallFailure) {
        tracing::warn!(order = %order, error = failure.as_str(), "payment not authorised");
        let settings = &self.payments.settings;
        let now = app::clock::now().millis();
        let retry_at = |attempts: i64| {
            now + i64::try_from(settings.backoff(attempts).as_millis()).unwrap_or(60_000)
        };
        let attempts = self
            .db
            .payment_attempt_failed(
                order,
                failure.as_str(),
                failure.may_have_acted(),
                now,
                &retry_at,
            )
            .await;
        match attempts {
            Ok(Some(1)) => {
                if let Err(error) = self
                    .execute(order, Command::FailPayment, Actor::System)
                    .await
                {
                    tracing::info!(order = %order, %error, "recording the failed payment was refused");
                }
            }
            Ok(_) => {}
            Err(error) => {
                tracing::error!(order = %order, %error, "recording a failed payment failed");
            }
        }
    }

    /// Retries due authorisations, sends due provider calls and cancels
    /// orders unpaid for too long, until `closing`.
    pub async fn run_payment_worker(self: Arc<Self>, closing: CancellationToken) {
        while !closing.is_cancelled() {
            let more = match self.payment_round(&closing).await {
                Ok(more) => more,
                Err(error) => {
                    tracing::error!(%error, "the payment worker failed to read its work");
                    false
                }
            };
            if more {
                continue;
            }
            tokio::select! {
                () = closing.cancelled() => return,
                () = self.payments.wake.notified() => {}
                () = tokio::time::sleep(self.payments.settings.poll) => {}
            }
        }
    }

    /// One pass; true if a batch was full and more may be due.
    async fn payment_round(&self, closing: &CancellationToken) -> Result<bool, DbError> {
        const BATCH: i64 = 20;
        let now = app::clock::now().millis();
        let mut expired = 0;
        for order in self.db.expired_payments(now, BATCH).await? {
            match self
                .execute(order, Command::ExpirePayment, Actor::System)
                .await
            {
                Ok(_) => {
                    expired += 1;
                    tracing::info!(order = %order, "unpaid order expired");
                }
                Err(error) => tracing::warn!(order = %order, %error, "expiring failed"),
            }
        }
        let timeout = self.payments.settings.timeout;
        let lease = self.payments.after(timeout + Duration::from_secs(1));
        // A first attempt still unrecorded this long after the order was
        // placed was cut short (the server stopped): try it again.
        let stale = now - i64::try_from((timeout * 2).as_millis()).unwrap_or(0) - 2_000;
        let due = self
            .db
            .claim_due_authorizations(now, stale, lease, BATCH)
            .await?;
        for authorization in &due {
            let order = authorization.order;
            let attempt = self.authorize(order, authorization.amount);
            let outcome = tokio::select! {
                outcome = attempt => outcome,
                () = closing.cancelled() => return Ok(false),
            };
            match outcome {
                Ok(()) => {
                    let _ = self
                        .record_authorization(order, Command::AuthorizePayment, Actor::System)
                        .await;
                }
                Err(CallFailure::Open { retry_in }) => {
                    let at = self.payments.after_refusal(retry_in);
                    self.db.reschedule_authorization(order, at).await?;
                }
                Err(failure) => self.authorization_failed(order, failure).await,
            }
        }
        let calls = self.db.due_payment_calls(now, BATCH).await?;
        for call in &calls {
            if closing.is_cancelled() {
                return Ok(false);
            }
            self.send(call).await?;
        }
        let full = |n: usize| i64::try_from(n).unwrap_or(BATCH) >= BATCH;
        Ok(full(expired) || full(due.len()) || full(calls.len()))
    }

    /// Sends a queued capture, void or refund with its stored key.
    async fn send(&self, queued: &QueuedCall) -> Result<(), DbError> {
        let outcome = self
            .payments
            .provider
            .call(queued.call, queued.order, queued.amount, &queued.key)
            .await;
        let now = app::clock::now().millis();
        match outcome {
            Ok(()) => {
                tracing::info!(order = %queued.order, call = queued.call.as_str(), "payment call done");
                self.db.payment_call_done(queued.id, now).await
            }
            Err(CallFailure::Open { retry_in }) => {
                let at = self.payments.after_refusal(retry_in);
                self.db.reschedule_payment_call(queued.id, at).await
            }
            Err(failure) => {
                let settings = &self.payments.settings;
                let attempts = queued.attempts + 1;
                let retry_at = (attempts < settings.max_attempts)
                    .then(|| self.payments.after(settings.backoff(attempts)));
                if retry_at.is_none() {
                    tracing::error!(order = %queued.order, call = queued.call.as_str(), attempts, error = failure.as_str(), "payment call given up");
                    self.metrics.payment_dead(queued.call.as_str());
                } else {
                    tracing::warn!(order = %queued.order, call = queued.call.as_str(), attempts, error = failure.as_str(), "payment call failed");
                }
                self.db
                    .payment_call_failed(queued.id, attempts, retry_at, failure.as_str())
                    .await
            }
        }
    }
}
