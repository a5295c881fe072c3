use leptos::prelude::*;

use crate::i18n::{use_i18n, Msg};
use crate::model::MenuItem;

/// The dishes: a tap adds one without options at once and opens the
/// options of one that has them. Sold-out dishes are marked and cannot be
/// added; nothing can be added while ordering is off.
#[component]
pub fn Menu<Pick>(
    items: Vec<MenuItem>,
    /// False while the store is closed. A tap before the page has hydrated
    /// is kept and acted on once it has.
    #[prop(into)]
    can_add: Signal<bool>,
    on_pick: Pick,
) -> impl IntoView
where
    Pick: Fn(MenuItem) + Clone + Send + Sync + 'static,
{
    let i18n = use_i18n();
    if items.is_empty() {
        return view! { <p class="empty">{move || i18n.t(Msg::MenuEmpty)}</p> }.into_any();
    }
    view! {
        <ul class="menu">
            {items
                .into_iter()
                .map(|item| view! { <Dish item can_add on_pick=on_pick.clone() /> })
                .collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn Dish<Pick>(item: MenuItem, can_add: Signal<bool>, on_pick: Pick) -> impl IntoView
where
    Pick: Fn(MenuItem) + Send + Sync + 'static,
{
    let i18n = use_i18n();
    let price = item.price;
    let has_options = !item.options.is_empty();
    let option_names = item
        .options
        .iter()
        .map(|group| group.name.as_str())
        .collect::<Vec<_>>()
        .join(" · ");
    let label = {
        let name = item.name.clone();
        move || format!("{} {}", i18n.t(Msg::Add), name)
    };
    let action = if item.sold_out {
        view! { <span class="badge sold-out" data-testid="sold-out">{move || i18n.t(Msg::SoldOut)}</span> }.into_any()
    } else {
        let picked = item.clone();
        view! {
            <button
                class="secondary"
                aria-label=label
                aria-haspopup=has_options.then_some("dialog")
                disabled=move || !can_add.get()
                on:click=move |_| on_pick(picked.clone())
            >
                {move || i18n.t(Msg::Add)}
            </button>
        }
        .into_any()
    };
    view! {
        <li class="card dish" class:sold-out=item.sold_out data-testid=format!("dish-{}", item.id)>
            <div>
                <strong>{item.name.clone()}</strong>
                <p class="muted">{item.description.clone()}</p>
                <span class="price">{move || i18n.lang().money(price)}</span>
                {has_options.then(|| view! { <p class="muted options-hint">{move || i18n.t(Msg::ChooseOptions)}": "{option_names.clone()}</p> })}
            </div>
            {action}
        </li>
    }
}
