//! Black-box tests: the real server on port 0 with a fresh SQLite file,
//! driven over HTTP. One test binary, so the server is linked once.

mod access;
mod authorisation;
mod checkout;
mod concurrency;
mod coupons;
mod crash;
mod hostile_input;
mod lifecycle;
mod live;
mod notifications;
mod pages;
mod payments;
mod push;
mod rate_limits;
mod read_models;
mod riders;
mod security;
mod stores;
mod support;
