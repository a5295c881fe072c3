use domain::{DomainError, OrderStatus};
use leptos::prelude::*;

use crate::components::order_control::ControlError;
use crate::components::order_parts::{clock_time, OrderLines, StatusBadge};
use crate::error::AppError;
use crate::i18n::{use_i18n, Msg};
use crate::pages::store::alerts::use_alerts;
use crate::pages::store::card_actions::CardActions;
use crate::pages::store::entry::Entry;
use crate::pages::store::feed::use_feed;
use crate::pages::store::timing::{minutes_between, pace, Pace};

/// An order in the kitchen queue: what to cook with its options, the
/// customer's note, how long it has waited and how it does against the
/// estimate, and the next step. Touching it acknowledges it.
#[component]
pub fn StoreOrderCard(entry: Entry) -> impl IntoView {
    let i18n = use_i18n();
    let feed = use_feed();
    let alerts = use_alerts();
    // The order's signals live as long as its card, even when the order has
    // just left the counter and the card is on its way out.
    let kept = entry.clone();
    on_cleanup(move || drop(kept));
    let Entry {
        view,
        control,
        rider,
        ..
    } = entry;
    let order = view.order.clone();
    let id = order.id;
    let placed_at = order.placed_at;
    let cancelled_meanwhile = Memo::new(move |_| {
        matches!(
            control.error.get(),
            Some(AppError::Refused {
                reason: DomainError::OrderClosed {
                    status: OrderStatus::Cancelled
                }
            })
        )
    });
    let status = Memo::new(move |_| {
        if cancelled_meanwhile.get() {
            OrderStatus::Cancelled
        } else {
            control.order.get().status
        }
    });
    let pace = Memo::new(move |_| pace(&control.order.get(), feed.now.get()));
    let alerting = move || alerts.is_open(id);
    let waited = move || minutes_between(placed_at, feed.now.get());
    view! {
        <li
            class="card order-card queue-card"
            class:late=move || pace.get().is_alarming()
            class:alerting=alerting
            data-testid=format!("order-{id}")
            data-alert=move || alerting().to_string()
            on:click=move |_| alerts.acknowledge(&[id])
        >
            <header class="order-head">
                <strong class="order-number">"#"{id.get()}</strong>
                <StatusBadge status />
            </header>
            <p class="muted">{view.store_name.clone()}" · "{view.customer_name.clone()}</p>
            <p class="clock" data-testid="elapsed">
                <time>{clock_time(placed_at)}</time>
                " · "
                {move || i18n.fill(Msg::MinutesAgo, &[&waited().to_string()])}
            </p>
            <PaceLine pace ready_at=Signal::derive(move || control.order.get().ready_at) />
            {order.note.clone().map(|note| view! {
                <p class="kitchen-note" data-testid="order-note">
                    <span aria-hidden="true">"📝 "</span>
                    <span class="visually-hidden">{move || i18n.t(Msg::CustomerNote)}": "</span>
                    {note.as_str().to_owned()}
                </p>
            })}
            <OrderLines order=order.clone() />
            {move || rider.get().map(|name| view! { <p class="muted">{move || i18n.t(Msg::Rider)}": "{name}</p> })}
            <Show
                when=move || cancelled_meanwhile.get()
                fallback=move || view! { <ControlError control /> }
            >
                <p class="error" role="alert" data-testid="cancelled-meanwhile">
                    {move || i18n.t(Msg::CancelledMeanwhile)}
                </p>
            </Show>
            <CardActions control status=status.into() />
        </li>
    }
}

/// The estimate and how the order does against it.
#[component]
fn PaceLine(pace: Memo<Pace>, ready_at: Signal<Option<domain::Timestamp>>) -> impl IntoView {
    let i18n = use_i18n();
    let ready_by = move || {
        ready_at
            .get()
            .map(|at| format!("{} {}", i18n.t(Msg::ReadyBy), clock_time(at)))
    };
    move || {
        match pace.get() {
        Pace::Waiting { minutes, urgent } => view! {
            <p class="pace" class:urgent=urgent data-testid="pace" data-pace="waiting">
                {move || i18n.fill(Msg::WaitingForAnswer, &[&minutes.to_string()])}
            </p>
        }
        .into_any(),
        Pace::Due { minutes } => view! {
            <p class="pace" data-testid="pace" data-pace="due">
                {ready_by}" · "{move || i18n.fill(Msg::DueIn, &[&minutes.to_string()])}
            </p>
        }
        .into_any(),
        Pace::Late { minutes } => view! {
            <p class="pace late" data-testid="pace" data-pace="late">
                {ready_by}" · "<strong>{move || i18n.fill(Msg::LateBy, &[&minutes.to_string()])}</strong>
            </p>
        }
        .into_any(),
        Pace::Done => ().into_any(),
    }
    }
}
