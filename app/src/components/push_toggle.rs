use leptos::prelude::*;

use crate::i18n::{use_i18n, Msg};

/// Where Web Push stands in this browser. The server only ever renders
/// `Checking`; the browser finds out the rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
enum PushState {
    /// Not known until the page runs in the browser.
    Checking,
    Unsupported,
    Off,
    Working,
    On,
    /// The person declined notifications for this site.
    Denied,
    Failed,
}

impl PushState {
    fn name(self) -> &'static str {
        match self {
            PushState::Checking => "checking",
            PushState::Unsupported => "unsupported",
            PushState::Off => "off",
            PushState::Working => "working",
            PushState::On => "on",
            PushState::Denied => "denied",
            PushState::Failed => "failed",
        }
    }
}

/// Turns Web Push notifications on or off for this browser.
#[component]
pub fn PushToggle() -> impl IntoView {
    let i18n = use_i18n();
    let state = RwSignal::new(PushState::Checking);
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        leptos::task::spawn_local(async move {
            use crate::browser::push;
            if !push::supported() {
                state.set(PushState::Unsupported);
            } else if push::current().await.is_some() {
                state.set(PushState::On);
            } else {
                state.set(PushState::Off);
            }
        });
    });
    let turn_on = move |_| {
        state.set(PushState::Working);
        #[cfg(feature = "hydrate")]
        leptos::task::spawn_local(async move {
            state.set(match turn_push_on().await {
                Ok(()) => PushState::On,
                Err(refused) => refused,
            });
        });
    };
    let turn_off = move |_| {
        state.set(PushState::Working);
        #[cfg(feature = "hydrate")]
        leptos::task::spawn_local(async move {
            if let Some(endpoint) = crate::browser::push::unsubscribe().await {
                let _ = crate::api::push::unsubscribe_push(endpoint).await;
            }
            state.set(PushState::Off);
        });
    };
    view! {
        <section class="push-toggle card" data-testid="push-toggle" data-state=move || state.get().name()>
            {move || match state.get() {
                PushState::Checking => ().into_any(),
                PushState::Unsupported => {
                    view! { <p class="muted">{move || i18n.t(Msg::PushUnsupported)}</p> }.into_any()
                }
                PushState::Working => {
                    view! { <p aria-busy="true">{move || i18n.t(Msg::Working)}</p> }.into_any()
                }
                PushState::On => {
                    view! {
                        <p>{move || i18n.t(Msg::PushIsOn)}</p>
                        <button class="link" on:click=turn_off>{move || i18n.t(Msg::PushTurnOff)}</button>
                    }
                        .into_any()
                }
                refused @ (PushState::Off | PushState::Denied | PushState::Failed) => {
                    let problem = match refused {
                        PushState::Denied => Some(Msg::PushDenied),
                        PushState::Failed => Some(Msg::PushFailed),
                        _ => None,
                    };
                    view! {
                        <p>{move || i18n.t(Msg::PushHint)}</p>
                        {problem.map(|msg| view! { <p class="error" role="alert">{move || i18n.t(msg)}</p> })}
                        <button class="secondary" data-needs-gesture="" on:click=turn_on>{move || i18n.t(Msg::PushTurnOn)}</button>
                    }
                        .into_any()
                }
            }}
        </section>
    }
}

/// Subscribes this browser with the server's key and tells the server.
#[cfg(feature = "hydrate")]
async fn turn_push_on() -> Result<(), PushState> {
    use crate::browser::push::{self, PushRefusal};

    let key = crate::api::push::push_key()
        .await
        .map_err(|_| PushState::Failed)?;
    let subscription = push::subscribe(&key)
        .await
        .map_err(|refusal| match refusal {
            PushRefusal::Denied => PushState::Denied,
            PushRefusal::Failed => PushState::Failed,
        })?;
    crate::api::push::subscribe_push(
        subscription.endpoint,
        subscription.keys.p256dh,
        subscription.keys.auth,
    )
    .await
    .map_err(|_| PushState::Failed)
}
