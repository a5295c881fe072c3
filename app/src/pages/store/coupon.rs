use std::collections::HashMap;

use domain::{Discount, Money, StoreId};
use leptos::prelude::*;

use crate::api::store::IssueCoupon;
use crate::components::confirm::Confirm;
use crate::components::layout::ErrorNote;
use crate::error::{AppError, Field};
use crate::i18n::{use_i18n, Msg};

/// What the owner has put in a store's coupon form. It outlives the form,
/// which is drawn again each time the figures around it refresh.
#[derive(Clone)]
struct CouponDraft {
    open: ArcRwSignal<bool>,
    percent: ArcRwSignal<bool>,
    amount: ArcRwSignal<String>,
    min_order: ArcRwSignal<String>,
    valid_days: ArcRwSignal<String>,
    quantity: ArcRwSignal<String>,
    confirming: ArcRwSignal<bool>,
}

impl Default for CouponDraft {
    fn default() -> Self {
        Self {
            open: ArcRwSignal::new(false),
            percent: ArcRwSignal::new(true),
            amount: ArcRwSignal::new("10".to_owned()),
            min_order: ArcRwSignal::new("15000".to_owned()),
            valid_days: ArcRwSignal::new("7".to_owned()),
            quantity: ArcRwSignal::new("100".to_owned()),
            confirming: ArcRwSignal::new(false),
        }
    }
}

/// The coupon forms of the owner's stores, kept for as long as the store
/// app is open.
#[derive(Clone, Copy)]
pub struct CouponDrafts(StoredValue<HashMap<StoreId, CouponDraft>>);

impl CouponDrafts {
    pub fn provide() {
        provide_context(CouponDrafts(StoredValue::new(HashMap::new())));
    }

    fn of(self, store: StoreId) -> CouponDraft {
        self.0
            .try_update_value(|drafts| drafts.entry(store).or_default().clone())
            .unwrap_or_default()
    }
}

/// Issues a coupon for one store, after a confirmation: issuing tells the
/// store's past customers and cannot be undone.
#[component]
pub fn CouponIssuer(store: StoreId) -> AnyView {
    let i18n = use_i18n();
    let draft = use_context::<CouponDrafts>()
        .map(|drafts| drafts.of(store))
        .unwrap_or_default();
    let open = RwSignal::from(draft.open);
    let percent = RwSignal::from(draft.percent);
    let amount = RwSignal::from(draft.amount);
    let min_order = RwSignal::from(draft.min_order);
    let valid_days = RwSignal::from(draft.valid_days);
    let quantity = RwSignal::from(draft.quantity);
    let confirming = RwSignal::from(draft.confirming);
    let issue = ServerAction::<IssueCoupon>::new();
    let request = move || -> Result<IssueCoupon, AppError> {
        let number = |text: String, field: Field| {
            text.trim()
                .parse::<i64>()
                .map_err(|_| AppError::invalid(field))
        };
        let value = number(amount.get(), Field::Discount)?;
        let discount = if percent.get() {
            let percent = u8::try_from(value).map_err(|_| AppError::invalid(Field::Discount))?;
            Discount::Percent { percent }
        } else {
            let amount = Money::won(value).map_err(|_| AppError::invalid(Field::Discount))?;
            Discount::Fixed { amount }
        };
        let min_order = Money::won(number(min_order.get(), Field::MinOrder)?)
            .map_err(|_| AppError::invalid(Field::MinOrder))?;
        let valid_days = u16::try_from(number(valid_days.get(), Field::Expiry)?)
            .map_err(|_| AppError::invalid(Field::Expiry))?;
        let quantity = u32::try_from(number(quantity.get(), Field::Quantity)?)
            .map_err(|_| AppError::invalid(Field::Quantity))?;
        Ok(IssueCoupon {
            store,
            discount,
            min_order,
            valid_days,
            quantity,
        })
    };
    let input_error = RwSignal::new(None::<AppError>);
    let field = move |label: Msg, value: RwSignal<String>, testid: &'static str| {
        view! {
            <label>
                {move || i18n.t(label)}
                <input
                    inputmode="numeric"
                    data-testid=testid
                    prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev))
                />
            </label>
        }
    };
    view! {
        <Show
            when=move || open.get()
            fallback=move || {
                view! {
                    <button class="secondary" on:click=move |_| open.set(true)>
                        {move || i18n.t(Msg::IssueCoupon)}
                    </button>
                }
            }
        >
            <div class="coupon-form" data-testid=format!("coupon-form-{store}")>
                <div class="chips" role="group">
                    <button class="chip" aria-pressed=move || percent.get().to_string() on:click=move |_| percent.set(true)>
                        {move || i18n.t(Msg::CouponPercent)}
                    </button>
                    <button class="chip" aria-pressed=move || (!percent.get()).to_string() on:click=move |_| percent.set(false)>
                        {move || i18n.t(Msg::CouponFixed)}
                    </button>
                </div>
                {field(Msg::CouponDiscount, amount, "coupon-discount")}
                {field(Msg::MinOrder, min_order, "coupon-min-order")}
                {field(Msg::ValidDays, valid_days, "coupon-days")}
                {field(Msg::CouponQuantity, quantity, "coupon-quantity")}
                {move || input_error.get().map(|error| view! { <ErrorNote error /> })}
                {move || issue.value().get().map(|outcome| match outcome {
                    Ok(issued) => view! {
                        <p class="notice success" role="status">{move || i18n.t(Msg::CouponSent)}" "{issued.notified}" · "<strong data-testid="coupon-code">{issued.code}</strong></p>
                    }.into_any(),
                    Err(error) => view! { <ErrorNote error /> }.into_any(),
                })}
                <Show
                    when=move || confirming.get()
                    fallback=move || {
                        view! {
                            <button
                                class="primary"
                                disabled=move || issue.pending().get()
                                on:click=move |_| match request() {
                                    Ok(_) => {
                                        input_error.set(None);
                                        confirming.set(true);
                                    }
                                    Err(error) => input_error.set(Some(error)),
                                }
                            >
                                {move || i18n.t(Msg::IssueCoupon)}
                            </button>
                        }
                    }
                >
                    <Confirm
                        label=Msg::IssueCoupon
                        question=Msg::ConfirmCoupon
                        yes=Msg::YesIssue
                        no=Msg::Back
                        yes_class="primary"
                        on_yes=move || {
                            if let Ok(request) = request() {
                                issue.dispatch(request);
                            }
                            confirming.set(false);
                        }
                        on_no=move || confirming.set(false)
                    />
                </Show>
            </div>
        </Show>
    }
    .into_any()
}
