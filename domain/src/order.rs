use serde::{Deserialize, Serialize};

use crate::{
    AccountId, Actor, ChosenOption, Command, CommandKind, Coordinates, CouponId, DomainError,
    EventKind, MenuItemId, Money, OrderEvent, OrderId, OrderStatus, Quantity, Reason, StoreId,
    Timestamp,
};

/// The most different dishes one order may hold.
pub const MAX_LINES: usize = 50;

/// One dish of an order, priced from the store's menu at the time of ordering.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderLine {
    /// The dish.
    pub item: MenuItemId,
    /// The dish's name when ordered.
    pub name: String,
    /// The price of one with its options, from the menu.
    pub unit_price: Money,
    /// How many.
    pub quantity: Quantity,
    /// The options chosen, priced when ordered.
    #[serde(default)]
    pub options: Vec<ChosenOption>,
}

/// A coupon applied to an order, with what it takes off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppliedCoupon {
    pub id: CouponId,
    pub discount: Money,
}

/// Where the food goes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Delivery {
    address: String,
    location: Coordinates,
}

impl Delivery {
    /// The longest address, in characters.
    pub const MAX_ADDRESS_CHARS: usize = 200;

    /// Parses a delivery address and its position.
    pub fn parse(address: &str, location: Coordinates) -> Result<Self, DomainError> {
        let address = address.trim();
        let length = address.chars().count();
        if length == 0 || length > Self::MAX_ADDRESS_CHARS {
            return Err(DomainError::InvalidAddress);
        }
        Ok(Self {
            address: address.to_owned(),
            location,
        })
    }

    /// The street address.
    pub fn address(&self) -> &str {
        &self.address
    }

    /// Its position.
    pub fn location(&self) -> Coordinates {
        self.location
    }
}

/// What a customer asks for, with prices already taken from the menu by the
/// caller (never from the client).
#[derive(Debug, Clone, PartialEq)]
pub struct OrderDraft {
    /// Who orders.
    pub customer: AccountId,
    /// From which store.
    pub store: StoreId,
    /// The dishes.
    pub lines: Vec<OrderLine>,
    /// Where to.
    pub delivery: Delivery,
    /// The store's delivery fee.
    pub delivery_fee: Money,
    /// The smallest sum of dishes the store delivers.
    pub min_order: Money,
    /// A coupon, already checked against the subtotal.
    pub coupon: Option<AppliedCoupon>,
    /// What the customer asks of the kitchen.
    pub note: Option<Reason>,
}

/// A validated, priced order, as recorded by the `placed` event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlacedOrder {
    /// Who ordered.
    pub customer: AccountId,
    /// From which store.
    pub store: StoreId,
    /// The dishes.
    pub lines: Vec<OrderLine>,
    /// What the customer pays: subtotal plus delivery fee less discount.
    pub total: Money,
    /// Where to.
    pub delivery: Delivery,
    /// The sum of the lines.
    #[serde(default)]
    pub subtotal: Money,
    #[serde(default)]
    pub delivery_fee: Money,
    /// What a coupon took off.
    #[serde(default)]
    pub discount: Money,
    #[serde(default)]
    pub coupon: Option<CouponId>,
    /// What the customer asks of the kitchen.
    #[serde(default)]
    pub note: Option<Reason>,
}

/// The sum of an order's lines.
pub fn subtotal(lines: &[OrderLine]) -> Result<Money, DomainError> {
    lines.iter().try_fold(Money::ZERO, |sum, line| {
        sum.plus(line.unit_price.times(line.quantity)?)
    })
}

/// What an order comes to before it is placed: the breakdown checkout shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pricing {
    /// The dishes.
    pub subtotal: Money,
    pub delivery_fee: Money,
    pub discount: Money,
    /// What the customer pays.
    pub total: Money,
    /// How much more the dishes must come to for the store's minimum; none
    /// when it is met. A cart below the minimum is priced all the same.
    pub short_of_minimum: Option<Money>,
}

