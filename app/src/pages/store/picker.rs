use domain::StoreId;
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_query_map};

use crate::api::store::{store_dashboard, store_sales};
use crate::components::layout::{ErrorNote, Loading};
use crate::error::AppError;
use crate::i18n::{use_i18n, Msg};
use crate::model::Dashboard;

/// The owner's stores by name, for choosing one.
#[derive(Clone, Copy)]
pub struct OwnStores(Resource<Result<Vec<(StoreId, String)>, AppError>>);

impl OwnStores {
    pub fn provide() {
        // Today's figures name every store the owner has.
        let stores = Resource::new(
            || (),
            |_| async {
                let figures = store_sales().await?;
                Ok(figures
                    .into_iter()
                    .map(|figures| (figures.store, figures.store_name))
                    .collect())
            },
        );
        provide_context(OwnStores(stores));
    }
}

/// The dashboard of the store chosen with `?store=`, made by the page: server
/// functions need the page's context when it renders on the server, which a
/// resource made inside a `Suspend` does not have.
pub fn chosen_dashboard() -> Resource<Result<Option<Dashboard>, AppError>> {
    let OwnStores(stores) = expect_context::<OwnStores>();
    let query = use_query_map();
    Resource::new(
        move || query.read().get("store"),
        move |asked| async move {
            let stores = stores.await?;
            match chosen_store(&stores, asked.as_deref()) {
                Some(store) => store_dashboard(store).await.map(Some),
                None => Ok(None),
            }
        },
    )
}

/// The store chosen with `?store=`, else the owner's first (reactive).
pub fn chosen_store(stores: &[(StoreId, String)], asked: Option<&str>) -> Option<StoreId> {
    let asked = asked
        .and_then(|raw| raw.parse::<i64>().ok())
        .and_then(|raw| StoreId::parse(raw).ok());
    asked
        .filter(|asked| stores.iter().any(|(id, _)| id == asked))
        .or_else(|| stores.first().map(|(id, _)| *id))
}

/// Tabs of the owner's stores above a per-store screen, and the screen for
/// the chosen one.
#[component]
pub fn PerStore<Screen, View>(screen: Screen) -> impl IntoView
where
    Screen: Fn(StoreId) -> View + Clone + Send + Sync + 'static,
    View: IntoView + 'static,
{
    let i18n = use_i18n();
    let OwnStores(stores) = expect_context::<OwnStores>();
    let query = use_query_map();
    let location = use_location();
    view! {
        <Transition fallback=Loading>
            {move || {
                let screen = screen.clone();
                Suspend::new(async move {
                    let stores = match stores.await {
                        Ok(stores) => stores,
                        Err(error) => return view! { <ErrorNote error /> }.into_any(),
                    };
                    if stores.is_empty() {
                        return view! { <p class="empty">{move || i18n.t(Msg::NoOwnStores)}</p> }.into_any();
                    }
                    let listed = stores.clone();
                    let chosen = Memo::new(move |_| chosen_store(&listed, query.read().get("store").as_deref()));
                    let tabs = stores
                        .into_iter()
                        .map(|(id, name)| {
                            let href = move || format!("{}?store={id}", location.pathname.get());
                            view! {
                                <a class="chip" href=href aria-current=move || (chosen.get() == Some(id)).then_some("true")>
                                    {name}
                                </a>
                            }
                        })
                        .collect_view();
                    view! {
                        <nav class="chips store-picker" aria-label=move || i18n.t(Msg::Store)>{tabs}</nav>
                        {move || chosen.get().map(screen.clone())}
                    }
                    .into_any()
                })
            }}
        </Transition>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_asked_store_if_owned_else_the_first() {
        let id = |raw| StoreId::parse(raw).unwrap();
        let stores = vec![(id(1), "홍대".to_owned()), (id(4), "종로".to_owned())];
        assert_eq!(chosen_store(&stores, Some("4")), Some(id(4)));
        assert_eq!(chosen_store(&stores, Some("2")), Some(id(1)));
        assert_eq!(chosen_store(&stores, Some("x")), Some(id(1)));
        assert_eq!(chosen_store(&stores, None), Some(id(1)));
        assert_eq!(chosen_store(&[], Some("1")), None);
    }
}
