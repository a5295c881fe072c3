//! How an order looks, on every screen.

use domain::{Order, OrderStatus, Timestamp};
use leptos::prelude::*;

use crate::i18n::{status_msg, use_i18n, Msg};
use crate::model::TimelineEntry;

/// A clock time in Korea (UTC+9), the same on the server and in the browser.
pub fn clock_time(at: Timestamp) -> String {
    let minutes_of_day = (at.millis() / 60_000 + 9 * 60).rem_euclid(24 * 60);
    format!("{:02}:{:02}", minutes_of_day / 60, minutes_of_day % 60)
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

/// The dishes and the total.
#[component]
pub fn OrderLines(order: Order) -> impl IntoView {
    let i18n = use_i18n();
    let total = order.total;
    view! {
        <ul class="lines">
            {order
                .lines
                .into_iter()
                .map(|line| {
                    let subtotal = line.unit_price.times(line.quantity).unwrap_or(line.unit_price);
                    view! {
                        <li>
                            <span>{line.name}" × "{line.quantity.get()}</span>
                            <span>{move || i18n.lang().money(subtotal)}</span>
                        </li>
                    }
                })
                .collect_view()}
            <li class="total">
                <span>{move || i18n.t(Msg::Total)}</span>
                <span>{move || i18n.lang().money(total)}</span>
            </li>
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
fn EventLabel(event: String) -> impl IntoView {
    let i18n = use_i18n();
    let status = match event.as_str() {
        "placed" | "payment_failed" => Some(OrderStatus::PendingPayment),
        "payment_authorized" => Some(OrderStatus::Paid),
        "accepted" | "delayed" => Some(OrderStatus::Accepted),
        "rejected" => Some(OrderStatus::Rejected),
        "cooking_started" => Some(OrderStatus::Cooking),
        "cooking_finished" => Some(OrderStatus::ReadyForPickup),
        "rider_assigned" => Some(OrderStatus::RiderAssigned),
        "picked_up" => Some(OrderStatus::PickedUp),
        "delivered" => Some(OrderStatus::Delivered),
        "receipt_confirmed" | "auto_completed" => Some(OrderStatus::Completed),
        "cancelled" | "payment_expired" => Some(OrderStatus::Cancelled),
        _ => None,
    };
    move || match status {
        Some(status) => i18n.t(status_msg(status)).to_owned(),
        None => event.clone(),
    }
}
