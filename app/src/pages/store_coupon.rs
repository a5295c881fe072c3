use domain::{Discount, Money, StoreId};
use leptos::prelude::*;

use crate::api::store::IssueCoupon;
use crate::components::layout::ErrorNote;
use crate::error::AppError;
use crate::i18n::{use_i18n, Msg};

/// Issues a coupon for one store, after a confirmation: issuing tells the
/// store's past customers and cannot be undone.
#[component]
pub fn CouponIssuer(store: StoreId) -> AnyView {
    let i18n = use_i18n();
    let open = RwSignal::new(false);
    let percent = RwSignal::new(true);
    let amount = RwSignal::new("10".to_owned());
    let min_order = RwSignal::new("15000".to_owned());
    let valid_days = RwSignal::new("7".to_owned());
    let quantity = RwSignal::new("100".to_owned());
    let confirming = RwSignal::new(false);
    let issue = ServerAction::<IssueCoupon>::new();
    let request = move || -> Result<IssueCoupon, AppError> {
        let number = |text: String, field: &'static str| {
            text.trim()
                .parse::<i64>()
                .map_err(|_| AppError::invalid(field))
        };
        let value = number(amount.get(), "discount")?;
        let discount = if percent.get() {
            let percent = u8::try_from(value).map_err(|_| AppError::invalid("discount"))?;
            Discount::Percent { percent }
        } else {
            let amount = Money::won(value).map_err(|_| AppError::invalid("discount"))?;
            Discount::Fixed { amount }
        };
        let min_order = Money::won(number(min_order.get(), "min_order")?)
            .map_err(|_| AppError::invalid("min_order"))?;
        let valid_days = u16::try_from(number(valid_days.get(), "expiry")?)
            .map_err(|_| AppError::invalid("expiry"))?;
        let quantity = u32::try_from(number(quantity.get(), "quantity")?)
            .map_err(|_| AppError::invalid("quantity"))?;
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
                    Ok(told) => view! {
                        <p class="notice success" role="status">{move || i18n.t(Msg::CouponSent)}" "{told}</p>
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
                    <div class="confirm" role="alertdialog">
                        <p>{move || i18n.t(Msg::ConfirmCoupon)}</p>
                        <div class="actions">
                            <button
                                class="primary"
                                on:click=move |_| {
                                    if let Ok(request) = request() {
                                        issue.dispatch(request);
                                    }
                                    confirming.set(false);
                                }
                            >
                                {move || i18n.t(Msg::YesIssue)}
                            </button>
                            <button class="secondary" on:click=move |_| confirming.set(false)>
                                {move || i18n.t(Msg::Back)}
                            </button>
                        </div>
                    </div>
                </Show>
            </div>
        </Show>
    }
    .into_any()
}
