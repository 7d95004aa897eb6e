//! The link worker's review: flags with reasons, flagged first, "mark reviewed", and the access log.

use crate::helpers::{spawn, stress_now, upserts, Caller, Spawn};
use reqwest::Method;
use steady_domain::accounts::Role;
use steady_domain::review::{CaseloadRow, Flag, ParticipantDetail};

#[tokio::test]
async fn a_high_stress_rating_flags_and_sorts_first_until_reviewed() {
    let app = spawn(Spawn { demo: false, database_url: None }).await;
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
    let detail: ParticipantDetail =
        lw.client.get(app.url(&format!("/api/v1/participants/{high_id}"))).send().await.unwrap().json().await.unwrap();
    assert!(detail.row.flags.is_empty(), "the review cleared the flag");
    assert_eq!(detail.reviews[0].note.as_deref(), Some("Called. Had a hard day; feeling safer now."));
    assert_eq!(detail.reviews[0].reviewer, "Lin Worker");
    assert_eq!(detail.entries.len(), 1);
}

#[tokio::test]
async fn entries_synced_before_their_facts_were_kept_still_raise_flags() {
    let app = spawn(Spawn { demo: false, database_url: None }).await;
    let lw = app.staff(Role::LinkWorker, "Lin Worker").await;
    let (_, phone) = app.linked_phone(&lw, "Ann").await;
    app.call(
        &Caller::Phone(&phone),
        Method::POST,
        "/api/v1/sync",
        Some(upserts(&[stress_now(1, 9), stress_now(2, 4)])),
    )
    .await;
    let caseload = || async {
        lw.client.get(app.url("/api/v1/caseload")).send().await.unwrap().json::<Vec<CaseloadRow>>().await.unwrap()
    };
    let from_facts = caseload().await;
    assert!(matches!(from_facts[0].flags[0].flag, Flag::HighStress { rating: 9, .. }), "{:?}", from_facts[0].flags);

    // As a database upgraded from before migration 0007 holds them: a body and no facts line (and
    // a new version, as after any change, so no server goes on using what it read before).
    let cleared = sqlx::query("UPDATE shared_entries SET facts = NULL").execute(&app.pool).await.unwrap();
    assert_eq!(cleared.rows_affected(), 2);
    sqlx::query("UPDATE participants SET entries_version = entries_version + 1").execute(&app.pool).await.unwrap();
    assert_eq!(caseload().await, from_facts, "the same row, read from the entries' bodies");
}

#[tokio::test]
async fn a_review_note_over_500_characters_is_refused() {
    let app = spawn(Spawn { demo: false, database_url: None }).await;
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
    let app = spawn(Spawn { demo: false, database_url: None }).await;
    let lw = app.staff(Role::LinkWorker, "Lin Worker").await;
    let admin = app.staff(Role::Admin, "Ada Admin").await;
    let id = app.enrol(&lw, "Ann").await.participant.id;
    let other = app.enrol(&lw, "Bea").await.participant.id;
    lw.client.get(app.url("/api/v1/caseload")).send().await.unwrap();
    lw.client.get(app.url(&format!("/api/v1/participants/{id}"))).send().await.unwrap();
    lw.client.get(app.url(&format!("/api/v1/participants/{id}/entries"))).send().await.unwrap();
    let log: Vec<serde_json::Value> =
        admin.client.get(app.url("/api/v1/admin/access-log")).send().await.unwrap().json().await.unwrap();
    let views: Vec<&str> = log.iter().map(|r| r["view"].as_str().unwrap()).collect();
    assert_eq!(
        views,
        ["entries", "participant_page", "caseload", "caseload"],
        "newest first, the caseload once per person on it"
    );
    assert!(log.iter().all(|r| r["staff_email"] == "lin.worker@steady.test"));
    let seen: Vec<&str> = log.iter().map(|r| r["participant_id"].as_str().unwrap()).collect();
    assert_eq!(&seen[..2], [id.as_str(), id.as_str()]);
    let mut on_caseload = seen[2..].to_vec();
    on_caseload.sort();
    let mut expected = [id.as_str(), other.as_str()];
    expected.sort();
    assert_eq!(on_caseload, expected, "the caseload view names everyone it showed");
    let names: std::collections::BTreeSet<&str> = log.iter().map(|r| r["participant_name"].as_str().unwrap()).collect();
    assert_eq!(names, std::collections::BTreeSet::from(["Ann", "Bea"]), "each record names who was seen, as enrolled");
    assert!(log.iter().filter(|r| r["participant_id"] == id.as_str()).all(|r| r["participant_name"] == "Ann"));
}

#[tokio::test]
async fn a_report_counts_only_my_caseload_and_downloads_as_csv() {
    let app = spawn(Spawn { demo: false, database_url: None }).await;
    let lw = app.staff(Role::LinkWorker, "Lin Worker").await;
    let other = app.staff(Role::LinkWorker, "Other Worker").await;
    let (_, mine) = app.linked_phone(&lw, "Ann").await;
    let (_, theirs) = app.linked_phone(&other, "Bea").await;
    let visit = |id: u32, before: u8, after: u8| {
        let at = steady_server::state::now().plus_days(-2);
        serde_json::json!({
            "id": format!("00000000-0000-4000-8000-{id:012}"), "at": at.to_string(), "updated_at": at.plus_minutes(90).to_string(),
            "keep_private": false,
            "body": { "kind": "check_in", "session_id": null, "group_name": "Riverside walk", "group_kind": "walking",
                      "stress_before": before, "checked_out_at": at.plus_minutes(90).to_string(), "stress_after": after, "how_was_it": null }
        })
    };
    app.call(&Caller::Phone(&mine), Method::POST, "/api/v1/sync", Some(upserts(&[visit(1, 7, 4), visit(2, 6, 4)])))
        .await;
    app.call(&Caller::Phone(&theirs), Method::POST, "/api/v1/sync", Some(upserts(&[visit(3, 2, 9)]))).await;

    let report: steady_domain::report::Report =
        lw.client.get(app.url("/api/v1/reports")).send().await.unwrap().json().await.unwrap();
    assert_eq!(report.attendances, 2);
    assert_eq!(report.unique_participants, 1);
    assert_eq!(report.mean_stress_change, Some(-2.5));
    assert_eq!(report.by_referral[0].participants, 1);

    let gardening: steady_domain::report::Report =
        lw.client.get(app.url("/api/v1/reports?kind=gardening")).send().await.unwrap().json().await.unwrap();
    assert_eq!(gardening.attendances, 0);

    let csv = lw.client.get(app.url("/api/v1/reports?format=csv")).send().await.unwrap();
    assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
    assert!(csv.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .starts_with("attachment; filename=\"steady-report-"));
    assert!(csv.text().await.unwrap().contains("\r\nattendances,2\r\n"));

    let bad = lw.client.get(app.url("/api/v1/reports?kind=knitting")).send().await.unwrap();
    assert_eq!(bad.status(), 400);
}
