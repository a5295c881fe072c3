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

/// The tablet's tabs, each at `/store/<segment>`; the counter at `/store`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tab {
    Orders,
    Menu,
    Settings,
    Dashboard,
}

impl Tab {
    const ALL: [Tab; 4] = [Tab::Orders, Tab::Menu, Tab::Settings, Tab::Dashboard];

    fn path(self) -> &'static str {
        match self {
            Tab::Orders => "/store",
            Tab::Menu => "/store/menu",
            Tab::Settings => "/store/settings",
            Tab::Dashboard => "/store/dashboard",
        }
    }

    /// The tab of the address's `:tab` segment, if there is one by that name.
    fn named(segment: Option<&str>) -> Option<Tab> {
        let path = segment.map_or_else(
            || "/store".to_owned(),
            |segment| format!("/store/{segment}"),
        );
        Tab::ALL.into_iter().find(|tab| tab.path() == path)
    }

    fn label(self) -> Msg {
        match self {
            Tab::Orders => Msg::TabOrders,
            Tab::Menu => Msg::TabMenu,
            Tab::Settings => Msg::TabSettings,
            Tab::Dashboard => Msg::TabDashboard,
        }
    }
}

/// The tab the address names (`/store/:tab?`); the others are not rendered.
#[component]
fn OpenTab() -> impl IntoView {
    let params = use_params_map();
    let tab = Memo::new(move |_| Tab::named(params.read().get_str("tab")));
    move || match tab.get() {
        Some(Tab::Orders) => view! { <StoreCounter /> }.into_any(),
        Some(Tab::Menu) => view! { <StoreMenuPage /> }.into_any(),
        Some(Tab::Settings) => view! { <StoreSettingsPage /> }.into_any(),
        Some(Tab::Dashboard) => view! { <StoreDashboardPage /> }.into_any(),
        None => view! { <NotFound /> }.into_any(),
    }
}

/// The screens of the store app; the chosen store follows along.
#[component]
fn StoreTabs() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let link = move |tab: Tab| {
        let href = move || match query.read().get("store") {
            Some(store) => format!("{}?store={store}", tab.path()),
            None => tab.path().to_owned(),
        };
        view! {
            <A href=href exact=true attr:class="tab">{move || i18n.t(tab.label())}</A>
        }
    };
    view! {
        <nav class="store-tabs" aria-label=move || i18n.t(Msg::StoreApp)>
            {Tab::ALL.into_iter().map(link).collect_view()}
        </nav>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_tab_is_named_by_its_own_segment_and_no_other() {
        for tab in Tab::ALL {
            let segment = tab.path().strip_prefix("/store/");
            assert_eq!(Tab::named(segment), Some(tab));
        }
        assert_eq!(Tab::named(None), Some(Tab::Orders));
        assert_eq!(Tab::named(Some("kitchen")), None);
        assert_eq!(Tab::named(Some("")), None);
        assert_eq!(Tab::named(Some("menu/extra")), None);
    }
}
