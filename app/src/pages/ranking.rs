use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::catalogue::dish_ranking;
use crate::components::layout::{ErrorNote, Loading};
use crate::i18n::{use_i18n, Msg};
use crate::model::{Ranking, RankingPeriod};

/// The most-ordered dishes, over the last seven days or all time, everywhere
/// or in one neighbourhood.
#[component]
pub fn RankingPage() -> impl IntoView {
    let i18n = use_i18n();
    let period = RwSignal::new(RankingPeriod::LastSevenDays);
    let neighbourhood = RwSignal::new(None::<String>);
    let ranking = Resource::new(
        move || (neighbourhood.get(), period.get()),
        |(neighbourhood, period)| dish_ranking(neighbourhood, period),
    );
    let period_button = move |value: RankingPeriod, label: Msg| {
        view! {
            <button
                class="chip"
                aria-pressed=move || (period.get() == value).to_string()
                on:click=move |_| period.set(value)
            >
                {move || i18n.t(label)}
            </button>
        }
    };
    view! {
        <h1>{move || i18n.t(Msg::Ranking)}</h1>
        <div class="chips" role="group" aria-label=move || i18n.t(Msg::RankingPeriod)>
            {period_button(RankingPeriod::LastSevenDays, Msg::LastSevenDays)}
            {period_button(RankingPeriod::AllTime, Msg::AllTime)}
        </div>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match ranking.await {
                    Ok(ranking) => view! { <RankingList ranking neighbourhood /> }.into_any(),
                    Err(error) => view! { <ErrorNote error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn RankingList(ranking: Ranking, neighbourhood: RwSignal<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let chip = move |value: Option<String>, label: String| {
        let pressed = value.clone();
        view! {
            <button
                class="chip"
                aria-pressed=move || (neighbourhood.get() == pressed).to_string()
                on:click=move |_| neighbourhood.set(value.clone())
            >
                {label}
            </button>
        }
    };
    let everywhere = i18n.t(Msg::Everywhere).to_owned();
    view! {
        <div class="chips" role="group" aria-label=move || i18n.t(Msg::Neighbourhood)>
            {chip(None, everywhere)}
            {ranking
                .neighbourhoods
                .into_iter()
                .map(|name| chip(Some(name.clone()), name))
                .collect_view()}
        </div>
        {if ranking.dishes.is_empty() {
            view! { <p class="empty">{move || i18n.t(Msg::NoRanking)}</p> }.into_any()
        } else {
            view! {
                <ol class="ranking" data-testid="ranking">
                    {ranking
                        .dishes
                        .into_iter()
                        .map(|dish| {
                            view! {
                                <li class="card">
                                    <strong>{dish.name}</strong>
                                    <A href=format!("/stores/{}", dish.store)>{dish.store_name}</A>
                                    <span class="muted">{dish.neighbourhood}</span>
                                    <span class="count">
                                        {move || i18n.t(Msg::Delivered)}" "{dish.quantity}
                                    </span>
                                </li>
                            }
                        })
                        .collect_view()}
                </ol>
            }
                .into_any()
        }}
    }
}
