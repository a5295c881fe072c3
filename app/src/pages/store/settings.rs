use domain::StoreId;
use leptos::prelude::*;

use crate::api::store::update_store;
use crate::components::layout::{ErrorNote, Loading};
use crate::error::AppError;
use crate::i18n::{use_i18n, Msg};
use crate::model::{Dashboard, StoreCard, StoreSettings};
use crate::pages::store::picker::{chosen_dashboard, PerStore};
use crate::pages::store::settings_form::SettingsForm;

/// How each store takes orders: open or paused, hours, fee, minimum and
/// auto-accept.
#[component]
pub fn StoreSettingsPage() -> impl IntoView {
    let dashboard = chosen_dashboard();
    view! { <PerStore screen=move |_| view! { <StoreSettingsFor dashboard /> } /> }
}

#[component]
fn StoreSettingsFor(dashboard: Resource<Result<Option<Dashboard>, AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match dashboard.await {
                    Ok(Some(dashboard)) => {
                        let store = dashboard.store.id;
                        view! { <StoreSettingsPanel store card=dashboard.store settings=dashboard.settings /> }.into_any()
                    }
                    Ok(None) => ().into_any(),
                    Err(error) => view! {
                        <ErrorNote error />
                        <button class="secondary" on:click=move |_| dashboard.refetch()>{move || i18n.t(Msg::Retry)}</button>
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}

/// The store's settings as last saved, and what customers see.
#[component]
fn StoreSettingsPanel(store: StoreId, card: StoreCard, settings: StoreSettings) -> impl IntoView {
    let i18n = use_i18n();
    let saved = RwSignal::new(settings);
    let open_now = RwSignal::new(card.open);
    let switching = RwSignal::new(false);
    let switch_error = RwSignal::new(None::<AppError>);
    let toggle = move |_| {
        let next = StoreSettings {
            accepting: !saved.get_untracked().accepting,
            ..saved.get_untracked()
        };
        switching.set(true);
        leptos::task::spawn_local(async move {
            let answer = update_store(store, next).await;
            switching.set(false);
            match answer {
                Ok(card) => {
                    saved.set(next);
                    open_now.set(card.open);
                    switch_error.set(None);
                }
                Err(error) => switch_error.set(Some(error)),
            }
        });
    };
    let accepting = move || saved.get().accepting;
    view! {
        <section class="card settings" data-testid=format!("settings-{store}")>
            <h2>{card.name.clone()}</h2>
            <div class="open-switch">
                <button
                    role="switch"
                    class="switch big"
                    aria-checked=move || accepting().to_string()
                    aria-label=move || i18n.t(Msg::TakingOrders)
                    disabled=move || switching.get()
                    on:click=toggle
                >
                    <span class="switch-track" aria-hidden="true"></span>
                    {move || if accepting() { i18n.t(Msg::TakingOrders) } else { i18n.t(Msg::OrdersPaused) }}
                </button>
                <p class="muted" data-testid="customers-see" data-open=move || open_now.get().to_string()>
                    {move || i18n.t(Msg::CustomersSee)}": "
                    <strong>{move || if open_now.get() { i18n.t(Msg::OpenNow) } else { i18n.t(Msg::ClosedNow) }}</strong>
                </p>
                {move || switch_error.get().map(|error| view! { <ErrorNote error /> })}
            </div>
            <SettingsForm store saved open_now />
        </section>
    }
}
