use domain::{Money, OpeningHours, PrepMinutes, StoreId};
use leptos::prelude::*;

use crate::api::store::update_store;
use crate::components::layout::ErrorNote;
use crate::error::{AppError, Field};
use crate::i18n::{use_i18n, Msg};
use crate::model::StoreSettings;

const PREP_PICKS: [i64; 4] = [10, 20, 30, 40];

/// What the settings form holds, as typed.
#[derive(Debug, Clone, PartialEq)]
pub struct SettingsDraft {
    pub opens: String,
    pub closes: String,
    pub delivery_fee: String,
    pub min_order: String,
    pub delivery_radius_m: String,
    pub auto_accept: bool,
    pub prep_minutes: i64,
}

impl SettingsDraft {
    pub fn of(settings: &StoreSettings) -> Self {
        Self {
            opens: OpeningHours::clock(settings.hours.opens()),
            closes: OpeningHours::clock(settings.hours.closes()),
            delivery_fee: settings.delivery_fee.get().to_string(),
            min_order: settings.min_order.get().to_string(),
            delivery_radius_m: settings.delivery_radius_m.to_string(),
            auto_accept: settings.auto_accept.is_some(),
            prep_minutes: settings.auto_accept.map_or(20, |m| i64::from(m.get())),
        }
    }

    /// The settings, keeping `accepting`; the field that fails otherwise.
    pub fn settings(&self, accepting: bool) -> Result<StoreSettings, AppError> {
        let hours =
            OpeningHours::parse_clock(&self.opens, &self.closes).map_err(AppError::refused)?;
        let money = |text: &str, field: Field| {
            text.trim()
                .replace(',', "")
                .parse::<i64>()
                .ok()
                .and_then(|won| Money::won(won).ok())
                .ok_or_else(|| AppError::invalid(field))
        };
        let delivery_radius_m = self
            .delivery_radius_m
            .trim()
            .replace(',', "")
            .parse::<u32>()
            .ok()
            .filter(|m| StoreSettings::DELIVERY_RADIUS_M.contains(m))
            .ok_or_else(|| AppError::invalid(Field::DeliveryRadius))?;
        let auto_accept = if self.auto_accept {
            Some(
                PrepMinutes::parse(self.prep_minutes)
                    .map_err(|_| AppError::invalid(Field::PrepMinutes))?,
            )
        } else {
            None
        };
        Ok(StoreSettings {
            accepting,
            hours,
            delivery_fee: money(&self.delivery_fee, Field::DeliveryFee)?,
            min_order: money(&self.min_order, Field::MinOrder)?,
            delivery_radius_m,
            auto_accept,
        })
    }
}

