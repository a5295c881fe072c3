use leptos::prelude::*;

use crate::i18n::{use_i18n, Msg};
use crate::pages::store::dish_draft::{DishDraft, GroupDraft, OptionDraft};

/// One option group of the dish being edited: its name, how many choices a
/// customer makes, and the choices with their extra price.
#[component]
pub fn GroupEditor(draft: RwSignal<DishDraft>, index: usize) -> impl IntoView {
    let i18n = use_i18n();
    let read = move |pick: fn(&GroupDraft) -> String| {
        move || draft.with(|d| d.groups.get(index).map(pick).unwrap_or_default())
    };
    let write = move |put: fn(&mut GroupDraft, String)| {
        move |ev: leptos::ev::Event| {
            let value = event_target_value(&ev);
            draft.update(|d| {
                if let Some(group) = d.groups.get_mut(index) {
                    put(group, value);
                }
            });
        }
    };
    let option_count = move || draft.with(|d| d.groups.get(index).map_or(0, |g| g.options.len()));
    view! {
        <fieldset class="option-group-editor" data-testid=format!("group-{index}")>
            <legend>{move || i18n.fill(Msg::OptionGroupNumber, &[&(index + 1).to_string()])}</legend>
            <div class="row">
                <label>
                    {move || i18n.t(Msg::GroupName)}
                    <input type="text" maxlength="30" prop:value=read(|g| g.name.clone()) on:input=write(|g, v| g.name = v) />
                </label>
                <label class="narrow">
                    {move || i18n.t(Msg::AtLeast)}
                    <input type="number" min="0" max="20" inputmode="numeric" prop:value=read(|g| g.min.clone()) on:input=write(|g, v| g.min = v) />
                </label>
                <label class="narrow">
                    {move || i18n.t(Msg::AtMost)}
                    <input type="number" min="1" max="20" inputmode="numeric" prop:value=read(|g| g.max.clone()) on:input=write(|g, v| g.max = v) />
                </label>
            </div>
            <ul class="option-editor-list">
                <For
                    each=move || 0..option_count()
                    key=|choice| *choice
                    children=move |choice| view! { <OptionEditor draft group=index choice /> }
                />
            </ul>
            <div class="actions">
                <button
                    type="button"
                    class="secondary"
                    on:click=move |_| draft.update(|d| {
                        if let Some(group) = d.groups.get_mut(index) {
                            group.options.push(OptionDraft::default());
                        }
                    })
                >
                    {move || i18n.t(Msg::AddChoice)}
                </button>
                <button
                    type="button"
                    class="danger"
                    on:click=move |_| draft.update(|d| {
                        if index < d.groups.len() {
                            d.groups.remove(index);
                        }
                    })
                >
                    {move || i18n.t(Msg::RemoveGroup)}
                </button>
            </div>
        </fieldset>
    }
}

#[component]
fn OptionEditor(draft: RwSignal<DishDraft>, group: usize, choice: usize) -> impl IntoView {
    let i18n = use_i18n();
    let read = move |pick: fn(&OptionDraft) -> String| {
        move || {
            draft.with(|d| {
                d.groups
                    .get(group)
                    .and_then(|g| g.options.get(choice))
                    .map(pick)
                    .unwrap_or_default()
            })
        }
    };
    let write = move |put: fn(&mut OptionDraft, String)| {
        move |ev: leptos::ev::Event| {
            let value = event_target_value(&ev);
            draft.update(|d| {
                if let Some(option) = d
                    .groups
                    .get_mut(group)
                    .and_then(|g| g.options.get_mut(choice))
                {
                    put(option, value);
                }
            });
        }
    };
    view! {
        <li class="row option-editor">
            <label>
                {move || i18n.t(Msg::ChoiceName)}
                <input type="text" maxlength="40" prop:value=read(|o| o.name.clone()) on:input=write(|o, v| o.name = v) />
            </label>
            <label class="narrow">
                {move || i18n.t(Msg::ExtraPrice)}
                <input type="text" inputmode="numeric" prop:value=read(|o| o.price_delta.clone()) on:input=write(|o, v| o.price_delta = v) />
            </label>
            <button
                type="button"
                class="link"
                aria-label=move || i18n.t(Msg::RemoveChoice)
                on:click=move |_| draft.update(|d| {
                    if let Some(g) = d.groups.get_mut(group) {
                        if choice < g.options.len() {
                            g.options.remove(choice);
                        }
                    }
                })
            >
                "✕"
            </button>
        </li>
    }
}
