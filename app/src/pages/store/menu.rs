use domain::StoreId;
use leptos::prelude::*;

use crate::api::catalogue::store_menu;
use crate::api::store::set_sold_out;
use crate::components::layout::{ErrorNote, Loading};
use crate::error::AppError;
use crate::i18n::{use_i18n, Msg};
use crate::model::MenuItem;
use crate::pages::store::dish_draft::DishDraft;
use crate::pages::store::dish_editor::DishEditor;
use crate::pages::store::picker::PerStore;

/// The dishes of each store: sold out or on sale at a tap, added and edited
/// with their option groups.
#[component]
pub fn StoreMenuPage() -> impl IntoView {
    view! { <PerStore screen=|store| view! { <MenuFor store /> } /> }
}

#[component]
fn MenuFor(store: StoreId) -> impl IntoView {
    let i18n = use_i18n();
    let saved = RwSignal::new(0_u32);
    let menu = Resource::new(move || (store, saved.get()), |(store, _)| store_menu(store));
    let editing = RwSignal::new(None::<DishDraft>);
    let on_saved = move || {
        editing.set(None);
        saved.update(|n| *n += 1);
    };
    view! {
        <section class="menu-manager" data-testid="menu-manager">
            {move || match editing.get() {
                Some(draft) => view! { <DishEditor store draft on_saved on_cancel=move || editing.set(None) /> }.into_any(),
                None => view! {
                    <div class="actions">
                        <button class="primary" on:click=move |_| editing.set(Some(DishDraft::default()))>
                            {move || i18n.t(Msg::AddDish)}
                        </button>
                    </div>
                    <Transition fallback=Loading>
                        {move || Suspend::new(async move {
                            match menu.await {
                                Ok(menu) if menu.items.is_empty() => {
                                    view! { <p class="empty">{move || i18n.t(Msg::MenuEmpty)}</p> }.into_any()
                                }
                                Ok(menu) => view! {
                                    <ul class="dish-admin-list">
                                        {menu.items.into_iter().map(|item| view! { <DishRow store item editing /> }).collect_view()}
                                    </ul>
                                }
                                .into_any(),
                                Err(error) => view! {
                                    <ErrorNote error />
                                    <button class="secondary" on:click=move |_| menu.refetch()>{move || i18n.t(Msg::Retry)}</button>
                                }
                                .into_any(),
                            }
                        })}
                    </Transition>
                }
                .into_any(),
            }}
        </section>
    }
}

/// A dish with its sold-out switch, which takes effect for customers at once.
#[component]
fn DishRow(store: StoreId, item: MenuItem, editing: RwSignal<Option<DishDraft>>) -> impl IntoView {
    let i18n = use_i18n();
    let sold_out = RwSignal::new(item.sold_out);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let id = item.id;
    let toggle = move |_| {
        let next = !sold_out.get_untracked();
        sold_out.set(next);
        busy.set(true);
        leptos::task::spawn_local(async move {
            let answer = set_sold_out(store, id, next).await;
            busy.set(false);
            match answer {
                Ok(()) => error.set(None),
                Err(refused) => {
                    sold_out.set(!next);
                    error.set(Some(refused));
                }
            }
        });
    };
    let price = item.price;
    let groups = item
        .options
        .iter()
        .map(|group| group.name.as_str())
        .collect::<Vec<_>>()
        .join(" · ");
    let name = item.name.clone();
    let draft = DishDraft::of(&item);
    view! {
        <li class="card dish-admin" class:sold-out=move || sold_out.get() data-testid=format!("menu-dish-{id}")>
            <div class="dish-admin-text">
                <strong>{item.name.clone()}</strong>
                <span class="price">{move || i18n.lang().money(price)}</span>
                {(!groups.is_empty()).then(|| view! { <p class="muted">{move || i18n.t(Msg::ChooseOptions)}": "{groups.clone()}</p> })}
                {move || error.get().map(|error| view! { <ErrorNote error /> })}
            </div>
            <button
                role="switch"
                class="switch"
                aria-checked=move || sold_out.get().to_string()
                aria-label=move || i18n.fill(Msg::SoldOutNamed, &[&name])
                disabled=move || busy.get()
                on:click=toggle
            >
                <span class="switch-track" aria-hidden="true"></span>
                {move || if sold_out.get() { i18n.t(Msg::SoldOut) } else { i18n.t(Msg::OnSale) }}
            </button>
            <button
                class="secondary"
                aria-label=move || i18n.fill(Msg::EditNamed, &[&item.name])
                on:click=move |_| editing.set(Some(draft.clone()))
            >
                {move || i18n.t(Msg::Edit)}
            </button>
        </li>
    }
}
