use domain::OrderId;
use leptos::prelude::*;

use crate::api::orders::retry_payment;
use crate::components::layout::ErrorNote;
use crate::components::order_parts::clock_time;
use crate::error::AppError;
use crate::i18n::{use_i18n, Msg};
use crate::model::{OrderView, PaymentView};

/// Trying an unpaid order's payment again. Owned by the page, so that its
/// answer outlives the live refreshes that redraw the order.
pub type PaymentRetry = Action<OrderId, Result<OrderView, AppError>>;

/// A retry that bumps `reload` once the payment went through.
pub fn payment_retry(reload: RwSignal<u32>) -> PaymentRetry {
    let retry = Action::new(|order: &OrderId| retry_payment(*order));
    Effect::new(move |_| {
        if let Some(Ok(_)) = retry.value().get() {
            reload.update(|n| *n += 1);
        }
    });
    retry
}

/// The payment provider is busy: the order waits, unpaid, for the next
/// automatic try or for the customer to try again now.
#[component]
pub fn PaymentNotice(order: OrderId, payment: PaymentView, retry: PaymentRetry) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="notice payment-busy" role="status" data-testid="payment-busy">
            <p>
                <strong>{move || i18n.t(Msg::PaymentBusy)}</strong>
            </p>
            {payment
                .next_retry_at
                .map(|at| {
                    view! {
                        <p>
                            {move || i18n.t(Msg::NextTryAt)}": "
                            <time data-testid="next-retry">{clock_time(at)}</time>
                        </p>
                    }
                })}
            {payment
                .expires_at
                .map(|at| {
                    view! {
                        <p class="muted">
                            {move || i18n.t(Msg::PaymentExpiresAt)}": " <time>{clock_time(at)}</time>
                        </p>
                    }
                })}
            <button
                class="primary"
                disabled=move || retry.pending().get()
                on:click=move |_| {
                    retry.dispatch(order);
                }
            >
                {move || {
                    if retry.pending().get() { i18n.t(Msg::Working) } else { i18n.t(Msg::RetryPayment) }
                }}
            </button>
            {move || match retry.value().get() {
                Some(Err(AppError::PaymentBusy)) => {
                    view! { <p data-testid="still-busy">{move || i18n.t(Msg::StillBusy)}</p> }.into_any()
                }
                Some(Err(error)) => view! { <ErrorNote error /> }.into_any(),
                _ => ().into_any(),
            }}
        </div>
    }
}
