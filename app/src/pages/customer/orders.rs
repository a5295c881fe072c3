use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use crate::api::orders::my_orders;
use crate::components::layout::{ErrorNote, Loading};
use crate::components::order_parts::{clock_time, StatusBadge};
use crate::i18n::{use_i18n, Msg};
use crate::live::use_live;
use crate::model::{CartLine, OrderView};
use crate::pages::customer::cart;

/// The customer's orders, updated live.
#[component]
pub fn OrdersPage() -> impl IntoView {
    let i18n = use_i18n();
    let live = use_live();
    let orders = Resource::new(move || live.tick.get(), |_| my_orders());
    view! {
        <h1>{move || i18n.t(Msg::MyOrders)}</h1>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match orders.await {
                    Ok(orders) if orders.is_empty() => {
                        view! {
                            <section class="empty">
                                <p>{move || i18n.t(Msg::NoOrders)}</p>
                                <A href="/">{move || i18n.t(Msg::BrowseStores)}</A>
                            </section>
                        }
                            .into_any()
                    }
                    Ok(orders) => {
                        view! {
                            <ul class="order-list">
                                {orders.into_iter().map(|view| view! { <OrderRow view /> }).collect_view()}
                            </ul>
                        }
                            .into_any()
                    }
                    Err(error) => view! { <ErrorNote error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn OrderRow(view: OrderView) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let order = view.order;
    let total = order.total;
    let store = order.store;
    let lines: Vec<CartLine> = order
        .lines
        .iter()
        .map(|line| CartLine {
            item: line.item,
            quantity: line.quantity,
            options: line.options.iter().map(|option| option.id).collect(),
        })
        .collect();
    // Live once the page runs in the browser, where the cart is kept.
    let live = RwSignal::new(false);
    Effect::new(move |_| live.set(true));
    let reorder = move |_| {
        cart::save(store, &lines);
        navigate(&format!("/stores/{store}"), Default::default());
    };
    let store_name = view.store_name.clone();
    view! {
        <li class="card order-row" data-testid=format!("order-row-{}", order.id)>
            <A href=format!("/orders/{}", order.id)>
                <strong>{view.store_name}</strong>
                <StatusBadge status=order.status />
                <span class="muted">{clock_time(order.placed_at)}" · "{move || i18n.lang().money(total)}</span>
            </A>
            <button
                class="secondary"
                aria-label=move || format!("{} · {}", i18n.t(Msg::Reorder), store_name)
                disabled=move || !live.get()
                on:click=reorder
            >
                {move || i18n.t(Msg::Reorder)}
            </button>
        </li>
    }
}
