use domain::{Actor, Command, OrderStatus, PrepMinutes, Reason};
use leptos::prelude::*;

use crate::api::store::{store_orders, store_sales};
use crate::components::layout::{ErrorNote, Loading};
use crate::components::order_control::{CommandButton, ControlError, OrderControl};
use crate::components::order_parts::{clock_time, OrderLines, StatusBadge};
use crate::i18n::{use_i18n, Msg};
use crate::live::use_live;
use crate::model::{OrderView, SalesFigures};
use crate::pages::store_coupon::{CouponDrafts, CouponIssuer};

/// The store owner's counter: paid orders of their stores, updated live.
#[component]
pub fn StoreApp() -> impl IntoView {
    let i18n = use_i18n();
    let live = use_live();
    let orders = Resource::new(move || live.tick.get(), |_| store_orders());
    CouponDrafts::provide();
    view! {
        <h1>{move || i18n.t(Msg::StoreApp)}</h1>
        <TodayFigures />
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match orders.await {
                    Ok(orders) if orders.is_empty() => {
                        view! { <p class="empty">{move || i18n.t(Msg::NoStoreOrders)}</p> }.into_any()
                    }
                    Ok(orders) => {
                        view! {
                            <ul class="board">
                                {orders.into_iter().map(|view| view! { <StoreOrderCard view /> }).collect_view()}
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
fn StoreOrderCard(view: OrderView) -> impl IntoView {
    let i18n = use_i18n();
    let order = view.order.clone();
    let control = OrderControl::new(order.clone(), Some(Actor::Store(order.store)));
    let status = Signal::derive(move || control.order.get().status);
    view! {
        <li class="card order-card" data-testid=format!("order-{}", order.id)>
            <header class="order-head">
                <strong>"#"{order.id.get()}" · "{view.store_name}</strong>
                <StatusBadge status />
            </header>
            <p class="muted">
                {clock_time(order.placed_at)}" · "{move || i18n.t(Msg::Customer)}": "{view.customer_name}
            </p>
            <OrderLines order=order.clone() />
            <ControlError control />
            {move || match status.get() {
                OrderStatus::Paid => view! { <AcceptOrReject control /> }.into_any(),
                OrderStatus::Accepted => {
                    view! {
                        <div class="actions">
                            <CommandButton control command=Command::StartCooking label=Signal::derive(move || i18n.t(Msg::StartCooking).to_owned()) />
                        </div>
                    }
                        .into_any()
                }
                OrderStatus::Cooking => {
                    view! {
                        <div class="actions">
                            <CommandButton control command=Command::FinishCooking label=Signal::derive(move || i18n.t(Msg::FinishCooking).to_owned()) />
                        </div>
                    }
                        .into_any()
                }
                _ => ().into_any(),
            }}
        </li>
    }
}

/// Quick picks for the preparation time, and a confirmed rejection with a reason.
#[component]
fn AcceptOrReject(control: OrderControl) -> impl IntoView {
    let i18n = use_i18n();
    let rejecting = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let presets = [Msg::ReasonSoldOut, Msg::ReasonBusy, Msg::ReasonClosing];
    let reject = move |_| {
        if let Ok(reason) = Reason::parse(&reason.get_untracked()) {
            rejecting.set(false);
            control.run(Command::Reject { reason });
        }
    };
    view! {
        <div class="actions">
            {[10, 20, 30, 40]
                .into_iter()
                .filter_map(|minutes| PrepMinutes::parse(minutes).ok())
                .map(|prep_minutes| {
                    let label = Signal::derive(move || {
                        format!("{} {}{}", i18n.t(Msg::Accept), prep_minutes.get(), i18n.t(Msg::Minutes))
                    });
                    view! { <CommandButton control command=Command::Accept { prep_minutes } label /> }
                })
                .collect_view()}
            <button class="danger" on:click=move |_| rejecting.set(true)>{move || i18n.t(Msg::Reject)}</button>
        </div>
        <Show when=move || rejecting.get()>
            <div class="confirm" role="alertdialog" aria-label=move || i18n.t(Msg::RejectReason)>
                <div class="chips">
                    {presets
                        .into_iter()
                        .map(|preset| {
                            view! {
                                <button class="chip" on:click=move |_| reason.set(i18n.t(preset).to_owned())>
                                    {move || i18n.t(preset)}
                                </button>
                            }
                        })
                        .collect_view()}
                </div>
                <label>
                    {move || i18n.t(Msg::RejectReason)}
                    <input
                        type="text"
                        maxlength="200"
                        prop:value=move || reason.get()
                        on:input=move |ev| reason.set(event_target_value(&ev))
                    />
                </label>
                <button class="danger" disabled=move || Reason::parse(&reason.get()).is_err() on:click=reject>
                    {move || i18n.t(Msg::ConfirmReject)}
                </button>
                <button class="secondary" on:click=move |_| rejecting.set(false)>{move || i18n.t(Msg::Keep)}</button>
            </div>
        </Show>
    }
}

/// Today's figures of each of the owner's stores, from the sales read model.
#[component]
fn TodayFigures() -> impl IntoView {
    let live = use_live();
    let figures = Resource::new(move || live.tick.get(), |_| store_sales());
    view! {
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match figures.await {
                    Ok(figures) => {
                        figures
                            .into_iter()
                            .map(|figures| view! { <StoreFigures figures /> })
                            .collect_view()
                            .into_any()
                    }
                    Err(error) => view! { <ErrorNote error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn StoreFigures(figures: SalesFigures) -> impl IntoView {
    let i18n = use_i18n();
    let revenue = figures.revenue;
    let lost = figures.cancelled + figures.rejected;
    let prep = figures.average_prep_minutes;
    view! {
        <section class="figures" data-testid=format!("figures-{}", figures.store)>
            <h2>{figures.store_name}" · "{move || i18n.t(Msg::Today)}</h2>
            <dl>
            <div>
                <dt>{move || i18n.t(Msg::PaidOrders)}</dt>
                <dd data-testid="figure-orders">{figures.orders}</dd>
            </div>
            <div>
                <dt>{move || i18n.t(Msg::Revenue)}</dt>
                <dd data-testid="figure-revenue">{move || i18n.lang().money(revenue)}</dd>
            </div>
            <div>
                <dt>{move || i18n.t(Msg::CancelledOrRejected)}</dt>
                <dd>{lost}</dd>
            </div>
            <div>
                <dt>{move || i18n.t(Msg::AveragePrep)}</dt>
                <dd>
                    {move || match prep {
                        Some(minutes) => format!("{minutes} {}", i18n.t(Msg::Minutes)),
                        None => "–".to_owned(),
                    }}
                </dd>
            </div>
            </dl>
            <CouponIssuer store=figures.store />
        </section>
    }
}
