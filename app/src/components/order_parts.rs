//! How an order looks, on every screen.

use domain::{ChosenOption, EventName, Order, OrderStatus, Timestamp};
use leptos::prelude::*;

use crate::i18n::{status_msg, use_i18n, Msg};
use crate::model::TimelineEntry;

/// A clock time in Korea, the same on the server and in the browser.
pub fn clock_time(at: Timestamp) -> String {
    at.in_korea().clock_text()
}

/// A date in Korea, `2026-11-23`, the same on the server and in the browser.
pub fn date_text(at: Timestamp) -> String {
    at.in_korea().date_text()
}

/// The chosen options of a line, `3인분, 치즈`.
pub fn option_names(options: &[ChosenOption]) -> String {
    options
        .iter()
        .map(|option| option.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The status as a coloured label.
#[component]
pub fn StatusBadge(#[prop(into)] status: Signal<OrderStatus>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <span class=move || format!("badge status-{}", status.get().as_str()) data-status=move || status.get().as_str()>
            {move || i18n.t(status_msg(status.get()))}
        </span>
    }
}

/// The dishes, with their options, and the total.
#[component]
pub fn OrderLines(
    order: Order,
    /// Leaves the total out, for a page that shows the whole breakdown.
    #[prop(optional)]
    without_total: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let total = order.total;
    view! {
        <ul class="lines">
            {order
                .lines
                .into_iter()
                .map(|line| {
                    let subtotal = line.unit_price.times(line.quantity).unwrap_or(line.unit_price);
                    let options = option_names(&line.options);
                    view! {
                        <li>
                            <span>
                                {line.name}" × "{line.quantity.get()}
                                {(!options.is_empty()).then(|| view! { <small class="line-options">{options}</small> })}
                            </span>
                            <span>{move || i18n.lang().money(subtotal)}</span>
                        </li>
                    }
                })
                .collect_view()}
            {(!without_total).then(|| view! {
                <li class="total">
                    <span>{move || i18n.t(Msg::Total)}</span>
                    <span>{move || i18n.lang().money(total)}</span>
                </li>
            })}
        </ul>
    }
}

/// What happened to the order, and when.
#[component]
pub fn Timeline(entries: Vec<TimelineEntry>) -> impl IntoView {
    view! {
        <ol class="timeline">
            {entries
                .into_iter()
                .map(|entry| {
                    view! {
                        <li>
                            <time>{clock_time(entry.at)}</time>
                            <EventLabel event=entry.event />
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}

#[component]
fn EventLabel(event: EventName) -> impl IntoView {
    let i18n = use_i18n();
    let status = match event {
        EventName::Placed | EventName::PaymentFailed => OrderStatus::PendingPayment,
        EventName::PaymentAuthorized => OrderStatus::Paid,
        EventName::Accepted | EventName::Delayed => OrderStatus::Accepted,
        EventName::Rejected => OrderStatus::Rejected,
        EventName::CookingStarted => OrderStatus::Cooking,
        EventName::CookingFinished => OrderStatus::ReadyForPickup,
        EventName::RiderAssigned => OrderStatus::RiderAssigned,
        EventName::PickedUp => OrderStatus::PickedUp,
        EventName::Delivered => OrderStatus::Delivered,
        EventName::ReceiptConfirmed | EventName::AutoCompleted => OrderStatus::Completed,
        EventName::Cancelled | EventName::PaymentExpired => OrderStatus::Cancelled,
    };
    move || i18n.t(status_msg(status))
}
