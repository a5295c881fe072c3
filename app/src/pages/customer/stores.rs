use domain::AddressId;
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

use crate::api::accounts::my_profile;
use crate::api::catalogue::list_stores;
use crate::components::layout::{ErrorNote, Loading};
use crate::i18n::{use_i18n, Msg};
use crate::model::{Role, StoreList, StoreQuery};
use crate::pages::customer::address_chooser::AddressChooser;
use crate::pages::customer::store_card::StoreCardView;
use crate::routes::stores_href;
use crate::AccountResource;

/// The stores, searched by name or dish and filtered by category, nearest
/// first to the chosen delivery address. The search lives in the address
/// (`?q=…&category=…&address=…`), so it works without JavaScript too.
#[component]
pub fn StoresPage() -> impl IntoView {
    let i18n = use_i18n();
    let account = expect_context::<AccountResource>();
    let query = use_query_map();
    let store_query = move || {
        let params = query.read();
        let text = |key: &str| {
            params
                .get(key)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        StoreQuery {
            search: text("q"),
            category: text("category"),
            address: text("address")
                .and_then(|raw| raw.parse::<i64>().ok())
                .and_then(|raw| AddressId::parse(raw).ok()),
        }
    };
    let stores = Resource::new(store_query, list_stores);
    // Made here, where the page's context is, not inside the Suspend below.
    let profile = Resource::new(|| (), |_| my_profile());
    view! {
        <section class="stores-page">
            <p class="tagline">{move || i18n.t(Msg::Tagline)}</p>
            <Form action="/" method="get" attr:class="search" attr:role="search">
                <label class="visually-hidden" for="store-search">{move || i18n.t(Msg::SearchHint)}</label>
                <input
                    id="store-search"
                    type="search"
                    name="q"
                    maxlength="40"
                    placeholder=move || i18n.t(Msg::SearchHint)
                    value=move || store_query().search.unwrap_or_default()
                />
                {move || store_query().category.map(|c| view! { <input type="hidden" name="category" value=c /> })}
                {move || store_query().address.map(|a| view! { <input type="hidden" name="address" value=a.get() /> })}
                <button class="primary" type="submit">{move || i18n.t(Msg::Search)}</button>
            </Form>
            <Transition>
                {move || Suspend::new(async move {
                    match account.await {
                        Ok(Some(customer)) if customer.role == Role::Customer => {
                            view! { <AddressChooser customer profile chosen=Signal::derive(move || store_query().address) /> }.into_any()
                        }
                        _ => ().into_any(),
                    }
                })}
            </Transition>
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    match stores.await {
                        Ok(list) => view! { <StoreResults list query=store_query() /> }.into_any(),
                        Err(error) => view! {
                            <ErrorNote error />
                            <button class="secondary" on:click=move |_| stores.refetch()>{move || i18n.t(Msg::Retry)}</button>
                        }
                        .into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn StoreResults(list: StoreList, query: StoreQuery) -> impl IntoView {
    let i18n = use_i18n();
    let near = list.stores.iter().any(|s| s.distance_m.is_some());
    let heading = if near {
        Msg::StoresNear
    } else {
        Msg::StoresAll
    };
    let chip = |label: Option<String>, query: &StoreQuery| {
        let pressed = query.category == label;
        let href = stores_href(&StoreQuery {
            category: label.clone(),
            ..query.clone()
        });
        let text = label.clone();
        view! {
            <a class="chip" href=href aria-current=pressed.then_some("true")>
                {move || text.clone().unwrap_or_else(|| i18n.t(Msg::AllCategories).to_owned())}
            </a>
        }
    };
    let asked = query
        .search
        .clone()
        .or_else(|| query.category.clone())
        .unwrap_or_default();
    view! {
        <h1>{move || i18n.t(heading)}</h1>
        <nav class="chips" aria-label=move || i18n.t(Msg::Category)>
            {chip(None, &query)}
            {list.categories.iter().map(|c| chip(Some(c.clone()), &query)).collect_view()}
        </nav>
        {if list.stores.is_empty() {
            let filtered = query.search.is_some() || query.category.is_some();
            view! {
                <section class="empty" data-testid="no-stores">
                    <p>
                        {move || if filtered { i18n.fill(Msg::NoStoreMatches, &[&asked]) } else { i18n.t(Msg::NoStores).to_owned() }}
                    </p>
                    {filtered.then(|| view! { <a href="/">{move || i18n.t(Msg::ShowAllStores)}</a> })}
                </section>
            }
            .into_any()
        } else {
            view! {
                <ul class="store-list">
                    {list.stores.into_iter().map(|store| view! { <StoreCardView store /> }).collect_view()}
                </ul>
            }
            .into_any()
        }}
    }
}
