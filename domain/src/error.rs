use serde::{Deserialize, Serialize};

use crate::{CommandKind, CouponField, CouponProblem, MenuItemId, Money, OrderStatus};

/// Why the domain refused something. Each variant is a reason code the UI
/// turns into a sentence; none of them is a technical failure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum DomainError {
    /// The caller may not issue this command on this order.
    #[error("you may not {} this order", command.as_str())]
    NotPermitted {
        /// What was refused.
        command: CommandKind,
    },
    /// The order is not in a state where this command applies.
    #[error("an order that is {status} cannot take {}", command.as_str())]
    NotAllowedNow {
        /// What was refused.
        command: CommandKind,
        /// Where the order was.
        status: OrderStatus,
    },
    /// Cancel after the kitchen started cooking.
    #[error("cooking has already started, the order can no longer be cancelled")]
    CookingStarted,
    /// Claim of a delivery another rider already has.
    #[error("another rider has already taken this delivery")]
    AlreadyClaimed,
    /// Any command on a completed, rejected or cancelled order.
    #[error("the order is {status} and can no longer change")]
    OrderClosed {
        /// The terminal status.
        status: OrderStatus,
    },
    /// An order without any dish.
    #[error("an order needs at least one dish")]
    EmptyOrder,
    /// An order with too many lines.
    #[error("an order has too many different dishes")]
    TooManyLines,
    /// An id that is not a positive integer.
    #[error("not a valid id")]
    InvalidId,
    /// A negative or absurd amount of money.
    #[error("not a valid amount of won")]
    InvalidMoney,
    /// A quantity outside 1 to 99.
    #[error("a quantity must be between 1 and 99")]
    InvalidQuantity,
    /// Coordinates outside the globe.
    #[error("not a valid position")]
    InvalidCoordinates,
    /// Minutes outside 1 to 180.
    #[error("minutes must be between 1 and 180")]
    InvalidPrepMinutes,
    /// An empty or overlong reason.
    #[error("a reason must have between 1 and 200 characters")]
    InvalidReason,
    /// A delivery address that is empty or overlong.
    #[error("a delivery address must have between 1 and 200 characters")]
    InvalidAddress,
    /// Coupon terms that break a rule.
    #[error("the coupon's {} is not valid", field.as_str())]
    InvalidCoupon {
        /// Which rule.
        field: CouponField,
    },
    /// A required option group without a choice.
    #[error("choose an option for every required group")]
    OptionRequired,
    /// Options that are not the dish's, repeated, or too many in a group.
    #[error("these options do not fit the dish")]
    InvalidOptions,
    /// A dish the store marked sold out.
    #[error("a dish in the order is sold out")]
    SoldOut {
        /// Which dish.
        item: MenuItemId,
    },
    /// The store is closed or not taking orders.
    #[error("the store is closed")]
    StoreClosed,
    /// The delivery address is farther from the store than it delivers.
    #[error("the address is beyond the store's delivery range")]
    OutOfDeliveryRange {
        /// How far the store delivers, in metres.
        radius_m: u32,
    },
    /// The dishes sum to less than the store's minimum order.
    #[error("the order is below the store's minimum")]
    BelowMinimumOrder {
        /// The store's minimum.
        minimum: Money,
    },
    /// A coupon that cannot be used on this order.
    #[error("the coupon cannot be used")]
    Coupon {
        /// Why.
        problem: CouponProblem,
    },
    /// Stars outside 1 to 5, or an overlong review.
    #[error("a review has 1 to 5 stars and at most 500 characters")]
    InvalidReview,
    /// An order that is not the caller's or not completed.
    #[error("only a completed order of yours can be reviewed")]
    NotReviewable,
    /// A second review of one order.
    #[error("this order has been reviewed already")]
    AlreadyReviewed,
    /// Opening hours that are not times of day.
    #[error("opening hours must be times between 00:00 and 23:59")]
    InvalidHours,
}
