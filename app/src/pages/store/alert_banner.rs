use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::{use_i18n, Msg};
use crate::pages::store::alerts::use_alerts;

/// The banner over every screen of the store app while new orders wait to
/// be seen; one tap acknowledges them all and stops the sound.
#[component]
pub fn NewOrderAlert() -> impl IntoView {
    let i18n = use_i18n();
    let alerts = use_alerts();
    let open = Memo::new(move |_| {
        alerts
            .open()
            .into_iter()
            .map(|entry| (entry.id(), entry.view.store_name.clone()))
            .collect::<Vec<_>>()
    });
    let acknowledge = move |_| {
        let ids: Vec<_> = open.get_untracked().into_iter().map(|(id, _)| id).collect();
        alerts.acknowledge(&ids);
    };
    view! {
        <Show when=move || !open.get().is_empty()>
            <section class="new-order-alert" role="alert" data-testid="new-order-alert">
                <p>
                    <strong>
                        <span aria-hidden="true">"🔔 "</span>
                        {move || i18n.fill(Msg::NewOrdersWaiting, &[&open.get().len().to_string()])}
                    </strong>
                    " "
                    {move || {
                        open.get()
                            .into_iter()
                            .map(|(id, store)| view! { <span class="alert-order" data-testid=format!("alert-order-{id}")>"#"{id.get()}" · "{store}</span> })
                            .collect_view()
                    }}
                </p>
                <div class="alert-actions">
                    <A href="/store" attr:class="button secondary">{move || i18n.t(Msg::ShowOrders)}</A>
                    <button class="primary" on:click=acknowledge>{move || i18n.t(Msg::Acknowledge)}</button>
                </div>
            </section>
        </Show>
    }
}

/// "Start shift" unlocks the order sound (a browser needs a tap for that);
/// once on, it can be muted and turned on again.
#[component]
pub fn SoundSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let alerts = use_alerts();
    let started = RwSignal::new(false);
    view! {
        <div class="sound-switch" data-testid="sound" data-state=move || if alerts.sound_on.get() { "on" } else { "off" }>
            {move || {
                if alerts.sound_on.get() {
                    view! {
                        <span class="sound-on">"🔊 "{move || i18n.t(Msg::SoundOn)}</span>
                        <button class="secondary" on:click=move |_| alerts.sound_on.set(false)>
                            {move || i18n.t(Msg::MuteSound)}
                        </button>
                    }
                        .into_any()
                } else if started.get() {
                    view! {
                        <button class="secondary" data-needs-gesture="" on:click=move |_| alerts.start_shift()>
                            "🔈 "{move || i18n.t(Msg::SoundBackOn)}
                        </button>
                    }
                        .into_any()
                } else {
                    view! {
                        <span class="muted">{move || i18n.t(Msg::StartShiftHint)}</span>
                        <button
                            class="primary"
                            data-needs-gesture=""
                            on:click=move |_| {
                                started.set(true);
                                alerts.start_shift();
                            }
                        >
                            {move || i18n.t(Msg::StartShift)}
                        </button>
                    }
                        .into_any()
                }
            }}
        </div>
    }
}