impl OrderDraft {
    /// Prices the draft: at least one and at most [`MAX_LINES`] lines, a
    /// total within [`Money::MAX`], a discount of at most the subtotal.
    pub fn price(&self) -> Result<Pricing, DomainError> {
        if self.lines.is_empty() {
            return Err(DomainError::EmptyOrder);
        }
        if self.lines.len() > MAX_LINES {
            return Err(DomainError::TooManyLines);
        }
        let subtotal = subtotal(&self.lines)?;
        let discount = self.coupon.map_or(Money::ZERO, |coupon| coupon.discount);
        if discount > subtotal {
            return Err(DomainError::InvalidMoney);
        }
        let total = Money::won(subtotal.plus(self.delivery_fee)?.get() - discount.get())?;
        let short_of_minimum =
            (subtotal < self.min_order).then(|| Money::won(self.min_order.get() - subtotal.get()));
        Ok(Pricing {
            subtotal,
            delivery_fee: self.delivery_fee,
            discount,
            total,
            short_of_minimum: short_of_minimum.transpose()?,
        })
    }

    /// Checks the draft and prices it as [`OrderDraft::price`] does, and
    /// refuses a subtotal below the store's minimum.
    pub fn place(self, now: Timestamp) -> Result<OrderEvent, DomainError> {
        let pricing = self.price()?;
        if pricing.short_of_minimum.is_some() {
            return Err(DomainError::BelowMinimumOrder {
                minimum: self.min_order,
            });
        }
        let placed = PlacedOrder {
            customer: self.customer,
            store: self.store,
            lines: self.lines,
            total: pricing.total,
            delivery: self.delivery,
            subtotal: pricing.subtotal,
            delivery_fee: self.delivery_fee,
            discount: pricing.discount,
            coupon: self.coupon.map(|coupon| coupon.id),
            note: self.note,
        };
        Ok(OrderEvent {
            at: now,
            kind: EventKind::Placed(placed),
        })
    }
}

/// An order as its event log makes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Order {
    /// Its id.
    pub id: OrderId,
    /// Who ordered.
    pub customer: AccountId,
    /// From which store.
    pub store: StoreId,
    /// The rider who claimed it, once claimed.
    pub rider: Option<AccountId>,
    /// Where it is in its life.
    pub status: OrderStatus,
    /// The dishes.
    pub lines: Vec<OrderLine>,
    /// What the customer pays.
    pub total: Money,
    /// The sum of the dishes.
    #[serde(default)]
    pub subtotal: Money,
    #[serde(default)]
    pub delivery_fee: Money,
    /// What a coupon took off.
    #[serde(default)]
    pub discount: Money,
    /// The coupon used, if any.
    #[serde(default)]
    pub coupon: Option<CouponId>,
    /// What the customer asks of the kitchen.
    #[serde(default)]
    pub note: Option<Reason>,
    /// Where to.
    pub delivery: Delivery,
    /// When it was placed.
    pub placed_at: Timestamp,
    /// When it last changed.
    pub updated_at: Timestamp,
    /// The store's current estimate of when the food is ready.
    pub ready_at: Option<Timestamp>,
    /// Why the store rejected it, if it did.
    pub reject_reason: Option<Reason>,
}

impl Order {
    /// The order as its `placed` event creates it.
    pub fn placed(id: OrderId, placed: PlacedOrder, at: Timestamp) -> Order {
        Order {
            id,
            customer: placed.customer,
            store: placed.store,
            rider: None,
            status: OrderStatus::PendingPayment,
            lines: placed.lines,
            total: placed.total,
            subtotal: placed.subtotal,
            delivery_fee: placed.delivery_fee,
            discount: placed.discount,
            coupon: placed.coupon,
            note: placed.note,
            delivery: placed.delivery,
            placed_at: at,
            updated_at: at,
            ready_at: None,
            reject_reason: None,
        }
    }

