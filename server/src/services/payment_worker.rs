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

use app::ports::PortError;
use domain::{Actor, Command, DomainError, Money, Order, OrderId, OrderStatus, Timestamp};
use rand::Rng;
use storage::payment_records::{call_key, Call, QueuedCall};
use storage::scripts::{Authorized, RecordAuthorization, RecordFailedAttempt};
use storage::writer::Writer;
use storage::{Engine, StorageError};
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;

use super::commands::{command_failed, OrderCommands};
use crate::metrics::Metrics;
use crate::payment_provider::Breaker;
use crate::payment_provider::{
    CallFailure, GuardedProvider, HttpPaymentProvider, PaymentProvider, PaymentSettings,
    SimulatedProvider, SystemClock,
};

/// The guarded provider, how payments are retried, and what the worker
/// reads and writes.
pub struct Payments {
    pub(super) provider: GuardedProvider,
    settings: PaymentSettings,
    /// Rung after a commit that may have queued a provider call.
    wake: Arc<Notify>,
    storage: Arc<dyn Engine>,
    writer: Writer,
    commands: OrderCommands,
    metrics: Arc<Metrics>,
}

/// What payments are made of besides the storage they share with the
/// other services.
pub(super) struct PaymentParts {
    pub(super) settings: PaymentSettings,
    pub(super) wake: Arc<Notify>,
    pub(super) storage: Arc<dyn Engine>,
    pub(super) writer: Writer,
    pub(super) commands: OrderCommands,
    pub(super) metrics: Arc<Metrics>,
}

impl Payments {
    /// The HTTP provider when one is configured, else the simulated one,
    /// behind a breaker on the system clock.
    pub(super) fn new(parts: PaymentParts) -> anyhow::Result<Self> {
        let PaymentParts {
            settings,
            wake,
            storage,
            writer,
            commands,
            metrics,
        } = parts;
        let provider: Arc<dyn PaymentProvider> = match &settings.http {
            Some(http) => Arc::new(HttpPaymentProvider::new(http.clone(), settings.timeout)?),
            None => Arc::new(SimulatedProvider::new(settings.simulated.clone())),
        };
        let breaker = Breaker::new(settings.breaker.clone(), Arc::new(SystemClock::default()));
        Ok(Self {
            provider: GuardedProvider::new(provider, breaker, settings.timeout, metrics.clone()),
            settings,
            wake,
            storage,
            writer,
            commands,
            metrics,
        })
    }

    /// How long an order may stay unpaid.
    pub(super) fn expiry(&self) -> Duration {
        self.settings.expiry
    }

    fn after(&self, delay: Duration) -> Timestamp {
        let delay = i64::try_from(delay.as_millis()).unwrap_or(i64::MAX / 2);
        Timestamp::from_millis(app::clock::now().millis().saturating_add(delay))
    }

    /// When to try again a call the breaker refused: once it lets calls
    /// through, spread over half a second.
    fn after_refusal(&self, retry_in: Duration) -> Timestamp {
        let spread = Duration::from_millis(rand::thread_rng().gen_range(0..=500));
        self.after(retry_in.max(Duration::from_millis(250)) + spread)
    }

    async fn authorize(&self, order: OrderId, amount: Money) -> Result<(), CallFailure> {
        let key = call_key(order, Call::Authorize);
        self.provider
            .call(Call::Authorize, order, amount, &key)
            .await
    }

