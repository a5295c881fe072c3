use leptos::prelude::*;

use crate::i18n::{use_i18n, Msg};
use crate::lang::Lang;

/// A choice of one of Baedal's areas, as a form field called `name`.
#[component]
pub fn AreaSelect(
    name: &'static str,
    #[prop(optional)] value: Option<RwSignal<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <label>
            {move || i18n.t(Msg::Area)}
            <select
                name=name
                required
                on:change=move |event| {
                    if let Some(value) = value {
                        value.set(event_target_value(&event));
                    }
                }
            >
                {domain::AREAS
                    .iter()
                    .map(|area| {
                        view! {
                            <option value=area.id>
                                {move || match i18n.lang() {
                                    Lang::Ko => area.name_ko,
                                    Lang::En => area.name_en,
                                }}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}
