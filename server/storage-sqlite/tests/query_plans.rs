//! Every query of this engine, as SQLite plans it against the migrated
//! schema: none walks the whole of a table that grows with orders,
//! customers or notifications, so each stays as fast with years of history
//! as on a fresh database. The queries are the ones the engine is compiled
//! with: sqlx keeps each checked query in `.sqlx/`.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use sqlx::{Connection, Row, SqliteConnection};
use storage::contract::plans::{self, FINAL_STATUSES, GROWING_TABLES};
use storage_sqlite::SqliteEngine;

/// Queries that may walk a growing table, each with why it stays cheap.
const WALKS_THAT_STOP_AT_ONCE: &[(&str, &str)] = &[(
    "SELECT EXISTS (SELECT 1 FROM accounts)",
    "stops at the first account",
)];

#[tokio::test]
async fn no_query_walks_a_table_that_grows_with_orders() {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let url = format!("sqlite://{}", folder.path().join("plans.db").display());
    SqliteEngine::connect(&url)
        .await
        .expect("the database is created and migrated");
    let mut conn = SqliteConnection::connect(&url).await.expect("it opens");
    let partial = partial_indexes(&mut conn).await;

    let queries = checked_queries();
    assert!(queries.len() > 50, "only {} queries found", queries.len());
    let mut walks = Vec::new();
    for query in &queries {
        if WALKS_THAT_STOP_AT_ONCE
            .iter()
            .any(|(known, _)| query.contains(known))
        {
            continue;
        }
        for statement in query.split(';').filter(|s| !s.trim().is_empty()) {
            let aliases = aliases_of_growing_tables(statement);
            for step in plan_of(&mut conn, statement).await {
                if walks_a_growing_table(&step, &aliases, &partial)
                    || counts_a_final_status_through_the_status_index(&step, statement)
                {
                    walks.push(format!("{step}\n    in: {}", statement.trim()));
                }
            }
        }
    }
    assert!(
        walks.is_empty(),
        "these steps read every row of a table that grows:\n{}",
        walks.join("\n\n")
    );
}

#[test]
fn a_walk_is_told_from_a_search() {
    let aliases = aliases_of_growing_tables(
        "SELECT 1 FROM outbox o JOIN accounts AS a ON a.id = o.recipient_id, stores s",
    );
    let partial = HashSet::from(["outbox_dead".to_owned()]);
    assert!(walks_a_growing_table("SCAN o", &aliases, &partial));
    assert!(walks_a_growing_table(
        "SCAN a USING COVERING INDEX accounts_email",
        &aliases,
        &partial
    ));
    assert!(!walks_a_growing_table(
        "SCAN o USING INDEX outbox_dead",
        &aliases,
        &partial
    ));
    assert!(!walks_a_growing_table(
        "SEARCH a USING INTEGER PRIMARY KEY (rowid=?)",
        &aliases,
        &partial
    ));
    assert!(!walks_a_growing_table("SCAN s", &aliases, &partial));
    assert!(counts_a_final_status_through_the_status_index(
        "SEARCH orders USING INDEX orders_status (status=?)",
        "SELECT COUNT(*) FROM orders WHERE customer_id = ? AND status = 'completed'"
    ));
    assert!(!counts_a_final_status_through_the_status_index(
        "SEARCH o USING COVERING INDEX orders_status (status=?)",
        "SELECT id FROM orders o WHERE o.status = 'pending_payment'"
    ));
}

/// The SQL of every query in `.sqlx/`.
fn checked_queries() -> Vec<String> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join(".sqlx");
    plans::checked_queries(&folder)
        .iter()
        .map(|json| json["query"].as_str().expect("it holds a query").to_owned())
        .collect()
}

async fn partial_indexes(conn: &mut SqliteConnection) -> HashSet<String> {
    sqlx::query("SELECT name FROM sqlite_schema WHERE type = 'index' AND sql LIKE '% WHERE %'")
        .fetch_all(conn)
        .await
        .expect("the schema reads")
        .iter()
        .map(|row| row.get("name"))
        .collect()
}

/// The steps of a statement's plan. Parameters are left unbound: SQLite
/// plans them as unknown values.
async fn plan_of(conn: &mut SqliteConnection, statement: &str) -> Vec<String> {
    sqlx::query(&format!("EXPLAIN QUERY PLAN {statement}"))
        .fetch_all(conn)
        .await
        .unwrap_or_else(|error| panic!("{error}: {statement}"))
        .iter()
        .map(|row| row.get("detail"))
        .collect()
}

/// What a statement calls each growing table it reads (its name, or the
/// alias after it), mapped to that table.
fn aliases_of_growing_tables(statement: &str) -> HashMap<String, String> {
    const NOT_AN_ALIAS: &[&str] = &[
        "where",
        "join",
        "left",
        "inner",
        "cross",
        "on",
        "group",
        "order",
        "limit",
        "using",
        "set",
        "natural",
        "indexed",
        "returning",
    ];
    let words: Vec<String> = statement
        .split(|c: char| c.is_whitespace() || ",();".contains(c))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let mut aliases = HashMap::new();
    for (at, word) in words.iter().enumerate() {
        let after_from = at > 0 && ["from", "join", "update"].contains(&words[at - 1].as_str());
        if !after_from || !GROWING_TABLES.contains(&word.as_str()) {
            continue;
        }
        aliases.insert(word.clone(), word.clone());
        let alias = match words.get(at + 1).map(String::as_str) {
            Some("as") => words.get(at + 2),
            _ => words.get(at + 1),
        };
        if let Some(alias) = alias.filter(|a| !NOT_AN_ALIAS.contains(&a.as_str())) {
            aliases.insert(alias.clone(), word.clone());
        }
    }
    aliases
}

/// A step that reads a growing table from end to end: `SCAN` of it, unless
/// through a partial index, which holds only the rows the query reads.
fn walks_a_growing_table(
    step: &str,
    aliases: &HashMap<String, String>,
    partial: &HashSet<String>,
) -> bool {
    let mut words = step.split_whitespace();
    if words.next() != Some("SCAN") {
        return false;
    }
    let Some(name) = words.next() else {
        return false;
    };
    if !aliases.contains_key(&name.to_lowercase()) {
        return false;
    }
    let index = step
        .split_once(" INDEX ")
        .map(|(_, rest)| rest.split_whitespace().next().unwrap_or_default());
    !index.is_some_and(|index| partial.contains(index))
}

/// A step that finds orders in a final status through `orders_status`, which
/// holds every order ever in that status.
fn counts_a_final_status_through_the_status_index(step: &str, statement: &str) -> bool {
    step.contains(" INDEX orders_status ")
        && FINAL_STATUSES
            .iter()
            .any(|status| statement.contains(status))
}
