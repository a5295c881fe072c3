use domain::StoreId;
use leptos::prelude::*;

use crate::api::store::save_dish;
use crate::components::layout::ErrorNote;
use crate::error::AppError;
use crate::i18n::{use_i18n, Msg};
use crate::pages::store::dish_draft::{DishDraft, GroupDraft};
use crate::pages::store::group_editor::GroupEditor;

/// Adds a dish or edits one: name, description, price and option groups.
/// The browser checks the dish as the server would before sending it.
#[component]
pub fn DishEditor<Saved, Cancel>(
    store: StoreId,
    draft: DishDraft,
    on_saved: Saved,
    on_cancel: Cancel,
) -> impl IntoView
where
    Saved: Fn() + Copy + Send + Sync + 'static,
    Cancel: Fn() + Copy + Send + Sync + 'static,
{
    let i18n = use_i18n();
    let editing_existing = draft.id.is_some();
    let draft = RwSignal::new(draft);
    let error = RwSignal::new(None::<AppError>);
    let saving = RwSignal::new(false);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = match draft.get_untracked().form() {
            Ok(form) => form,
            Err(refused) => return error.set(Some(refused)),
        };
        saving.set(true);
        leptos::task::spawn_local(async move {
            let answer = save_dish(store, form).await;
            saving.set(false);
            match answer {
                Ok(_) => on_saved(),
                Err(refused) => error.set(Some(refused)),
            }
        });
    };
    let field = move |label: Msg,
                      read: fn(&DishDraft) -> String,
                      write: fn(&mut DishDraft, String),
                      numeric: bool| {
        view! {
            <label>
                {move || i18n.t(label)}
                <input
                    type="text"
                    inputmode=numeric.then_some("numeric")
                    prop:value=move || draft.with(read)
                    on:input=move |ev| {
                        let value = event_target_value(&ev);
                        draft.update(|d| write(d, value));
                    }
                />
            </label>
        }
    };
    let group_count = move || draft.with(|d| d.groups.len());
    view! {
        <form class="card dish-editor" data-testid="dish-editor" on:submit=save>
            <h2>{move || if editing_existing { i18n.t(Msg::EditDish) } else { i18n.t(Msg::AddDish) }}</h2>
            <div class="row">
                {field(Msg::DishName, |d| d.name.clone(), |d, v| d.name = v, false)}
                {field(Msg::PriceWon, |d| d.price.clone(), |d, v| d.price = v, true)}
            </div>
            <label>
                {move || i18n.t(Msg::Description)}
                <textarea
                    maxlength="200"
                    prop:value=move || draft.with(|d| d.description.clone())
                    on:input=move |ev| {
                        let value = event_target_value(&ev);
                        draft.update(|d| d.description = value);
                    }
                ></textarea>
            </label>
            <h3>{move || i18n.t(Msg::OptionGroups)}</h3>
            <For
                each=move || 0..group_count()
                key=|index| *index
                children=move |index| view! { <GroupEditor draft index /> }
            />
            <button
                type="button"
                class="secondary"
                on:click=move |_| draft.update(|d| d.groups.push(GroupDraft::default()))
            >
                {move || i18n.t(Msg::AddOptionGroup)}
            </button>
            {move || error.get().map(|error| view! { <ErrorNote error /> })}
            <div class="actions">
                <button type="submit" class="primary" disabled=move || saving.get()>{move || i18n.t(Msg::SaveDish)}</button>
                <button type="button" class="secondary" on:click=move |_| on_cancel()>{move || i18n.t(Msg::Back)}</button>
            </div>
        </form>
    }
}
