//! `GET /api/v1/openapi.json`: the document lists exactly the expected endpoints, every documented
//! operation is routed and guarded as documented, every reference in it resolves, and real answers
//! (successes and errors) match the schemas it documents for them.
//!
//! The router and the document are built from the same `#[utoipa::path]` annotations (`routes!` in
//! `routes/mod.rs`), so an endpoint cannot be routed without being documented; these tests check the
//! served document against the running server from the outside.

use crate::helpers::{spawn_app, TestApp};
use reqwest::Method;
use serde_json::Value;
use std::collections::BTreeSet;
use steady_domain::api::ApiError;

/// Every endpoint of the API. Adding or removing one without updating this list fails the test.
const EXPECTED: &[(&str, &str)] = &[
    ("DELETE", "/api/v1/groups/{id}/join"),
    ("DELETE", "/api/v1/sync/shared"),
    ("GET", "/api/v1/admin/access-log"),
    ("GET", "/api/v1/admin/leaders"),
    ("GET", "/api/v1/caseload"),
    ("GET", "/api/v1/device"),
    ("GET", "/api/v1/groups/{id}/calendar.ics"),
    ("GET", "/api/v1/leader/groups"),
    ("GET", "/api/v1/leader/sessions"),
    ("GET", "/api/v1/openapi.json"),
    ("GET", "/api/v1/participants"),
    ("GET", "/api/v1/participants/{id}"),
    ("GET", "/api/v1/participants/{id}/entries"),
    ("GET", "/api/v1/participants/{id}/fhir"),
    ("GET", "/api/v1/fhir/ServiceRequest/{id}"),
    ("GET", "/api/v1/referrals"),
    ("GET", "/api/v1/referrals/assignees"),
    ("GET", "/api/v1/referrals/closed"),
    ("GET", "/api/v1/referrals/{id}"),
    ("GET", "/api/v1/referrals/{id}/gp-bundle"),
    ("GET", "/api/v1/reports"),
    ("GET", "/api/v1/reports/referrals"),
    ("GET", "/api/v1/sessions"),
    ("GET", "/api/v1/sessions/{id}/code"),
    ("GET", "/api/v1/sessions/{id}/register"),
    ("GET", "/api/v1/staff/me"),
    ("PATCH", "/api/v1/sessions/{id}"),
    ("POST", "/api/v1/check-in-code"),
    ("POST", "/api/v1/fhir/ServiceRequest"),
    ("POST", "/api/v1/referrals"),
    ("POST", "/api/v1/referrals/{id}/assignment"),
    ("POST", "/api/v1/referrals/{id}/attempts"),
    ("POST", "/api/v1/referrals/{id}/outcome"),
    ("POST", "/api/v1/groups/{id}/join"),
    ("POST", "/api/v1/groups/{id}/leaders"),
    ("POST", "/api/v1/groups/{id}/sessions"),
    ("POST", "/api/v1/pair"),
    ("POST", "/api/v1/participants"),
    ("POST", "/api/v1/participants/{id}/pairing-code"),
    ("POST", "/api/v1/participants/{id}/reviews"),
    ("POST", "/api/v1/participants/{id}/unlink"),
    ("POST", "/api/v1/sessions/{id}/register"),
    ("POST", "/api/v1/staff/set-password"),
    ("POST", "/api/v1/staff/sign-in"),
    ("POST", "/api/v1/staff/sign-out"),
    ("POST", "/api/v1/sync"),
];

/// The methods an operation can be documented under (HEAD and OPTIONS are left to the HTTP layer).
const METHODS: [&str; 5] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

/// One operation of the document: method, path, and whether it asks for a caller.
struct Operation {
    method: Method,
    path: String,
    secured: bool,
}

async fn document(app: &TestApp) -> Value {
    let response = app.get("/api/v1/openapi.json").await;
    assert_eq!(response.status(), 200);
    response.json().await.expect("a JSON document")
}

fn operations(doc: &Value) -> Vec<Operation> {
    let paths = doc["paths"].as_object().expect("paths");
    let mut found = Vec::new();
    for (path, item) in paths {
        for (method, operation) in item.as_object().expect("a path item") {
            let method = method.to_uppercase();
            assert!(METHODS.contains(&method.as_str()), "{method} {path}: an unexpected key in a path item");
            let secured = operation.get("security").and_then(Value::as_array).is_some_and(|s| !s.is_empty());
            found.push(Operation {
                method: Method::from_bytes(method.as_bytes()).expect("a method"),
                path: path.clone(),
                secured,
            });
        }
    }
    found
}

/// A path with each `{param}` replaced by a value no record has.
fn concrete(path: &str) -> String {
    path.split('/')
        .map(|segment| if segment.starts_with('{') && segment.ends_with('}') { "no-such-id" } else { segment })
        .collect::<Vec<_>>()
        .join("/")
}

