//! What the API refuses from outside whatever the caller's role: staff writes from other sites, bodies
//! that are not JSON objects, and methods a path does not have (all answered as JSON errors).

use crate::helpers::{quick_log, spawn_app, Caller};
use reqwest::Method;
use steady_domain::accounts::Role;
use steady_domain::api::ApiError;

/// Every documented write (method, path with its parameters filled in), from the OpenAPI document.
fn documented_writes() -> Vec<(Method, String)> {
    let document = steady_server::routes::openapi();
    let mut writes = Vec::new();
    for (path, item) in document.paths.paths {
        let path = path.replace("{id}", "some-id");
        for (method, operation) in [
            (Method::POST, &item.post),
            (Method::PUT, &item.put),
            (Method::PATCH, &item.patch),
            (Method::DELETE, &item.delete),
        ] {
            if operation.is_some() {
                writes.push((method, path.clone()));
            }
        }
    }
    writes
}

#[tokio::test]
async fn every_staff_write_from_another_site_is_refused_before_anything_happens() {
    let app = spawn_app().await;
    let worker = app.staff(Role::LinkWorker, "Lin Worker").await;
    let writes = documented_writes();
    assert!(writes.len() >= 15, "the document lists the API's writes ({})", writes.len());
    for (method, path) in writes {
        for (origin, site) in [("https://evil.example", "cross-site"), ("null", "cross-site")] {
            let response = worker
                .client
                .request(method.clone(), app.url(&path))
                .header("origin", origin)
                .header("sec-fetch-site", site)
                .header("content-type", "application/x-www-form-urlencoded")
                .body("a=1")
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 403, "{method} {path} from {origin}");
            assert_eq!(response.json::<ApiError>().await.unwrap().code, "cross_site", "{method} {path}");
        }
    }
}

#[tokio::test]
async fn staff_writes_from_steadys_own_pages_are_carried_out() {
    let app = spawn_app().await;
    let worker = app.staff(Role::LinkWorker, "Lin Worker").await;
    let enrol = |name: &str| {
        serde_json::json!({ "display_name": name, "referral_source": "probation",
        "justice_contact": false, "consent_discussed_on": "2026-01-05" })
    };
    let with_origin = worker.client.post(app.url("/api/v1/participants")).json(&enrol("Sam")).send().await.unwrap();
    assert_eq!(with_origin.status(), 201, "the client sends the public URL's Origin");
    let plain = reqwest::Client::new();
    let cookie = reqwest::header::HeaderValue::from_str(&format!("steady_staff={}", "unknown")).unwrap();
    let without_cookie =
        plain.post(app.url("/api/v1/participants")).header("origin", "https://evil.example").json(&enrol("Kit"));
    assert_eq!(without_cookie.send().await.unwrap().status(), 401, "no staff cookie: not signed in, not a CSRF");
    let no_origin_same_site = plain
        .post(app.url("/api/v1/participants"))
        .header("cookie", cookie.clone())
        .header("sec-fetch-site", "same-origin")
        .json(&enrol("Kit"));
    assert_eq!(no_origin_same_site.send().await.unwrap().status(), 401, "passes the origin check, then sign-in");
    let no_headers_at_all = plain.post(app.url("/api/v1/participants")).header("cookie", cookie).json(&enrol("Kit"));
    assert_eq!(no_headers_at_all.send().await.unwrap().status(), 403, "nothing shows it came from Steady's pages");
}

#[tokio::test]
async fn a_phone_syncs_whatever_origin_its_browser_reports() {
    let app = spawn_app().await;
    let worker = app.staff(Role::LinkWorker, "Lin Worker").await;
    let (_, phone) = app.linked_phone(&worker, "Alex").await;
    let response = app
        .client
        .post(app.url("/api/v1/sync"))
        .bearer_auth(&phone.token)
        .header("origin", "https://evil.example")
        .json(&serde_json::json!({ "changes": [{ "op": "upsert", "entry": quick_log(1, 5) }] }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "bearer tokens are never sent by a browser on its own");
}

#[tokio::test]
async fn bodies_sent_as_arrays_are_refused_with_a_plain_message() {
    let app = spawn_app().await;
    let worker = app.staff(Role::LinkWorker, "Lin Worker").await;
    let (_, phone) = app.linked_phone(&worker, "Alex").await;
    let as_array = serde_json::json!(["Sam R", "probation", false, "2026-11-25"]);
    let staff = app.call(&Caller::Staff(&worker), Method::POST, "/api/v1/participants", Some(as_array)).await;
    assert_eq!(staff.status(), 422);
    let error: ApiError = staff.json().await.unwrap();
    assert_eq!(error.code, "not_an_object");
    assert!(error.message.contains("JSON object"), "{}", error.message);
    for body in [serde_json::json!([[]]), serde_json::json!("changes"), serde_json::json!(null)] {
        let sync = app.call(&Caller::Phone(&phone), Method::POST, "/api/v1/sync", Some(body.clone())).await;
        assert_eq!(sync.status(), 422, "{body}");
    }
    let listed = worker.client.get(app.url("/api/v1/participants")).send().await.unwrap();
    let participants: Vec<serde_json::Value> = listed.json().await.unwrap();
    assert_eq!(participants.len(), 1, "only Alex: the array enrolled no one");
}

#[tokio::test]
async fn a_method_a_path_does_not_have_is_a_json_405_naming_the_allowed_ones() {
    let app = spawn_app().await;
    let worker = app.staff(Role::LinkWorker, "Lin Worker").await;
    for (method, path, allowed) in [
        (Method::PUT, "/api/v1/participants", "GET,POST"),
        (Method::DELETE, "/api/v1/caseload", "GET"),
        (Method::PATCH, "/api/v1/sessions", "GET"),
    ] {
        let response = app.call(&Caller::Staff(&worker), method.clone(), path, None).await;
        assert_eq!(response.status(), 405, "{method} {path}");
        let allow = response.headers().get("allow").map(|v| v.to_str().unwrap().replace(' ', "")).unwrap_or_default();
        let mut allow: Vec<&str> = allow.split(',').filter(|m| *m != "HEAD").collect();
        allow.sort_unstable();
        assert_eq!(allow.join(","), allowed, "{method} {path}");
        let error: ApiError = response.json().await.unwrap();
        assert_eq!(error.code, "method_not_allowed");
    }
    let missing = app.call(&Caller::Staff(&worker), Method::GET, "/api/v1/nothing-here", None).await;
    assert_eq!(missing.status(), 404);
    assert_eq!(missing.json::<ApiError>().await.unwrap().code, "not_found");
}
