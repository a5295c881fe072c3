//! Baedal's three apps from one crate: the customer app at `/`, the store
//! counter at `/store` and the rider app at `/rider`, with the server
//! functions they call. Behind the `ssr` feature it also holds the ports the
//! server implements; behind `hydrate`, the browser entry point.

#![recursion_limit = "256"]

pub mod access;
pub mod api;
pub mod clock;
pub mod components;
pub mod error;
pub mod hydration;
pub mod i18n;
pub mod lang;
pub mod live;
pub mod model;
pub mod pages;

#[cfg(feature = "hydrate")]
mod browser;
#[cfg(feature = "ssr")]
pub mod ports;
pub mod routes;
#[cfg(feature = "ssr")]
pub mod session;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags};
use leptos_router::components::{FlatRoutes, Route, Router};
use leptos_router::{path, Lazy, SsrMode};

use crate::components::layout::{Header, NotFound, PageTitle};
use crate::hydration::{AppStylesheet, HydrateWhenIdle, KeepUntilHydrated, OwnTask};
use crate::i18n::{I18n, Msg};
#[cfg(not(feature = "ssr"))]
use crate::lang::Lang;
use crate::pages::customer::{StorePage, StoresPage};
use crate::pages::lazy;

/// The HTML document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    let lang = i18n::request_lang();
    #[cfg(not(feature = "ssr"))]
    let lang = Lang::Ko;
    view! {
        <!DOCTYPE html>
        <html lang=lang.code()>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="theme-color" content="#2ac1bc" />
                <meta name="description" content="Baedal: food from your neighbourhood's kitchens, delivered." />
                <link rel="icon" href="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 100 100'%3E%3Ctext y='.9em' font-size='90'%3E%F0%9F%9B%B5%3C/text%3E%3C/svg%3E" />
                <KeepUntilHydrated />
                <AutoReload options=options.clone() />
                <AppStylesheet options=options.clone() />
                <HydrateWhenIdle options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The signed-in account as the page knows it.
pub type AccountResource = Resource<Result<Option<model::Account>, error::AppError>>;

/// The app: language, session, live updates and routes.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    #[cfg(feature = "ssr")]
    let initial = i18n::request_lang();
    #[cfg(not(feature = "ssr"))]
    let initial = {
        #[cfg(feature = "hydrate")]
        let lang = browser::page_lang().unwrap_or(Lang::Ko);
        #[cfg(not(feature = "hydrate"))]
        let lang = Lang::Ko;
        lang
    };
    let i18n = I18n::provide(initial);
    let account: AccountResource = Resource::new(|| (), |_| api::accounts::current_account());
    provide_context(account);
    live::provide(account);

    view! {
        <PageTitle text=move || i18n.t(Msg::Brand).to_owned() />
        <Router>
            // The top bar hydrates in a task after the app's setup, and the
            // page in one after the top bar's. Routes are flat: under them a
            // page hydrates asynchronously, so the parts of it that are
            // `OwnTask`s get tasks of their own too.
            {OwnTask(view! { <Header /> })}
            <main class="page">
                {OwnTask(view! {
                    <FlatRoutes fallback=NotFound>
                        // Every page is rendered whole before it is sent: it reads
                        // without JavaScript, and nothing the browser has painted
                        // is swapped for streamed parts (a layout shift).
                        <Route path=path!("/") view=StoresPage ssr=SsrMode::Async />
                        <Route path=path!("/stores/:id") view=StorePage ssr=SsrMode::Async />
                        <Route path=path!("/orders") view={Lazy::<lazy::Orders>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/ranking") view={Lazy::<lazy::Ranking>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/orders/:id") view={Lazy::<lazy::Order>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/signin") view={Lazy::<lazy::SignIn>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/signup") view={Lazy::<lazy::SignUp>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/account") view={Lazy::<lazy::Account>::new()} ssr=SsrMode::Async />
                        // The tablet is one route for all its tabs: switching tabs
                        // keeps its orders, alerts and drafts.
                        <Route path=path!("/store/:tab?") view={Lazy::<lazy::Store>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/rider") view={Lazy::<lazy::Rider>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/notifications") view={Lazy::<lazy::Notifications>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/admin/notifications") view={Lazy::<lazy::AdminInbox>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/admin/accounts") view={Lazy::<lazy::AdminAccounts>::new()} ssr=SsrMode::Async />
                    </FlatRoutes>
                })}
            </main>
        </Router>
    }
}

/// The browser entry point: hydrates the server-rendered page, once the
/// chunk of a page that is loaded when visited is there, then marks it
/// hydrated. Until then a tapped link is followed by the browser.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    // A release build aborts at a panic without formatting it (see
    // scripts/build-release.sh), so it has no message to print.
    #[cfg(not(panic = "immediate-abort"))]
    console_error_panic_hook::set_once();
    // Drives the reactive system's tasks; an error means it already runs.
    let _ = any_spawner::Executor::init_wasm_bindgen();
    let Some(body) = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.body())
    else {
        return;
    };
    let links_followed = browser::LinksFollowedUntilHydrated::start();
    leptos::task::spawn_local(async move {
        let app = leptos::mount::hydrate_from_async(body, App).await;
        app.forget();
        drop(links_followed);
        browser::mark_hydrated();
    });
    browser::push::register_service_worker();
}
