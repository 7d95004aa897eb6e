//! The link worker's review: flags with reasons, flagged first, "mark reviewed", and the access log.

use crate::helpers::{quick_log, spawn, upserts, Caller, Spawn};
use reqwest::Method;
use steady_domain::accounts::Role;
use steady_domain::review::{CaseloadRow, Flag, ParticipantDetail};

fn stress_now(id: u32, stress: u8) -> serde_json::Value {
    let now = steady_server::state::now().plus_minutes(-30).to_string();
    let mut entry = quick_log(id, stress);
    entry["at"] = now.clone().into();
    entry["updated_at"] = now.into();
    entry
}

#[tokio::test]
async fn a_high_stress_rating_flags_and_sorts_first_until_reviewed() {
    let app = spawn(Spawn { demo: false }).await;
    let lw = app.staff(Role::LinkWorker, "Lin Worker").await;
    let (calm_id, calm) = app.linked_phone(&lw, "Ann").await;
    let (high_id, high) = app.linked_phone(&lw, "Zed").await;
    app.call(&Caller::Phone(&calm), Method::POST, "/api/v1/sync", Some(upserts(&[stress_now(1, 3)]))).await;
    app.call(&Caller::Phone(&high), Method::POST, "/api/v1/sync", Some(upserts(&[stress_now(2, 10)]))).await;

    let rows: Vec<CaseloadRow> = lw.client.get(app.url("/api/v1/caseload")).send().await.unwrap().json().await.unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].participant.id, high_id, "flagged first, though Z sorts last by name");
    assert!(matches!(rows[0].flags[0].flag, Flag::HighStress { rating: 10, .. }));
    assert!(rows[0].flags[0].flag.reason().starts_with("High stress: rated 10 out of 10"));
    assert_eq!(rows[0].latest_stress, Some(10));
    assert!(rows[1].flags.is_empty() && rows[1].participant.id == calm_id);

    let reviewed = lw
        .client
        .post(app.url(&format!("/api/v1/participants/{high_id}/reviews")))
        .json(&serde_json::json!({ "note": "Called. Had a hard day; feeling safer now." }))
        .send()
        .await
        .unwrap();
    assert_eq!(reviewed.status(), 201);
    let detail: ParticipantDetail = lw.client.get(app.url(&format!("/api/v1/participants/{high_id}"))).send().await.unwrap().json().await.unwrap();
    assert!(detail.row.flags.is_empty(), "the review cleared the flag");
    assert_eq!(detail.reviews[0].note.as_deref(), Some("Called. Had a hard day; feeling safer now."));
    assert_eq!(detail.reviews[0].reviewer, "Lin Worker");
    assert_eq!(detail.entries.len(), 1);
}

#[tokio::test]
async fn a_review_note_over_500_characters_is_refused() {
    let app = spawn(Spawn { demo: false }).await;
    let lw = app.staff(Role::LinkWorker, "Lin Worker").await;
    let enrolled = app.enrol(&lw, "Ann").await;
    let response = lw
        .client
        .post(app.url(&format!("/api/v1/participants/{}/reviews", enrolled.participant.id)))
        .json(&serde_json::json!({ "note": "a".repeat(501) }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
}

#[tokio::test]
async fn every_view_of_a_participant_is_logged_for_the_admin() {
    let app = spawn(Spawn { demo: false }).await;
    let lw = app.staff(Role::LinkWorker, "Lin Worker").await;
    let admin = app.staff(Role::Admin, "Ada Admin").await;
    let enrolled = app.enrol(&lw, "Ann").await;
    let id = enrolled.participant.id;
    lw.client.get(app.url("/api/v1/caseload")).send().await.unwrap();
    lw.client.get(app.url(&format!("/api/v1/participants/{id}"))).send().await.unwrap();
    lw.client.get(app.url(&format!("/api/v1/participants/{id}/entries"))).send().await.unwrap();
    let log: Vec<serde_json::Value> = admin.client.get(app.url("/api/v1/admin/access-log")).send().await.unwrap().json().await.unwrap();
    let views: Vec<&str> = log.iter().map(|r| r["view"].as_str().unwrap()).collect();
    assert_eq!(views, ["entries", "participant_page", "caseload"], "newest first");
    assert!(log.iter().all(|r| r["participant_id"] == id.as_str() && r["staff_email"] == "lin.worker@steady.test"));
}
