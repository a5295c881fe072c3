use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::catalogue::list_stores;
use crate::components::layout::{ErrorNote, Loading};
use crate::i18n::{use_i18n, Msg};
use crate::model::StoreCard;

/// The stores, nearest first when the customer's address is known.
#[component]
pub fn StoresPage() -> impl IntoView {
    let i18n = use_i18n();
    let stores = Resource::new(
        || (),
        |_| async {
            list_stores(Default::default())
                .await
                .map(|list| list.stores)
        },
    );
    view! {
        <section>
            <p class="tagline">{move || i18n.t(Msg::Tagline)}</p>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match stores.await {
                        Ok(stores) if stores.is_empty() => {
                            view! { <p class="empty">{move || i18n.t(Msg::NoStores)}</p> }.into_any()
                        }
                        Ok(stores) => {
                            let near = stores.iter().any(|s| s.distance_m.is_some());
                            let heading = if near { Msg::StoresNear } else { Msg::StoresAll };
                            view! {
                                <h1>{move || i18n.t(heading)}</h1>
                                <ul class="store-list">
                                    {stores.into_iter().map(|store| view! { <StoreRow store /> }).collect_view()}
                                </ul>
                            }
                                .into_any()
                        }
                        Err(error) => view! { <ErrorNote error /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn StoreRow(store: StoreCard) -> impl IntoView {
    let i18n = use_i18n();
    let distance = store.distance_m;
    view! {
        <li class="card store-row">
            <A href=format!("/stores/{}", store.id)>
                <strong>{store.name}</strong>
                <span class="muted">{store.category}" · "{store.neighbourhood}</span>
                {move || distance.map(|m| view! { <span class="distance">{i18n.lang().distance(m)}</span> })}
            </A>
        </li>
    }
}
