//! The referral journey end to end through the real server, writing every FHIR document Steady
//! produces on the way to `target/tmp/fhir-documents/` for the external validator
//! (`scripts/fhir-validate.sh`, run by `make test-fhir`): a GP system posts a ServiceRequest flagged
//! for justice contact; it is due, then overdue once the clock passes 5 working days; the link worker
//! logs two attempts, reaches the person and accepts (codes and shared self-ratings); the participant
//! pairs, checks in at a session and shares ratings and an ONS4 answer; the funnel shows each step; the
//! referrer reads the status back; and the participant export, both GP Bundles, an OperationOutcome
//! and the ServiceRequest read back are written out, with an export of entries at the earliest and
//! latest times Steady holds.

use crate::helpers::{upserts, Caller, Phone};
use crate::referrals::{
    app_at, attempt, json_of, outcome, post_fhir, refer, referrer, service_request, staff_get, take,
};
use reqwest::Method;
use serde_json::{json, Value};
use steady_domain::accounts::Role;

fn write(name: &str, document: &Value) {
    let folder = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("fhir-documents");
    std::fs::create_dir_all(&folder).expect("the documents folder");
    let text = serde_json::to_string_pretty(document).expect("JSON");
    std::fs::write(folder.join(name), text).expect("a document written");
}

fn entry(n: u32, at: &str, body: Value) -> Value {
    json!({ "id": format!("00000000-0000-4000-8000-{n:012}"), "at": at, "updated_at": at, "keep_private": false, "body": body })
}