    /// The order after `event`. Total: every event has a meaning in every
    /// state, because [`decide`] only emits events that fit.
    pub fn apply(mut self, event: &OrderEvent) -> Order {
        self.updated_at = event.at;
        match &event.kind {
            EventKind::Placed(placed) => return Order::placed(self.id, placed.clone(), event.at),
            EventKind::PaymentAuthorized => self.status = OrderStatus::Paid,
            EventKind::PaymentFailed => {}
            EventKind::PaymentExpired | EventKind::Cancelled => {
                self.status = OrderStatus::Cancelled
            }
            EventKind::Accepted { prep_minutes } => {
                self.status = OrderStatus::Accepted;
                self.ready_at = Some(event.at.plus_minutes(prep_minutes.get()));
            }
            EventKind::Rejected { reason } => {
                self.status = OrderStatus::Rejected;
                self.reject_reason = Some(reason.clone());
            }
            EventKind::CookingStarted => self.status = OrderStatus::Cooking,
            EventKind::CookingFinished => self.status = OrderStatus::ReadyForPickup,
            EventKind::Delayed { minutes } => {
                self.ready_at = Some(event.at.plus_minutes(minutes.get()))
            }
            EventKind::RiderAssigned { rider } => {
                self.status = OrderStatus::RiderAssigned;
                self.rider = Some(*rider);
            }
            EventKind::PickedUp => self.status = OrderStatus::PickedUp,
            EventKind::Delivered => self.status = OrderStatus::Delivered,
            EventKind::ReceiptConfirmed | EventKind::AutoCompleted => {
                self.status = OrderStatus::Completed
            }
        }
        self
    }
}

/// Rebuilds an order from its log; `None` unless the log starts with `placed`.
pub fn replay(id: OrderId, events: &[OrderEvent]) -> Option<Order> {
    let (first, rest) = events.split_first()?;
    let EventKind::Placed(placed) = &first.kind else {
        return None;
    };
    let order = Order::placed(id, placed.clone(), first.at);
    Some(rest.iter().fold(order, Order::apply))
}

/// Decides whether `actor` may apply `command` to `order` now, and if so what
/// happens. Who is asking is checked before the state, so a stranger learns
/// nothing about an order that is not theirs.
pub fn decide(
    order: &Order,
    command: &Command,
    actor: Actor,
    now: Timestamp,
) -> Result<OrderEvent, DomainError> {
    authorise(order, command.kind(), actor)?;
    let kind = transition(order, command, actor)?;
    Ok(OrderEvent { at: now, kind })
}

fn authorise(order: &Order, command: CommandKind, actor: Actor) -> Result<(), DomainError> {
    let permitted = match command {
        CommandKind::AuthorizePayment
        | CommandKind::FailPayment
        | CommandKind::ExpirePayment
        | CommandKind::AutoComplete => actor == Actor::System,
        CommandKind::Accept
        | CommandKind::Reject
        | CommandKind::StartCooking
        | CommandKind::FinishCooking
        | CommandKind::Delay => actor == Actor::Store(order.store),
        CommandKind::Cancel | CommandKind::ConfirmReceipt => {
            actor == Actor::Customer(order.customer)
        }
        CommandKind::Claim => matches!(actor, Actor::Rider(_)),
        CommandKind::PickUp | CommandKind::Deliver => {
            matches!((actor, order.rider), (Actor::Rider(me), Some(rider)) if me == rider)
        }
    };
    if permitted {
        Ok(())
    } else {
        Err(DomainError::NotPermitted { command })
    }
}

fn refusal(command: CommandKind, status: OrderStatus) -> DomainError {
    if status.is_terminal() {
        DomainError::OrderClosed { status }
    } else {
        DomainError::NotAllowedNow { command, status }
    }
}

