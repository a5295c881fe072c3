use leptos::prelude::*;
use leptos_router::components::A;

use crate::error::AppError;
use crate::i18n::{error_msg, use_i18n, Msg};
use crate::lang::Lang;
use crate::live::use_live;
use crate::model::{Account, Role};
use crate::AccountResource;

/// The top bar: brand, the links of the signed-in role, language and sign-out.
#[component]
pub fn Header() -> impl IntoView {
    let i18n = use_i18n();
    let live = use_live();
    let account = expect_context::<AccountResource>();
    let signed_in = move || account.get().and_then(Result::ok).flatten();
    view! {
        <header class="topbar">
            <A href="/" attr:class="brand">
                <span aria-hidden="true">"🛵 "</span>
                {move || i18n.t(Msg::Brand)}
            </A>
            <nav class="topnav" aria-label="main">
                <A href="/ranking">{move || i18n.t(Msg::Ranking)}</A>
                <Transition>
                    {move || signed_in().map(|account| view! { <RoleLinks account /> <Bell /> })}
                </Transition>
                <LanguageSwitcher />
                <Transition>
                    {move || match signed_in() {
                        Some(_) => view! {
                            <A href="/account">{move || i18n.t(Msg::Account)}</A>
                            <SignOutButton />
                        }
                        .into_any(),
                        None => view! { <A href="/signin">{move || i18n.t(Msg::SignIn)}</A> }.into_any(),
                    }}
                </Transition>
            </nav>
        </header>
        <Show when=move || !live.online.get()>
            <p class="banner offline" role="status">{move || i18n.t(Msg::Offline)}</p>
        </Show>
        <Toast />
    }
}

/// The document's title, in the page's language. The server reads a title
/// after the page's reactive owner may be gone, so it gets the text once,
/// while rendering; the browser follows the chosen language.
#[component]
pub fn PageTitle(text: impl Fn() -> String + Send + Sync + 'static) -> impl IntoView {
    #[cfg(feature = "ssr")]
    let text = leptos::text_prop::TextProp::from(text());
    #[cfg(not(feature = "ssr"))]
    let text = leptos::text_prop::TextProp::from(text);
    view! { <leptos_meta::Title text /> }
}

/// The link to the notification list, with the unread count.
#[component]
fn Bell() -> impl IntoView {
    let i18n = use_i18n();
    let live = use_live();
    // Counted in the browser after hydration; the server renders no count.
    let unread = RwSignal::new(0_usize);
    Effect::new(move |_| {
        live.tick.track();
        leptos::task::spawn_local(async move {
            if let Ok(items) = crate::api::notifications::my_notifications().await {
                unread.set(items.iter().filter(|n| !n.read).count());
            }
        });
    });
    view! {
        <A href="/notifications" attr:class="bell" attr:aria-label=move || i18n.t(Msg::Notifications)>
            <span aria-hidden="true">"🔔"</span>
            <Show when=move || unread.get() != 0>
                <span class="count" data-testid="unread-count">{move || unread.get()}</span>
            </Show>
        </A>
    }
}

/// The latest in-app notification, until dismissed or for eight seconds.
#[component]
fn Toast() -> impl IntoView {
    let i18n = use_i18n();
    let live = use_live();
    Effect::new(move |_| {
        if let Some(shown) = live.toast.get() {
            set_timeout(
                move || {
                    if live.toast.get_untracked().as_ref() == Some(&shown) {
                        live.toast.set(None);
                    }
                },
                std::time::Duration::from_secs(8),
            );
        }
    });
    move || {
        live.toast.get().map(|notice| {
            view! {
                <div class="toast" role="status" data-testid="toast">
                    <A href=notice.href>{notice.text}</A>
                    <button class="link" on:click=move |_| live.toast.set(None)>
                        {move || i18n.t(Msg::Dismiss)}
                    </button>
                </div>
            }
        })
    }
}

#[component]
fn RoleLinks(account: Account) -> impl IntoView {
    let i18n = use_i18n();
    match account.role {
        Role::Customer => {
            view! { <A href="/orders">{move || i18n.t(Msg::MyOrders)}</A> }.into_any()
        }
        Role::StoreOwner => {
            view! { <A href="/store">{move || i18n.t(Msg::StoreApp)}</A> }.into_any()
        }
        Role::Rider => view! { <A href="/rider">{move || i18n.t(Msg::RiderApp)}</A> }.into_any(),
        Role::Operator => view! {
            <A href="/admin/notifications">{move || i18n.t(Msg::ProviderInbox)}</A>
            <A href="/admin/accounts">{move || i18n.t(Msg::Accounts)}</A>
        }
        .into_any(),
    }
}

#[component]
fn LanguageSwitcher() -> impl IntoView {
    let i18n = use_i18n();
    let account = expect_context::<AccountResource>();
    let switch = move |lang: Lang| {
        i18n.set(lang);
        // A signed-in account also gets its messages in the new language.
        let signed_in = account
            .get_untracked()
            .and_then(Result::ok)
            .flatten()
            .is_some();
        if signed_in {
            leptos::task::spawn_local(async move {
                let _ = crate::api::accounts::set_language(lang).await;
            });
        }
    };
    let other = move || match i18n.lang() {
        Lang::Ko => Lang::En,
        Lang::En => Lang::Ko,
    };
    view! {
        <button class="link" title=move || i18n.t(Msg::Language) on:click=move |_| switch(other())>
            {move || match other() {
                Lang::Ko => "한국어",
                Lang::En => "English",
            }}
        </button>
    }
}

#[component]
fn SignOutButton() -> impl IntoView {
    let i18n = use_i18n();
    let sign_out = ServerAction::<crate::api::accounts::SignOut>::new();
    Effect::new(move |_| {
        if sign_out.value().get().is_some() {
            go_to("/signin");
        }
    });
    view! {
        <button class="link" on:click=move |_| { sign_out.dispatch(crate::api::accounts::SignOut {}); }>
            {move || i18n.t(Msg::SignOut)}
        </button>
    }
}

/// A full page load of `path`, so that the session and its live stream start afresh.
pub fn go_to(path: &str) {
    #[cfg(feature = "hydrate")]
    if let Some(window) = web_sys::window() {
        let _ = window.location().assign(path);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = path;
}

/// The page for unknown paths.
#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <section class="empty">
            <p>{move || i18n.t(Msg::NotFoundPage)}</p>
            <A href="/">{move || i18n.t(Msg::BrowseStores)}</A>
        </section>
    }
}

/// An error, said to the user in their language.
#[component]
pub fn ErrorNote(error: AppError) -> impl IntoView {
    let i18n = use_i18n();
    let needs_sign_in = error == AppError::Unauthenticated;
    view! {
        <div class="error" role="alert">
            <p>{move || i18n.t(error_msg(&error))}</p>
            <Show when=move || needs_sign_in>
                <A href="/signin">{move || i18n.t(Msg::SignIn)}</A>
            </Show>
        </div>
    }
}

/// The placeholder while data loads.
#[component]
pub fn Loading() -> impl IntoView {
    let i18n = use_i18n();
    view! { <p class="loading" aria-busy="true">{move || i18n.t(Msg::Loading)}</p> }
}
