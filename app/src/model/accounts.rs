//! Accounts, their addresses and the audit log.

use domain::{AccountId, AddressId, Grade, StoreId, Timestamp};
use serde::{Deserialize, Serialize};

use super::catalogue::Place;

/// What an account may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Customer,
    StoreOwner,
    Rider,
    Operator,
}

impl Role {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Customer => "customer",
            Role::StoreOwner => "store_owner",
            Role::Rider => "rider",
            Role::Operator => "operator",
        }
    }

    /// Parses a stored name.
    pub fn parse(name: &str) -> Option<Role> {
        [
            Role::Customer,
            Role::StoreOwner,
            Role::Rider,
            Role::Operator,
        ]
        .into_iter()
        .find(|role| role.as_str() == name)
    }

    /// Where this role's app lives.
    pub fn home_path(self) -> &'static str {
        match self {
            Role::Customer => "/",
            Role::Operator => "/admin/notifications",
            Role::StoreOwner => "/store",
            Role::Rider => "/rider",
        }
    }
}

/// A signed-in account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Account {
    pub id: AccountId,
    pub name: String,
    pub email: String,
    pub role: Role,
    /// A customer's delivery address, a rider's base.
    pub home: Option<Place>,
    /// The stores a store owner owns.
    pub stores: Vec<StoreId>,
}

/// A ready-made account offered on the sign-in page in demo mode.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DemoAccount {
    pub email: String,
    pub password: String,
    pub name: String,
    pub role: Role,
}

/// A delivery address the customer saved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedAddress {
    pub id: AddressId,
    /// Such as "집" or "회사".
    pub label: String,
    pub place: Place,
}

/// A customer's page about themselves.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Profile {
    pub grade: Grade,
    pub completed_orders: u32,
    /// Completed orders the next grade takes, if there is one.
    pub next_grade_at: Option<u32>,
    pub addresses: Vec<SavedAddress>,
}

/// What the audit log records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    SignIn,
    SignInFailed,
    SignUp,
    SignOut,
    SignOutEverywhere,
    AccountCreated,
    NotificationRetried,
}

impl AuditAction {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::SignIn => "sign_in",
            AuditAction::SignInFailed => "sign_in_failed",
            AuditAction::SignUp => "sign_up",
            AuditAction::SignOut => "sign_out",
            AuditAction::SignOutEverywhere => "sign_out_everywhere",
            AuditAction::AccountCreated => "account_created",
            AuditAction::NotificationRetried => "notification_retried",
        }
    }

    /// Parses a stored name.
    pub fn parse(name: &str) -> Option<AuditAction> {
        [
            AuditAction::SignIn,
            AuditAction::SignInFailed,
            AuditAction::SignUp,
            AuditAction::SignOut,
            AuditAction::SignOutEverywhere,
            AuditAction::AccountCreated,
            AuditAction::NotificationRetried,
        ]
        .into_iter()
        .find(|action| action.as_str() == name)
    }
}

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub at: Timestamp,
    /// The email of the account that acted, if there was one.
    pub actor: Option<String>,
    pub action: AuditAction,
    /// What it was about: an email, an account, a notification.
    pub subject: String,
    /// The address the request came from.
    pub client: Option<String>,
}

/// A new account as a form gives it: parsed and checked by the server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountForm {
    pub email: String,
    pub name: String,
    pub password: String,
    /// One of `domain::AREAS`.
    pub area: String,
    /// The street address: where a customer's food goes, a rider's base.
    pub address: String,
}
