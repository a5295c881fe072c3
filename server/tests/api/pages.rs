//! Server-rendered pages and the operational endpoints.

use crate::support::spawn_app;

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
