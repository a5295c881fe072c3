//! Fixtures shared by the lifecycle tests.
#![allow(dead_code)]

use domain::*;

pub fn customer() -> AccountId {
    AccountId::parse(1).unwrap()
}
pub fn other_customer() -> AccountId {
    AccountId::parse(2).unwrap()
}
pub fn store() -> StoreId {
    StoreId::parse(10).unwrap()
}
pub fn other_store() -> StoreId {
    StoreId::parse(11).unwrap()
}
pub fn rider() -> AccountId {
    AccountId::parse(20).unwrap()
}
pub fn other_rider() -> AccountId {
    AccountId::parse(21).unwrap()
}

pub fn at(minute: i64) -> Timestamp {
    Timestamp::from_millis(1_800_000_000_000 + minute * 60_000)
}

pub fn placed_event() -> OrderEvent {
    let line = OrderLine {
        item: MenuItemId::parse(100).unwrap(),
        name: "김치찌개".into(),
        unit_price: Money::won(9_000).unwrap(),
        quantity: Quantity::parse(2).unwrap(),
        options: vec![],
    };
    OrderDraft {
        customer: customer(),
        store: store(),
        lines: vec![line],
        delivery: Delivery::parse(
            "서울 마포구 와우산로 94",
            Coordinates::parse(37.55, 126.92).unwrap(),
        )
        .unwrap(),
        delivery_fee: Money::won(3_000).unwrap(),
        min_order: Money::won(12_000).unwrap(),
        coupon: None,
        note: None,
    }
    .place(at(0))
    .unwrap()
}

pub fn new_order() -> Order {
    replay(OrderId::parse(1).unwrap(), &[placed_event()]).unwrap()
}

/// An order forced into `status`, with a rider once one would be assigned.
pub fn order_in(status: OrderStatus) -> Order {
    let mut order = new_order();
    order.status = status;
    if matches!(
        status,
        OrderStatus::RiderAssigned
            | OrderStatus::PickedUp
            | OrderStatus::Delivered
            | OrderStatus::Completed
    ) {
        order.rider = Some(rider());
    }
    order
}

pub fn every_command() -> Vec<Command> {
    vec![
        Command::AuthorizePayment,
        Command::FailPayment,
        Command::ExpirePayment,
        Command::Accept {
            prep_minutes: PrepMinutes::parse(20).unwrap(),
        },
        Command::Reject {
            reason: Reason::parse("재료 소진").unwrap(),
        },
        Command::StartCooking,
        Command::FinishCooking,
        Command::Delay {
            minutes: PrepMinutes::parse(10).unwrap(),
        },
        Command::Cancel,
        Command::Claim,
        Command::PickUp,
        Command::Deliver,
        Command::ConfirmReceipt,
        Command::AutoComplete,
    ]
}

/// The one actor entitled to issue `command` on an order made by `order_in`.
pub fn rightful_actor(command: &Command) -> Actor {
    match command.kind() {
        CommandKind::AuthorizePayment
        | CommandKind::FailPayment
        | CommandKind::ExpirePayment
        | CommandKind::AutoComplete => Actor::System,
        CommandKind::Accept
        | CommandKind::Reject
        | CommandKind::StartCooking
        | CommandKind::FinishCooking
        | CommandKind::Delay => Actor::Store(store()),
        CommandKind::Cancel | CommandKind::ConfirmReceipt => Actor::Customer(customer()),
        CommandKind::Claim | CommandKind::PickUp | CommandKind::Deliver => Actor::Rider(rider()),
    }
}
