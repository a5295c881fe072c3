//! The storage contract, on SQLite files in a temporary folder.

use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use storage::contract::Harness;
use storage::Engine;
use storage_sqlite::SqliteEngine;

#[derive(Default)]
struct Sqlite {
    folders: Mutex<Vec<tempfile::TempDir>>,
}

#[async_trait]
impl Harness for Sqlite {
    async fn create(&self) -> String {
        let folder = tempfile::tempdir().expect("a temporary folder");
        let url = format!("sqlite://{}", folder.path().join("contract.db").display());
        self.folders
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(folder);
        url
    }

    async fn open(&self, url: &str) -> Arc<dyn Engine> {
        SqliteEngine::connect(url)
            .await
            .expect("the database opens")
            .into_engine()
    }
}

storage::contract_tests!(Sqlite::default());
