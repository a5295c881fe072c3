//! The contract every engine passes. Each case runs the command scripts
//! through real writers over a fresh database of the engine under test;
//! the races run on two writers over one database, as two instances would.
//! An engine's tests call [`contract_tests!`](crate::contract_tests) with its
//! [`Harness`].

mod batches;
mod customers;
pub mod plans;
mod races;
mod recovery;
mod scripts;
mod world;

pub use batches::*;
pub use customers::*;
pub use races::*;
pub use recovery::*;
pub use scripts::*;

use std::sync::Arc;

use async_trait::async_trait;

use crate::Engine;

/// How the suite gets databases of the engine under test.
#[async_trait]
pub trait Harness: Send + Sync {
    /// Creates a fresh, empty database; returns its URL.
    async fn create(&self) -> String;
    /// Opens the database at `url` (migrating it), as one more server
    /// instance would.
    async fn open(&self, url: &str) -> Arc<dyn Engine>;
}

/// One `#[tokio::test]` per case of the contract, for the harness given.
#[macro_export]
macro_rules! contract_tests {
    ($harness:expr) => {
        $crate::contract_tests!(@cases $harness;
            placing_records_the_order_its_payment_and_its_view,
            commands_follow_the_rules_and_settle_the_money,
            a_refused_command_changes_nothing,
            an_authorisation_after_cancelling_releases_the_money_once,
            a_failed_first_attempt_tells_the_customer_once,
            auto_accept_follows_the_payment_in_one_commit,
            issuing_a_coupon_tells_past_customers,
            a_capped_claim_takes_only_the_newest_messages,
            one_key_makes_one_order_within_a_batch,
            a_bad_script_in_a_batch_is_undone_alone,
            changes_are_published_in_commit_order,
            a_full_queue_turns_scripts_away,
            the_last_coupon_goes_to_exactly_one_customer,
            of_riders_claiming_at_once_exactly_one_wins,
            cancel_against_start_cooking_ends_one_way,
            a_due_job_is_taken_by_one_instance,
            a_rate_limit_holds_across_instances,
            advancing_over_a_moved_status_writes_nothing,
            an_uncommitted_batch_leaves_nothing,
            a_stopping_writer_finishes_what_it_took,
            a_rebuild_reproduces_the_read_models,
            a_customers_record_lists_their_own_addresses_oldest_first,
            a_visitor_read_at_once_is_its_parts,
        );
    };
    (@cases $harness:expr; $($case:ident),* $(,)?) => {
        $(
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $case() {
                let harness = $harness;
                $crate::contract::$case(&harness).await;
            }
        )*
    };
}
