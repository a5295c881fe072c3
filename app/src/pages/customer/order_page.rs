use domain::{Command, OrderId, OrderStatus};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::access::actor_for;
use crate::api::orders::get_order;
use crate::components::breakdown::Breakdown;
use crate::components::confirm::Confirm;
use crate::components::layout::{ErrorNote, Loading};
use crate::components::order_control::{CommandButton, ControlError, OrderControl};
use crate::components::order_parts::{clock_time, OrderLines, StatusBadge, Timeline};
use crate::components::rider_map::RiderMap;
use crate::error::AppError;
use crate::i18n::{refusal_msg, use_i18n, Msg};
use crate::live::use_live;
use crate::model::OrderView;
use crate::pages::customer::compensation::Compensation;
use crate::pages::customer::payment_notice::{payment_retry, PaymentNotice, PaymentRetry};
use crate::pages::customer::review_form::{ReviewDraft, ReviewForm};
use crate::pages::customer::store_reviews::ReviewItem;
use crate::AccountResource;

/// One order as its customer follows it, updated live.
#[component]
pub fn OrderPage() -> impl IntoView {
    let params = use_params_map();
    let live = use_live();
    let account = expect_context::<AccountResource>();
    let order_id = move || {
        params
            .read()
            .get("id")
            .and_then(|raw| raw.parse::<i64>().ok())
            .and_then(|raw| OrderId::parse(raw).ok())
    };
    // Bumped when this page itself changed the order (a retried payment, a
    // review), so the page shows the server's view of it.
    let reload = RwSignal::new(0_u32);
    let retry = payment_retry(reload);
    let review_draft = ReviewDraft::new(move || reload.update(|n| *n += 1));
    let order = Resource::new(
        move || (order_id(), live.tick.get(), reload.get()),
        |(id, _, _)| async move {
            match id {
                Some(id) => get_order(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                let viewer = account.await.ok().flatten();
                match (order.await, viewer) {
                    (Ok(view), Some(viewer)) => {
                        let control = OrderControl::new(view.order.clone(), actor_for(&viewer, &view.order));
                        view! { <OrderDetail view control retry review_draft /> }.into_any()
                    }
                    (Err(error), _) => view! { <ErrorNote error /> }.into_any(),
                    (Ok(_), None) => view! { <ErrorNote error=AppError::Unauthenticated /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn OrderDetail(
    view: OrderView,
    control: OrderControl,
    retry: PaymentRetry,
    review_draft: ReviewDraft,
) -> impl IntoView {
    let i18n = use_i18n();
    let status = Signal::derive(move || control.order.get().status);
    let ready_at = move || control.order.get().ready_at;
    let reject_reason = move || control.order.get().reject_reason;
    let rider = view.rider_name.clone();
    let order_id = view.order.id;
    let store = view.store_place.location;
    let customer = view.order.delivery.location();
    let busy_payment = view.payment.filter(|payment| payment.busy);
    let had_coupon = view.order.coupon.is_some();
    let review = view.review.clone();
    let order = view.order.clone();
    view! {
        <article class="card order" data-testid="order-detail" data-order=view.order.id.get()>
            <header class="order-head">
                <h1>{move || i18n.t(Msg::Order)}" #"{view.order.id.get()}" · "{view.store_name.clone()}</h1>
                <StatusBadge status />
            </header>
            {move || ready_at().filter(|_| matches!(status.get(), OrderStatus::Accepted | OrderStatus::Cooking)).map(|at| {
                view! { <p>{move || i18n.t(Msg::ReadyBy)}": "<time>{clock_time(at)}</time></p> }
            })}
            {move || reject_reason().map(|reason| {
                view! { <p class="notice">{move || i18n.t(Msg::RejectedBecause)}" "<q>{reason.as_str().to_owned()}</q></p> }
            })}
            {rider.map(|name| view! { <p>{move || i18n.t(Msg::Rider)}": "{name}</p> })}
            <Show when=move || status.get() == OrderStatus::PickedUp>
                <RiderMap order=order_id store=store customer=customer />
            </Show>
            <Show when=move || status.get() == OrderStatus::Completed>
                <p class="notice success">{move || i18n.t(Msg::ThankYou)}</p>
            </Show>
            {move || busy_payment.filter(|_| status.get() == OrderStatus::PendingPayment).map(|payment| {
                view! { <PaymentNotice order=order_id payment retry /> }
            })}
            <Compensation status payment=view.payment had_coupon />
            <ControlError control />
            <CustomerActions control />
            <h2>{move || i18n.t(Msg::Items)}</h2>
            <OrderLines order=view.order.clone() without_total=true />
            <Breakdown subtotal=order.subtotal delivery_fee=order.delivery_fee discount=order.discount total=order.total />
            <p class="muted">{move || i18n.t(Msg::DeliverTo)}": "{view.order.delivery.address().to_owned()}</p>
            <h2>{move || i18n.t(Msg::History)}</h2>
            <Timeline entries=view.timeline />
        </article>
        {match review {
            Some(review) => view! {
                <section class="your-review" data-testid="your-review">
                    <h2>{move || i18n.t(Msg::YourReview)}</h2>
                    <ul><ReviewItem review /></ul>
                </section>
            }
            .into_any(),
            None => view! {
                <Show when=move || status.get() == OrderStatus::Completed>
                    <ReviewForm order=order_id draft=review_draft />
                </Show>
            }
            .into_any(),
        }}
    }
}

/// Cancel (confirmed first, and explained when no longer possible) and
/// confirm receipt.
#[component]
fn CustomerActions(control: OrderControl) -> impl IntoView {
    let i18n = use_i18n();
    let confirming = RwSignal::new(false);
    let status = move || control.order.get().status;
    let cancellable = move || control.check(&Command::Cancel);
    let cancel_relevant = move || !status().is_terminal() && status() != OrderStatus::Delivered;
    view! {
        <div class="actions">
            <Show when=move || status() == OrderStatus::Delivered>
                <CommandButton
                    control
                    command=Command::ConfirmReceipt
                    label=Signal::derive(move || i18n.t(Msg::ConfirmReceipt).to_owned())
                />
            </Show>
            <Show when=move || cancel_relevant() && !confirming.get()>
                <button
                    class="danger"
                    disabled=move || cancellable().is_err() || control.busy.get()
                    on:click=move |_| confirming.set(true)
                >
                    {move || i18n.t(Msg::CancelOrder)}
                </button>
                {move || cancellable().err().map(|reason| {
                    view! { <p class="muted" data-testid="cancel-unavailable">{move || i18n.t(refusal_msg(&reason))}</p> }
                })}
            </Show>
            <Show when=move || confirming.get() && cancel_relevant()>
                <Confirm
                    label=Msg::CancelOrder
                    question=Msg::ConfirmCancel
                    yes=Msg::YesCancel
                    no=Msg::Keep
                    yes_class="danger"
                    on_yes=move || {
                        confirming.set(false);
                        control.run(Command::Cancel);
                    }
                    on_no=move || confirming.set(false)
                />
            </Show>
        </div>
    }
}
