use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::orders::my_orders;
use crate::components::layout::{ErrorNote, Loading};
use crate::components::order_parts::{clock_time, StatusBadge};
use crate::i18n::{use_i18n, Msg};
use crate::live::use_live;
use crate::model::OrderView;

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
    let order = view.order;
    let total = order.total;
    view! {
        <li class="card">
            <A href=format!("/orders/{}", order.id)>
                <strong>{view.store_name}</strong>
                <StatusBadge status=order.status />
                <span class="muted">{clock_time(order.placed_at)}" · "{move || i18n.lang().money(total)}</span>
            </A>
        </li>
    }
}
