//! `GET /api/v1/sessions`: the demo schedule, ranges, and clear errors for bad parameters.

use crate::helpers::{spawn, spawn_app, Spawn};
use steady_domain::api::{ApiError, SessionsResponse};
use steady_domain::{GroupKind, Timestamp};

#[tokio::test]
async fn a_new_server_shows_four_weeks_of_demo_sessions_of_every_kind() {
    let app = spawn_app().await;
    let response = app.get("/api/v1/sessions").await;
    assert_eq!(response.status(), 200);
    let body: SessionsResponse = response.json().await.expect("a schedule");
    assert_eq!(body.to, body.from.plus_days(28));
    for kind in GroupKind::ALL {
        let groups: std::collections::HashSet<_> =
            body.sessions.iter().filter(|s| s.kind == kind).map(|s| &s.group_id).collect();
        assert!(!groups.is_empty(), "no {kind:?} group");
    }
    assert!(body.sessions.windows(2).all(|w| w[0].starts_at <= w[1].starts_at), "earliest first");
    assert!(body.sessions.iter().all(|s| s.ends_at > body.from && s.starts_at < body.to));
    assert!(body.sessions.iter().any(|s| s.cancelled), "a cancelled session is listed and marked");
    assert!(body.sessions.iter().any(|s| s.check_in_open(body.from)), "one session is on now");
    assert!(body.sessions.iter().all(|s| !s.meeting_point.is_empty()));
}

#[tokio::test]
async fn no_demo_means_an_empty_schedule() {
    let app = spawn(Spawn { demo: false, database_url: None }).await;
    let body: SessionsResponse = app.get("/api/v1/sessions").await.json().await.expect("a schedule");
    assert!(body.sessions.is_empty());
}

#[tokio::test]
async fn a_range_selects_sessions_overlapping_it() {
    let app = spawn_app().await;
    let all: SessionsResponse = app.get("/api/v1/sessions").await.json().await.expect("schedule");
    let third = &all.sessions[2];
    let from = third.starts_at;
    let to = from.plus_minutes(1);
    let url = format!("/api/v1/sessions?from={from}&to={to}");
    let some: SessionsResponse = app.get(&url).await.json().await.expect("schedule");
    assert!(some.sessions.iter().any(|s| s.id == third.id));
    assert!(some.sessions.iter().all(|s| s.starts_at <= from && s.ends_at > from));
}

async fn error_for(query: &str) -> (u16, ApiError) {
    let app = spawn(Spawn { demo: false, database_url: None }).await;
    let response = app.get(&format!("/api/v1/sessions?{query}")).await;
    let status = response.status().as_u16();
    (status, response.json().await.expect("a JSON error"))
}

#[tokio::test]
async fn bad_parameters_get_a_400_with_a_code_and_a_plain_message() {
    let cases = [
        ("from=next-tuesday", "invalid_from"),
        ("to=2026-02-30", "invalid_to"),
        ("from=2026-11-25&to=2026-11-20", "invalid_range"),
        ("from=2026-01-01&to=2026-12-31", "range_too_long"),
        ("form=2026-11-25", "invalid_query"),
    ];
    for (query, code) in cases {
        let (status, error) = error_for(query).await;
        assert_eq!(status, 400, "{query}");
        assert_eq!(error.code, code, "{query}");
        assert!(error.message.ends_with('.') && error.message.len() > 10, "{query}: {}", error.message);
    }
}

#[tokio::test]
async fn unknown_api_paths_are_a_json_404() {
    let app = spawn_app().await;
    let response = app.get("/api/v1/nothing-here").await;
    assert_eq!(response.status(), 404);
    let error: ApiError = response.json().await.expect("a JSON error");
    assert_eq!(error.code, "not_found");
}

#[tokio::test]
async fn timestamps_on_the_wire_are_rfc3339_utc() {
    let app = spawn_app().await;
    let json: serde_json::Value = app.get("/api/v1/sessions").await.json().await.expect("json");
    let starts = json["sessions"][0]["starts_at"].as_str().expect("a string");
    assert!(starts.ends_with('Z'));
    assert!(Timestamp::parse(starts).is_ok());
}
