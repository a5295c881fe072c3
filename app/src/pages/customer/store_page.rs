use domain::{Money, Quantity, StoreId};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::api::catalogue::store_menu;
use crate::api::orders::place_order;
use crate::components::layout::{ErrorNote, Loading};
use crate::error::AppError;
use crate::i18n::{use_i18n, Msg};
use crate::model::{Account, CartLine, IdempotencyKey, MenuItem, Role, StoreWithMenu};
use crate::AccountResource;

/// One cart line on screen.
#[derive(Debug, Clone, PartialEq)]
struct CartEntry {
    item: MenuItem,
    quantity: u8,
}

/// A store's menu with a cart and checkout.
#[component]
pub fn StorePage() -> impl IntoView {
    let params = use_params_map();
    let store_id = move || {
        params
            .read()
            .get("id")
            .and_then(|raw| raw.parse::<i64>().ok())
            .and_then(|raw| StoreId::parse(raw).ok())
    };
    let menu = Resource::new(store_id, |id| async move {
        match id {
            Some(id) => store_menu(id).await,
            None => Err(AppError::NotFound),
        }
    });
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match menu.await {
                    Ok(menu) => view! { <MenuAndCart menu /> }.into_any(),
                    Err(error) => view! { <ErrorNote error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn MenuAndCart(menu: StoreWithMenu) -> impl IntoView {
    let i18n = use_i18n();
    let cart = RwSignal::new(Vec::<CartEntry>::new());
    let add = move |item: MenuItem| {
        cart.update(
            |entries| match entries.iter_mut().find(|e| e.item.id == item.id) {
                Some(entry) => entry.quantity = (entry.quantity + 1).min(Quantity::MAX),
                None => entries.push(CartEntry { item, quantity: 1 }),
            },
        )
    };
    let store = menu.store.clone();
    view! {
        <div class="menu-layout">
            <section>
                <h1>{store.name.clone()}</h1>
                <p class="muted">{store.category.clone()}" · "{store.place.address.clone()}</p>
                <Show when={
                    let empty = menu.items.is_empty();
                    move || empty
                }>
                    <p class="empty">{move || i18n.t(Msg::MenuEmpty)}</p>
                </Show>
                <ul class="menu">
                    {menu
                        .items
                        .into_iter()
                        .map(|item| {
                            let price = item.price;
                            let for_click = item.clone();
                            view! {
                                <li class="card dish">
                                    <div>
                                        <strong>{item.name.clone()}</strong>
                                        <p class="muted">{item.description.clone()}</p>
                                        <span class="price">{move || i18n.lang().money(price)}</span>
                                    </div>
                                    <button
                                        class="secondary"
                                        aria-label=format!("{} {}", i18n.t(Msg::Add), item.name)
                                        on:click=move |_| add(for_click.clone())
                                    >
                                        {move || i18n.t(Msg::Add)}
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </section>
            <Cart cart store=store.id />
        </div>
    }
}

#[component]
fn Cart(cart: RwSignal<Vec<CartEntry>>, store: StoreId) -> impl IntoView {
    let i18n = use_i18n();
    let account = expect_context::<AccountResource>();
    let total = move || {
        cart.get().iter().try_fold(Money::ZERO, |sum, entry| {
            let quantity = Quantity::parse(i64::from(entry.quantity))?;
            sum.plus(entry.item.price.times(quantity)?)
        })
    };
    let remove = move |index: usize| {
        cart.update(|entries| {
            if let Some(entry) = entries.get_mut(index) {
                entry.quantity -= 1;
                if entry.quantity == 0 {
                    entries.remove(index);
                }
            }
        })
    };
    view! {
        <aside class="card cart" aria-label=move || i18n.t(Msg::Cart)>
            <h2>{move || i18n.t(Msg::Cart)}</h2>
            <Show
                when=move || !cart.get().is_empty()
                fallback=move || view! { <p class="muted">{move || i18n.t(Msg::CartEmpty)}</p> }
            >
                <ul class="lines">
                    {move || {
                        cart.get()
                            .into_iter()
                            .enumerate()
                            .map(|(index, entry)| {
                                view! {
                                    <li>
                                        <span>{entry.item.name.clone()}" × "{entry.quantity}</span>
                                        <button class="link" on:click=move |_| remove(index)>
                                            {move || i18n.t(Msg::Remove)}
                                        </button>
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                    <li class="total">
                        <span>{move || i18n.t(Msg::Total)}</span>
                        <span data-testid="cart-total">
                            {move || total().map(|t| i18n.lang().money(t)).unwrap_or_default()}
                        </span>
                    </li>
                </ul>
            </Show>
            <Suspense>
                {move || Suspend::new(async move {
                    match account.await {
                        Ok(Some(customer)) if customer.role == Role::Customer => {
                            view! { <Checkout cart store customer /> }.into_any()
                        }
                        _ => view! { <p class="muted">{move || i18n.t(Msg::SignInToOrder)}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </aside>
    }
}

#[component]
fn Checkout(cart: RwSignal<Vec<CartEntry>>, store: StoreId, customer: Account) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let key = StoredValue::new(fresh_key());
    let place = Action::new(move |lines: &Vec<CartLine>| {
        let lines = lines.clone();
        let key = key.get_value();
        async move {
            let key = IdempotencyKey::parse(&key).ok_or(AppError::invalid("key"))?;
            place_order(
                crate::model::OrderRequest {
                    store,
                    lines,
                    address: None,
                    coupon: None,
                },
                key,
            )
            .await
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(order)) = place.value().get() {
            cart.set(Vec::new());
            key.set_value(fresh_key());
            navigate(&format!("/orders/{order}"), Default::default());
        }
    });
    let submit = move |_| {
        let lines = cart
            .get_untracked()
            .iter()
            .filter_map(|entry| {
                let quantity = Quantity::parse(i64::from(entry.quantity)).ok()?;
                Some(CartLine {
                    item: entry.item.id,
                    quantity,
                    options: Vec::new(),
                })
            })
            .collect::<Vec<_>>();
        place.dispatch(lines);
    };
    let address = customer.home.map(|home| home.address).unwrap_or_default();
    view! {
        <p class="muted">{move || i18n.t(Msg::DeliverTo)}": "{address}</p>
        <button
            class="primary wide"
            disabled=move || cart.get().is_empty() || place.pending().get()
            on:click=submit
        >
            {move || if place.pending().get() { i18n.t(Msg::Placing) } else { i18n.t(Msg::PlaceOrder) }}
        </button>
        {move || place.value().get().and_then(Result::err).map(|error| view! { <ErrorNote error /> })}
    }
}

fn fresh_key() -> String {
    #[cfg(feature = "hydrate")]
    {
        crate::browser::new_idempotency_key()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        String::from("server-rendered")
    }
}
