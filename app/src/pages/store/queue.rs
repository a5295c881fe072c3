use leptos::prelude::*;

use crate::api::store::store_orders;
use crate::components::layout::{ErrorNote, Loading};
use crate::components::order_parts::clock_time;
use crate::i18n::{use_i18n, Msg};
use crate::pages::store::feed::use_feed;
use crate::pages::store::order_card::StoreOrderCard;
use crate::pages::store::timing::Column;

/// The kitchen queue: a column per step, oldest order first, with what the
/// counter needs when the connection fails. The first list is the one the
/// page was rendered with, so what the server drew stays on screen while the
/// page hydrates; the live feed takes over from there.
#[component]
pub fn KitchenQueue() -> impl IntoView {
    let feed = use_feed();
    let first_list = Resource::new(
        || (),
        move |_| async move {
            if feed.loaded.get_untracked() {
                None
            } else {
                Some(store_orders().await)
            }
        },
    );
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                if let Some(answer) = first_list.await {
                    feed.take_first(answer);
                }
                view! { <QueueColumns /> }
            })}
        </Suspense>
    }
}

#[component]
fn QueueColumns() -> impl IntoView {
    let i18n = use_i18n();
    let feed = use_feed();
    let empty = move || {
        feed.loaded.get() && feed.problem.with(Option::is_none) && feed.entries.with(Vec::is_empty)
    };
    let loading = move || feed.problem.with(Option::is_none).then(Loading);
    view! {
        <FeedProblem />
        <Show when=empty>
            <p class="empty" data-testid="no-orders">{move || i18n.t(Msg::NoStoreOrders)}</p>
        </Show>
        <Show when=move || feed.loaded.get() fallback=loading>
            <div class="kitchen-queue" data-testid="kitchen-queue">
                {Column::ALL.into_iter().map(|column| view! { <QueueColumn column /> }).collect_view()}
            </div>
        </Show>
    }
}

#[component]
fn QueueColumn(column: Column) -> impl IntoView {
    let i18n = use_i18n();
    let feed = use_feed();
    let cards = Memo::new(move |_| {
        let mut cards: Vec<_> = feed
            .entries
            .get()
            .into_iter()
            .filter(|entry| Column::of(entry.control.order.get().status) == Some(column))
            .collect();
        cards.sort_by_key(|entry| (entry.view.order.placed_at, entry.id()));
        cards
            .into_iter()
            .map(|entry| (entry.id(), entry))
            .collect::<Vec<_>>()
    });
    let heading = format!("column-{}-heading", column.name());
    let labelled_by = heading.clone();
    view! {
        <section
            class=format!("queue-column column-{}", column.name())
            data-testid=format!("column-{}", column.name())
            aria-labelledby=labelled_by
        >
            <h2 id=heading>
                {move || i18n.t(column.title())}
                <span class="count" data-testid="column-count">{move || cards.with(Vec::len)}</span>
            </h2>
            <ul class="queue-cards">
                <For
                    each=move || cards.get()
                    key=|(id, _)| *id
                    children=move |(_, entry)| view! { <StoreOrderCard entry /> }
                />
            </ul>
        </section>
    }
}

/// The last fetch failed: before anything arrived, or while an older list
/// is on screen.
#[component]
fn FeedProblem() -> impl IntoView {
    let i18n = use_i18n();
    let feed = use_feed();
    move || {
        feed.problem.get().map(|error| {
            let as_of = feed.updated_at.get().map(clock_time);
            view! {
                <div class="feed-problem" data-testid="feed-problem">
                    <ErrorNote error />
                    {as_of.map(|at| view! { <p class="muted">{move || i18n.fill(Msg::ShowingAsOf, &[&at])}</p> })}
                    <button class="secondary" on:click=move |_| feed.refresh()>{move || i18n.t(Msg::Retry)}</button>
                </div>
            }
        })
    }
}
