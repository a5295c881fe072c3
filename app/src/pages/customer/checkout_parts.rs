use domain::{AddressId, Discount, DomainError, StoreId};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::accounts::my_profile;
use crate::api::checkout::my_coupons;
use crate::error::AppError;
use crate::i18n::{refusal_msg, use_i18n, I18n, Msg};
use crate::model::{CouponOffer, Place, Profile, SavedAddress};
use crate::pages::customer::cart;

/// Where the food goes: the account's own address or a saved one.
#[component]
pub fn AddressChoice(
    home: Option<Place>,
    saved: Vec<SavedAddress>,
    chosen: RwSignal<Option<AddressId>>,
) -> impl IntoView {
    let i18n = use_i18n();
    if home.is_none() && saved.is_empty() {
        return view! {
            <p class="notice">
                <A href="/account">{move || i18n.t(Msg::NoAddressYet)}</A>
            </p>
        }
        .into_any();
    }
    let choose = move |address: Option<AddressId>| {
        chosen.set(address);
        cart::save_address(address.map(AddressId::get));
    };
    view! {
        <fieldset class="address-choice" data-testid="address-choice">
            <legend>{move || i18n.t(Msg::DeliverTo)}</legend>
            {home.map(|home| view! {
                <label class="choice">
                    {deliver_to(move || chosen.get().is_none(), move || choose(None))}
                    <span>{move || i18n.t(Msg::HomeAddress)}" · "{home.address.clone()}</span>
                </label>
            })}
            {saved
                .into_iter()
                .map(|address| {
                    let id = address.id;
                    view! {
                        <label class="choice">
                            {deliver_to(move || chosen.get() == Some(id), move || choose(Some(id)))}
                            <span>{address.label}" · "{address.place.address}</span>
                        </label>
                    }
                })
                .collect_view()}
        </fieldset>
    }
    .into_any()
}

/// The radio button of one address. The server ticks the chosen one with the
/// `checked` attribute, since a property is not written into the page it
/// sends; the browser's code ticks it with the property, as the choice
/// changes. Each build has only its own part: the attribute is not in the
/// code of the first load.
fn deliver_to(
    ticked: impl Fn() -> bool + Send + Sync + 'static,
    pick: impl Fn() + Send + Sync + 'static,
) -> impl IntoView {
    #[cfg(feature = "ssr")]
    {
        let _ = pick;
        view! { <input type="radio" name="deliver-to" checked=untrack(ticked) /> }
    }
    #[cfg(not(feature = "ssr"))]
    view! { <input type="radio" name="deliver-to" prop:checked=ticked on:change=move |_| pick() /> }
}

/// What checkout shows of the customer: their saved addresses and the
/// coupons they may use here. Made by the store page itself, whose context
/// server functions need when the page renders on the server.
#[derive(Clone, Copy)]
pub struct CheckoutData {
    pub profile: Resource<Result<Profile, AppError>>,
    pub offers: Resource<Result<Vec<CouponOffer>, AppError>>,
}

impl CheckoutData {
    pub fn new(store: impl Fn() -> Option<StoreId> + Send + Sync + 'static) -> Self {
        Self {
            profile: Resource::new(|| (), |_| my_profile()),
            offers: Resource::new(store, |store| async move {
                match store {
                    Some(store) => my_coupons(Some(store)).await,
                    None => Ok(Vec::new()),
                }
            }),
        }
    }
}

/// A coupon code typed in or one of the customer's coupons tapped; why the
/// server refused it, if it did.
#[component]
pub fn CouponField(
    applied: RwSignal<Option<String>>,
    #[prop(into)] refusal: Signal<Option<DomainError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let typed = RwSignal::new(String::new());
    let offers = expect_context::<CheckoutData>().offers;
    let apply = move || {
        let code = typed.get_untracked().trim().to_owned();
        applied.set((!code.is_empty()).then_some(code));
    };
    view! {
        <div class="coupon-field" data-testid="coupon-field">
            <label for="coupon-code">{move || i18n.t(Msg::CouponCode)}</label>
            <div class="inline">
                <input
                    id="coupon-code"
                    type="text"
                    maxlength="32"
                    autocomplete="off"
                    prop:value=move || typed.get()
                    on:input=move |ev| typed.set(event_target_value(&ev))
                    on:keydown=move |ev| {
                        if ev.key() == "Enter" {
                            apply();
                        }
                    }
                />
                <button class="secondary" on:click=move |_| apply()>{move || i18n.t(Msg::Apply)}</button>
            </div>
            {move || applied.get().map(|code| view! {
                <p class="applied" data-testid="coupon-applied">
                    {move || i18n.t(Msg::Coupon)}": "<strong>{code.clone()}</strong>" "
                    <button class="link" on:click=move |_| { applied.set(None); typed.set(String::new()); }>
                        {move || i18n.t(Msg::RemoveCoupon)}
                    </button>
                </p>
            })}
            {move || refusal.get().map(|reason| view! { <p class="error" role="alert" data-testid="coupon-refused">{move || i18n.t(refusal_msg(&reason))}</p> })}
            <Transition>
                {move || Suspend::new(async move {
                    let offers = offers.await.unwrap_or_default();
                    (!offers.is_empty()).then(|| view! {
                        <div class="chips" role="group" aria-label=move || i18n.t(Msg::MyCoupons) data-testid="coupon-chips">
                            {offers.into_iter().map(|offer| view! { <OfferChip offer applied typed /> }).collect_view()}
                        </div>
                    })
                })}
            </Transition>
        </div>
    }
}

#[component]
fn OfferChip(
    offer: CouponOffer,
    applied: RwSignal<Option<String>>,
    typed: RwSignal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let code = offer.code.clone();
    let pressed = code.clone();
    let (discount, minimum) = (offer.discount, offer.min_order);
    view! {
        <button
            class="chip coupon-chip"
            aria-pressed=move || (applied.get().as_deref() == Some(pressed.as_str())).to_string()
            data-code=code.clone()
            on:click=move |_| {
                typed.set(code.clone());
                applied.set(Some(code.clone()));
            }
        >
            <span>{offer.code.clone()}" · "{move || discount_text(i18n, discount)}</span>
            <small>{move || i18n.fill(Msg::CouponFrom, &[&i18n.lang().money(minimum)])}</small>
        </button>
    }
}

/// `10% off`, `₩3,000 off`.
pub fn discount_text(i18n: I18n, discount: Discount) -> String {
    match discount {
        Discount::Percent { percent } => i18n.fill(Msg::PercentOff, &[&percent.to_string()]),
        Discount::Fixed { amount } => i18n.fill(Msg::AmountOff, &[&i18n.lang().money(amount)]),
    }
}
