use domain::Money;
use leptos::prelude::*;

use crate::i18n::{use_i18n, Msg};

/// What an order costs: the dishes, the delivery fee, a coupon's discount
/// and the total.
#[component]
pub fn Breakdown(
    subtotal: Money,
    delivery_fee: Money,
    discount: Money,
    total: Money,
) -> impl IntoView {
    let i18n = use_i18n();
    let money = move |amount: Money| i18n.lang().money(amount);
    let discounted = discount > Money::ZERO;
    view! {
        <dl class="breakdown" data-testid="breakdown">
            <dt>{move || i18n.t(Msg::Subtotal)}</dt>
            <dd data-testid="quote-subtotal">{move || money(subtotal)}</dd>
            <dt>{move || i18n.t(Msg::DeliveryFee)}</dt>
            <dd data-testid="quote-fee">{move || money(delivery_fee)}</dd>
            <Show when=move || discounted>
                <dt>{move || i18n.t(Msg::CouponDiscount)}</dt>
                <dd class="discount" data-testid="quote-discount">"−"{move || money(discount)}</dd>
            </Show>
            <dt class="total">{move || i18n.t(Msg::Total)}</dt>
            <dd class="total" data-testid="checkout-total">{move || money(total)}</dd>
        </dl>
    }
}
