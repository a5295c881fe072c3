use leptos::prelude::*;

use crate::i18n::{use_i18n, Msg};
use crate::model::StoreCard;
use crate::pages::customer::terms::{hours_text, OpenBadge, RatingBadge};

/// A store in the list: how far, what delivery costs, how it is rated,
/// whether it is open (a closed one dimmed, with its hours) and whether it
/// delivers to the customer's address.
#[component]
pub fn StoreCardView(store: StoreCard) -> impl IntoView {
    let i18n = use_i18n();
    let StoreCard {
        id,
        name,
        category,
        neighbourhood,
        distance_m,
        delivery_fee,
        min_order,
        hours,
        open,
        rating,
        out_of_range,
        ..
    } = store;
    view! {
        <li
            class="card store-card"
            class:closed=!open || out_of_range
            data-testid=format!("store-card-{id}")
            data-open=open.to_string()
            data-in-range=(!out_of_range).to_string()
        >
            <a href=format!("/stores/{id}")>
                <span class="store-card-head">
                    <strong>{name}</strong>
                    <OpenBadge open />
                </span>
                <span class="muted">{category}" · "{neighbourhood}</span>
                <span class="store-card-facts">
                    <RatingBadge rating />
                    {distance_m.map(|m| view! { <span class="distance">{move || i18n.lang().distance(m)}</span> })}
                    {out_of_range.then(|| view! {
                        <span class="badge out-of-range" data-testid="out-of-range">{move || i18n.t(Msg::OutOfDeliveryRange)}</span>
                    })}
                </span>
                <span class="muted">
                    {move || i18n.t(Msg::DeliveryFee)}" "
                    <span data-testid="delivery-fee">{move || i18n.lang().money(delivery_fee)}</span>
                    " · "{move || i18n.t(Msg::MinimumOrder)}" "
                    <span data-testid="min-order">{move || i18n.lang().money(min_order)}</span>
                </span>
                {(!open).then(|| view! {
                    <span class="muted hours">{move || i18n.t(Msg::Hours)}" "{move || hours_text(i18n, hours)}</span>
                })}
            </a>
        </li>
    }
}
