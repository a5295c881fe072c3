use domain::{AddressId, DomainError};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::api::checkout::quote_order;
use crate::api::orders::place_order;
use crate::components::breakdown::Breakdown;
use crate::components::layout::ErrorNote;
use crate::components::text::one_line;
use crate::error::{AppError, Field};
use crate::i18n::{error_msg, use_i18n, Msg};
use crate::model::{Account, IdempotencyKey, OrderRequest, Quote, StoreCard};
use crate::pages::customer::cart::{self, CartEntry};
use crate::pages::customer::checkout_parts::CheckoutData;
use crate::pages::customer::checkout_parts::{AddressChoice, CouponField};

/// Where the price of the cart stands.
#[derive(Debug, Clone, PartialEq)]
enum Quoted {
    /// Nothing to price.
    Nothing,
    Asking(OrderRequest),
    Answered(OrderRequest, Result<Quote, AppError>),
}

/// Checkout for a signed-in customer: where to, a coupon, the total as the
/// server prices it (again at every change), and ordering with a key that
/// makes a double tap one order.
#[component]
pub fn Checkout(
    cart: RwSignal<Vec<CartEntry>>,
    store: StoreCard,
    customer: Account,
) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let store_id = store.id;
    let open = store.open;
    let address = RwSignal::new(None::<AddressId>);
    let coupon = RwSignal::new(None::<String>);
    let note = RwSignal::new(String::new());
    let asked = RwSignal::new(0_u32);
    let profile = expect_context::<CheckoutData>().profile;
    let has_home = customer.home.is_some();
    Effect::new(move |_| {
        let Some(Ok(profile)) = profile.get() else {
            return;
        };
        let kept = cart::load_address()
            .and_then(|raw| profile.addresses.iter().find(|a| a.id.get() == raw));
        let fallback = (!has_home).then(|| profile.addresses.first()).flatten();
        if let Some(saved) = kept.or(fallback) {
            address.set(Some(saved.id));
        }
    });
    let request = Memo::new(move |_| OrderRequest {
        store: store_id,
        lines: cart::lines(&cart.read()),
        address: address.get(),
        coupon: coupon.get(),
        note: None,
    });
    let quoted = RwSignal::new(Quoted::Nothing);
    Effect::new(move |_| {
        asked.track();
        let request = request.get();
        if request.lines.is_empty() {
            quoted.set(Quoted::Nothing);
            return;
        }
        quoted.set(Quoted::Asking(request.clone()));
        leptos::task::spawn_local(async move {
            let answer = quote_order(request.clone()).await;
            // The page may have moved on; an answer to an older cart is dropped.
            quoted.try_update(|now| {
                if *now == Quoted::Asking(request.clone()) {
                    *now = Quoted::Answered(request, answer);
                }
            });
        });
    });
    let key = StoredValue::new(fresh_key());
    let place = Action::new(move |request: &OrderRequest| {
        let request = request.clone();
        let raw = key.get_value();
        async move {
            let key = IdempotencyKey::parse(&raw).ok_or_else(|| AppError::invalid(Field::Key))?;
            place_order(request, key).await
        }
    });
    Effect::new(move |_| match place.value().get() {
        Some(Ok(order)) => {
            cart::save(store_id, &[]);
            cart.set(Vec::new());
            key.set_value(fresh_key());
            navigate(&format!("/orders/{order}"), Default::default());
        }
        // A refusal made no order: the next attempt is a new one.
        Some(Err(AppError::Refused { .. })) => key.set_value(fresh_key()),
        _ => {}
    });
    let quote_error = move || match quoted.get() {
        Quoted::Answered(_, Err(error)) => Some(error),
        _ => None,
    };
    let coupon_refusal = Signal::derive(move || match quote_error() {
        Some(AppError::Refused {
            reason: reason @ DomainError::Coupon { .. },
        }) => Some(reason),
        _ => None,
    });
    let can_order = move || {
        let priced = matches!(
            quoted.get(),
            Quoted::Answered(ref asked, Ok(quote)) if *asked == request.get() && quote.short_of_minimum.is_none()
        );
        open && priced && !place.pending().get()
    };
    let home = customer.home.clone();
    view! {
        <section class="checkout" data-testid="checkout">
            <Transition>
                {move || {
                    let home = home.clone();
                    Suspend::new(async move {
                        let saved = profile.await.map(|p| p.addresses).unwrap_or_default();
                        view! { <AddressChoice home saved chosen=address /> }
                    })
                }}
            </Transition>
            <CouponField applied=coupon refusal=coupon_refusal />
            <KitchenNote note />
            {move || match quoted.get() {
                Quoted::Nothing => ().into_any(),
                Quoted::Asking(_) => view! { <p class="muted" aria-busy="true">{move || i18n.t(Msg::Quoting)}</p> }.into_any(),
                Quoted::Answered(_, Ok(quote)) => view! {
                    <Breakdown subtotal=quote.subtotal delivery_fee=quote.delivery_fee discount=quote.discount total=quote.total />
                    {quote.short_of_minimum.map(|amount| view! {
                        <p class="notice" role="status" data-testid="short-of-minimum">
                            {move || i18n.fill(Msg::AddMoreToOrder, &[&i18n.lang().money(amount)])}
                        </p>
                    })}
                }
                .into_any(),
                Quoted::Answered(_, Err(error)) => view! { <QuoteRefused error on_retry=move || asked.update(|n| *n += 1) /> }.into_any(),
            }}
            <button class="primary wide" disabled=move || !can_order() on:click=move |_| { place.dispatch(with_note(request.get_untracked(), &note.get_untracked())); }>
                {move || if place.pending().get() { i18n.t(Msg::Placing) } else { i18n.t(Msg::PlaceOrder) }}
            </button>
            {move || place.value().get().and_then(Result::err).map(|error| view! { <ErrorNote error /> })}
        </section>
    }
}

/// What the customer asks of the kitchen; optional, up to 200 characters.
#[component]
fn KitchenNote(note: RwSignal<String>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <label class="kitchen-note-field">
            {move || i18n.t(Msg::KitchenNote)}
            <textarea
                maxlength="200"
                rows="2"
                data-testid="kitchen-note"
                placeholder=move || i18n.t(Msg::KitchenNoteHint)
                prop:value=move || note.get()
                on:input=move |ev| note.set(event_target_value(&ev))
            ></textarea>
        </label>
    }
}

/// The request with the note on one line, or none when it is blank. The
/// note is left out of pricing, so typing it asks for no new quote.
fn with_note(request: OrderRequest, note: &str) -> OrderRequest {
    let note = one_line(note, domain::Reason::MAX_CHARS);
    OrderRequest {
        note: (!note.is_empty()).then_some(note),
        ..request
    }
}

/// Why the cart cannot be ordered as it is.
#[component]
fn QuoteRefused<Retry>(error: AppError, on_retry: Retry) -> impl IntoView
where
    Retry: Fn() + Send + Sync + 'static,
{
    let i18n = use_i18n();
    let refused = matches!(error, AppError::Refused { .. });
    view! {
        <div class="error" role="alert" data-testid="quote-refused">
            <p>{move || i18n.t(error_msg(&error))}</p>
            {(!refused).then(|| view! { <button class="link" on:click=move |_| on_retry()>{move || i18n.t(Msg::Retry)}</button> })}
        </div>
    }
}

fn fresh_key() -> String {
    #[cfg(feature = "hydrate")]
    {
        crate::browser::new_idempotency_key()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        String::from("server-rendered")
    }
}
