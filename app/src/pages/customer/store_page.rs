use domain::{OptionId, StoreId};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::catalogue::store_menu;
use crate::components::layout::{ErrorNote, Loading, NotFound};
use crate::components::option_sheet::OptionSheet;
use crate::error::AppError;
use crate::i18n::{use_i18n, Msg};
use crate::model::{MenuItem, Role, StoreCard, StoreWithMenu};
use crate::pages::customer::cart::{self, CartEntry};
use crate::pages::customer::cart_panel::CartPanel;
use crate::pages::customer::checkout_parts::CheckoutData;
use crate::pages::customer::menu::Menu;
use crate::pages::customer::store_reviews::StoreReviews;
use crate::pages::customer::terms::{closed_reason, OpenBadge, RatingBadge, StoreTerms};
use crate::AccountResource;

/// A store's page: its terms, its menu, its reviews, and the cart with
/// checkout. Rendered whole on the server, so it reads without JavaScript.
#[component]
pub fn StorePage() -> impl IntoView {
    let i18n = use_i18n();
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
    provide_context(CheckoutData::new(store_id));
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match menu.await {
                    Ok(menu) => view! { <MenuAndCart menu /> }.into_any(),
                    // No such store: a 404, with the way back to the stores.
                    Err(AppError::NotFound) => view! { <NotFound /> }.into_any(),
                    Err(error) => view! {
                        <ErrorNote error />
                        <button class="secondary" on:click=move |_| menu.refetch()>{move || i18n.t(Msg::Retry)}</button>
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn MenuAndCart(menu: StoreWithMenu) -> impl IntoView {
    let StoreWithMenu {
        store,
        items,
        reviews,
    } = menu;
    let store_id = store.id;
    let open = store.open;
    let cart = RwSignal::new(Vec::<CartEntry>::new());
    // The server renders an empty cart; the browser fills in what it kept,
    // after hydration, and keeps every change from then on. A dish tapped
    // before then is added in a task after hydration, once the kept cart is
    // back (`hydration::KEPT_UNTIL_HYDRATED`).
    let restored = RwSignal::new(false);
    let menu_items = StoredValue::new(items.clone());
    Effect::new(move |_| {
        let kept = cart::load(store_id);
        cart.set(menu_items.with_value(|items| cart::from_lines(&kept, items)));
        restored.set(true);
    });
    Effect::new(move |_| {
        let lines = cart::lines(&cart.get());
        if restored.get() {
            cart::save(store_id, &lines);
        }
    });
    let sheet = RwSignal::new(None::<MenuItem>);
    let add = move |item: MenuItem, options: Vec<OptionId>| {
        if let Some(entry) = CartEntry::priced(item, &options, 1) {
            cart.update(|entries| cart::add(entries, entry));
        }
    };
    let pick = move |item: MenuItem| {
        if item.options.is_empty() {
            add(item, Vec::new());
        } else {
            sheet.set(Some(item));
        }
    };
    view! {
        <div class="menu-layout">
            <section>
                <StoreHeader store=store.clone() />
                <Menu items can_add=Signal::derive(move || open) on_pick=pick />
                <StoreReviews rating=store.rating reviews />
            </section>
            <CartPanel cart store=store.clone() />
        </div>
        {move || sheet.get().map(|item| {
            let for_add = item.clone();
            view! {
                <OptionSheet
                    item
                    on_add=move |options| {
                        add(for_add.clone(), options);
                        sheet.set(None);
                    }
                    on_close=move || sheet.set(None)
                />
            }
        })}
    }
}

#[component]
fn StoreHeader(store: StoreCard) -> impl IntoView {
    let i18n = use_i18n();
    let closed = store.clone();
    view! {
        <header class="store-head" data-testid="store-header">
            <h1>{store.name.clone()}</h1>
            <p class="muted">{store.category.clone()}" · "{store.place.address.clone()}</p>
            <p class="store-card-facts">
                <OpenBadge open=store.open />
                <RatingBadge rating=store.rating />
            </p>
            <StoreTerms store=store.clone() />
            {move || closed_reason(i18n, &closed).map(|reason| view! {
                <p class="notice closed-banner" role="status" data-testid="store-closed">{reason}</p>
            })}
            <OutOfRangeNotice store />
        </header>
    }
}

/// Says so when the store does not deliver to the signed-in customer's own
/// address; checkout refuses such an order, whichever address it names.
#[component]
fn OutOfRangeNotice(store: StoreCard) -> impl IntoView {
    let i18n = use_i18n();
    let account = expect_context::<AccountResource>();
    let store = StoredValue::new(store);
    view! {
        <Transition>
            {move || Suspend::new(async move {
                let beyond = match account.await {
                    Ok(Some(customer)) if customer.role == Role::Customer => customer
                        .home
                        .is_some_and(|home| !store.with_value(|s| s.delivers_to(home.location))),
                    _ => false,
                };
                beyond.then(|| view! {
                    <p class="notice closed-banner" role="status" data-testid="store-out-of-range">
                        {move || i18n.t(Msg::OutOfRangeHere)}
                    </p>
                })
            })}
        </Transition>
    }
}
