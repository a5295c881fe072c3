//! Notifications as the rules plan them and the outbox keeps them: who is
//! told what, through which channel, about which order or coupon.

use domain::{AccountId, CouponTerms, OrderId, StoreId};

/// Where a notification goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Channel {
    /// A toast on the open screen and an entry in the notification list.
    InApp,
    /// A Web Push notification to each browser the recipient subscribed.
    Push,
    /// A KakaoTalk message (알림톡) through the provider's HTTP API.
    Kakao,
    /// A text message through the provider's HTTP API; shed first under load.
    Sms,
}

impl Channel {
    /// Every channel.
    pub const ALL: [Channel; 4] = [Channel::InApp, Channel::Push, Channel::Kakao, Channel::Sms];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::InApp => "in_app",
            Channel::Push => "push",
            Channel::Kakao => "kakao",
            Channel::Sms => "sms",
        }
    }
}

/// What a notification says, before it is put into words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Message {
    OrderReceived,
    NewOrder,
    Accepted,
    Rejected,
    CookingStarted,
    Delayed,
    ReadyForPickup,
    DeliveryOffered,
    RiderAssigned,
    PickedUp,
    Delivered,
    Completed,
    Cancelled,
    OrderCancelled,
    PaymentExpired,
    CouponIssued,
    PaymentBusy,
    GradeLoyal,
    GradeVip,
}

impl Message {
    const ALL: [Message; 19] = [
        Message::OrderReceived,
        Message::NewOrder,
        Message::Accepted,
        Message::Rejected,
        Message::CookingStarted,
        Message::Delayed,
        Message::ReadyForPickup,
        Message::DeliveryOffered,
        Message::RiderAssigned,
        Message::PickedUp,
        Message::Delivered,
        Message::Completed,
        Message::Cancelled,
        Message::OrderCancelled,
        Message::PaymentExpired,
        Message::CouponIssued,
        Message::PaymentBusy,
        Message::GradeLoyal,
        Message::GradeVip,
    ];

    /// The stored name, also the provider's template id suffix.
    pub fn as_str(self) -> &'static str {
        match self {
            Message::OrderReceived => "order_received",
            Message::NewOrder => "new_order",
            Message::Accepted => "accepted",
            Message::Rejected => "rejected",
            Message::CookingStarted => "cooking_started",
            Message::Delayed => "delayed",
            Message::ReadyForPickup => "ready_for_pickup",
            Message::DeliveryOffered => "delivery_offered",
            Message::RiderAssigned => "rider_assigned",
            Message::PickedUp => "picked_up",
            Message::Delivered => "delivered",
            Message::Completed => "completed",
            Message::Cancelled => "cancelled",
            Message::OrderCancelled => "order_cancelled",
            Message::PaymentExpired => "payment_expired",
            Message::CouponIssued => "coupon_issued",
            Message::PaymentBusy => "payment_busy",
            Message::GradeLoyal => "grade_loyal",
            Message::GradeVip => "grade_vip",
        }
    }

    /// Parses a stored name.
    pub fn parse(name: &str) -> Option<Message> {
        Message::ALL
            .into_iter()
            .find(|message| message.as_str() == name)
    }
}

/// What a notification is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    Order(OrderId),
    /// A coupon a store issued, with its terms.
    Coupon {
        store: StoreId,
        /// What the customer types at checkout.
        code: String,
        terms: CouponTerms,
    },
}

impl Subject {
    /// The page a notification about it opens.
    pub fn href(&self) -> String {
        match self {
            Subject::Order(order) => format!("/orders/{order}"),
            Subject::Coupon { store, .. } => format!("/stores/{store}"),
        }
    }
}

/// One planned notification, written to the outbox with its event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub recipient: AccountId,
    pub channel: Channel,
    pub message: Message,
}

/// What outbox messages are written for: one of an order's events, or a
/// coupon a store issued.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cause {
    Event { event_id: i64, order: OrderId },
    Coupon { coupon: domain::CouponId },
}

impl Cause {
    /// The start of each message's dedupe key: one message per (cause,
    /// recipient, channel, message), however often it is planned.
    pub fn dedupe_key(self, notice: &Notice) -> String {
        let prefix = match self {
            Cause::Event { event_id, .. } => event_id.to_string(),
            Cause::Coupon { coupon } => format!("coupon:{coupon}"),
        };
        format!(
            "{prefix}:{}:{}:{}",
            notice.recipient,
            notice.channel.as_str(),
            notice.message.as_str()
        )
    }
}
