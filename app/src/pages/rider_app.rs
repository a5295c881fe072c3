use domain::{Command, Coordinates, OrderStatus};
use leptos::prelude::*;
use leptos_meta::Link;

use crate::access::actor_for;
use crate::api::rider::{rider_board, SetDuty};
use crate::components::area_select::AreaSelect;
use crate::components::layout::{ErrorNote, Loading};
use crate::components::order_control::{CommandButton, ControlError, OrderControl};
use crate::components::order_parts::{OrderLines, StatusBadge};
use crate::i18n::{use_i18n, Msg};
use crate::live::use_live;
use crate::model::{Account, DeliveryBoard, DeliveryCard, Duty, Earnings};
use crate::AccountResource;

/// The rider's phone app: duty and position, deliveries ready nearby and
/// their own, earnings; updated live.
#[component]
pub fn RiderApp() -> impl IntoView {
    let i18n = use_i18n();
    let live = use_live();
    let account = expect_context::<AccountResource>();
    let set_duty = ServerAction::<SetDuty>::new();
    let board = Resource::new(
        move || (live.tick.get(), set_duty.version().get()),
        |_| rider_board(),
    );
    view! {
        <Link rel="manifest" href="/rider/manifest.webmanifest" />
        <div class="rider-app">
            <h1>{move || i18n.t(Msg::RiderApp)}</h1>
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    let rider = account.await.ok().flatten();
                    match (board.await, rider) {
                        (Ok(board), Some(rider)) => view! { <Board board rider set_duty /> }.into_any(),
                        (Err(error), _) => view! { <ErrorNote error /> }.into_any(),
                        (Ok(_), None) => view! { <ErrorNote error=crate::error::AppError::Unauthenticated /> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

#[component]
fn Board(board: DeliveryBoard, rider: Account, set_duty: ServerAction<SetDuty>) -> impl IntoView {
    let i18n = use_i18n();
    let no_mine = board.mine.is_empty();
    let no_offers = board.offered.is_empty();
    let on_duty = board.duty.on_duty;
    let radius = board.radius_m;
    let rider_for_mine = rider.clone();
    view! {
        <DutyPanel duty=board.duty set_duty />
        <EarningsPanel earnings=board.earnings />
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
            <p class="muted">{move || format!("{} {}", i18n.lang().distance(radius), i18n.t(Msg::WithinRadius))}</p>
            <Show when=move || no_offers>
                <p class="muted">
                    {move || if on_duty { i18n.t(Msg::NoOffered) } else { i18n.t(Msg::GoOnDutyForOffers) }}
                </p>
            </Show>
            <ul class="board" data-testid="offered-deliveries">
                {board.offered.into_iter().map(|card| view! { <Delivery card rider=rider.clone() /> }).collect_view()}
            </ul>
        </section>
    }
}

/// On and off duty. Going on duty asks the browser where the rider is; when
/// it cannot say, the rider picks an area. On duty, the position is sent
/// every few seconds.
#[component]
fn DutyPanel(duty: Duty, set_duty: ServerAction<SetDuty>) -> impl IntoView {
    let i18n = use_i18n();
    let choosing_area = RwSignal::new(false);
    let area = RwSignal::new(domain::AREAS[0].id.to_owned());
    let locating = RwSignal::new(false);
    let go_on_duty = move |_| {
        locating.set(true);
        leptos::task::spawn_local(async move {
            let position = here().await;
            locating.set(false);
            match position {
                Some(position) => {
                    set_duty.dispatch(SetDuty {
                        on_duty: true,
                        position: Some(position),
                        area: None,
                    });
                }
                None => choosing_area.set(true),
            }
        });
    };
    let start_in_area = move |_| {
        choosing_area.set(false);
        set_duty.dispatch(SetDuty {
            on_duty: true,
            position: None,
            area: Some(area.get_untracked()),
        });
    };
    let go_off_duty = move |_| {
        set_duty.dispatch(SetDuty {
            on_duty: false,
            position: None,
            area: None,
        });
    };
    if duty.on_duty {
        report_position_while_on_duty();
    }
    let busy = move || locating.get() || set_duty.pending().get();
    view! {
        <section class="card duty" data-testid="duty" data-on-duty=duty.on_duty.to_string()>
            {if duty.on_duty {
                view! {
                    <p class="duty-state on">{move || i18n.t(Msg::OnDuty)}</p>
                    <button class="secondary big" disabled=busy on:click=go_off_duty>{move || i18n.t(Msg::GoOffDuty)}</button>
                }
                .into_any()
            } else {
                view! {
                    <p class="duty-state">{move || i18n.t(Msg::OffDuty)}</p>
                    <button class="primary big" disabled=busy on:click=go_on_duty>{move || i18n.t(Msg::GoOnDuty)}</button>
                }
                .into_any()
            }}
            <Show when=move || choosing_area.get()>
                <div class="stack" role="group">
                    <p class="notice">{move || i18n.t(Msg::NoPositionChooseArea)}</p>
                    <AreaSelect name="area" value=area />
                    <button class="primary big" on:click=start_in_area>{move || i18n.t(Msg::StartInArea)}</button>
                </div>
            </Show>
            {move || set_duty.value().get().and_then(Result::err).map(|error| view! { <ErrorNote error /> })}
        </section>
    }
}

/// Where the browser is, if it says.
async fn here() -> Option<Coordinates> {
    #[cfg(feature = "hydrate")]
    {
        crate::browser::geo::current().await.ok()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        None
    }
}

/// Sends the browser's position every five seconds while this page is open
/// on duty; stops for good when the browser refuses to tell it.
fn report_position_while_on_duty() {
    #[cfg(feature = "hydrate")]
    {
        use crate::browser::geo::{current, NoPosition};
        let stopped = StoredValue::new(false);
        let handle = set_interval_with_handle(
            move || {
                if stopped.get_value() {
                    return;
                }
                leptos::task::spawn_local(async move {
                    match current().await {
                        Ok(position) => {
                            let _ = crate::api::rider::report_position(position).await;
                        }
                        Err(NoPosition::Denied) => stopped.set_value(true),
                        Err(NoPosition::Unavailable) => {}
                    }
                });
            },
            std::time::Duration::from_secs(5),
        );
        if let Ok(handle) = handle {
            on_cleanup(move || handle.clear());
        }
    }
}

#[component]
fn EarningsPanel(earnings: Earnings) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card earnings" data-testid="earnings">
            <h2>{move || i18n.t(Msg::Earnings)}</h2>
            <dl>
                <dt>{move || i18n.t(Msg::Today)}</dt>
                <dd data-testid="earnings-today">
                    {move || format!("{} · {} {}", i18n.lang().money(earnings.today_fees), earnings.today_deliveries, i18n.t(Msg::DeliveriesCount))}
                </dd>
                <dt>{move || i18n.t(Msg::ThisWeek)}</dt>
                <dd data-testid="earnings-week">
                    {move || format!("{} · {} {}", i18n.lang().money(earnings.week_fees), earnings.week_deliveries, i18n.t(Msg::DeliveriesCount))}
                </dd>
            </dl>
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
    let fee = card.fee;
    let store = card.view.store_place.clone();
    let store_name = card.view.store_name.clone();
    let customer = order.delivery.clone();
    let details = card.contacts.clone().map(|contacts| {
        let store_map = map_link(&store_name, store.location);
        let customer_map = map_link(&card.view.customer_name, customer.location());
        view! {
            <div class="delivery-details" data-testid="delivery-details">
                <p>
                    <strong>{move || i18n.t(Msg::Store)}": "</strong>{store.address.clone()}" "
                    <a href=store_map target="_blank" rel="noopener">{move || i18n.t(Msg::OpenMap)}</a>
                    {contacts.store_phone.map(|phone| view! { " " <a class="phone" href=format!("tel:{phone}")>{phone.clone()}</a> })}
                </p>
                <p>
                    <strong>{card.view.customer_name.clone()}": "</strong>{customer.address().to_owned()}" "
                    <a href=customer_map target="_blank" rel="noopener">{move || i18n.t(Msg::OpenMap)}</a>
                    {contacts.customer_phone.map(|phone| view! { " " <a class="phone" href=format!("tel:{phone}")>{phone.clone()}</a> })}
                </p>
                <h3>{move || i18n.t(Msg::CheckAtPickup)}</h3>
                <OrderLines order=order.clone() />
            </div>
        }
    });
    view! {
        <li class="card order-card" data-testid=format!("order-{}", card.view.order.id)>
            <header class="order-head">
                <strong>"#"{card.view.order.id.get()}" · "{card.view.store_name.clone()}</strong>
                <StatusBadge status />
            </header>
            <p class="muted">{card.view.store_place.address.clone()}" → "{card.view.order.delivery.address().to_owned()}</p>
            <p class="distances">
                {move || to_store.map(|m| format!("{} {} · ", i18n.lang().distance(m), i18n.t(Msg::ToStore)))}
                {move || format!("{} {} · ", i18n.lang().distance(to_customer), i18n.t(Msg::StoreToCustomer))}
                <strong data-testid="fee">{move || i18n.lang().money(fee)}</strong>
            </p>
            {details}
            <ControlError control />
            <div class="actions">
                {move || {
                    let (command, label) = match status.get() {
                        OrderStatus::ReadyForPickup => (Command::Claim, Msg::Claim),
                        OrderStatus::RiderAssigned => (Command::PickUp, Msg::PickedUp),
                        OrderStatus::PickedUp => (Command::Deliver, Msg::Delivered),
                        _ => return ().into_any(),
                    };
                    view! { <CommandButton control command label=Signal::derive(move || i18n.t(label).to_owned()) class="primary big" /> }.into_any()
                }}
            </div>
        </li>
    }
}

/// A link that opens a place in KakaoMap (the app on a phone, the site elsewhere).
fn map_link(name: &str, at: Coordinates) -> String {
    let name: String = name
        .chars()
        .filter(|c| !matches!(c, ',' | '/' | '?' | '#' | '&'))
        .collect();
    format!(
        "https://map.kakao.com/link/to/{name},{},{}",
        at.lat(),
        at.lon()
    )
}
