//! The pages a first visit to the store list or a store's page does not
//! need, loaded when first visited (`cargo leptos build --split`). They come
//! in five groups, each one chunk of WebAssembly with the code only it uses:
//! the store tablet, the rider app, the operator's pages, sign-in and
//! sign-up, and the pages of a signed-in account (orders, ranking, account,
//! notifications). Code that several groups share is split into further
//! chunks, one per set of groups that uses it. Each chunk is a request, and
//! starting them all is one task on the phone's main thread: with a split
//! point per page, opening the tablet took 90 chunks; with its counter and
//! its other tabs in two groups, 22; as one group, 13. The server renders
//! every page like any other.

use leptos::prelude::*;
use leptos_router::LazyRoute;

/// A route whose page is loaded with its group: `$route` renders `$page`
/// from the group's chunk, which `$preload` fetches.
macro_rules! lazy_page {
    ($(#[$doc:meta])* $route:ident => $group:ident($($page:expr)?), $preload:ident) => {
        $(#[$doc])*
        pub struct $route;

        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            async fn view(_this: Self) -> AnyView {
                $group($($page)?).await
            }

            async fn preload() {
                // Hydration waits for the chunk before it renders the page.
                #[cfg(target_arch = "wasm32")]
                $preload().await;
            }
        }
    };
}

/// The store tablet with all its tabs: the counter it opens on, the menu,
/// the settings and the dashboard. One group, since the tablet is one app
/// whose tabs are a tap away.
#[leptos::lazy]
fn store_tablet() -> AnyView {
    super::StoreApp().into_any()
}

#[leptos::lazy]
fn rider_app() -> AnyView {
    super::RiderApp().into_any()
}

/// The operator's pages.
#[derive(Clone, Copy)]
enum OperatorPage {
    Inbox,
    Accounts,
}

#[leptos::lazy]
fn operator_pages(page: OperatorPage) -> AnyView {
    match page {
        OperatorPage::Inbox => super::AdminInbox().into_any(),
        OperatorPage::Accounts => super::AdminAccounts().into_any(),
    }
}

/// Signing in and signing up.
#[derive(Clone, Copy)]
enum EntryPage {
    SignIn,
    SignUp,
}

#[leptos::lazy]
fn entry_pages(page: EntryPage) -> AnyView {
    match page {
        EntryPage::SignIn => super::SignInPage().into_any(),
        EntryPage::SignUp => super::SignUpPage().into_any(),
    }
}

/// The pages of a signed-in account beyond the store list and menus.
#[derive(Clone, Copy)]
enum SignedInPage {
    Orders,
    Order,
    Ranking,
    Account,
    Notifications,
}

#[leptos::lazy]
fn account_pages(page: SignedInPage) -> AnyView {
    match page {
        SignedInPage::Orders => super::customer::OrdersPage().into_any(),
        SignedInPage::Order => super::customer::OrderPage().into_any(),
        SignedInPage::Ranking => super::RankingPage().into_any(),
        SignedInPage::Account => super::AccountPage().into_any(),
        SignedInPage::Notifications => super::NotificationsPage().into_any(),
    }
}

lazy_page!(
    /// `/orders`.
    Orders => account_pages(SignedInPage::Orders), __preload_account_pages
);
lazy_page!(
    /// `/orders/:id`.
    Order => account_pages(SignedInPage::Order), __preload_account_pages
);
lazy_page!(
    /// `/ranking`.
    Ranking => account_pages(SignedInPage::Ranking), __preload_account_pages
);
lazy_page!(
    /// `/account`.
    Account => account_pages(SignedInPage::Account), __preload_account_pages
);
lazy_page!(
    /// `/notifications`.
    Notifications => account_pages(SignedInPage::Notifications), __preload_account_pages
);
lazy_page!(
    /// `/signin`.
    SignIn => entry_pages(EntryPage::SignIn), __preload_entry_pages
);
lazy_page!(
    /// `/signup`.
    SignUp => entry_pages(EntryPage::SignUp), __preload_entry_pages
);
lazy_page!(
    /// `/store` and its tabs.
    Store => store_tablet(), __preload_store_tablet
);
lazy_page!(
    /// `/rider`.
    Rider => rider_app(), __preload_rider_app
);
lazy_page!(
    /// `/admin/notifications`.
    AdminInbox => operator_pages(OperatorPage::Inbox), __preload_operator_pages
);
lazy_page!(
    /// `/admin/accounts`.
    AdminAccounts => operator_pages(OperatorPage::Accounts), __preload_operator_pages
);
