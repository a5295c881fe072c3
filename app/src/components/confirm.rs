use leptos::prelude::*;

use crate::i18n::{use_i18n, Msg};

/// A question before a step that cannot be undone: take it, or go back.
#[component]
pub fn Confirm<Yes, No>(
    /// What the dialog is about, for assistive technology.
    label: Msg,
    question: Msg,
    yes: Msg,
    no: Msg,
    /// The class of the button that takes the step: `primary` or `danger`.
    yes_class: &'static str,
    /// While true, the step cannot be taken again.
    #[prop(into, optional)]
    busy: Signal<bool>,
    on_yes: Yes,
    on_no: No,
) -> AnyView
where
    Yes: Fn() + Send + Sync + 'static,
    No: Fn() + Send + Sync + 'static,
{
    let i18n = use_i18n();
    view! {
        <div class="confirm" role="alertdialog" aria-label=move || i18n.t(label)>
            <p>{move || i18n.t(question)}</p>
            <div class="actions">
                <button class=yes_class disabled=move || busy.get() on:click=move |_| on_yes()>
                    {move || i18n.t(yes)}
                </button>
                <button class="secondary" on:click=move |_| on_no()>
                    {move || i18n.t(no)}
                </button>
            </div>
        </div>
    }
    .into_any()
}
