use domain::{Command, OrderStatus, PrepMinutes, Reason};
use leptos::prelude::*;

use crate::components::order_control::{CommandButton, OrderControl};
use crate::i18n::{use_i18n, Msg};

/// The quick picks for an estimate, in minutes.
const QUICK_MINUTES: [i64; 4] = [10, 20, 30, 40];

/// The next steps of an order, by its status.
#[component]
pub fn CardActions(control: OrderControl, status: Signal<OrderStatus>) -> impl IntoView {
    let i18n = use_i18n();
    let step = move |command: Command, label: Msg| {
        view! {
            <div class="actions">
                <CommandButton control command label=Signal::derive(move || i18n.t(label).to_owned()) class="primary wide" />
            </div>
        }
    };
    move || match status.get() {
        OrderStatus::Paid => view! { <AcceptOrReject control /> }.into_any(),
        OrderStatus::Accepted => view! {
            {step(Command::StartCooking, Msg::StartCooking)}
            <DelayPicker control />
        }
        .into_any(),
        OrderStatus::Cooking => view! {
            {step(Command::FinishCooking, Msg::FinishCooking)}
            <DelayPicker control />
        }
        .into_any(),
        OrderStatus::PendingPayment
        | OrderStatus::Rejected
        | OrderStatus::ReadyForPickup
        | OrderStatus::RiderAssigned
        | OrderStatus::PickedUp
        | OrderStatus::Delivered
        | OrderStatus::Completed
        | OrderStatus::Cancelled => ().into_any(),
    }
}

/// Quick picks for the preparation time, and a confirmed rejection with a
/// preset or typed reason.
#[component]
fn AcceptOrReject(control: OrderControl) -> impl IntoView {
    let i18n = use_i18n();
    let rejecting = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let presets = [
        Msg::ReasonSoldOut,
        Msg::ReasonBusy,
        Msg::ReasonClosing,
        Msg::ReasonTooFar,
    ];
    let reject = move |_| {
        if let Ok(reason) = Reason::parse(&reason.get_untracked()) {
            rejecting.set(false);
            control.run(Command::Reject { reason });
        }
    };
    view! {
        <div class="actions quick-picks">
            {QUICK_MINUTES
                .into_iter()
                .filter_map(|minutes| PrepMinutes::parse(minutes).ok())
                .map(|prep_minutes| {
                    let label = Signal::derive(move || {
                        format!("{} {}{}", i18n.t(Msg::Accept), prep_minutes.get(), i18n.t(Msg::Minutes))
                    });
                    view! { <CommandButton control command=Command::Accept { prep_minutes } label /> }
                })
                .collect_view()}
        </div>
        <Show
            when=move || rejecting.get()
            fallback=move || view! {
                <div class="actions">
                    <button class="danger wide" on:click=move |_| rejecting.set(true)>{move || i18n.t(Msg::Reject)}</button>
                </div>
            }
        >
            <div class="confirm" role="alertdialog" aria-label=move || i18n.t(Msg::RejectReason)>
                <div class="chips">
                    {presets
                        .into_iter()
                        .map(|preset| {
                            view! {
                                <button
                                    class="chip"
                                    aria-pressed=move || (reason.get() == i18n.t(preset)).to_string()
                                    on:click=move |_| reason.set(i18n.t(preset).to_owned())
                                >
                                    {move || i18n.t(preset)}
                                </button>
                            }
                        })
                        .collect_view()}
                </div>
                <label>
                    {move || i18n.t(Msg::RejectReason)}
                    <input
                        type="text"
                        maxlength="200"
                        prop:value=move || reason.get()
                        on:input=move |ev| reason.set(event_target_value(&ev))
                    />
                </label>
                <div class="actions">
                    <button class="danger" disabled=move || Reason::parse(&reason.get()).is_err() on:click=reject>
                        {move || i18n.t(Msg::ConfirmReject)}
                    </button>
                    <button class="secondary" on:click=move |_| rejecting.set(false)>{move || i18n.t(Msg::Keep)}</button>
                </div>
            </div>
        </Show>
    }
}

/// A new estimate, counted from now, for an order that needs more time.
#[component]
fn DelayPicker(control: OrderControl) -> impl IntoView {
    let i18n = use_i18n();
    let open = RwSignal::new(false);
    view! {
        <Show
            when=move || open.get()
            fallback=move || view! {
                <button class="secondary wide" disabled=move || control.busy.get() on:click=move |_| open.set(true)>
                    {move || i18n.t(Msg::Delay)}
                </button>
            }
        >
            <div class="delay" role="group" aria-label=move || i18n.t(Msg::NewEstimate)>
                <p class="muted">{move || i18n.t(Msg::NewEstimate)}</p>
                <div class="actions quick-picks">
                    {QUICK_MINUTES
                        .into_iter()
                        .filter_map(|minutes| PrepMinutes::parse(minutes).ok())
                        .map(|minutes| {
                            let label = move || i18n.fill(Msg::ReadyInMinutes, &[&minutes.get().to_string()]);
                            view! {
                                <button
                                    class="secondary"
                                    disabled=move || control.busy.get()
                                    on:click=move |_| {
                                        open.set(false);
                                        control.run(Command::Delay { minutes });
                                    }
                                >
                                    {label}
                                </button>
                            }
                        })
                        .collect_view()}
                </div>
                <button class="link" on:click=move |_| open.set(false)>{move || i18n.t(Msg::Back)}</button>
            </div>
        </Show>
    }
}