fn transition(order: &Order, command: &Command, actor: Actor) -> Result<EventKind, DomainError> {
    use OrderStatus::*;
    let status = order.status;
    let refuse = || Err(refusal(command.kind(), status));
    match command {
        Command::AuthorizePayment => match status {
            PendingPayment => Ok(EventKind::PaymentAuthorized),
            Paid | Accepted | Rejected | Cooking | ReadyForPickup | RiderAssigned | PickedUp
            | Delivered | Completed | Cancelled => refuse(),
        },
        Command::FailPayment => match status {
            PendingPayment => Ok(EventKind::PaymentFailed),
            Paid | Accepted | Rejected | Cooking | ReadyForPickup | RiderAssigned | PickedUp
            | Delivered | Completed | Cancelled => refuse(),
        },
        Command::ExpirePayment => match status {
            PendingPayment => Ok(EventKind::PaymentExpired),
            Paid | Accepted | Rejected | Cooking | ReadyForPickup | RiderAssigned | PickedUp
            | Delivered | Completed | Cancelled => refuse(),
        },
        Command::Accept { prep_minutes } => match status {
            Paid => Ok(EventKind::Accepted {
                prep_minutes: *prep_minutes,
            }),
            PendingPayment | Accepted | Rejected | Cooking | ReadyForPickup | RiderAssigned
            | PickedUp | Delivered | Completed | Cancelled => refuse(),
        },
        Command::Reject { reason } => match status {
            Paid => Ok(EventKind::Rejected {
                reason: reason.clone(),
            }),
            PendingPayment | Accepted | Rejected | Cooking | ReadyForPickup | RiderAssigned
            | PickedUp | Delivered | Completed | Cancelled => refuse(),
        },
        Command::StartCooking => match status {
            Accepted => Ok(EventKind::CookingStarted),
            PendingPayment | Paid | Rejected | Cooking | ReadyForPickup | RiderAssigned
            | PickedUp | Delivered | Completed | Cancelled => refuse(),
        },
        Command::FinishCooking => match status {
            Cooking => Ok(EventKind::CookingFinished),
            PendingPayment | Paid | Accepted | Rejected | ReadyForPickup | RiderAssigned
            | PickedUp | Delivered | Completed | Cancelled => refuse(),
        },
        Command::Delay { minutes } => match status {
            Accepted | Cooking => Ok(EventKind::Delayed { minutes: *minutes }),
            PendingPayment | Paid | Rejected | ReadyForPickup | RiderAssigned | PickedUp
            | Delivered | Completed | Cancelled => refuse(),
        },
        Command::Cancel => match status {
            PendingPayment | Paid | Accepted => Ok(EventKind::Cancelled),
            Cooking | ReadyForPickup | RiderAssigned | PickedUp | Delivered => {
                Err(DomainError::CookingStarted)
            }
            Rejected | Completed | Cancelled => refuse(),
        },
        Command::Claim => match (status, actor) {
            (ReadyForPickup, Actor::Rider(rider)) => Ok(EventKind::RiderAssigned { rider }),
            (ReadyForPickup, Actor::Customer(_) | Actor::Store(_) | Actor::System) => {
                Err(DomainError::NotPermitted {
                    command: CommandKind::Claim,
                })
            }
            (RiderAssigned | PickedUp | Delivered, _) => Err(DomainError::AlreadyClaimed),
            (PendingPayment | Paid | Accepted | Rejected | Cooking | Completed | Cancelled, _) => {
                refuse()
            }
        },
        Command::PickUp => match status {
            RiderAssigned => Ok(EventKind::PickedUp),
            PendingPayment | Paid | Accepted | Rejected | Cooking | ReadyForPickup | PickedUp
            | Delivered | Completed | Cancelled => refuse(),
        },
        Command::Deliver => match status {
            PickedUp => Ok(EventKind::Delivered),
            PendingPayment | Paid | Accepted | Rejected | Cooking | ReadyForPickup
            | RiderAssigned | Delivered | Completed | Cancelled => refuse(),
        },
        Command::ConfirmReceipt => match status {
            Delivered => Ok(EventKind::ReceiptConfirmed),
            PendingPayment | Paid | Accepted | Rejected | Cooking | ReadyForPickup
            | RiderAssigned | PickedUp | Completed | Cancelled => refuse(),
        },
        Command::AutoComplete => match status {
            Delivered => Ok(EventKind::AutoCompleted),
            PendingPayment | Paid | Accepted | Rejected | Cooking | ReadyForPickup
            | RiderAssigned | PickedUp | Completed | Cancelled => refuse(),
        },
    }
}
