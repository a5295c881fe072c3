//! Optimistic commands: a tap runs `domain::decide` in the browser and shows
//! the result at once; the server's answer confirms it or rolls it back with
//! the reason.

use domain::{decide, Actor, Command, DomainError, Order};
use leptos::prelude::*;

use crate::clock;
use crate::error::AppError;
use crate::i18n::{error_msg, use_i18n};

/// The state of one order on screen.
#[derive(Debug, Clone, Copy)]
pub struct OrderControl {
    /// What the screen shows: the server's order, or the optimistic one.
    pub order: RwSignal<Order>,
    /// The last refusal or failure, if any.
    pub error: RwSignal<Option<AppError>>,
    /// True while a command is on its way.
    pub busy: RwSignal<bool>,
    actor: Option<Actor>,
}

impl OrderControl {
    /// Controls `order` as `actor`; without an actor it only shows.
    pub fn new(order: Order, actor: Option<Actor>) -> Self {
        Self {
            order: RwSignal::new(order),
            error: RwSignal::new(None),
            busy: RwSignal::new(false),
            actor,
        }
    }

    /// Whether `command` would be accepted now, as far as the browser knows (reactive).
    pub fn check(self, command: &Command) -> Result<(), DomainError> {
        let actor = self.actor.ok_or(DomainError::NotPermitted {
            command: command.kind(),
        })?;
        decide(&self.order.get(), command, actor, clock::now()).map(|_| ())
    }

    /// Applies `command` now and sends it; rolls back if the server refuses.
    pub fn run(self, command: Command) {
        let Some(actor) = self.actor else {
            return;
        };
        let before = self.order.get_untracked();
        match decide(&before, &command, actor, clock::now()) {
            Err(reason) => self.error.set(Some(AppError::refused(reason))),
            Ok(event) => {
                self.error.set(None);
                self.busy.set(true);
                self.order.set(before.clone().apply(&event));
                leptos::task::spawn_local(async move {
                    let answer = crate::api::orders::order_command(before.id, command).await;
                    self.busy.set(false);
                    match answer {
                        Ok(view) => self.order.set(view.order),
                        Err(error) => {
                            self.order.set(before);
                            self.error.set(Some(error));
                        }
                    }
                });
            }
        }
    }
}

/// The control's last error, if any, in the page's language.
#[component]
pub fn ControlError(control: OrderControl) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        control.error.get().map(|error| {
            view! { <p class="error" role="alert">{move || i18n.t(error_msg(&error))}</p> }
        })
    }
}

/// A button that runs one command, disabled while a command is under way.
#[component]
pub fn CommandButton(
    control: OrderControl,
    command: Command,
    #[prop(into)] label: Signal<String>,
    #[prop(optional)] class: &'static str,
) -> impl IntoView {
    let class = if class.is_empty() { "primary" } else { class };
    view! {
        <button
            class=class
            disabled=move || control.busy.get()
            on:click=move |_| control.run(command.clone())
        >
            {label}
        </button>
    }
}