#[tokio::test]
async fn fhir_documents_of_a_referral_journey_are_written_for_the_validator() {
    let start = steady_server::state::now();
    let (app, clock) = app_at(start).await;
    let gp = referrer(&app, "Riverside Surgery", "A81001").await;
    let lw = app.staff(Role::LinkWorker, "Lin Worker").await;

    let sent = json_of(post_fhir(&app, &gp, &service_request("J-1", true)).await, 201).await;
    let id = sent["id"].as_str().expect("an id").to_string();
    let inbox = json_of(staff_get(&app, &lw, "/api/v1/referrals").await, 200).await;
    assert_eq!(inbox["unassigned"][0]["clock"]["state"], "due");
    clock.set(start.plus_days(10));
    let inbox = json_of(staff_get(&app, &lw, "/api/v1/referrals").await, 200).await;
    assert_eq!(inbox["unassigned"][0]["clock"]["state"], "overdue", "10 days on, past 5 working days");
    assert!(inbox["unassigned"][0]["reasons"][0].as_str().is_some_and(|r| r.starts_with("Overdue: ")));

    take(&app, &lw, &id).await;
    assert_eq!(attempt(&app, &lw, &id, "phone", "no_answer").await.status(), 201);
    assert_eq!(attempt(&app, &lw, &id, "text", "left_message").await.status(), 201);
    assert_eq!(attempt(&app, &lw, &id, "phone", "reached").await.status(), 201);
    let accepted = outcome(
        &app,
        &lw,
        &id,
        json!({ "outcome": "accepted", "consent_discussed_on": start.uk_day().to_string(), "gp_sharing": "codes_and_self_ratings" }),
    )
    .await;
    let enrolled = json_of(accepted, 201).await["enrolled"].clone();
    let participant = enrolled["participant"]["id"].as_str().expect("enrolled").to_string();
    assert_eq!(enrolled["participant"]["justice_contact"], true, "kept from the referral");

    let paired = json_of(app.pair(enrolled["pairing"]["code"].as_str().expect("a code")).await, 200).await;
    let phone = Phone { token: paired["device_token"].as_str().expect("a token").to_string() };
    let (before, after) = (start.plus_minutes(-90), start.plus_minutes(-30));
    let visit = entry(
        1,
        &before.to_string(),
        json!({ "kind": "check_in", "session_id": null, "group_name": "Riverside walk", "group_kind": "walking",
                "stress_before": 7, "checked_out_at": after.to_string(), "stress_after": 4, "how_was_it": null }),
    );
    let log = entry(2, &after.to_string(), json!({ "kind": "quick_log", "wellbeing": 6, "stress": 3, "note": null }));
    let ons4 = entry(
        3,
        &after.to_string(),
        json!({ "kind": "ons4", "life_satisfaction": 6, "worthwhile": 7, "happy": 5, "anxious": 4 }),
    );
    let synced =
        app.call(&Caller::Phone(&phone), Method::POST, "/api/v1/sync", Some(upserts(&[visit, log, ons4]))).await;
    assert_eq!(synced.status(), 200);

    let range = format!("from={}&to={}", start.plus_days(-1).uk_day(), start.plus_days(2).uk_day());
    let funnel = json_of(staff_get(&app, &lw, &format!("/api/v1/reports/referrals?{range}")).await, 200).await;
    let justice = funnel["rows"].as_array().expect("rows").iter().find(|r| r["group"]["justice_contact"] == true);
    let steps = justice.map(|r| ["referred", "first_contact", "accepted", "first_session"].map(|k| r[k].clone()));
    assert_eq!(steps, Some([json!(1), json!(1), json!(1), json!(1)]));

    let status = app.call(&Caller::Phone(&gp), Method::GET, &format!("/api/v1/fhir/ServiceRequest/{id}"), None).await;
    let status = json_of(status, 200).await;
    assert_eq!(status["status"], "completed");
    assert_eq!(status["extension"][0]["valueCoding"]["code"], "accepted");
    write("service-request.json", &status);

    let with_ratings = json_of(staff_get(&app, &lw, &format!("/api/v1/referrals/{id}/gp-bundle")).await, 200).await;
    let kinds: Vec<&str> = with_ratings["entry"]
        .as_array()
        .expect("entries")
        .iter()
        .filter_map(|e| e["resource"]["resourceType"].as_str())
        .collect();
    assert_eq!(&kinds[..3], ["Patient", "ServiceRequest", "Observation"]);
    let referral = &with_ratings["entry"][1]["resource"];
    assert_eq!(referral["requester"]["identifier"]["value"], "A81001", "the referring practice");
    assert_eq!(referral["status"], "completed");
    assert!(kinds.contains(&"QuestionnaireResponse"), "the shared ONS4 answer: {kinds:?}");
    assert_eq!(kinds.len(), 3 + 1 + 4, "two ratings at the session, two in the quick log");
    write("gp-bundle-with-self-ratings.json", &with_ratings);
    let export = json_of(staff_get(&app, &lw, &format!("/api/v1/participants/{participant}/fhir")).await, 200).await;
    write("participant-bundle.json", &export);

    let declined = refer(&app, &lw, "Dee", false).await;
    take(&app, &lw, &declined).await;
    attempt(&app, &lw, &declined, "phone", "reached").await;
    assert_eq!(outcome(&app, &lw, &declined, json!({ "outcome": "declined" })).await.status(), 201);
    let codes_only = json_of(staff_get(&app, &lw, &format!("/api/v1/referrals/{declined}/gp-bundle")).await, 200).await;
    assert_eq!(codes_only["entry"].as_array().map(Vec::len), Some(3), "codes only: no self-ratings");
    write("gp-bundle-codes-only.json", &codes_only);

    write("participant-bundle-extreme-times.json", &extreme_times());

    let mut broken = service_request("J-2", true);
    broken["subject"] = json!({ "reference": "Patient/elsewhere" });
    let refused = json_of(post_fhir(&app, &gp, &broken).await, 422).await;
    write("operation-outcome.json", &refused);
}

/// A participant export whose entries carry the earliest and latest times Steady can hold (and a
/// time with milliseconds): whatever a phone's clock said, what is stored prints as a valid FHIR
/// dateTime.
fn extreme_times() -> Value {
    use steady_domain::entry::QuickLog;
    use steady_domain::{Entry, EntryBody, EntryId, Rating, Timestamp};
    let log = |n: u32, at: Timestamp| {
        let rating = Rating::new(5).expect("a rating");
        let body = EntryBody::QuickLog(QuickLog::new(Some(rating), Some(rating), None).expect("a quick log"));
        Entry::new(EntryId::parse(&format!("00000000-0000-4000-8000-{n:012}")).expect("an id"), at, false, body)
    };
    let entries = [
        log(11, Timestamp::MIN),
        log(12, Timestamp::MAX),
        log(13, Timestamp::parse("2026-11-20T09:00:00.123+01:00").expect("a time")),
    ];
    let subject =
        steady_server::fhir::Subject { participant_id: "p-1", display_name: "Alex R", base_url: "https://steady.test" };
    steady_server::fhir::bundle(&subject, &entries, Timestamp::MAX)
}
