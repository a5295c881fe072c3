//! Every (status, command) pair, decided and asserted against the table of
//! SPEC §3 written out independently of the implementation.

mod support;

use domain::OrderStatus::*;
use domain::*;
use support::*;

/// The allowed transitions: (from, command, to). Everything else is refused.
fn allowed(from: OrderStatus, command: CommandKind) -> Option<OrderStatus> {
    const TABLE: &[(OrderStatus, CommandKind, OrderStatus)] = &[
        (PendingPayment, CommandKind::AuthorizePayment, Paid),
        (PendingPayment, CommandKind::FailPayment, PendingPayment),
        (PendingPayment, CommandKind::ExpirePayment, Cancelled),
        (PendingPayment, CommandKind::Cancel, Cancelled),
        (Paid, CommandKind::Accept, Accepted),
        (Paid, CommandKind::Reject, Rejected),
        (Paid, CommandKind::Cancel, Cancelled),
        (Accepted, CommandKind::StartCooking, Cooking),
        (Accepted, CommandKind::Delay, Accepted),
        (Accepted, CommandKind::Cancel, Cancelled),
        (Cooking, CommandKind::FinishCooking, ReadyForPickup),
        (Cooking, CommandKind::Delay, Cooking),
        (ReadyForPickup, CommandKind::Claim, RiderAssigned),
        (RiderAssigned, CommandKind::PickUp, PickedUp),
        (PickedUp, CommandKind::Deliver, Delivered),
        (Delivered, CommandKind::ConfirmReceipt, Completed),
        (Delivered, CommandKind::AutoComplete, Completed),
    ];
    TABLE
        .iter()
        .find(|(f, c, _)| *f == from && *c == command)
        .map(|(_, _, to)| *to)
}

#[test]
fn every_state_and_command_pair_is_decided_as_the_table_says() {
    let mut decided = 0;
    for status in OrderStatus::ALL {
        for command in every_command() {
            let order = order_in(status);
            let actor = rightful_actor(&command);
            let outcome = decide(&order, &command, actor, at(5));
            match (allowed(status, command.kind()), outcome) {
                (Some(to), Ok(event)) => {
                    let after = order.clone().apply(&event);
                    assert_eq!(after.status, to, "{status:?} + {:?}", command.kind());
                    assert_eq!(event.at, at(5));
                }
                (None, Err(error)) => {
                    let unassigned = order.rider.is_none()
                        && matches!(command.kind(), CommandKind::PickUp | CommandKind::Deliver);
                    let expected_reason = if unassigned {
                        DomainError::NotPermitted {
                            command: command.kind(),
                        }
                    } else if status.is_terminal() {
                        DomainError::OrderClosed { status }
                    } else if command.kind() == CommandKind::Cancel {
                        DomainError::CookingStarted
                    } else if command.kind() == CommandKind::Claim
                        && matches!(status, RiderAssigned | PickedUp | Delivered)
                    {
                        DomainError::AlreadyClaimed
                    } else {
                        DomainError::NotAllowedNow {
                            command: command.kind(),
                            status,
                        }
                    };
                    assert_eq!(error, expected_reason, "{status:?} + {:?}", command.kind());
                }
                (expected, got) => {
                    panic!(
                        "{status:?} + {:?}: expected {expected:?}, got {got:?}",
                        command.kind()
                    )
                }
            }
            decided += 1;
        }
    }
    assert_eq!(decided, 11 * 14);
}

#[test]
fn only_the_rightful_actor_may_issue_each_command() {
    let strangers = [
        Actor::Customer(other_customer()),
        Actor::Store(other_store()),
        Actor::Rider(other_rider()),
        Actor::System,
        Actor::Customer(customer()),
        Actor::Store(store()),
    ];
    for command in every_command() {
        let rightful = rightful_actor(&command);
        for actor in strangers {
            let may = actor == rightful
                || (command.kind() == CommandKind::Claim && matches!(actor, Actor::Rider(_)));
            if may {
                continue;
            }
            for status in OrderStatus::ALL {
                let refused = decide(&order_in(status), &command, actor, at(1));
                assert_eq!(
                    refused,
                    Err(DomainError::NotPermitted {
                        command: command.kind()
                    }),
                    "{actor:?} {:?} on {status:?}",
                    command.kind()
                );
            }
        }
    }
}

