//! The pages a first visit to the store list or a store's page does not
//! need, each in its own chunk of WebAssembly that the browser fetches when
//! the page is first visited (`cargo leptos build --split`): the store
//! tablet and the rider app, the operator's pages and the customer's other
//! pages. The server renders them like any other page.

use leptos::prelude::*;
use leptos_router::{lazy_route, LazyRoute};

/// A route whose page is loaded when visited: `$route` renders `$page`.
macro_rules! lazy_page {
    ($(#[$doc:meta])* $route:ident => $page:path) => {
        $(#[$doc])*
        pub struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(_this: Self) -> AnyView {
                $page().into_any()
            }
        }
    };
}

lazy_page!(
    /// `/orders`.
    Orders => super::customer::OrdersPage
);
lazy_page!(
    /// `/orders/:id`.
    Order => super::customer::OrderPage
);
lazy_page!(
    /// `/ranking`.
    Ranking => super::RankingPage
);
lazy_page!(
    /// `/signin`.
    SignIn => super::SignInPage
);
lazy_page!(
    /// `/signup`.
    SignUp => super::SignUpPage
);
lazy_page!(
    /// `/account`.
    Account => super::AccountPage
);
lazy_page!(
    /// `/notifications`.
    Notifications => super::NotificationsPage
);
lazy_page!(
    /// `/store`, the tablet around its tabs.
    Store => super::StoreApp
);
lazy_page!(
    /// `/store`: the counter.
    StoreCounter => super::StoreCounter
);
lazy_page!(
    /// `/store/menu`.
    StoreMenu => super::StoreMenuPage
);
lazy_page!(
    /// `/store/settings`.
    StoreSettings => super::StoreSettingsPage
);
lazy_page!(
    /// `/store/dashboard`.
    StoreDashboard => super::StoreDashboardPage
);
lazy_page!(
    /// `/rider`.
    Rider => super::RiderApp
);
lazy_page!(
    /// `/admin/notifications`.
    AdminInbox => super::AdminInbox
);
lazy_page!(
    /// `/admin/accounts`.
    AdminAccounts => super::AdminAccounts
);