/// Whether an answer says the router has no such endpoint (as opposed to a handler's own 404).
async fn no_such_endpoint(response: reqwest::Response) -> bool {
    match response.status().as_u16() {
        405 => true,
        404 => {
            let error: ApiError = response.json().await.expect("a JSON 404");
            error.message == steady_server::routes::NO_SUCH_ENDPOINT.to_string()
        }
        _ => false,
    }
}

#[tokio::test]
async fn the_document_is_served_and_lists_every_endpoint() {
    let app = spawn_app().await;
    let response = app.get("/api/v1/openapi.json").await;
    assert_eq!(response.status(), 200);
    let header = |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
    assert_eq!(header("content-type").as_deref(), Some("application/json"));
    assert_eq!(header("x-content-type-options").as_deref(), Some("nosniff"), "the usual security headers");
    let doc: Value = response.json().await.expect("a JSON document");
    assert!(doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.")), "{}", doc["openapi"]);
    assert_eq!(doc["info"]["title"], "Steady API");
    let documented: BTreeSet<(String, String)> =
        operations(&doc).into_iter().map(|o| (o.method.to_string(), o.path)).collect();
    let expected: BTreeSet<(String, String)> = EXPECTED.iter().map(|(m, p)| (m.to_string(), p.to_string())).collect();
    assert_eq!(documented, expected);
}

#[tokio::test]
async fn every_documented_operation_is_routed_and_guarded_as_documented() {
    let app = spawn_app().await;
    assert!(no_such_endpoint(app.get("/api/v1/nothing-here").await).await, "the check spots a missing path");
    assert!(
        no_such_endpoint(app.call(&crate::helpers::Caller::Anonymous, Method::PUT, "/api/v1/sessions", None).await)
            .await,
        "the check spots a missing method"
    );
    let doc = document(&app).await;
    let operations = operations(&doc);
    for operation in &operations {
        let path = concrete(&operation.path);
        let response = app.client.request(operation.method.clone(), app.url(&path)).send().await.expect("sent");
        let status = response.status().as_u16();
        assert_eq!(status == 401, operation.secured, "{} {path} without a caller answered {status}", operation.method);
        assert!(!no_such_endpoint(response).await, "{} {path} is documented but not routed", operation.method);
    }
    let paths: BTreeSet<&str> = operations.iter().map(|o| o.path.as_str()).collect();
    for path in paths {
        for method in METHODS.iter().filter(|m| !operations.iter().any(|o| o.path == path && o.method.as_str() == **m))
        {
            let method = Method::from_bytes(method.as_bytes()).expect("a method");
            let response = app.client.request(method.clone(), app.url(&concrete(path))).send().await.expect("sent");
            assert_eq!(response.status(), 405, "{method} {path} is routed but not documented");
        }
    }
}

/// Every `$ref` in `value`, with where it was found.
fn references<'a>(value: &'a Value, at: String, found: &mut Vec<(String, &'a str)>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                match (key.as_str(), inner) {
                    ("$ref", Value::String(target)) => found.push((at.clone(), target)),
                    _ => references(inner, format!("{at}/{key}"), found),
                }
            }
        }
        Value::Array(items) => {
            items.iter().enumerate().for_each(|(i, inner)| references(inner, format!("{at}/{i}"), found))
        }
        _ => {}
    }
}

#[tokio::test]
async fn references_schemes_and_operation_ids_are_sound() {
    let app = spawn_app().await;
    let doc = document(&app).await;
    let mut found = Vec::new();
    references(&doc, String::new(), &mut found);
    assert!(found.len() > 50, "the document refers to its components");
    for (at, target) in found {
        let pointer = target.strip_prefix('#').unwrap_or_else(|| panic!("{at}: {target} is not within the document"));
        assert!(doc.pointer(pointer).is_some(), "{at}: {target} does not resolve");
    }
    let schemes = doc["components"]["securitySchemes"].as_object().expect("security schemes");
    let mut operation_ids = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("a path item") {
            for requirement in operation["security"].as_array().into_iter().flatten() {
                for scheme in requirement.as_object().expect("a requirement").keys() {
                    assert!(schemes.contains_key(scheme), "{method} {path}: no security scheme {scheme}");
                }
            }
            let id = operation["operationId"].as_str().expect("an operation id");
            assert!(operation_ids.insert(id), "{method} {path}: operation id {id} is used twice");
            let responses = operation["responses"].as_object().expect("responses");
            assert!(responses.keys().any(|s| s.starts_with('2')), "{method} {path}: no success response");
            assert!(responses.contains_key("500"), "{method} {path}: no 500");
        }
    }
}

