//! Staff sign-in: the cookie, sign-out, password links, and slowing then locking repeated failures.

use crate::helpers::{spawn, Spawn, PASSWORD};
use steady_domain::accounts::Role;
use steady_domain::api::ApiError;

#[tokio::test]
async fn signing_in_sets_a_strict_http_only_cookie_and_signing_out_ends_it() {
    let app = spawn(Spawn { demo: false, database_url: None }).await;
    let (id, _) = steady_server::accounts::create_staff(&app.pool, "Lin Worker", "Lin@Steady.test", Role::LinkWorker)
        .await
        .unwrap();
    steady_server::accounts::set_password(&app.pool, &id, PASSWORD).await.unwrap();
    let client = crate::helpers::staff_client(&app.public_url);
    let response = client
        .post(app.url("/api/v1/staff/sign-in"))
        .json(&serde_json::json!({ "email": " lin@steady.test ", "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let cookie = response.headers()["set-cookie"].to_str().unwrap().to_string();
    for part in ["steady_staff=", "HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=28800"] {
        assert!(cookie.contains(part), "{cookie} lacks {part}");
    }
    assert!(!cookie.contains("Secure"), "not Secure on plain http");
    assert_eq!(client.get(app.url("/api/v1/staff/me")).send().await.unwrap().status(), 200);
    assert_eq!(client.post(app.url("/api/v1/staff/sign-out")).send().await.unwrap().status(), 204);
    assert_eq!(client.get(app.url("/api/v1/staff/me")).send().await.unwrap().status(), 401);
}

#[tokio::test]
async fn a_password_link_works_once_and_needs_a_long_password() {
    let app = spawn(Spawn { demo: false, database_url: None }).await;
    let (_, token) =
        steady_server::accounts::create_staff(&app.pool, "Lee", "lee@steady.test", Role::Leader).await.unwrap();
    let set = |password: &str| {
        app.client
            .post(app.url("/api/v1/staff/set-password"))
            .json(&serde_json::json!({ "token": token, "password": password }))
            .send()
    };
    let short = set("short").await.unwrap();
    assert_eq!(short.status(), 422);
    assert_eq!(short.json::<ApiError>().await.unwrap().code, "weak_password");
    assert_eq!(set(PASSWORD).await.unwrap().status(), 204);
    assert_eq!(set("another long password").await.unwrap().status(), 409);
    let signed_in = app
        .client
        .post(app.url("/api/v1/staff/sign-in"))
        .json(&serde_json::json!({ "email": "lee@steady.test", "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status(), 200);
}

#[tokio::test]
async fn repeated_wrong_passwords_lock_the_account_for_a_while() {
    let app = spawn(Spawn { demo: false, database_url: None }).await;
    let (id, _) =
        steady_server::accounts::create_staff(&app.pool, "Lin", "lin@steady.test", Role::LinkWorker).await.unwrap();
    steady_server::accounts::set_password(&app.pool, &id, PASSWORD).await.unwrap();
    let attempt = |password: &'static str| {
        app.client
            .post(app.url("/api/v1/staff/sign-in"))
            .json(&serde_json::json!({ "email": "lin@steady.test", "password": password }))
            .send()
    };
    for _ in 0..5 {
        let wrong = attempt("wrong password here").await.unwrap();
        assert_eq!(wrong.status(), 401);
        assert_eq!(wrong.json::<ApiError>().await.unwrap().code, "wrong_credentials");
    }
    let locked = attempt(PASSWORD).await.unwrap();
    assert_eq!(locked.status(), 429, "even the right password waits out the lock");
    assert!(locked.headers().contains_key("retry-after"));
    let message = locked.json::<ApiError>().await.unwrap().message;
    assert!(message.contains("try again in 15 minutes"), "{message}");
}

#[tokio::test]
async fn unknown_emails_get_the_same_answer_as_wrong_passwords() {
    let app = spawn(Spawn { demo: false, database_url: None }).await;
    let response = app
        .client
        .post(app.url("/api/v1/staff/sign-in"))
        .json(&serde_json::json!({ "email": "nobody@steady.test", "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    assert_eq!(response.json::<ApiError>().await.unwrap().code, "wrong_credentials");
}
