//! A store's delivery terms, as its card and its page show them.

use domain::OpeningHours;
use leptos::prelude::*;

use crate::i18n::{use_i18n, I18n, Msg};
use crate::model::{Rating, StoreCard};

/// `11:00–22:00`, or open day and night.
pub fn hours_text(i18n: I18n, hours: OpeningHours) -> String {
    if hours.opens() == hours.closes() {
        i18n.t(Msg::OpenAllDay).to_owned()
    } else {
        format!(
            "{}–{}",
            OpeningHours::clock(hours.opens()),
            OpeningHours::clock(hours.closes())
        )
    }
}

/// Why a closed store takes no orders; `None` when it is open.
pub fn closed_reason(i18n: I18n, store: &StoreCard) -> Option<String> {
    if store.open {
        None
    } else if !store.accepting {
        Some(i18n.t(Msg::PausedOrders).to_owned())
    } else {
        Some(i18n.fill(Msg::OutsideHours, &[&hours_text(i18n, store.hours)]))
    }
}

/// Delivery fee, minimum order and hours.
#[component]
pub fn StoreTerms(store: StoreCard) -> impl IntoView {
    let i18n = use_i18n();
    let (fee, minimum, hours) = (store.delivery_fee, store.min_order, store.hours);
    view! {
        <dl class="terms">
            <div>
                <dt>{move || i18n.t(Msg::DeliveryFee)}</dt>
                <dd data-testid="delivery-fee">{move || i18n.lang().money(fee)}</dd>
            </div>
            <div>
                <dt>{move || i18n.t(Msg::MinimumOrder)}</dt>
                <dd data-testid="min-order">{move || i18n.lang().money(minimum)}</dd>
            </div>
            <div>
                <dt>{move || i18n.t(Msg::Hours)}</dt>
                <dd>{move || hours_text(i18n, hours)}</dd>
            </div>
        </dl>
    }
}

/// The average and count of reviews, or "new".
#[component]
pub fn RatingBadge(rating: Option<Rating>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <span class="rating" data-testid="rating">
            {move || match rating {
                Some(rating) => format!(
                    "★ {} · {}",
                    rating.average(),
                    match rating.count {
                        1 => i18n.t(Msg::ReviewOne).to_owned(),
                        n => i18n.fill(Msg::ReviewCount, &[&n.to_string()]),
                    },
                ),
                None => i18n.t(Msg::RatingNew).to_owned(),
            }}
        </span>
    }
}

/// Open or closed, as a label.
#[component]
pub fn OpenBadge(open: bool) -> impl IntoView {
    let i18n = use_i18n();
    let (class, msg) = if open {
        ("badge open", Msg::OpenNow)
    } else {
        ("badge closed", Msg::ClosedNow)
    };
    view! {
        <span class=class data-open=open.to_string()>{move || i18n.t(msg)}</span>
    }
}