/// Hours, fee, minimum order, delivery radius and auto-accept, saved together.
#[component]
pub fn SettingsForm(
    store: StoreId,
    saved: RwSignal<StoreSettings>,
    open_now: RwSignal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let draft = RwSignal::new(SettingsDraft::of(&saved.get_untracked()));
    let outcome = RwSignal::new(None::<Result<(), AppError>>);
    let saving = RwSignal::new(false);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let settings = match draft
            .get_untracked()
            .settings(saved.get_untracked().accepting)
        {
            Ok(settings) => settings,
            Err(error) => return outcome.set(Some(Err(error))),
        };
        saving.set(true);
        leptos::task::spawn_local(async move {
            let answer = update_store(store, settings).await;
            saving.set(false);
            outcome.set(Some(answer.map(|card| {
                saved.set(settings);
                open_now.set(card.open);
            })));
        });
    };
    let text = move |label: Msg,
                     kind: &'static str,
                     read: fn(&SettingsDraft) -> String,
                     write: fn(&mut SettingsDraft, String),
                     testid: &'static str| {
        view! {
            <label>
                {move || i18n.t(label)}
                <input
                    type=kind
                    inputmode=(kind == "text").then_some("numeric")
                    data-testid=testid
                    // The saved value as the server sends the page (it
                    // writes no property into it), then what the draft holds.
                    value=draft.with_untracked(read)
                    prop:value=move || draft.with(read)
                    on:input=move |ev| {
                        let value = event_target_value(&ev);
                        draft.update(|d| write(d, value));
                        outcome.set(None);
                    }
                />
            </label>
        }
    };
    view! {
        <form class="settings-form" on:submit=save>
            <fieldset>
                <legend>{move || i18n.t(Msg::Hours)}</legend>
                <div class="row">
                    {text(Msg::Opens, "time", |d| d.opens.clone(), |d, v| d.opens = v, "opens")}
                    {text(Msg::Closes, "time", |d| d.closes.clone(), |d, v| d.closes = v, "closes")}
                </div>
                <p class="muted">{move || i18n.t(Msg::HoursHint)}</p>
            </fieldset>
            <div class="row">
                {text(Msg::DeliveryFeeWon, "text", |d| d.delivery_fee.clone(), |d, v| d.delivery_fee = v, "delivery-fee-input")}
                {text(Msg::MinOrder, "text", |d| d.min_order.clone(), |d, v| d.min_order = v, "min-order-input")}
                {text(Msg::DeliveryRadiusM, "text", |d| d.delivery_radius_m.clone(), |d, v| d.delivery_radius_m = v, "delivery-radius-input")}
            </div>
            <fieldset>
                <legend>{move || i18n.t(Msg::AutoAccept)}</legend>
                <label class="check">
                    <input
                        type="checkbox"
                        checked=draft.with_untracked(|d| d.auto_accept)
                        prop:checked=move || draft.with(|d| d.auto_accept)
                        on:change=move |ev| draft.update(|d| d.auto_accept = event_target_checked(&ev))
                    />
                    {move || i18n.t(Msg::AutoAcceptHint)}
                </label>
                <div class="chips" role="group" aria-label=move || i18n.t(Msg::DefaultPrep)>
                    {PREP_PICKS
                        .into_iter()
                        .map(|minutes| view! {
                            <button
                                type="button"
                                class="chip"
                                disabled=move || !draft.with(|d| d.auto_accept)
                                aria-pressed=move || draft.with(|d| d.prep_minutes == minutes).to_string()
                                on:click=move |_| draft.update(|d| d.prep_minutes = minutes)
                            >
                                {move || format!("{minutes}{}", i18n.t(Msg::Minutes))}
                            </button>
                        })
                        .collect_view()}
                </div>
            </fieldset>
            {move || match outcome.get() {
                Some(Ok(())) => view! { <p class="notice success" role="status">{move || i18n.t(Msg::Saved)}</p> }.into_any(),
                Some(Err(error)) => view! { <ErrorNote error /> }.into_any(),
                None => ().into_any(),
            }}
            <button type="submit" class="primary" disabled=move || saving.get()>{move || i18n.t(Msg::SaveSettings)}</button>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> StoreSettings {
        StoreSettings {
            accepting: true,
            hours: OpeningHours::parse_clock("11:00", "22:00").unwrap(),
            delivery_fee: Money::won(3_000).unwrap(),
            min_order: Money::won(12_000).unwrap(),
            delivery_radius_m: 3_000,
            auto_accept: None,
        }
    }

    #[test]
    fn a_draft_round_trips() {
        let draft = SettingsDraft::of(&settings());
        assert_eq!(draft.opens, "11:00");
        assert_eq!(draft.settings(true), Ok(settings()));
    }

    #[test]
    fn typed_values_are_checked() {
        let mut draft = SettingsDraft::of(&settings());
        draft.delivery_fee = "2,500".into();
        draft.auto_accept = true;
        draft.prep_minutes = 30;
        let parsed = draft.settings(false).unwrap();
        assert_eq!(parsed.delivery_fee.get(), 2_500);
        assert_eq!(parsed.auto_accept.map(PrepMinutes::get), Some(30));
        assert!(!parsed.accepting);
        draft.min_order = "abc".into();
        assert_eq!(
            draft.settings(true),
            Err(AppError::invalid(Field::MinOrder))
        );
        draft.min_order = "0".into();
        for radius in ["499", "20001", "3km", ""] {
            draft.delivery_radius_m = radius.into();
            assert_eq!(
                draft.settings(true),
                Err(AppError::invalid(Field::DeliveryRadius)),
                "{radius}"
            );
        }
        draft.delivery_radius_m = "2,500".into();
        assert_eq!(draft.settings(true).unwrap().delivery_radius_m, 2_500);
        draft.closes = "25:00".into();
        assert!(matches!(
            draft.settings(true),
            Err(AppError::Refused { .. })
        ));
    }
}
