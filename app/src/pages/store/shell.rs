use leptos::prelude::*;
use leptos_meta::Link;
use leptos_router::components::{Outlet, A};
use leptos_router::hooks::use_query_map;

use crate::components::layout::PageTitle;
use crate::i18n::{use_i18n, Msg};
use crate::pages::store::alert_banner::{NewOrderAlert, SoundSwitch};
use crate::pages::store::alerts::Alerts;
use crate::pages::store::coupon::CouponDrafts;
use crate::pages::store::feed::Feed;
use crate::pages::store::picker::OwnStores;

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
            <Outlet />
        </div>
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
