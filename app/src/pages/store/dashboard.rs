use leptos::prelude::*;

use crate::components::layout::{ErrorNote, Loading};
use crate::error::AppError;
use crate::i18n::{use_i18n, Msg};
use crate::model::{Dashboard, Rating, SalesFigures};
use crate::pages::store::chart::TopDishesChart;
use crate::pages::store::picker::{chosen_dashboard, PerStore};
use crate::pages::store::review_replies::ReviewReplies;

/// Each store at a glance: today's figures, the week's top dishes, and the
/// ratings with recent reviews to reply to.
#[component]
pub fn StoreDashboardPage() -> impl IntoView {
    let dashboard = chosen_dashboard();
    view! { <PerStore screen=move |_| view! { <DashboardFor dashboard /> } /> }
}

#[component]
fn DashboardFor(dashboard: Resource<Result<Option<Dashboard>, AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match dashboard.await {
                    Ok(Some(dashboard)) => view! { <DashboardView dashboard /> }.into_any(),
                    Ok(None) => ().into_any(),
                    Err(error) => view! { <ErrorNote error /> }.into_any(),
                }
            })}
        </Transition>
        <button class="secondary" on:click=move |_| dashboard.refetch()>{move || i18n.t(Msg::Refresh)}</button>
    }
}

#[component]
fn DashboardView(dashboard: Dashboard) -> impl IntoView {
    let i18n = use_i18n();
    let Dashboard {
        store,
        today,
        top_dishes,
        reviews,
        ..
    } = dashboard;
    view! {
        <div class="dashboard" data-testid=format!("dashboard-{}", store.id)>
            <Today figures=today />
            <section class="card">
                <h2>{move || i18n.t(Msg::TopDishesWeek)}</h2>
                <TopDishesChart dishes=top_dishes />
            </section>
            <section class="card">
                <h2>{move || i18n.t(Msg::Reviews)}" "<RatingSummary rating=store.rating /></h2>
                <ReviewReplies reviews />
            </section>
        </div>
    }
}

#[component]
fn Today(figures: SalesFigures) -> impl IntoView {
    let i18n = use_i18n();
    let revenue = figures.revenue;
    let prep = figures.average_prep_minutes;
    let figure = move |label: Msg, testid: &'static str, value: String| {
        view! {
            <div>
                <dt>{move || i18n.t(label)}</dt>
                <dd data-testid=testid>{value}</dd>
            </div>
        }
    };
    view! {
        <section class="figures" data-testid="dashboard-today">
            <h2>{move || i18n.t(Msg::Today)}</h2>
            <dl>
                {figure(Msg::PaidOrders, "today-orders", figures.orders.to_string())}
                {figure(Msg::DeliveredOrders, "today-delivered", figures.delivered.to_string())}
                <div>
                    <dt>{move || i18n.t(Msg::Revenue)}</dt>
                    <dd data-testid="today-revenue">{move || i18n.lang().money(revenue)}</dd>
                </div>
                <div>
                    <dt>{move || i18n.t(Msg::AveragePrep)}</dt>
                    <dd data-testid="today-prep">
                        {move || prep.map_or_else(|| "–".to_owned(), |minutes| format!("{minutes} {}", i18n.t(Msg::Minutes)))}
                    </dd>
                </div>
                {figure(Msg::CancelledOrders, "today-cancelled", figures.cancelled.to_string())}
                {figure(Msg::RejectedOrders, "today-rejected", figures.rejected.to_string())}
            </dl>
        </section>
    }
}

#[component]
fn RatingSummary(rating: Option<Rating>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <span class="rating" data-testid="dashboard-rating">
            {move || match rating {
                Some(rating) => format!("★ {} · {}", rating.average(), i18n.fill(Msg::ReviewCount, &[&rating.count.to_string()])),
                None => i18n.t(Msg::NoReviews).to_owned(),
            }}
        </span>
    }
}
