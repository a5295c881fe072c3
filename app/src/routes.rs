//! Links into the app that more than one page builds.

use crate::model::StoreQuery;

/// The list's address: the search and category kept, the address changed.
pub fn stores_href(query: &StoreQuery) -> String {
    let mut pairs = Vec::new();
    if let Some(search) = &query.search {
        pairs.push(format!("q={}", escape(search)));
    }
    if let Some(category) = &query.category {
        pairs.push(format!("category={}", escape(category)));
    }
    if let Some(address) = query.address {
        pairs.push(format!("address={address}"));
    }
    if pairs.is_empty() {
        "/".to_owned()
    } else {
        format!("/?{}", pairs.join("&"))
    }
}

/// Percent-encoding the same on the server and in the browser.
fn escape(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_store_list_link_keeps_the_query_and_escapes_it() {
        assert_eq!(stores_href(&StoreQuery::default()), "/");
        let query = StoreQuery {
            search: Some("김치 & 찌개".into()),
            category: Some("한식".into()),
            address: None,
        };
        assert_eq!(
            stores_href(&query),
            "/?q=%EA%B9%80%EC%B9%98%20%26%20%EC%B0%8C%EA%B0%9C&category=%ED%95%9C%EC%8B%9D"
        );
    }
}
