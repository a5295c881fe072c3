//! The people of `make bench-fanout`: many stores, each with an owner, a
//! dish and customers next door, and riders standing at some of them; each
//! account signed in, with its session cookie written to a file for the
//! load generator. Sessions are made here rather than by signing in over
//! HTTP, where ten thousand password checks would take minutes of CPU that
//! the benchmark does not measure.

use std::path::Path;

use anyhow::Context;
use app::model::Role;
use domain::{AccountId, Coordinates, Money, Timestamp};
use serde::Serialize;
use storage::records::{NewAccount, NewDish, NewStore};
use storage::Engine;

use crate::passwords;

/// How many of each.
#[derive(Debug, Clone, Copy)]
pub struct Crowd {
    pub stores: usize,
    pub customers: usize,
    pub riders: usize,
}

impl Crowd {
    /// Reads `--stores N --customers N --riders N`; defaults 800, 9,000, 200.
    pub fn from_args(args: &[String]) -> anyhow::Result<Self> {
        let mut crowd = Crowd {
            stores: 800,
            customers: 9_000,
            riders: 200,
        };
        let mut args = args.iter();
        while let Some(flag) = args.next() {
            let value: usize = args
                .next()
                .with_context(|| format!("{flag} needs a number"))?
                .parse()
                .with_context(|| format!("{flag} needs a number"))?;
            match flag.as_str() {
                "--stores" => crowd.stores = value.max(1),
                "--customers" => crowd.customers = value,
                "--riders" => crowd.riders = value,
                other => anyhow::bail!("unknown option {other}"),
            }
        }
        Ok(crowd)
    }
}

/// A signed-in account: its cookie, and where it is.
#[derive(Debug, Serialize)]
pub struct SignedIn {
    pub cookie: String,
    pub lat: f64,
    pub lon: f64,
    /// The store it belongs to: the owner's own, the customer's next door,
    /// the one the rider stands at.
    pub store: usize,
}

/// What the load generator reads.
#[derive(Debug, Serialize)]
pub struct People {
    /// The store ids, in the order the other lists refer to them.
    pub stores: Vec<i64>,
    pub owners: Vec<SignedIn>,
    pub customers: Vec<SignedIn>,
    pub riders: Vec<SignedIn>,
}

/// Stores stand on a grid 0.07° (7.8 km) by 0.09° (7.9 km) apart, more
/// than twice the 3 km a rider hears, so a rider hears only of the store
/// they stand at.
fn store_location(index: usize) -> anyhow::Result<Coordinates> {
    let (row, column) = (index / 40, index % 40);
    Ok(Coordinates::parse(
        34.0 + 0.07 * row as f64,
        125.0 + 0.09 * column as f64,
    )?)
}

/// Creates the crowd in `db`, which must hold no accounts of its, and
/// writes their sessions to `out`.
pub async fn create(db: &dyn Engine, crowd: Crowd, out: &Path) -> anyhow::Result<()> {
    let password = passwords::new_token();
    let password_hash = tokio::task::spawn_blocking(move || passwords::hash(&password))
        .await?
        .map_err(|e| anyhow::anyhow!("hashing a password: {e}"))?;
    let now = app::clock::now();
    let expires = Timestamp::from_millis(now.millis() + 12 * 3_600_000);
    let cookie_name = app::session::SessionCookie { secure: false }.name();
    let sign_in = |account: AccountId| {
        let token = passwords::new_token();
        let hash = passwords::token_hash(&token);
        async move {
            db.create_session(&hash, account, now, expires).await?;
            anyhow::Ok(format!("{cookie_name}={token}"))
        }
    };
    let account = |role: Role, email: String, at: Option<Coordinates>| NewAccount {
        name: email.clone(),
        email,
        role,
        password_hash: password_hash.clone(),
        home: at.map(|at| ("벤치마크로 1".to_owned(), at)),
        phone: None,
    };
    let mut people = People {
        stores: Vec::new(),
        owners: Vec::new(),
        customers: Vec::new(),
        riders: Vec::new(),
    };
    for index in 0..crowd.stores {
        let at = store_location(index)?;
        let owner = db
            .insert_account(account(
                Role::StoreOwner,
                format!("owner{index}@bench.baedal"),
                None,
            ))
            .await?;
        let store = db
            .insert_store(NewStore {
                owner,
                name: format!("벤치 {index}"),
                category: "한식".to_owned(),
                neighbourhood: "벤치".to_owned(),
                address: "벤치마크로 1".to_owned(),
                location: at,
                delivery_fee: Money::won(3_000)?,
                min_order: Money::ZERO,
                menu: vec![NewDish {
                    name: "김치찌개".to_owned(),
                    description: "돼지고기 김치찌개".to_owned(),
                    price: Money::won(9_000)?,
                    options: Vec::new(),
                }],
            })
            .await?;
        people.stores.push(store.get());
        people.owners.push(SignedIn {
            cookie: sign_in(owner).await?,
            lat: at.lat(),
            lon: at.lon(),
            store: index,
        });
    }
    for index in 0..crowd.customers {
        let store = index % crowd.stores;
        let beside = store_location(store)?;
        let at = Coordinates::parse(beside.lat() + 0.001, beside.lon())?;
        let id = db
            .insert_account(account(
                Role::Customer,
                format!("customer{index}@bench.baedal"),
                Some(at),
            ))
            .await?;
        people.customers.push(SignedIn {
            cookie: sign_in(id).await?,
            lat: at.lat(),
            lon: at.lon(),
            store,
        });
    }
    for index in 0..crowd.riders {
        let store = index % crowd.stores;
        let at = store_location(store)?;
        let id = db
            .insert_account(account(
                Role::Rider,
                format!("rider{index}@bench.baedal"),
                Some(at),
            ))
            .await?;
        people.riders.push(SignedIn {
            cookie: sign_in(id).await?,
            lat: at.lat(),
            lon: at.lon(),
            store,
        });
    }
    let json = serde_json::to_vec(&people)?;
    std::fs::write(out, json).with_context(|| format!("writing {}", out.display()))?;
    Ok(())
}
