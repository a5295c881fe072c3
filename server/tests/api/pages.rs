//! Server-rendered pages and the operational endpoints.

use std::io::Read;

use serde_json::{json, Value};

use crate::support::{nonce_of, order_body, rand_key, spawn_app, Session, TestApp};

#[tokio::test]
async fn health_and_readiness_answer() {
    let app = spawn_app().await;
    let client = app.visitor().client;
    let health = client
        .get(format!("{}/healthz", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), 200);
    let ready = client
        .get(format!("{}/readyz", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(ready.status(), 200);
    assert_eq!(ready.text().await.unwrap(), "ready");
    app.stop().await;
}

#[tokio::test]
async fn the_store_list_and_menus_are_server_rendered_in_the_browsers_language() {
    let app = spawn_app().await;
    let client = app.visitor().client;
    let korean = client
        .get(format!("{}/stores/1", app.base))
        .header("accept-language", "ko-KR,ko;q=0.9")
        .send()
        .await
        .unwrap();
    assert_eq!(korean.status(), 200);
    let html = korean.text().await.unwrap();
    assert!(
        html.contains(r#"<html lang="ko""#),
        "{}",
        &html[..200.min(html.len())]
    );
    assert!(html.contains("홍대 할매 김치찌개"));
    assert!(html.contains("9,000원"));

    let english = client
        .get(format!("{}/", app.base))
        .header("accept-language", "en-US,en;q=0.9")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(english.contains(r#"<html lang="en""#));
    assert!(english.contains("All stores"));
    assert!(english.contains("성수 파스타 공방"));
    app.stop().await;
}

#[tokio::test]
async fn unknown_pages_are_not_found() {
    let app = spawn_app().await;
    let response = app
        .visitor()
        .client
        .get(format!("{}/no/such/page", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    app.stop().await;
}

/// A store that does not exist, or a path that names none, is not found:
/// a 404 that leads back to the stores, rendered each time, not kept.
#[tokio::test]
async fn an_unknown_store_is_not_found() {
    let app = spawn_app().await;
    let visitor = app.visitor();
    let (kept, rendered) = served_kept_and_rendered(&app).await;
    for path in [
        "/stores/999999",
        "/stores/999999",
        "/stores/0",
        "/stores/abc",
    ] {
        let response = visitor
            .client
            .get(format!("{}{path}", app.base))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 404, "{path}");
        let page = response.text().await.unwrap();
        assert!(page.contains("페이지를 찾을 수 없습니다."), "{path}");
        assert!(
            page.contains("가게 둘러보기"),
            "{path} leads back to the stores"
        );
    }
    assert_eq!(
        served_kept_and_rendered(&app).await,
        (kept, rendered + 2),
        "store 999999 is rendered each time; 0 and abc name no store"
    );
    app.stop().await;
}

/// Many visitors at once each get a whole page: none of them is cut off
/// because another page's rendering ended first, nor by a page whose title
/// is read after its rendering ended (the store tablet's).
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn pages_rendered_at_once_each_arrive_whole() {
    use futures::stream::{self, StreamExt};

    let app = spawn_app().await;
    let visitor = app.visitor().client;
    let owner = app.sign_in("owner1@baedal.demo").await.client;
    let outcomes: Vec<Result<String, String>> = stream::iter(0..800)
        .map(|i| {
            let (client, url) = match i % 4 {
                0 => (&visitor, format!("{}/", app.base)),
                1 => (&visitor, format!("{}/stores/1", app.base)),
                2 => (&visitor, format!("{}/?q=%EA%B9%80%EC%B9%98", app.base)),
                _ => (&owner, format!("{}/store", app.base)),
            };
            let client = client.clone();
            async move {
                let answer = client.get(&url).send().await.map_err(|e| e.to_string())?;
                if answer.status() != 200 {
                    return Err(format!("{url}: HTTP {}", answer.status()));
                }
                answer.text().await.map_err(|e| format!("{url}: {e}"))
            }
        })
        .buffer_unordered(48)
        .collect()
        .await;
    let failures: Vec<&String> = outcomes.iter().filter_map(|o| o.as_ref().err()).collect();
    assert!(
        failures.is_empty(),
        "{} of 800 failed: {:?}",
        failures.len(),
        &failures[..failures.len().min(5)]
    );
    for page in outcomes.iter().flatten() {
        let whole = page.contains("</html>")
            && page.contains("<title>")
            && (page.contains(r#"class="store-list""#)
                || page.contains(r#"data-testid="store-header""#)
                || page.contains(r#"data-testid="kitchen-queue""#));
        assert!(
            whole,
            "a page is cut short: …{}",
            &page[page.len().saturating_sub(300)..]
        );
    }
    app.stop().await;
}

/// Pages keep rendering while other servers start in the same process:
/// starting a server must not stall the resources of pages being rendered.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn pages_render_whole_while_other_servers_start() {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::time::Duration;

    let app = spawn_app().await;
    let client = app.visitor().client;
    // A search is never a kept page, so every answer is rendered.
    let url = format!("{}/?q=%EA%B9%80%EC%B9%98", app.base);
    let starting = AtomicBool::new(true);
    let render_until_started = || async {
        let (mut whole, mut stalled) = (0, 0);
        while starting.load(Ordering::Relaxed) {
            let page = async { client.get(&url).send().await?.text().await };
            match tokio::time::timeout(Duration::from_secs(20), page).await {
                Ok(Ok(html)) if html.contains("</html>") => whole += 1,
                _ => stalled += 1,
            }
        }
        (whole, stalled)
    };
    let start_others = async {
        let mut started = Vec::new();
        for _ in 0..6 {
            started.push(spawn_app().await);
        }
        starting.store(false, Ordering::Relaxed);
        for other in started {
            other.stop().await;
        }
    };
    let renders = futures::future::join_all((0..8).map(|_| render_until_started()));
    let (counts, ()) = tokio::join!(renders, start_others);
    let whole: usize = counts.iter().map(|(whole, _)| whole).sum();
    let stalled: usize = counts.iter().map(|(_, stalled)| stalled).sum();
    assert!(whole > 0, "no page was rendered while servers started");
    assert_eq!(stalled, 0, "{stalled} pages stalled, {whole} arrived whole");
    app.stop().await;
}

/// The store list and a store's page are kept whole for visitors who are not
/// signed in. Each answer still carries a nonce of its own, each language
/// its own page, a change of the menu shows at once, and a signed-in
/// customer gets a page of their own.
#[tokio::test]
async fn kept_public_pages_have_their_own_nonce_and_show_changes_at_once() {
    let app = spawn_app().await;
    let visitor = app.visitor().client;
    let page = |path: &'static str, lang: &'static str| {
        let request = visitor
            .get(format!("{}{path}", app.base))
            .header("accept-language", lang);
        nonce_and_page(request, path)
    };
    let uses_only = |html: &str, nonce: &str| {
        let nonces: Vec<&str> = html
            .split("nonce=\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .collect();
        !nonces.is_empty() && nonces.iter().all(|n| *n == nonce)
    };

    let mut seen = Vec::new();
    for _ in 0..3 {
        let (nonce, html) = page("/stores/1", "ko").await;
        assert!(uses_only(&html, &nonce), "every script carries {nonce}");
        assert!(html.contains("<html lang=\"ko\"") && html.contains("9,000원"));
        assert!(!seen.contains(&nonce), "{nonce} was sent before");
        seen.push(nonce);
    }
    let (nonce, english) = page("/stores/1", "en-US").await;
    assert!(uses_only(&english, &nonce));
    assert!(
        english.contains("<html lang=\"en\""),
        "English is its own page"
    );
    let (_, list) = page("/", "ko").await;
    assert!(list.contains("class=\"store-list\""));

    let owner = app.sign_in("owner1@baedal.demo").await;
    let dish = first_dish_of_store_1(&owner).await;
    let (_, before) = page("/stores/1", "ko").await;
    assert!(!shows_sold_out(&before, dish));
    sell_out(&owner, dish).await;
    let (_, after) = page("/stores/1", "ko").await;
    assert!(
        shows_sold_out(&after, dish),
        "the kept page was dropped at the change"
    );

    let customer = app.sign_in("customer1@baedal.demo").await;
    let own = customer.text_of("/stores/1").await;
    assert!(
        !own.contains("href=\"/signin\""),
        "a signed-in customer is not served the visitor's page"
    );
    assert!(list.contains("href=\"/signin\""));
    app.stop().await;
}

/// A change of one store renders that store's page again, and leaves the
/// other stores' kept pages as they are, for visitors and customers alike.
#[tokio::test]
async fn a_change_of_one_store_leaves_the_other_stores_pages_kept() {
    let app = spawn_app().await;
    let visitor = app.visitor();
    let customer = app.sign_in("customer1@baedal.demo").await;
    let owner = app.sign_in("owner1@baedal.demo").await;
    let counted = || served_kept_and_rendered(&app);
    for path in ["/stores/1", "/stores/2"] {
        visitor.text_of(path).await;
        customer.text_of(path).await;
    }
    let (kept, rendered) = counted().await;
    customer.text_of("/stores/2").await;
    assert_eq!(counted().await, (kept + 1, rendered), "kept once rendered");

    let dish = first_dish_of_store_1(&owner).await;
    sell_out(&owner, dish).await;
    let (kept, rendered) = counted().await;
    let other = visitor.text_of("/stores/2").await;
    customer.text_of("/stores/2").await;
    assert_eq!(
        counted().await,
        (kept + 2, rendered),
        "store 2's pages are served as kept after a change of store 1"
    );
    assert!(
        other.contains("data-testid=\"dish-"),
        "store 2's menu is shown"
    );
    let changed = visitor.text_of("/stores/1").await;
    let own = customer.text_of("/stores/1").await;
    assert_eq!(
        counted().await,
        (kept + 2, rendered + 2),
        "store 1's pages are rendered again"
    );
    for page in [changed, own] {
        assert!(shows_sold_out(&page, dish));
    }
    app.stop().await;
}

/// The first dish of store 1, as its owner's menu lists it.
async fn first_dish_of_store_1(owner: &Session) -> i64 {
    let menu: Value = owner.ok("store_menu", json!({ "store": 1 })).await;
    menu["items"][0]["id"].as_i64().unwrap()
}

/// Store 1's owner sells `dish` out.
async fn sell_out(owner: &Session, dish: i64) {
    let _: Value = owner
        .ok(
            "set_sold_out",
            json!({ "store": 1, "item": dish, "sold_out": true }),
        )
        .await;
}

/// Whether `page` shows `dish` sold out; the dish must be on it.
fn shows_sold_out(page: &str, dish: i64) -> bool {
    let marker = format!("data-testid=\"dish-{dish}\"");
    let from = page
        .find(&marker)
        .unwrap_or_else(|| panic!("{marker} on the page"));
    let dish_html = page[from..].split("</li>").next().unwrap();
    dish_html.contains("data-testid=\"sold-out\"")
}

/// How many pages were served as kept and how many rendered to be kept, as
/// `/metrics` tells.
async fn served_kept_and_rendered(app: &TestApp) -> (u64, u64) {
    let text = app.visitor().text_of("/metrics").await;
    let count = |name: &str| -> u64 {
        let line = text
            .lines()
            .find(|line| line.starts_with(name))
            .unwrap_or_else(|| panic!("{name} in /metrics"));
        line[name.len()..].trim().parse().unwrap()
    };
    (
        count("baedal_pages_served_kept_total"),
        count("baedal_pages_rendered_to_keep_total"),
    )
}

/// Visitors who ask at once for a page a change made stale share one
/// rendering of it: it is rendered once, and each of them is answered from
/// it with the change and a nonce of their own.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn visitors_asking_at_once_after_a_change_share_one_rendering() {
    use futures::stream::{self, StreamExt};

    let app = spawn_app().await;
    let visitor = app.visitor();
    let owner = app.sign_in("owner1@baedal.demo").await;
    visitor.text_of("/stores/1").await;
    let dish = first_dish_of_store_1(&owner).await;
    sell_out(&owner, dish).await;

    let (kept, rendered) = served_kept_and_rendered(&app).await;
    let at_once = 32;
    let pages: Vec<(String, String)> = stream::iter(0..at_once)
        .map(|_| {
            nonce_and_page(
                visitor.client.get(format!("{}/stores/1", app.base)),
                "/stores/1",
            )
        })
        .buffer_unordered(at_once)
        .collect()
        .await;
    assert_eq!(
        served_kept_and_rendered(&app).await,
        (kept + at_once as u64 - 1, rendered + 1),
        "one rendering for {at_once} visitors at once"
    );
    let nonces: std::collections::HashSet<&String> = pages.iter().map(|(nonce, _)| nonce).collect();
    assert_eq!(nonces.len(), at_once, "each answer has its own nonce");
    for (_, page) in &pages {
        assert!(shows_sold_out(page, dish));
    }
    app.stop().await;
}

/// A signed-in visitor's store list and store pages are kept too, under what
/// was read of them: each answer has its own nonce, a change of their
/// profile or their coupons shows at once, another customer gets a page of
/// their own, and a session ended elsewhere ends at once.
#[tokio::test]
async fn kept_signed_in_pages_follow_what_is_read_of_the_visitor() {
    let app = spawn_app().await;
    let customer = app.sign_in("customer1@baedal.demo").await;
    let page = |session: &crate::support::Session, path: &'static str| {
        let request = session.client.get(format!("{}{path}", app.base));
        nonce_and_page(request, path)
    };
    let (first_nonce, first) = page(&customer, "/").await;
    let (second_nonce, second) = page(&customer, "/").await;
    assert_ne!(first_nonce, second_nonce, "each answer has its own nonce");
    assert_eq!(first.replace(&first_nonce, &second_nonce), second);
    assert!(first.contains("customer1@baedal.demo") && !first.contains("href=\"/signin\""));

    let _: Value = customer
        .ok(
            "save_address",
            json!({ "label": "새 작업실", "address": "서울 마포구 양화로 45", "position": null, "area": "hongdae" }),
        )
        .await;
    let (_, with_address) = page(&customer, "/").await;
    assert!(
        with_address.contains("새 작업실"),
        "a list kept before the profile changed was served"
    );
    // A search is rendered every time, from the same read of the visitor.
    let (_, search) = page(&customer, "/?q=%EC%B9%98%ED%82%A8").await;
    assert!(search.contains("customer1@baedal.demo") && search.contains("새 작업실"));

    let (_, before_coupon) = page(&customer, "/stores/1").await;
    let owner = app.sign_in("owner1@baedal.demo").await;
    let issued: Value = owner
        .ok(
            "issue_coupon",
            json!({ "store": 1, "discount": { "kind": "percent", "percent": 10 }, "min_order": 15000, "valid_days": 7, "quantity": 5 }),
        )
        .await;
    let code = issued["code"].as_str().unwrap();
    assert!(!before_coupon.contains(code));
    let (_, with_coupon) = page(&customer, "/stores/1").await;
    assert!(
        with_coupon.contains(code),
        "a store page kept before the coupon arrived was served"
    );
    let menu: Value = customer.ok("store_menu", json!({ "store": 1 })).await;
    let mut order = order_body(
        1,
        json!([{ "item": menu["items"][0]["id"], "quantity": 3 }]),
        &format!("kept-{}", rand_key()),
    );
    order["request"]["coupon"] = json!(code);
    let _: i64 = customer.ok("place_order", order).await;
    let (_, coupon_used) = page(&customer, "/stores/1").await;
    assert!(
        coupon_used.contains("customer1@baedal.demo") && !coupon_used.contains(code),
        "a store page kept before the coupon was used was served"
    );

    let other = app.sign_up_neighbour("kept-pages@baedal.test").await;
    let (_, theirs) = page(&other, "/").await;
    assert!(theirs.contains("kept-pages@baedal.test"));
    assert!(!theirs.contains("customer1@baedal.demo") && !theirs.contains("새 작업실"));
    let (_, owners) = page(&owner, "/").await;
    assert!(owners.contains("owner1@baedal.demo") && !owners.contains("customer1@baedal.demo"));

    let elsewhere = app.sign_in("customer1@baedal.demo").await;
    let _: Value = elsewhere.ok("sign_out_everywhere", json!({})).await;
    let (_, after_sign_out) = page(&customer, "/").await;
    assert!(
        !after_sign_out.contains("customer1@baedal.demo")
            && after_sign_out.contains("href=\"/signin\""),
        "an ended session was served its kept page"
    );
    let (_, search_after_sign_out) = page(&customer, "/?q=%EC%B9%98%ED%82%A8").await;
    assert!(
        !search_after_sign_out.contains("customer1@baedal.demo")
            && search_after_sign_out.contains("href=\"/signin\""),
        "an ended session was served a search"
    );
    app.stop().await;
}

/// A kept page is compressed once per coding, and each answer still has a
/// nonce of its own: what the client decompresses is the page as it is sent
/// uncompressed, with that answer's nonce. Browsers, which accept brotli,
/// get brotli; a client that accepts only gzip gets gzip.
#[tokio::test]
async fn kept_pages_are_sent_compressed_with_a_nonce_of_their_own() {
    let app = spawn_app().await;
    let visitor = app.visitor().client;
    let customer = app.sign_in("customer1@baedal.demo").await;
    let codings = [("gzip, deflate, br, zstd", "br"), ("gzip", "gzip")];
    for (client, path) in [(&visitor, "/stores/1"), (&customer.client, "/")] {
        let url = format!("{}{path}", app.base);
        let (plain_nonce, plain) = nonce_and_page(client.get(&url), path).await;
        let mut seen = vec![plain_nonce.clone()];
        for (accepted, coding) in codings.into_iter().flat_map(|c| [c, c]) {
            let request = client.get(&url).header("accept-encoding", accepted);
            let response = request.send().await.unwrap();
            assert_eq!(response.status(), 200, "{path}");
            let headers = response.headers().clone();
            assert_eq!(headers["content-encoding"], coding, "{path}");
            let vary = headers.get_all("vary").iter();
            assert!(vary
                .filter_map(|v| v.to_str().ok())
                .any(|v| v.contains("accept-encoding")));
            let nonce = nonce_of(headers["content-security-policy"].to_str().unwrap());
            let compressed = response.bytes().await.unwrap();
            let mut html = String::new();
            let decoded = match coding {
                "br" => brotli::Decompressor::new(&compressed[..], 4096).read_to_string(&mut html),
                _ => flate2::read::GzDecoder::new(&compressed[..]).read_to_string(&mut html),
            };
            decoded.expect("a whole compressed stream");
            assert_eq!(
                html,
                plain.replace(&plain_nonce, &nonce),
                "{path} as {coding}"
            );
            assert!(compressed.len() * 2 < html.len(), "{path} is compressed");
            assert!(!seen.contains(&nonce), "{nonce} was sent before");
            seen.push(nonce);
        }
    }
    app.stop().await;
}

/// A customer's page first asked for by a browser, which accepts brotli, is
/// kept in brotli only, in less memory than the page as rendered; asked for
/// again, it is served from what is kept in every coding: as brotli,
/// gzipped on the way out, or plain, each time the same page with a nonce
/// of its own.
#[tokio::test]
async fn a_customers_page_kept_in_brotli_is_served_kept_in_every_coding() {
    let app = spawn_app().await;
    let customer = app.sign_in("customer1@baedal.demo").await;
    let url = format!("{}/stores/1", app.base);
    let (kept, rendered) = served_kept_and_rendered(&app).await;
    let bytes_before = kept_bytes(&app).await;
    let mut page = None;
    let mut seen = Vec::new();
    for (accepted, coding) in [
        ("gzip, deflate, br, zstd", Some("br")),
        ("gzip", Some("gzip")),
        ("identity", None),
        ("br", Some("br")),
    ] {
        let request = customer
            .client
            .get(&url)
            .header("accept-encoding", accepted);
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), 200, "{accepted}");
        let headers = response.headers().clone();
        let sent_as = headers.get("content-encoding").map(|v| v.to_str().unwrap());
        assert_eq!(sent_as, coding, "{accepted}");
        assert_eq!(headers["vary"], "accept-encoding", "{accepted}");
        let nonce = nonce_of(headers["content-security-policy"].to_str().unwrap());
        let body = response.bytes().await.unwrap();
        let mut html = String::new();
        match coding {
            Some("br") => brotli::Decompressor::new(&body[..], 4096).read_to_string(&mut html),
            Some(_) => flate2::read::GzDecoder::new(&body[..]).read_to_string(&mut html),
            None => (&body[..]).read_to_string(&mut html),
        }
        .expect("a whole page");
        assert!(html.contains("customer1@baedal.demo"), "{accepted}");
        let page = page.get_or_insert_with(|| html.replace(&nonce, "NONCE"));
        assert_eq!(&html.replace(&nonce, "NONCE"), page, "{accepted}");
        assert!(!seen.contains(&nonce), "{nonce} was sent before");
        seen.push(nonce);
    }
    assert_eq!(
        served_kept_and_rendered(&app).await,
        (kept + 3, rendered + 1),
        "rendered once, then served as kept"
    );
    // As rendered, the page would weigh twice its length and more.
    let weighed = kept_bytes(&app).await - bytes_before;
    let rendered_len = page.unwrap().len();
    assert!(
        0 < weighed && weighed < rendered_len,
        "kept in {weighed} bytes, rendered in {rendered_len}"
    );
    app.stop().await;
}

/// What signed-in visitors' kept pages weigh, as `/metrics` tells; 0
/// before one is kept.
async fn kept_bytes(app: &TestApp) -> usize {
    let text = app.visitor().text_of("/metrics").await;
    let name = "baedal_pages_kept_bytes{shelf=\"personal\"} ";
    let line = text.lines().find(|line| line.starts_with(name));
    line.map_or(0, |line| line[name.len()..].trim().parse().unwrap())
}

/// A `HEAD` of a page gets the headers its `GET` gets, the compression's
/// among them, and no body.
#[tokio::test]
async fn a_head_of_a_page_has_the_headers_of_its_get() {
    let app = spawn_app().await;
    let visitor = app.visitor().client;
    for path in ["/", "/stores/1", "/signin"] {
        let url = format!("{}{path}", app.base);
        let mut names_of_each = Vec::new();
        for method in [reqwest::Method::GET, reqwest::Method::HEAD] {
            let request = visitor.request(method.clone(), &url);
            let response = request
                .header("accept-encoding", "br")
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 200, "{method} {path}");
            let headers = response.headers().clone();
            assert_eq!(headers["content-encoding"], "br", "{method} {path}");
            assert_eq!(headers["vary"], "accept-encoding", "{method} {path}");
            let mut names: Vec<_> = headers
                .keys()
                .map(|name| name.as_str().to_owned())
                .filter(|name| {
                    !["content-length", "transfer-encoding", "date"].contains(&name.as_str())
                })
                .collect();
            names.sort();
            let body = response.bytes().await.unwrap();
            assert_eq!(
                body.is_empty(),
                method == reqwest::Method::HEAD,
                "{method} {path}"
            );
            names_of_each.push(names);
        }
        assert_eq!(names_of_each[0], names_of_each[1], "{path}");
    }
    app.stop().await;
}

/// Sends a request for a page that must answer `200 OK`; its CSP nonce and
/// its HTML.
async fn nonce_and_page(request: reqwest::RequestBuilder, path: &str) -> (String, String) {
    let response = request.send().await.unwrap();
    assert_eq!(response.status(), 200, "{path}");
    let policy = response.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    (nonce_of(&policy), response.text().await.unwrap())
}
