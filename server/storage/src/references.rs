//! Reference data every batch reads, kept in memory so that a script does
//! not wait on the database for it: a store's facts and an account's name.
//! A store changes only through this engine, which forgets what it kept of
//! it; names never change once an account exists.

use std::collections::HashMap;
use std::sync::Mutex;

use crate::records::StoreFacts;
use domain::{AccountId, StoreId};

/// Names kept at most; beyond it they are forgotten and read again.
const MOST_NAMES: usize = 100_000;

#[derive(Debug, Default)]
pub struct References {
    stores: Mutex<HashMap<StoreId, StoreFacts>>,
    names: Mutex<HashMap<AccountId, String>>,
}

impl References {
    pub fn store(&self, id: StoreId) -> Option<StoreFacts> {
        lock(&self.stores).get(&id).cloned()
    }

    pub fn keep_store(&self, facts: &StoreFacts) {
        lock(&self.stores).insert(facts.id, facts.clone());
    }

    pub fn forget_store(&self, id: StoreId) {
        lock(&self.stores).remove(&id);
    }

    pub fn name(&self, id: AccountId) -> Option<String> {
        lock(&self.names).get(&id).cloned()
    }

    pub fn keep_name(&self, id: AccountId, name: &str) {
        let mut names = lock(&self.names);
        if names.len() >= MOST_NAMES {
            names.clear();
        }
        names.insert(id, name.to_owned());
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}
