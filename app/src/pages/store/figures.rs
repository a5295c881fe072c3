use leptos::prelude::*;

use crate::api::store::store_sales;
use crate::components::layout::{ErrorNote, Loading};
use crate::i18n::{use_i18n, Msg};
use crate::live::use_live;
use crate::model::SalesFigures;
use crate::pages::store::coupon::CouponIssuer;

/// Today's figures of each of the owner's stores, from the sales read model.
#[component]
pub fn TodayFigures() -> impl IntoView {
    let live = use_live();
    let figures = Resource::new(move || live.tick.get(), |_| store_sales());
    view! {
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match figures.await {
                    Ok(figures) => {
                        view! {
                            <div class="figures-strip">
                                {figures
                                    .into_iter()
                                    .map(|figures| view! { <StoreFigures figures /> })
                                    .collect_view()}
                            </div>
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
