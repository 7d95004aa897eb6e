//! Every endpoint added for sharing × every kind of caller: anonymous, participant A's phone,
//! participant B's phone, A's link worker, another link worker, a leader and an admin.

use crate::helpers::{expect_statuses, quick_log, spawn, upserts, Caller, Spawn, TestApp};
use reqwest::Method;
use steady_domain::accounts::Role;

struct World {
    app: TestApp,
    link_worker: crate::helpers::StaffUser,
    other_link_worker: crate::helpers::StaffUser,
    leader: crate::helpers::StaffUser,
    admin: crate::helpers::StaffUser,
    a: String,
    phone_a: crate::helpers::Phone,
    phone_b: crate::helpers::Phone,
}

async fn world() -> World {
    let app = spawn(Spawn { demo: false, database_url: None }).await;
    let link_worker = app.staff(Role::LinkWorker, "Lin Worker").await;
    let other_link_worker = app.staff(Role::LinkWorker, "Other Worker").await;
    let leader = app.staff(Role::Leader, "Lee Leader").await;
    let admin = app.staff(Role::Admin, "Ada Admin").await;
    let (a, phone_a) = app.linked_phone(&link_worker, "Alex").await;
    let (_, phone_b) = app.linked_phone(&other_link_worker, "Billie").await;
    World { app, link_worker, other_link_worker, leader, admin, a, phone_a, phone_b }
}

impl World {
    fn callers(&self) -> [(&'static str, Caller<'_>); 7] {
        [
            ("anonymous", Caller::Anonymous),
            ("participant A", Caller::Phone(&self.phone_a)),
            ("participant B", Caller::Phone(&self.phone_b)),
            ("A's link worker", Caller::Staff(&self.link_worker)),
            ("another link worker", Caller::Staff(&self.other_link_worker)),
            ("leader", Caller::Staff(&self.leader)),
            ("admin", Caller::Staff(&self.admin)),
        ]
    }

    /// Asserts the status each caller gets, in the order of [`World::callers`].
    async fn expect(&self, method: Method, path: &str, body: Option<serde_json::Value>, statuses: [u16; 7]) {
        expect_statuses(&self.app, &self.callers(), method, path, body, statuses).await;
    }
}

#[tokio::test]
async fn reading_the_caseload() {
    let w = world().await;
    w.expect(Method::GET, "/api/v1/participants", None, [401, 401, 401, 200, 200, 403, 403]).await;
    let mine: Vec<serde_json::Value> =
        w.link_worker.client.get(w.app.url("/api/v1/participants")).send().await.unwrap().json().await.unwrap();
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0]["display_name"], "Alex");
    assert_eq!(mine[0]["linked"], true);
    let theirs: Vec<serde_json::Value> =
        w.other_link_worker.client.get(w.app.url("/api/v1/participants")).send().await.unwrap().json().await.unwrap();
    assert!(theirs.iter().all(|p| p["id"] != w.a.as_str()), "another link worker never sees A");
}

#[tokio::test]
async fn enrolling_a_participant() {
    let w = world().await;
    let body = serde_json::json!({ "display_name": "Casey", "referral_source": "self_referral",
        "justice_contact": false, "consent_discussed_on": "2026-01-05" });
    w.expect(Method::POST, "/api/v1/participants", Some(body), [401, 401, 401, 201, 201, 403, 403]).await;
}

#[tokio::test]
async fn issuing_a_new_pairing_code() {
    let w = world().await;
    let path = format!("/api/v1/participants/{}/pairing-code", w.a);
    w.expect(Method::POST, &path, None, [401, 401, 401, 200, 404, 403, 403]).await;
}

#[tokio::test]
async fn reading_someone_elses_shared_entries() {
    let w = world().await;
    let sent =
        w.app.call(&Caller::Phone(&w.phone_a), Method::POST, "/api/v1/sync", Some(upserts(&[quick_log(1, 6)]))).await;
    assert_eq!(sent.status(), 200);
    let path = format!("/api/v1/participants/{}/entries", w.a);
    w.expect(Method::GET, &path, None, [401, 401, 401, 200, 404, 403, 403]).await;
}

#[tokio::test]
async fn ending_a_phones_link() {
    let w = world().await;
    let path = format!("/api/v1/participants/{}/unlink", w.a);
    // Everyone but A's link worker is refused, so A's phone stays linked through the first six calls.
    w.expect(Method::POST, &path, None, [401, 401, 401, 204, 404, 403, 403]).await;
    let after = w.app.call(&Caller::Phone(&w.phone_a), Method::GET, "/api/v1/device", None).await;
    assert_eq!(after.status(), 401);
    let error: steady_domain::api::ApiError = after.json().await.unwrap();
    assert_eq!(error.code, "link_ended");
}

#[tokio::test]
async fn a_phone_checking_its_link() {
    let w = world().await;
    w.expect(Method::GET, "/api/v1/device", None, [401, 200, 200, 401, 401, 401, 401]).await;
    let me: serde_json::Value =
        w.app.call(&Caller::Phone(&w.phone_a), Method::GET, "/api/v1/device", None).await.json().await.unwrap();
    assert_eq!(me["participant_name"], "Alex");
    assert_eq!(me["link_worker_name"], "Lin Worker");
}

