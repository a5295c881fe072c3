//! Choosing a dish's options: one radio group per single choice, check boxes
//! where several may be chosen, the price as it stands, and adding only once
//! every required group has its choice.

use domain::{price_with_options, DishOption, Money, OptionGroup, OptionId};
use leptos::prelude::*;

use crate::i18n::{refusal_msg, use_i18n, Msg};
use crate::model::MenuItem;

/// A dish's options as a dialog over the menu.
#[component]
pub fn OptionSheet<Add, Close>(item: MenuItem, on_add: Add, on_close: Close) -> impl IntoView
where
    Add: Fn(Vec<OptionId>) + Send + Sync + 'static,
    Close: Fn() + Clone + Send + Sync + 'static,
{
    let i18n = use_i18n();
    let chosen = RwSignal::new(Vec::<OptionId>::new());
    let base = item.price;
    let groups = StoredValue::new(item.options.clone());
    let priced =
        move || groups.with_value(|groups| price_with_options(base, groups, &chosen.get()));
    let shown_price = move || match priced() {
        Ok((price, _)) => price,
        Err(_) => groups.with_value(|groups| {
            let chosen = chosen.get();
            groups
                .iter()
                .flat_map(|group| group.options.iter())
                .filter(|option| chosen.contains(&option.id))
                .try_fold(base, |sum, option| sum.plus(option.price_delta))
                .unwrap_or(base)
        }),
    };
    let dialog = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(dialog) = dialog.get() {
            let _ = dialog.focus();
        }
    });
    let close_on_escape = on_close.clone();
    let close_button = on_close.clone();
    let heading_id = format!("options-{}", item.id);
    let labelled_by = heading_id.clone();
    view! {
        <div class="sheet-backdrop" on:click=move |_| on_close()></div>
        <div
            class="sheet"
            role="dialog"
            aria-modal="true"
            aria-labelledby=labelled_by
            tabindex="-1"
            node_ref=dialog
            data-testid="option-sheet"
            on:keydown=move |ev| {
                if ev.key() == "Escape" {
                    close_on_escape();
                }
            }
        >
            <header class="sheet-head">
                <h2 id=heading_id>{item.name.clone()}</h2>
                <button class="link" on:click=move |_| close_button()>{move || i18n.t(Msg::Close)}</button>
            </header>
            <p class="muted">{item.description.clone()}</p>
            {item
                .options
                .into_iter()
                .enumerate()
                .map(|(index, group)| view! { <GroupChoice index group chosen /> })
                .collect_view()}
            {move || priced().err().map(|reason| view! { <p class="muted" role="status">{move || i18n.t(refusal_msg(&reason))}</p> })}
            <button
                class="primary wide"
                disabled=move || priced().is_err()
                on:click=move |_| on_add(chosen.get_untracked())
            >
                {move || i18n.t(Msg::AddToCart)}" · "
                <span data-testid="option-price">{move || i18n.lang().money(shown_price())}</span>
            </button>
        </div>
    }
}

/// One group: radios when one may be chosen, check boxes otherwise.
#[component]
fn GroupChoice(index: usize, group: OptionGroup, chosen: RwSignal<Vec<OptionId>>) -> impl IntoView {
    let i18n = use_i18n();
    let single = group.max <= 1;
    let (required, max) = (group.required(), group.max);
    let ids: Vec<OptionId> = group.options.iter().map(|option| option.id).collect();
    let in_group = StoredValue::new(ids);
    let count = move || {
        in_group.with_value(|ids| chosen.get().iter().filter(|id| ids.contains(id)).count())
    };
    let name = format!("group-{index}");
    let none_choice = (single && !required).then(|| {
        let name = name.clone();
        view! {
            <label class="choice">
                <input
                    type="radio"
                    name=name
                    prop:checked=move || count() == 0
                    on:change=move |_| chosen.update(|c| in_group.with_value(|ids| c.retain(|id| !ids.contains(id))))
                />
                <span>{move || i18n.t(Msg::NoneChosen)}</span>
            </label>
        }
    });
    view! {
        <fieldset class="option-group" data-required=required.to_string()>
            <legend>
                {group.name.clone()}" "
                <span class=if required { "badge required" } else { "badge" }>
                    {move || if required { i18n.t(Msg::Required).to_owned() } else { i18n.t(Msg::Optional).to_owned() }}
                </span>
                {(!single).then(|| view! { <span class="muted">" "{move || i18n.fill(Msg::UpTo, &[&max.to_string()])}</span> })}
            </legend>
            {none_choice}
            {group
                .options
                .into_iter()
                .map(|option| {
                    let name = name.clone();
                    view! { <OptionChoice option single name chosen in_group at_max=Signal::derive(move || count() >= usize::from(max)) /> }
                })
                .collect_view()}
        </fieldset>
    }
}

#[component]
fn OptionChoice(
    option: DishOption,
    single: bool,
    name: String,
    chosen: RwSignal<Vec<OptionId>>,
    in_group: StoredValue<Vec<OptionId>>,
    at_max: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = option.id;
    let delta = option.price_delta;
    let checked = move || chosen.get().contains(&id);
    let toggle = move |_| {
        chosen.update(|c| {
            if single {
                in_group.with_value(|ids| c.retain(|other| !ids.contains(other)));
                c.push(id);
            } else if let Some(at) = c.iter().position(|other| *other == id) {
                c.remove(at);
            } else {
                c.push(id);
            }
        })
    };
    view! {
        <label class="choice">
            <input
                type=if single { "radio" } else { "checkbox" }
                name=name
                value=id.get()
                prop:checked=checked
                disabled=move || !single && !checked() && at_max.get()
                on:change=toggle
            />
            <span>{option.name}</span>
            {(delta > Money::ZERO).then(|| view! { <span class="delta">"+"{move || i18n.lang().money(delta)}</span> })}
        </label>
    }
}
