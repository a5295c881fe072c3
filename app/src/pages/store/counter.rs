use leptos::prelude::*;

use crate::components::push_toggle::PushToggle;
use crate::hydration::OwnTask;
use crate::i18n::{use_i18n, Msg};
use crate::pages::store::feed::use_feed;
use crate::pages::store::figures::TodayFigures;
use crate::pages::store::queue::KitchenQueue;

/// The counter: the kitchen queue, orders the customers cancelled, today's
/// figures with coupons, and push notifications for this tablet. The
/// browser hydrates the queue first, and the rest in a task after it.
#[component]
pub fn StoreCounter() -> impl IntoView {
    view! {
        <CancelledNotices />
        <KitchenQueue />
        {OwnTask(view! {
            <TodayFigures />
            <PushToggle />
        })}
    }
}

/// Orders the customer cancelled while they were at the counter, until
/// someone has read it.
#[component]
fn CancelledNotices() -> impl IntoView {
    let i18n = use_i18n();
    let feed = use_feed();
    move || {
        feed.cancelled
            .get()
            .into_iter()
            .map(|notice| {
                let order = notice.order;
                let text = move || i18n.fill(Msg::CustomerCancelled, &[&order.get().to_string(), &notice.store_name]);
                view! {
                    <div class="notice cancelled-notice" role="status" data-testid=format!("cancelled-{order}")>
                        <p>{text}</p>
                        <button class="secondary" on:click=move |_| feed.dismiss(order)>
                            {move || i18n.t(Msg::Dismiss)}
                        </button>
                    </div>
                }
            })
            .collect_view()
    }
}
