use domain::AddressId;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::error::AppError;
use crate::i18n::{use_i18n, Msg};
use crate::model::{Account, Profile, StoreQuery};
use crate::pages::customer::cart;
use crate::routes::stores_href;

/// Which of the customer's addresses distances are measured from.
#[component]
pub fn AddressChooser(
    customer: Account,
    #[prop(into)] chosen: Signal<Option<AddressId>>,
    profile: Resource<Result<Profile, AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let query = use_query_map();
    let home = customer.home.map(|home| home.address).unwrap_or_default();
    let choose = move |raw: String| {
        let address = raw
            .parse::<i64>()
            .ok()
            .and_then(|raw| AddressId::parse(raw).ok());
        cart::save_address(address.map(AddressId::get));
        let params = query.get_untracked();
        let text = |key: &str| params.get(key).filter(|v| !v.trim().is_empty());
        let next = StoreQuery {
            search: text("q"),
            category: text("category"),
            address,
        };
        navigate(&stores_href(&next), Default::default());
    };
    view! {
        <Transition>
            {move || {
                let home = home.clone();
                let choose = choose.clone();
                Suspend::new(async move {
                    let saved = profile.await.map(|p| p.addresses).unwrap_or_default();
                    (!saved.is_empty()).then(|| view! {
                        <label class="address-chooser">
                            {move || i18n.t(Msg::DistancesFrom)}
                            <select data-testid="address-chooser" on:change=move |ev| choose(event_target_value(&ev))>
                                <option value="" selected=move || chosen.get().is_none()>
                                    {move || i18n.t(Msg::HomeAddress)}" · "{home.clone()}
                                </option>
                                {saved.into_iter().map(|a| {
                                    let id = a.id;
                                    view! {
                                        <option value=id.get() selected=move || chosen.get() == Some(id)>
                                            {a.label}" · "{a.place.address}
                                        </option>
                                    }
                                }).collect_view()}
                            </select>
                        </label>
                    })
                })
            }}
        </Transition>
    }
}
