//! Baedal's server: it implements the ports the app's server functions call
//! (storage, payments, sessions), streams live changes, and serves the three
//! apps through axum.

#![recursion_limit = "256"]

mod account_rules;
mod assets;
mod backoff;
pub mod bench_data;
pub mod config;
pub mod fake_payments;
pub mod live;
pub mod metrics;
pub mod notifications;
mod page_cache;
pub mod passwords;
pub mod payment_provider;
pub mod rate_limit;
pub mod seed;
mod serve;
pub mod services;
mod startup;
mod web_security;

pub use startup::{create_bench_people, rebuild_read_models, start, Running};