    /// At checkout: the order is paid, or it waits for a retry. The
    /// provider is called outside the writer; what it said is recorded by
    /// a script.
    pub(super) async fn take(&self, order: &Order) {
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
    pub(super) async fn retry_now(&self, order: OrderId) -> Result<(), PortError> {
        let unpaid = self.order(order).await?;
        if unpaid.status != OrderStatus::PendingPayment {
            return Err(PortError::Refused(DomainError::NotAllowedNow {
                command: domain::CommandKind::AuthorizePayment,
                status: unpaid.status,
            }));
        }
        if let Err(failure) = self.authorize(order, unpaid.total).await {
            self.authorization_failed(order, failure).await;
            return Err(PortError::PaymentBusy);
        }
        let paid = self
            .record_authorization(order, Command::AuthorizePayment, Actor::System)
            .await;
        match paid {
            Ok(()) => Ok(()),
            // The worker got there first.
            Err(error @ (PortError::Refused(_) | PortError::Conflict)) => {
                match self.order(order).await?.status {
                    OrderStatus::Cancelled => Err(error),
                    _ => Ok(()),
                }
            }
            Err(error) => Err(error),
        }
    }

    async fn order(&self, order: OrderId) -> Result<Order, PortError> {
        let view = self.storage.order_view(order).await?;
        Ok(view.ok_or(PortError::NotFound)?.order)
    }

    /// Records an authorisation the provider gave. If the order was
    /// cancelled meanwhile, the script queues the release of the money.
    async fn record_authorization(
        &self,
        order: OrderId,
        command: Command,
        actor: Actor,
    ) -> Result<(), PortError> {
        let kind = command.kind();
        let script = RecordAuthorization {
            order,
            command,
            actor,
            at: app::clock::now(),
            rules: self.commands.rules(),
        };
        // The provider holds the money: record it even when the queue is full.
        let recorded = self.writer.run_waiting(script).await?;
        match recorded {
            Authorized::Paid(applied) => {
                self.commands.applied(order, kind.as_str(), &applied);
                Ok(())
            }
            Authorized::MovedOn { failure, voided } => {
                tracing::info!(order = %order, %failure, "an authorisation came after the order moved on");
                if voided {
                    tracing::warn!(order = %order, "authorised after cancellation; voiding");
                    self.wake.notify_one();
                }
                Err(command_failed(failure))
            }
        }
    }

    /// Counts a failed attempt and schedules the next; the first failure of
    /// an order is recorded as its `payment_failed` event, which tells the
    /// customer.
    async fn authorization_failed(&self, order: OrderId, failure: CallFailure) {
        tracing::warn!(order = %order, error = failure.as_str(), "payment not authorised");
        let settings = self.settings.clone();
        let now = app::clock::now();
        let script = RecordFailedAttempt {
            order,
            error: failure.as_str(),
            may_be_held: failure.may_have_acted(),
            at: now,
            retry_at: Box::new(move |attempts| {
                let delay = i64::try_from(settings.backoff(attempts).as_millis()).unwrap_or(60_000);
                Timestamp::from_millis(now.millis().saturating_add(delay))
            }),
            rules: self.commands.rules(),
        };
        if let Err(error) = self.writer.run_waiting(script).await {
            tracing::error!(order = %order, %error, "recording a failed payment failed");
        }
    }

    /// Retries due authorisations, sends due provider calls and cancels
    /// orders unpaid for too long, until `closing`.
    pub(super) async fn run_worker(self: Arc<Self>, closing: CancellationToken) {
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
                () = self.wake.notified() => {}
                () = tokio::time::sleep(self.settings.poll) => {}
            }
        }
    }

    /// One pass; true if a batch was full and more may be due.
    async fn payment_round(&self, closing: &CancellationToken) -> Result<bool, StorageError> {
        const BATCH: i64 = 20;
        let now = app::clock::now();
        let mut expired = 0;
        for order in self.storage.expired_payments(now, BATCH).await? {
            match self
                .commands
                .apply(order, Command::ExpirePayment, Actor::System)
                .await
            {
                Ok(_) => {
                    expired += 1;
                    tracing::info!(order = %order, "unpaid order expired");
                }
                Err(error) => tracing::warn!(order = %order, %error, "expiring failed"),
            }
        }
        let timeout = self.settings.timeout;
        let lease = self.after(timeout + Duration::from_secs(1));
        // A first attempt still unrecorded this long after the order was
        // placed was cut short (the server stopped): try it again.
        let stale_ms = i64::try_from((timeout * 2).as_millis()).unwrap_or(0) + 2_000;
        let stale = Timestamp::from_millis(now.millis() - stale_ms);
        let due = self
            .storage
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
                    let at = self.after_refusal(retry_in);
                    self.storage.reschedule_authorization(order, at).await?;
                }
                Err(failure) => self.authorization_failed(order, failure).await,
            }
        }
        // Calls are sent one after another: they are this instance's until
        // all of them could have timed out, and another instance's after.
        let calls_lease = self.after(timeout * u32::try_from(BATCH + 1).unwrap_or(u32::MAX));
        let calls = self
            .storage
            .claim_due_payment_calls(now, calls_lease, BATCH)
            .await?;
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
    async fn send(&self, queued: &QueuedCall) -> Result<(), StorageError> {
        let call = Call::from(queued.action);
        let outcome = self
            .provider
            .call(call, queued.order, queued.amount, &queued.key)
            .await;
        let now = app::clock::now();
        match outcome {
            Ok(()) => {
                tracing::info!(order = %queued.order, call = call.as_str(), "payment call done");
                self.storage.payment_call_done(queued.id, now).await
            }
            Err(CallFailure::Open { retry_in }) => {
                let at = self.after_refusal(retry_in);
                self.storage.reschedule_payment_call(queued.id, at).await
            }
            Err(failure) => {
                let settings = &self.settings;
                let attempts = queued.attempts + 1;
                let retry_at = (attempts < settings.max_attempts)
                    .then(|| self.after(settings.backoff(attempts)));
                if retry_at.is_none() {
                    tracing::error!(order = %queued.order, call = call.as_str(), attempts, error = failure.as_str(), "payment call given up");
                    self.metrics.payment_dead(call.as_str());
                } else {
                    tracing::warn!(order = %queued.order, call = call.as_str(), attempts, error = failure.as_str(), "payment call failed");
                }
                self.storage
                    .payment_call_failed(queued.id, attempts, retry_at, failure.as_str())
                    .await
            }
        }
    }
}
