//! How an order looks, on every screen.

use domain::{ChosenOption, Order, OrderStatus, Timestamp};
use leptos::prelude::*;

use crate::i18n::{status_msg, use_i18n, Msg};
use crate::model::TimelineEntry;

/// A clock time in Korea (UTC+9), the same on the server and in the browser.
pub fn clock_time(at: Timestamp) -> String {
    let minutes_of_day = (at.millis() / 60_000 + 9 * 60).rem_euclid(24 * 60);
    format!("{:02}:{:02}", minutes_of_day / 60, minutes_of_day % 60)
}

/// A date in Korea, `2026-11-23`, the same on the server and in the browser.
pub fn date_text(at: Timestamp) -> String {
    // Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
    let days = (at.millis() + 9 * 3_600_000).div_euclid(86_400_000);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_korean_calendar_days() {
        // 2026-11-22 15:00 UTC is 2026-11-23 00:00 in Korea.
        assert_eq!(
            date_text(Timestamp::from_millis(1_795_359_600_000)),
            "2026-11-23"
        );
        assert_eq!(
            date_text(Timestamp::from_millis(1_795_359_599_999)),
            "2026-11-22"
        );
        assert_eq!(date_text(Timestamp::from_millis(0)), "1970-01-01");
        // 2024-02-29 12:00 UTC.
        assert_eq!(
            date_text(Timestamp::from_millis(1_709_208_000_000)),
            "2024-02-29"
        );
    }
}
