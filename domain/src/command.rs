use serde::{Deserialize, Serialize};

use crate::{AccountId, DomainError, Reason, StoreId};

/// Who issues a command. The server resolves the caller's session into one of
/// these; a store owner acts for one store they own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "role", content = "id", rename_all = "snake_case")]
pub enum Actor {
    /// A customer, by account.
    Customer(AccountId),
    /// A store owner acting for this store.
    Store(StoreId),
    /// A rider, by account.
    Rider(AccountId),
    /// Baedal itself: payment callbacks, timers.
    System,
}

/// Minutes of preparation or delay: 1 to 180.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "i64")]
pub struct PrepMinutes(u16);

impl PrepMinutes {
    /// The longest estimate a store may give.
    pub const MAX: u16 = 180;

    /// Parses a number of minutes.
    pub fn parse(minutes: i64) -> Result<Self, DomainError> {
        match u16::try_from(minutes) {
            Ok(m) if (1..=Self::MAX).contains(&m) => Ok(Self(m)),
            _ => Err(DomainError::InvalidPrepMinutes),
        }
    }

    /// The minutes.
    pub fn get(self) -> u16 {
        self.0
    }
}

impl TryFrom<i64> for PrepMinutes {
    type Error = DomainError;
    fn try_from(minutes: i64) -> Result<Self, DomainError> {
        Self::parse(minutes)
    }
}

impl From<PrepMinutes> for i64 {
    fn from(minutes: PrepMinutes) -> i64 {
        i64::from(minutes.0)
    }
}

/// A request to change an order (SPEC §3). Placing an order is
/// [`crate::OrderDraft`]; everything after it is a `Command`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Command {
    /// The payment provider authorised the amount.
    AuthorizePayment,
    /// The payment provider refused or could not be reached.
    FailPayment,
    /// The order stayed unpaid too long.
    ExpirePayment,
    /// The store takes the order and estimates its preparation.
    Accept {
        /// Estimated preparation time.
        prep_minutes: PrepMinutes,
    },
    /// The store refuses the order.
    Reject {
        /// Told to the customer.
        reason: Reason,
    },
    /// The kitchen starts cooking.
    StartCooking,
    /// The food is ready for a rider.
    FinishCooking,
    /// The store needs more time.
    Delay {
        /// Minutes from now until the food is ready.
        minutes: PrepMinutes,
    },
    /// The customer calls the order off.
    Cancel,
    /// A rider takes the delivery.
    Claim,
    /// The rider has collected the food.
    PickUp,
    /// The rider handed the food over.
    Deliver,
    /// The customer confirms they received it.
    ConfirmReceipt,
    /// Nobody confirmed in time; Baedal completes the order.
    AutoComplete,
}

/// The name of a command without its data, for refusals and metrics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CommandKind {
    AuthorizePayment,
    FailPayment,
    ExpirePayment,
    Accept,
    Reject,
    StartCooking,
    FinishCooking,
    Delay,
    Cancel,
    Claim,
    PickUp,
    Deliver,
    ConfirmReceipt,
    AutoComplete,
}

impl Command {
    /// This command's name.
    pub fn kind(&self) -> CommandKind {
        match self {
            Command::AuthorizePayment => CommandKind::AuthorizePayment,
            Command::FailPayment => CommandKind::FailPayment,
            Command::ExpirePayment => CommandKind::ExpirePayment,
            Command::Accept { .. } => CommandKind::Accept,
            Command::Reject { .. } => CommandKind::Reject,
            Command::StartCooking => CommandKind::StartCooking,
            Command::FinishCooking => CommandKind::FinishCooking,
            Command::Delay { .. } => CommandKind::Delay,
            Command::Cancel => CommandKind::Cancel,
            Command::Claim => CommandKind::Claim,
            Command::PickUp => CommandKind::PickUp,
            Command::Deliver => CommandKind::Deliver,
            Command::ConfirmReceipt => CommandKind::ConfirmReceipt,
            Command::AutoComplete => CommandKind::AutoComplete,
        }
    }
}

impl CommandKind {
    /// The `snake_case` name.
    pub fn as_str(self) -> &'static str {
        match self {
            CommandKind::AuthorizePayment => "authorize_payment",
            CommandKind::FailPayment => "fail_payment",
            CommandKind::ExpirePayment => "expire_payment",
            CommandKind::Accept => "accept",
            CommandKind::Reject => "reject",
            CommandKind::StartCooking => "start_cooking",
            CommandKind::FinishCooking => "finish_cooking",
            CommandKind::Delay => "delay",
            CommandKind::Cancel => "cancel",
            CommandKind::Claim => "claim",
            CommandKind::PickUp => "pick_up",
            CommandKind::Deliver => "deliver",
            CommandKind::ConfirmReceipt => "confirm_receipt",
            CommandKind::AutoComplete => "auto_complete",
        }
    }
}
