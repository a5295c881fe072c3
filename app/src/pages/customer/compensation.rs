use domain::{OrderStatus, PaymentAction};
use leptos::prelude::*;

use crate::i18n::{use_i18n, Msg};
use crate::model::{PaymentState, PaymentView};

/// What was put right when an order did not go ahead: the payment
/// cancelled or refunded (or on its way to it), the coupon given back.
#[component]
pub fn Compensation(
    #[prop(into)] status: Signal<OrderStatus>,
    payment: Option<PaymentView>,
    had_coupon: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let ended = move || matches!(status.get(), OrderStatus::Cancelled | OrderStatus::Rejected);
    let payment_msg = payment.map(|payment| match (payment.pending, payment.state) {
        (Some(PaymentAction::Refund), _) | (None, PaymentState::Captured) => {
            ("refunding", Msg::Refunding)
        }
        (Some(PaymentAction::Void | PaymentAction::Capture), _)
        | (None, PaymentState::Authorized) => ("cancelling", Msg::PaymentCancelling),
        (None, PaymentState::Voided) => ("voided", Msg::PaymentCancelled),
        (None, PaymentState::Refunded) => ("refunded", Msg::Refunded),
        (None, PaymentState::Unpaid) => ("unpaid", Msg::NothingCharged),
    });
    move || {
        ended().then(|| {
            view! {
                <div class="notice compensation" role="status" data-testid="compensation">
                    {payment_msg.map(|(state, msg)| view! { <p data-payment=state>{move || i18n.t(msg)}</p> })}
                    {had_coupon.then(|| view! { <p data-testid="coupon-returned">{move || i18n.t(Msg::CouponReturned)}</p> })}
                </div>
            }
        })
    }
}
