//! The storage contract, on PostgreSQL: each case gets a database of its own
//! in the private cluster that `scripts/postgres.sh` starts (or in the server
//! `BAEDAL_TEST_POSTGRES_URL` names).

use std::sync::Arc;

use async_trait::async_trait;
use storage::contract::Harness;
use storage::Engine;
use storage_postgres::{testing, PgEngine};

struct Postgres;

#[async_trait]
impl Harness for Postgres {
    async fn create(&self) -> String {
        testing::fresh_database("contract").await
    }

    async fn open(&self, url: &str) -> Arc<dyn Engine> {
        PgEngine::connect(url)
            .await
            .expect("the database opens")
            .into_engine()
    }
}

storage::contract_tests!(Postgres);