#[tokio::test]
async fn syncing_is_for_phones_only_and_lands_in_their_own_record() {
    let w = world().await;
    w.expect(Method::POST, "/api/v1/sync", Some(upserts(&[quick_log(7, 4)])), [401, 200, 200, 401, 401, 401, 401])
        .await;
    // Both phones sent an entry with the same id: each has its own copy.
    let a: Vec<serde_json::Value> = w
        .link_worker
        .client
        .get(w.app.url(&format!("/api/v1/participants/{}/entries", w.a)))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(a.len(), 1);
}

#[tokio::test]
async fn withdrawing_deletes_only_your_own_shared_data() {
    let w = world().await;
    for phone in [&w.phone_a, &w.phone_b] {
        let sent = w
            .app
            .call(
                &Caller::Phone(phone),
                Method::POST,
                "/api/v1/sync",
                Some(upserts(&[quick_log(1, 6), quick_log(2, 7)])),
            )
            .await;
        assert_eq!(sent.status(), 200);
    }
    w.expect(Method::DELETE, "/api/v1/sync/shared", None, [401, 200, 200, 401, 401, 401, 401]).await;
    let (b_count,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM shared_entries").fetch_one(&w.app.pool).await.unwrap();
    assert_eq!(b_count, 0, "A and B each withdrew their own");
}

#[tokio::test]
async fn who_am_i() {
    let w = world().await;
    w.expect(Method::GET, "/api/v1/staff/me", None, [401, 401, 401, 200, 200, 200, 200]).await;
    let me: serde_json::Value =
        w.admin.client.get(w.app.url("/api/v1/staff/me")).send().await.unwrap().json().await.unwrap();
    assert_eq!(me["role"], "admin");
    assert_eq!(me["email"], w.admin.email);
}

/// The display names on a link worker's caseload.
async fn caseload_names(w: &World, link_worker: &crate::helpers::StaffUser) -> Vec<String> {
    let response = link_worker.client.get(w.app.url("/api/v1/caseload")).send().await.unwrap();
    let rows: Vec<steady_domain::review::CaseloadRow> = response.json().await.unwrap();
    rows.into_iter().map(|row| row.participant.display_name.as_str().to_string()).collect()
}

#[tokio::test]
async fn the_caseload_with_flags() {
    let w = world().await;
    w.expect(Method::GET, "/api/v1/caseload", None, [401, 401, 401, 200, 200, 403, 403]).await;
    assert_eq!(caseload_names(&w, &w.link_worker).await, ["Alex"], "A's link worker sees A, and only A");
    assert_eq!(caseload_names(&w, &w.other_link_worker).await, ["Billie"], "another link worker never sees A");
}

#[tokio::test]
async fn a_participants_page() {
    let w = world().await;
    let path = format!("/api/v1/participants/{}", w.a);
    w.expect(Method::GET, &path, None, [401, 401, 401, 200, 404, 403, 403]).await;
}

#[tokio::test]
async fn marking_someone_reviewed() {
    let w = world().await;
    let path = format!("/api/v1/participants/{}/reviews", w.a);
    let body = serde_json::json!({ "note": "Called, doing better" });
    w.expect(Method::POST, &path, Some(body), [401, 401, 401, 201, 404, 403, 403]).await;
}

#[tokio::test]
async fn reading_the_access_log() {
    let w = world().await;
    w.expect(Method::GET, "/api/v1/admin/access-log", None, [401, 401, 401, 403, 403, 403, 200]).await;
}

#[tokio::test]
async fn listing_group_leaders() {
    let w = world().await;
    w.expect(Method::GET, "/api/v1/admin/leaders", None, [401, 401, 401, 403, 403, 403, 200]).await;
}

#[tokio::test]
async fn exporting_fhir() {
    let w = world().await;
    let path = format!("/api/v1/participants/{}/fhir", w.a);
    w.expect(Method::GET, &path, None, [401, 401, 401, 200, 404, 403, 403]).await;
    let response = w.link_worker.client.get(w.app.url(&path)).send().await.unwrap();
    assert_eq!(response.headers()["content-type"], "application/fhir+json");
    let bundle: serde_json::Value = response.json().await.unwrap();
    assert_eq!(bundle["resourceType"], "Bundle");
}

async fn report(w: &World, link_worker: &crate::helpers::StaffUser) -> steady_domain::report::Report {
    let response = link_worker.client.get(w.app.url("/api/v1/reports")).send().await.unwrap();
    response.json().await.unwrap()
}

#[tokio::test]
async fn reading_a_report() {
    let w = world().await;
    w.expect(Method::GET, "/api/v1/reports", None, [401, 401, 401, 200, 200, 403, 403]).await;
    let now = steady_server::state::now();
    let at = now.plus_minutes(-120).to_string();
    let check_in = serde_json::json!({
        "id": "00000000-0000-4000-8000-000000000031", "at": at, "updated_at": at, "keep_private": false,
        "body": { "kind": "check_in", "session_id": null, "group_name": "Walk", "group_kind": "walking",
            "stress_before": 7, "checked_out_at": now.plus_minutes(-60).to_string(), "stress_after": 4 }
    });
    let sent = w.app.call(&Caller::Phone(&w.phone_a), Method::POST, "/api/v1/sync", Some(upserts(&[check_in]))).await;
    assert_eq!(sent.status(), 200);
    let mine = report(&w, &w.link_worker).await;
    assert_eq!((mine.attendances, mine.stress_pairs, mine.unique_participants), (1, 1, 1), "A's check-in counts");
    let theirs = report(&w, &w.other_link_worker).await;
    assert_eq!((theirs.attendances, theirs.stress_pairs), (0, 0), "A's check-in is not in another's report");
}