#[test]
fn a_rider_cannot_pick_up_another_riders_delivery() {
    let order = order_in(RiderAssigned);
    let refused = decide(&order, &Command::PickUp, Actor::Rider(other_rider()), at(1));
    assert_eq!(
        refused,
        Err(DomainError::NotPermitted {
            command: CommandKind::PickUp
        })
    );
}

#[test]
fn cancel_after_cooking_started_gives_the_human_reason() {
    let order = order_in(Cooking);
    let error = decide(&order, &Command::Cancel, Actor::Customer(customer()), at(1)).unwrap_err();
    assert_eq!(
        error.to_string(),
        "cooking has already started, the order can no longer be cancelled"
    );
}

#[test]
fn accept_sets_the_estimate_and_delay_moves_it() {
    let order = order_in(Paid);
    let accept = Command::Accept {
        prep_minutes: PrepMinutes::parse(20).unwrap(),
    };
    let accepted =
        order.apply(&decide(&order_in(Paid), &accept, Actor::Store(store()), at(0)).unwrap());
    assert_eq!(accepted.ready_at, Some(at(20)));
    let delay = Command::Delay {
        minutes: PrepMinutes::parse(15).unwrap(),
    };
    let delayed = accepted
        .clone()
        .apply(&decide(&accepted, &delay, Actor::Store(store()), at(10)).unwrap());
    assert_eq!(delayed.ready_at, Some(at(25)));
}

#[test]
fn placing_prices_the_lines_and_refuses_empty_orders() {
    let order = new_order();
    assert_eq!(order.subtotal, Money::won(18_000).unwrap());
    assert_eq!(order.delivery_fee, Money::won(3_000).unwrap());
    assert_eq!(order.total, Money::won(21_000).unwrap());
    assert_eq!(order.status, PendingPayment);
    let draft = |lines: Vec<OrderLine>, coupon: Option<AppliedCoupon>| OrderDraft {
        customer: customer(),
        store: store(),
        lines,
        delivery: order.delivery.clone(),
        delivery_fee: Money::won(3_000).unwrap(),
        min_order: Money::won(12_000).unwrap(),
        coupon,
        note: None,
    };
    assert_eq!(
        draft(vec![], None).place(at(0)),
        Err(DomainError::EmptyOrder)
    );
    let mut one = order.lines.clone();
    one[0].quantity = Quantity::parse(1).unwrap();
    assert_eq!(
        draft(one.clone(), None).price(),
        Ok(Pricing {
            subtotal: Money::won(9_000).unwrap(),
            delivery_fee: Money::won(3_000).unwrap(),
            discount: Money::ZERO,
            total: Money::won(12_000).unwrap(),
            short_of_minimum: Some(Money::won(3_000).unwrap()),
        }),
        "a cart below the minimum is priced, with what it lacks"
    );
    assert_eq!(
        draft(order.lines.clone(), None)
            .price()
            .map(|p| p.short_of_minimum),
        Ok(None)
    );
    assert_eq!(
        draft(one, None).place(at(0)),
        Err(DomainError::BelowMinimumOrder {
            minimum: Money::won(12_000).unwrap()
        })
    );
    let coupon = AppliedCoupon {
        id: CouponId::parse(7).unwrap(),
        discount: Money::won(2_000).unwrap(),
    };
    let discounted = replay(
        order.id,
        &[draft(order.lines.clone(), Some(coupon))
            .place(at(0))
            .unwrap()],
    )
    .unwrap();
    assert_eq!(discounted.discount, Money::won(2_000).unwrap());
    assert_eq!(discounted.coupon, Some(coupon.id));
    assert_eq!(
        discounted.total,
        Money::won(19_000).unwrap(),
        "18,000 + 3,000 - 2,000"
    );
}

#[test]
fn commands_and_errors_travel_as_json() {
    let json = serde_json::to_string(&Command::Accept {
        prep_minutes: PrepMinutes::parse(30).unwrap(),
    })
    .unwrap();
    assert_eq!(json, r#"{"type":"accept","prep_minutes":30}"#);
    assert!(serde_json::from_str::<Command>(r#"{"type":"accept","prep_minutes":0}"#).is_err());
    assert!(serde_json::from_str::<Command>(r#"{"type":"launch"}"#).is_err());
    let error = DomainError::NotAllowedNow {
        command: CommandKind::Cancel,
        status: Cooking,
    };
    let back: DomainError = serde_json::from_str(&serde_json::to_string(&error).unwrap()).unwrap();
    assert_eq!(back, error);
}
