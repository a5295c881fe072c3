use domain::Quantity;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::order_parts::option_names;
use crate::i18n::{use_i18n, Msg};
use crate::model::{Role, StoreCard};
use crate::pages::customer::cart::{self, CartEntry};
use crate::pages::customer::checkout::Checkout;
use crate::AccountResource;

/// The cart beside the menu: its lines with their options and quantities,
/// and checkout for a signed-in customer.
#[component]
pub fn CartPanel(cart: RwSignal<Vec<CartEntry>>, store: StoreCard) -> impl IntoView {
    let i18n = use_i18n();
    let account = expect_context::<AccountResource>();
    let change = move |index: usize, up: bool| {
        cart.update(|entries| {
            if let Some(entry) = entries.get_mut(index) {
                if up {
                    entry.quantity = entry.quantity.saturating_add(1).min(Quantity::MAX);
                } else if entry.quantity > 1 {
                    entry.quantity -= 1;
                } else {
                    entries.remove(index);
                }
            }
        })
    };
    let store = StoredValue::new(store);
    view! {
        <aside class="card cart" aria-labelledby="cart-heading" data-testid="cart">
            <h2 id="cart-heading">{move || i18n.t(Msg::Cart)}</h2>
            <Show
                when=move || !cart.read().is_empty()
                fallback=move || view! { <p class="muted">{move || i18n.t(Msg::CartEmpty)}</p> }
            >
                <ul class="lines">
                    {move || {
                        cart.get()
                            .into_iter()
                            .enumerate()
                            .map(|(index, entry)| view! { <CartRow entry on_change=move |up| change(index, up) /> })
                            .collect_view()
                    }}
                    <li class="subtotal">
                        <span>{move || i18n.t(Msg::Subtotal)}</span>
                        <span data-testid="cart-total">{move || i18n.lang().money(cart::subtotal(&cart.read()))}</span>
                    </li>
                </ul>
            </Show>
            <Transition>
                {move || Suspend::new(async move {
                    match account.await {
                        Ok(Some(customer)) if customer.role == Role::Customer => {
                            view! { <Checkout cart store=store.get_value() customer /> }.into_any()
                        }
                        _ => view! {
                            <p class="muted">
                                <A href="/signin">{move || i18n.t(Msg::SignInToOrder)}</A>
                            </p>
                        }
                        .into_any(),
                    }
                })}
            </Transition>
        </aside>
    }
}

#[component]
fn CartRow<Change>(entry: CartEntry, on_change: Change) -> impl IntoView
where
    Change: Fn(bool) + Clone + Send + Sync + 'static,
{
    let i18n = use_i18n();
    let sum = entry.sum();
    let options = option_names(&entry.options);
    let name = StoredValue::new(entry.item.name.clone());
    let less = on_change.clone();
    view! {
        <li class="cart-line" data-testid="cart-line" class:sold-out=entry.item.sold_out>
            <span class="cart-line-name">
                {entry.item.name.clone()}
                {(!options.is_empty()).then(|| view! { <small class="line-options">{options}</small> })}
                {entry.item.sold_out.then(|| view! { <small class="badge sold-out">{move || i18n.t(Msg::SoldOut)}</small> })}
            </span>
            <span class="stepper">
                <button
                    class="step"
                    aria-label=move || name.with_value(|n| i18n.fill(Msg::OneLess, &[n]))
                    on:click=move |_| less(false)
                >
                    "−"
                </button>
                <span data-testid="quantity">{entry.quantity}</span>
                <button
                    class="step"
                    aria-label=move || name.with_value(|n| i18n.fill(Msg::OneMore, &[n]))
                    on:click=move |_| on_change(true)
                >
                    "+"
                </button>
            </span>
            <span>{move || i18n.lang().money(sum)}</span>
        </li>
    }
}