/// Checks a real answer against the document: the response documented for its method, path and
/// status must exist, and the body must match its schema (JSON Schema 2020-12, which OpenAPI 3.1 uses).
async fn assert_matches_document(doc: &Value, method: &str, path: &str, response: reqwest::Response) {
    let status = response.status().as_u16().to_string();
    let mut documented = &doc["paths"][path][method.to_lowercase()]["responses"][&status];
    if let Some(reference) = documented["$ref"].as_str() {
        let name = reference.trim_start_matches("#/components/responses/");
        documented = &doc["components"]["responses"][name];
    }
    assert!(documented.is_object(), "{method} {path} answered {status}, which the document does not list");
    let mut schema = documented["content"]["application/json"]["schema"].clone();
    assert!(schema.is_object(), "{method} {path} {status} has no JSON schema");
    schema["components"] = doc["components"].clone();
    let validator = jsonschema::draft202012::new(&schema)
        .unwrap_or_else(|e| panic!("{method} {path} {status}: a usable schema: {e}"));
    let body: Value = response.json().await.expect("a JSON body");
    let errors: Vec<String> = validator.iter_errors(&body).map(|e| format!("{} at {}", e, e.instance_path)).collect();
    assert!(errors.is_empty(), "{method} {path} {status} does not match the document: {errors:#?}");
}

#[tokio::test]
async fn real_answers_match_the_documented_schemas() {
    use crate::helpers::{quick_log, upserts, Caller};
    use steady_domain::accounts::Role;
    let app = spawn_app().await;
    let doc = document(&app).await;
    let lw = app.staff(Role::LinkWorker, "Lin Worker").await;
    let admin = app.staff(Role::Admin, "Ada Admin").await;
    let enrolled = lw.client.post(app.url("/api/v1/participants")).json(&serde_json::json!({
        "display_name": "Alex", "referral_source": "probation", "justice_contact": true, "consent_discussed_on": "2026-01-05"
    })).send().await.expect("enrol sent");
    let enrolled_body: Value = enrolled.json().await.expect("enrolment");
    let id = enrolled_body["participant"]["id"].as_str().expect("an id").to_string();
    let paired = app.pair(enrolled_body["pairing"]["code"].as_str().expect("a code")).await;
    let token = paired.json::<Value>().await.expect("paired")["device_token"].as_str().expect("a token").to_string();
    let phone = crate::helpers::Phone { token };
    let mut high = quick_log(1, 10);
    high["body"]["note"] = "A hard day".into();
    let synced =
        app.call(&Caller::Phone(&phone), Method::POST, "/api/v1/sync", Some(upserts(&[high, quick_log(2, 3)]))).await;
    assert_matches_document(&doc, "POST", "/api/v1/sync", synced).await;

    let staff = |path: &str| lw.client.get(app.url(path)).send();
    assert_matches_document(&doc, "GET", "/api/v1/sessions", app.get("/api/v1/sessions").await).await;
    assert_matches_document(&doc, "GET", "/api/v1/staff/me", staff("/api/v1/staff/me").await.expect("sent")).await;
    assert_matches_document(&doc, "GET", "/api/v1/participants", staff("/api/v1/participants").await.expect("sent"))
        .await;
    assert_matches_document(&doc, "GET", "/api/v1/caseload", staff("/api/v1/caseload").await.expect("sent")).await;
    assert_matches_document(
        &doc,
        "GET",
        "/api/v1/participants/{id}",
        staff(&format!("/api/v1/participants/{id}")).await.expect("sent"),
    )
    .await;
    assert_matches_document(
        &doc,
        "GET",
        "/api/v1/participants/{id}/entries",
        staff(&format!("/api/v1/participants/{id}/entries")).await.expect("sent"),
    )
    .await;
    assert_matches_document(
        &doc,
        "GET",
        "/api/v1/reports",
        staff("/api/v1/reports?from=2026-01-01&to=2026-12-31").await.expect("sent"),
    )
    .await;
    assert_matches_document(
        &doc,
        "GET",
        "/api/v1/device",
        app.call(&Caller::Phone(&phone), Method::GET, "/api/v1/device", None).await,
    )
    .await;
    let log = admin.client.get(app.url("/api/v1/admin/access-log")).send().await.expect("sent");
    assert_matches_document(&doc, "GET", "/api/v1/admin/access-log", log).await;
    let leaders = admin.client.get(app.url("/api/v1/admin/leaders")).send().await.expect("sent");
    assert_matches_document(&doc, "GET", "/api/v1/admin/leaders", leaders).await;
    // Errors have their documented shape too.
    assert_matches_document(
        &doc,
        "GET",
        "/api/v1/participants/{id}",
        staff("/api/v1/participants/no-such-id").await.expect("sent"),
    )
    .await;
    assert_matches_document(&doc, "GET", "/api/v1/caseload", app.get("/api/v1/caseload").await).await;
    assert_matches_document(&doc, "POST", "/api/v1/pair", app.pair("ABCD2345").await).await;
}
