use domain::Coordinates;
use leptos::prelude::*;

use crate::api::accounts::save_address;
use crate::components::area_select::AreaSelect;
use crate::components::layout::ErrorNote;
use crate::i18n::{use_i18n, Msg};

/// What a new address is placed by.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
enum Where {
    Area,
    /// The browser's position, as found.
    Position(Coordinates),
}

/// A new delivery address: a label, the street address, and where it is,
/// from the browser's position or a chosen area.
#[component]
pub fn AddressForm<Saved>(on_saved: Saved) -> impl IntoView
where
    Saved: Fn() + Send + Sync + 'static,
{
    let i18n = use_i18n();
    let label = RwSignal::new(String::new());
    let street = RwSignal::new(String::new());
    let area = RwSignal::new(
        domain::AREAS
            .first()
            .map(|a| a.id.to_owned())
            .unwrap_or_default(),
    );
    let place = RwSignal::new(Where::Area);
    let locating = RwSignal::new(false);
    let no_position = RwSignal::new(false);
    let save = Action::new(
        move |(label, street, place, area): &(String, String, Where, String)| {
            let (label, street, place, area) =
                (label.clone(), street.clone(), *place, area.clone());
            async move {
                match place {
                    Where::Area => save_address(label, street, None, Some(area)).await,
                    Where::Position(position) => {
                        save_address(label, street, Some(position), None).await
                    }
                }
            }
        },
    );
    Effect::new(move |_| {
        if let Some(Ok(_)) = save.value().get() {
            label.set(String::new());
            street.set(String::new());
            on_saved();
        }
    });
    let locate = move |_| {
        locating.set(true);
        #[cfg(feature = "hydrate")]
        leptos::task::spawn_local(async move {
            let found = crate::browser::geo::current().await.ok();
            locating.set(false);
            // No position: the area picker takes over.
            place.set(found.map_or(Where::Area, Where::Position));
            no_position.set(found.is_none());
        });
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch((
            label.get_untracked(),
            street.get_untracked(),
            place.get_untracked(),
            area.get_untracked(),
        ));
    };
    let text_field = move |msg: Msg,
                           value: RwSignal<String>,
                           name: &'static str,
                           max: &'static str| {
        view! {
            <label>
                {move || i18n.t(msg)}
                <input type="text" name=name maxlength=max required prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev)) />
            </label>
        }
    };
    view! {
        <form class="stack address-form" data-testid="address-form" on:submit=submit>
            <h3>{move || i18n.t(Msg::AddAddress)}</h3>
            {text_field(Msg::AddressLabel, label, "label", "20")}
            {text_field(Msg::Address, street, "address", "200")}
            <fieldset class="chips">
                <legend>{move || i18n.t(Msg::WhereIsIt)}</legend>
                <button type="button" class="chip" aria-pressed=move || matches!(place.get(), Where::Position(_)).to_string() disabled=move || locating.get() on:click=locate>
                    {move || if locating.get() { i18n.t(Msg::Working) } else { i18n.t(Msg::UseMyPosition) }}
                </button>
                <button type="button" class="chip" aria-pressed=move || (place.get() == Where::Area).to_string() on:click=move |_| place.set(Where::Area)>
                    {move || i18n.t(Msg::PickArea)}
                </button>
            </fieldset>
            {move || match place.get() {
                Where::Area => view! {
                    {move || no_position.get().then(|| view! { <p class="notice" role="status">{move || i18n.t(Msg::ErrPosition)}</p> })}
                    <AreaSelect name="area" value=area />
                }
                .into_any(),
                Where::Position(_) => view! { <p class="notice success" role="status">{move || i18n.t(Msg::PositionFound)}</p> }.into_any(),
            }}
            <button class="primary" type="submit" disabled=move || save.pending().get()>{move || i18n.t(Msg::Save)}</button>
            {move || save.value().get().and_then(Result::err).map(|error| view! { <ErrorNote error /> })}
        </form>
    }
}
