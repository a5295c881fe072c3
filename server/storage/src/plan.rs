//! Who is told what (SPEC §5): a pure function of the order before and after
//! an event.

use domain::{AccountId, Coordinates, EventKind, Grade, GradeThresholds, Order, OrderStatus};

use crate::notices::{Channel, Message, Notice};

/// Who else may hear of an order: its store's owner and the riders nearby.
#[derive(Debug, Clone)]
pub struct Audience {
    pub store_owner: AccountId,
    pub store_location: Coordinates,
    /// Riders and their positions.
    pub riders: Vec<(AccountId, Coordinates)>,
    /// How far from the store a rider hears of a new delivery.
    pub radius_m: u32,
    /// How many completed orders raise a customer's grade.
    pub grades: GradeThresholds,
}

/// What the transaction knew when it committed the event.
#[derive(Debug, Clone, Copy, Default)]
pub struct Facts {
    /// The customer's completed orders before this event.
    pub completed_before: u32,
}

/// The notifications an event sends. The customer hears of every status
/// change (in-app and KakaoTalk, and SMS for the ones that matter most); the
/// store of every paid order and every cancellation; riders of deliveries
/// ready near them.
pub fn plan(
    before: &Order,
    after: &Order,
    event: &EventKind,
    audience: &Audience,
    facts: Facts,
) -> Vec<Notice> {
    with_push(in_app_and_providers(before, after, event, audience, facts))
}

/// Whoever is told in the app is also told by Web Push, on the browsers they
/// subscribed.
fn with_push(notices: Vec<Notice>) -> Vec<Notice> {
    let pushes: Vec<Notice> = notices
        .iter()
        .filter(|notice| notice.channel == Channel::InApp)
        .map(|notice| Notice {
            channel: Channel::Push,
            ..notice.clone()
        })
        .collect();
    [notices, pushes].concat()
}

fn in_app_and_providers(
    before: &Order,
    after: &Order,
    event: &EventKind,
    audience: &Audience,
    facts: Facts,
) -> Vec<Notice> {
    let customer = |message: Message, by_sms: bool| {
        let channels: &[Channel] = if by_sms {
            &[Channel::InApp, Channel::Kakao, Channel::Sms]
        } else {
            &[Channel::InApp, Channel::Kakao]
        };
        channels
            .iter()
            .map(|&channel| Notice {
                recipient: after.customer,
                channel,
                message,
            })
            .collect::<Vec<_>>()
    };
    let store = |message: Message| {
        [Channel::InApp, Channel::Kakao].map(|channel| Notice {
            recipient: audience.store_owner,
            channel,
            message,
        })
    };
    match event {
        EventKind::Placed(_) => Vec::new(),
        EventKind::PaymentFailed => vec![Notice {
            recipient: after.customer,
            channel: Channel::InApp,
            message: Message::PaymentBusy,
        }],
        EventKind::PaymentAuthorized => [
            customer(Message::OrderReceived, false),
            store(Message::NewOrder).to_vec(),
        ]
        .concat(),
        EventKind::PaymentExpired => customer(Message::PaymentExpired, true),
        EventKind::Accepted { .. } => customer(Message::Accepted, false),
        EventKind::Rejected { .. } => customer(Message::Rejected, true),
        EventKind::CookingStarted => customer(Message::CookingStarted, false),
        EventKind::Delayed { .. } => customer(Message::Delayed, false),
        EventKind::CookingFinished => {
            let riders = audience
                .riders
                .iter()
                .filter(|(_, at)| {
                    domain::rider_in_range(Some(*at), audience.store_location, audience.radius_m)
                })
                .map(|&(rider, _)| Notice {
                    recipient: rider,
                    channel: Channel::InApp,
                    message: Message::DeliveryOffered,
                });
            customer(Message::ReadyForPickup, false)
                .into_iter()
                .chain(riders)
                .collect()
        }
        EventKind::Cancelled => {
            let mut notices = customer(Message::Cancelled, true);
            if before.status != OrderStatus::PendingPayment {
                notices.extend(store(Message::OrderCancelled));
            }
            notices
        }
        EventKind::RiderAssigned { .. } => customer(Message::RiderAssigned, false),
        EventKind::PickedUp => customer(Message::PickedUp, false),
        EventKind::Delivered => customer(Message::Delivered, true),
        EventKind::ReceiptConfirmed | EventKind::AutoCompleted => {
            let raised = Grade::raised_by_one_more(facts.completed_before, audience.grades);
            let grade = raised.and_then(|grade| match grade {
                Grade::Regular => None,
                Grade::Loyal => Some(Message::GradeLoyal),
                Grade::Vip => Some(Message::GradeVip),
            });
            let mut notices = customer(Message::Completed, false);
            notices.extend(
                grade
                    .map(|message| customer(message, false))
                    .unwrap_or_default(),
            );
            notices
        }
    }
}

/// A new coupon goes to the store's past customers: in the app, by push and
/// by KakaoTalk; never by SMS.
pub fn coupon_plan(past_customers: &[AccountId]) -> Vec<Notice> {
    past_customers
        .iter()
        .flat_map(|&recipient| {
            [Channel::InApp, Channel::Push, Channel::Kakao].map(|channel| Notice {
                recipient,
                channel,
                message: Message::CouponIssued,
            })
        })
        .collect()
}
