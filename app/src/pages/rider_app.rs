use domain::{Command, OrderStatus};
use leptos::prelude::*;

use crate::access::actor_for;
use crate::api::rider::rider_board;
use crate::components::layout::{ErrorNote, Loading};
use crate::components::order_control::{CommandButton, ControlError, OrderControl};
use crate::components::order_parts::StatusBadge;
use crate::i18n::{use_i18n, Msg};
use crate::live::use_live;
use crate::model::{Account, DeliveryBoard, DeliveryCard};
use crate::AccountResource;

/// The rider's board: deliveries ready nearby and their own, updated live.
#[component]
pub fn RiderApp() -> impl IntoView {
    let i18n = use_i18n();
    let live = use_live();
    let account = expect_context::<AccountResource>();
    let board = Resource::new(move || live.tick.get(), |_| rider_board());
    view! {
        <h1>{move || i18n.t(Msg::RiderApp)}</h1>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                let rider = account.await.ok().flatten();
                match (board.await, rider) {
                    (Ok(board), Some(rider)) => view! { <Board board rider /> }.into_any(),
                    (Err(error), _) => view! { <ErrorNote error /> }.into_any(),
                    (Ok(_), None) => view! { <ErrorNote error=crate::error::AppError::Unauthenticated /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Board(board: DeliveryBoard, rider: Account) -> impl IntoView {
    let i18n = use_i18n();
    let no_mine = board.mine.is_empty();
    let no_offers = board.offered.is_empty();
    let rider_for_mine = rider.clone();
    view! {
        <section aria-labelledby="mine">
            <h2 id="mine">{move || i18n.t(Msg::MyDeliveries)}</h2>
            <Show when=move || no_mine>
                <p class="muted">{move || i18n.t(Msg::NoMyDeliveries)}</p>
            </Show>
            <ul class="board" data-testid="my-deliveries">
                {board.mine.into_iter().map(|card| view! { <Delivery card rider=rider_for_mine.clone() /> }).collect_view()}
            </ul>
        </section>
        <section aria-labelledby="offered">
            <h2 id="offered">{move || i18n.t(Msg::Offered)}</h2>
            <Show when=move || no_offers>
                <p class="muted">{move || i18n.t(Msg::NoOffered)}</p>
            </Show>
            <ul class="board" data-testid="offered-deliveries">
                {board.offered.into_iter().map(|card| view! { <Delivery card rider=rider.clone() /> }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn Delivery(card: DeliveryCard, rider: Account) -> impl IntoView {
    let i18n = use_i18n();
    let order = card.view.order.clone();
    let control = OrderControl::new(order.clone(), actor_for(&rider, &order));
    let status = Signal::derive(move || control.order.get().status);
    let to_store = card.to_store_m;
    let to_customer = card.store_to_customer_m;
    view! {
        <li class="card order-card" data-testid=format!("order-{}", order.id)>
            <header class="order-head">
                <strong>"#"{order.id.get()}" · "{card.view.store_name.clone()}</strong>
                <StatusBadge status />
            </header>
            <p class="muted">{card.view.store_place.address.clone()}" → "{order.delivery.address().to_owned()}</p>
            <p class="distances">
                {move || to_store.map(|m| format!("{} {} · ", i18n.lang().distance(m), i18n.t(Msg::ToStore)))}
                {move || format!("{} {}", i18n.lang().distance(to_customer), i18n.t(Msg::StoreToCustomer))}
            </p>
            <ControlError control />
            <div class="actions">
                {move || {
                    let (command, label) = match status.get() {
                        OrderStatus::ReadyForPickup => (Command::Claim, Msg::Claim),
                        OrderStatus::RiderAssigned => (Command::PickUp, Msg::PickedUp),
                        OrderStatus::PickedUp => (Command::Deliver, Msg::Delivered),
                        _ => return ().into_any(),
                    };
                    view! { <CommandButton control command label=Signal::derive(move || i18n.t(label).to_owned()) /> }.into_any()
                }}
            </div>
        </li>
    }
}
