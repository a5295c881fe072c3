use leptos::prelude::*;
use leptos_meta::Link;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::components::layout::{NotFound, PageTitle};
use crate::hydration::OwnTask;
use crate::i18n::{use_i18n, Msg};
use crate::pages::store::alert_banner::{NewOrderAlert, SoundSwitch};
use crate::pages::store::alerts::Alerts;
use crate::pages::store::coupon::CouponDrafts;
use crate::pages::store::feed::Feed;
use crate::pages::store::picker::OwnStores;
use crate::pages::store::{StoreCounter, StoreDashboardPage, StoreMenuPage, StoreSettingsPage};

/// The store owner's tablet app, installable: the counter, the menu, the
/// settings and the dashboard, with new-order alerts over all of them.
#[component]
pub fn StoreApp() -> impl IntoView {
    let i18n = use_i18n();
    Feed::provide();
    Alerts::provide();
    OwnStores::provide();
    CouponDrafts::provide();
    view! {
        <Link rel="manifest" href="/store/manifest.webmanifest" />
        <PageTitle text=move || format!("{} · {}", i18n.t(Msg::StoreApp), i18n.t(Msg::Brand)) />
        <div class="store-app">
            <div class="store-toolbar">
                <h1>{move || i18n.t(Msg::StoreApp)}</h1>
                <StoreTabs />
                <SoundSwitch />
            </div>
            <NewOrderAlert />
            // The tab hydrates in a task after the toolbar's.
            {OwnTask(view! { <OpenTab /> })}
        </div>
    }
}

/// The tab the address names (`/store/:tab?`); the others are not rendered.
#[component]
fn OpenTab() -> impl IntoView {
    let params = use_params_map();
    let tab = Memo::new(move |_| params.read().get("tab"));
    move || match tab.get().as_deref() {
        None => view! { <StoreCounter /> }.into_any(),
        Some("menu") => view! { <StoreMenuPage /> }.into_any(),
        Some("settings") => view! { <StoreSettingsPage /> }.into_any(),
        Some("dashboard") => view! { <StoreDashboardPage /> }.into_any(),
        Some(_) => view! { <NotFound /> }.into_any(),
    }
}

/// The screens of the store app; the chosen store follows along.
#[component]
fn StoreTabs() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let tab = move |path: &'static str, label: Msg| {
        let href = move || match query.read().get("store") {
            Some(store) => format!("{path}?store={store}"),
            None => path.to_owned(),
        };
        view! {
            <A href=href exact=true attr:class="tab">{move || i18n.t(label)}</A>
        }
    };
    view! {
        <nav class="store-tabs" aria-label=move || i18n.t(Msg::StoreApp)>
            {tab("/store", Msg::TabOrders)}
            {tab("/store/menu", Msg::TabMenu)}
            {tab("/store/settings", Msg::TabSettings)}
            {tab("/store/dashboard", Msg::TabDashboard)}
        </nav>
    }
}
