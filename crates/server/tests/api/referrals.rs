//! The referral pathway: referrals in by staff form and by a referrer's FHIR ServiceRequest (once per
//! identifier, even in a burst), invalid FHIR refused with an OperationOutcome, the inbox's working-day
//! clock on a fixed clock (bank holidays skipped), attempts, every outcome, the GP Bundle, the funnel
//! on a known set, the access log, and who may call each endpoint.

use crate::helpers::{expect_statuses, spawn_configured, Caller, Phone, Spawn, StaffUser, TestApp};
use reqwest::Method;
use serde_json::{json, Value};
use steady_domain::accounts::Role;
use steady_domain::enrolment::ReferralSource;
use steady_domain::referral::OdsCode;
use steady_domain::Timestamp;
use steady_server::clock::Clock;

pub(crate) fn at(text: &str) -> Timestamp {
    Timestamp::parse(text).expect("a time")
}

pub(crate) async fn app_at(now: Timestamp) -> (TestApp, Clock) {
    let clock = Clock::fixed(now);
    let server_clock = clock.clone();
    let app = spawn_configured(Spawn { demo: false, database_url: None }, move |s| s.clock = server_clock).await;
    (app, clock)
}

/// A referrer's API key, as `steady-server referrer add` prints it.
pub(crate) async fn referrer(app: &TestApp, name: &str, ods: &str) -> Phone {
    let ods = OdsCode::parse(ods).expect("an ODS code");
    let key = steady_server::cli::add_referrer(&app.pool, name, ods, ReferralSource::PrimaryCare).await.expect("added");
    Phone { token: key }
}

pub(crate) fn service_request(identifier: &str, justice: bool) -> Value {
    let ext = |name: &str| format!("https://fhir.steady.app/StructureDefinition/{name}");
    json!({
        "resourceType": "ServiceRequest",
        "identifier": [{ "system": "https://riverside.example/referrals", "value": identifier }],
        "status": "active",
        "intent": "order",
        "contained": [{
            "resourceType": "Patient", "id": "p",
            "name": [{ "given": ["Sam"], "family": "Rivers" }],
            "birthDate": "1990-04-01",
            "telecom": [{ "system": "phone", "value": "07700 900123" }]
        }],
        "subject": { "reference": "#p" },
        "reasonCode": [{ "coding": [{ "system": "https://fhir.steady.app/CodeSystem/referral-reason", "code": "isolation" }] }],
        "extension": [
            { "url": ext("consent-to-contact"), "valueBoolean": true },
            { "url": ext("justice-contact"), "valueBoolean": justice }
        ]
    })
}

pub(crate) fn form(name: &str, justice: bool) -> Value {
    json!({
        "name": name, "referral_source": "probation", "referrer_name": "Northside PDU", "justice_contact": justice,
        "reasons": ["leaving_custody"], "phone": "07700 900456", "safe_channels": ["phone", "probation"],
        "safe_times": "Weekdays after 2pm", "consent_to_contact": true, "date_of_birth": "1988-02-03"
    })
}

pub(crate) async fn post_fhir(app: &TestApp, key: &Phone, body: &Value) -> reqwest::Response {
    app.client
        .post(app.url("/api/v1/fhir/ServiceRequest"))
        .bearer_auth(&key.token)
        .header("content-type", "application/fhir+json")
        .body(body.to_string())
        .send()
        .await
        .expect("sent")
}

pub(crate) async fn json_of(response: reqwest::Response, status: u16) -> Value {
    let got = response.status().as_u16();
    let text = response.text().await.expect("a body");
    assert_eq!(got, status, "{text}");
    serde_json::from_str(&text).expect("JSON")
}

pub(crate) async fn refer(app: &TestApp, staff: &StaffUser, name: &str, justice: bool) -> String {
    let response =
        staff.client.post(app.url("/api/v1/referrals")).json(&form(name, justice)).send().await.expect("sent");
    json_of(response, 201).await["item"]["referral"]["id"].as_str().expect("an id").to_string()
}

pub(crate) async fn staff_post(app: &TestApp, staff: &StaffUser, path: &str, body: Value) -> reqwest::Response {
    staff.client.post(app.url(path)).json(&body).send().await.expect("sent")
}

pub(crate) async fn staff_get(app: &TestApp, staff: &StaffUser, path: &str) -> reqwest::Response {
    staff.client.get(app.url(path)).send().await.expect("sent")
}

pub(crate) async fn staff_id(app: &TestApp, staff: &StaffUser) -> String {
    json_of(staff_get(app, staff, "/api/v1/staff/me").await, 200).await["id"].as_str().expect("an id").to_string()
}

/// The link worker takes the referral.
pub(crate) async fn take(app: &TestApp, lw: &StaffUser, id: &str) {
    let me = staff_id(app, lw).await;
    let response =
        staff_post(app, lw, &format!("/api/v1/referrals/{id}/assignment"), json!({ "link_worker_id": me })).await;
    assert_eq!(response.status(), 204);
}

pub(crate) async fn attempt(app: &TestApp, lw: &StaffUser, id: &str, channel: &str, result: &str) -> reqwest::Response {
    let body = json!({ "channel": channel, "result": result, "identity_confirmed": result == "reached" });
    staff_post(app, lw, &format!("/api/v1/referrals/{id}/attempts"), body).await
}

pub(crate) async fn outcome(app: &TestApp, lw: &StaffUser, id: &str, body: Value) -> reqwest::Response {
    staff_post(app, lw, &format!("/api/v1/referrals/{id}/outcome"), body).await
}

#[tokio::test]
async fn a_gp_system_sends_a_referral_once_and_reads_only_its_own_back() {
    let (app, _) = app_at(steady_server::state::now()).await;
    let gp = referrer(&app, "Riverside Surgery", "A81001").await;
    let other = referrer(&app, "Hillside Surgery", "B82002").await;
    let first = post_fhir(&app, &gp, &service_request("R-1", true)).await;
    let location = first.headers()["location"].to_str().expect("a Location").to_string();
    assert_eq!(first.headers()["content-type"], "application/fhir+json");
    let created = json_of(first, 201).await;
    assert_eq!(
        (created["resourceType"].as_str(), created["status"].as_str()),
        (Some("ServiceRequest"), Some("active"))
    );
    assert_eq!(created["code"]["coding"][0]["code"], "871731000000106");
    assert!(location.starts_with("https://steady.test/api/v1/fhir/ServiceRequest/"), "{location}");
    let id = location.rsplit('/').next().expect("an id");

    let again = post_fhir(&app, &gp, &service_request("R-1", true)).await;
    assert_eq!(again.headers()["location"].to_str().expect("a Location"), location, "the same referral");
    assert_eq!(json_of(again, 200).await["id"], id);
    let path = format!("/api/v1/fhir/ServiceRequest/{id}");
    let mine = app.call(&Caller::Phone(&gp), Method::GET, &path, None).await;
    assert_eq!(json_of(mine, 200).await["identifier"][0]["value"], "R-1");
    let theirs = app.call(&Caller::Phone(&other), Method::GET, &path, None).await;
    assert_eq!(theirs.status(), 404, "another referrer's referral is not revealed");
    let by_other = post_fhir(&app, &other, &service_request("R-1", false)).await;
    assert_eq!(by_other.status(), 201, "identifiers are per referrer");
    let ods = OdsCode::parse("B82002").expect("an ODS code");
    assert_eq!(
        steady_server::store::referrers::revoke(&app.pool, &ods, at("2026-11-26T10:00:00Z")).await.ok(),
        Some(1)
    );
    assert_eq!(post_fhir(&app, &other, &service_request("R-9", false)).await.status(), 401, "a revoked key");

    let lw = app.staff(Role::LinkWorker, "Lin Worker").await;
    let inbox = json_of(staff_get(&app, &lw, "/api/v1/referrals").await, 200).await;
    let sam = inbox["unassigned"].as_array().expect("a list").iter().find(|i| i["referral"]["id"] == id).expect("Sam");
    assert_eq!(sam["referral"]["intake"], "fhir");
    assert_eq!(sam["referral"]["referrer_name"], "Riverside Surgery");
    assert_eq!(sam["reasons"][0], "Justice-system contact");
    assert_eq!(inbox["unassigned"].as_array().map(Vec::len), Some(2));
}

#[tokio::test]
async fn invalid_fhir_is_refused_with_an_operation_outcome_naming_the_problem() {
    let (app, _) = app_at(steady_server::state::now()).await;
    let gp = referrer(&app, "Riverside Surgery", "A81001").await;
    let mut no_consent = service_request("R-2", false);
    no_consent["extension"] = json!([]);
    no_consent["contained"][0]["birthDate"] = json!("yesterday");
    let refused = post_fhir(&app, &gp, &no_consent).await;
    assert_eq!(refused.headers()["content-type"], "application/fhir+json");
    let outcome = json_of(refused, 422).await;
    assert_eq!(outcome["resourceType"], "OperationOutcome");
    assert_eq!(outcome["issue"][0]["expression"][0], "Patient.birthDate");
    let not_json =
        app.client.post(app.url("/api/v1/fhir/ServiceRequest")).bearer_auth(&gp.token).body("{").send().await;
    assert_eq!(json_of(not_json.expect("sent"), 400).await["resourceType"], "OperationOutcome");
    let no_key = app.client.post(app.url("/api/v1/fhir/ServiceRequest")).json(&service_request("R-3", false)).send();
    assert_eq!(no_key.await.expect("sent").status(), 401);
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM referrals").fetch_one(&app.pool).await.expect("count");
    assert_eq!(count, 0, "nothing stored");
}

#[tokio::test]
async fn a_burst_of_the_same_referral_stores_it_once() {
    let (app, _) = app_at(steady_server::state::now()).await;
    let gp = referrer(&app, "Riverside Surgery", "A81001").await;
    let body = service_request("R-burst", true);
    let mut sends = Vec::new();
    for _ in 0..20 {
        let (client, url, key, body) =
            (app.client.clone(), app.url("/api/v1/fhir/ServiceRequest"), gp.token.clone(), body.to_string());
        sends.push(tokio::spawn(async move {
            let sent = client.post(url).bearer_auth(key).header("content-type", "application/fhir+json").body(body);
            sent.send().await.expect("sent").status().as_u16()
        }));
    }
    let mut statuses = Vec::new();
    for send in sends {
        statuses.push(send.await.expect("joined"));
    }
    assert_eq!(statuses.iter().filter(|s| **s == 201).count(), 1, "{statuses:?}");
    assert!(statuses.iter().all(|s| *s == 201 || *s == 200), "{statuses:?}");
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM referrals").fetch_one(&app.pool).await.expect("count");
    assert_eq!(count, 1);
}

#[tokio::test]
async fn first_contact_is_due_for_five_working_days_then_overdue_skipping_bank_holidays() {
    // Thursday 24 December 2026: Friday 25, Monday 28 December and Friday 1 January are bank holidays.
    let (app, clock) = app_at(at("2026-12-24T10:00:00Z")).await;
    let lw = app.staff(Role::LinkWorker, "Lin Worker").await;
    let quiet = refer(&app, &lw, "Quinn", false).await;
    clock.set(at("2026-12-29T10:00:00Z"));
    let justice = refer(&app, &lw, "Jo", true).await;
    let inbox = |c: &str| {
        clock.set(at(c));
        async { json_of(staff_get(&app, &lw, "/api/v1/referrals").await, 200).await }
    };
    let now = inbox("2026-12-31T10:00:00Z").await;
    assert_eq!(now["first_contact_working_days"], 5);
    assert_eq!(now["unassigned"][0]["referral"]["id"], justice, "justice contact first while neither is overdue");
    assert_eq!(now["unassigned"][1]["clock"], json!({ "state": "due", "by": "2027-01-05", "working_days_left": 2 }));
    let due_day = inbox("2027-01-05T16:00:00Z").await;
    assert_eq!(due_day["unassigned"][1]["reasons"][0], "First contact due today (Tue 5 Jan)");
    let late = inbox("2027-01-06T09:00:00Z").await;
    assert_eq!(late["unassigned"][0]["referral"]["id"], quiet, "overdue comes first");
    assert_eq!(late["unassigned"][0]["reasons"][0], "Overdue: first contact was due by Tue 5 Jan, 1 working day ago");
}

#[tokio::test]
async fn attempts_keep_to_safe_channels_and_each_outcome_is_recorded_once() {
    let (app, clock) = app_at(at("2026-11-02T10:00:00Z")).await;
    let lw = app.staff(Role::LinkWorker, "Lin Worker").await;
    let ids: Vec<String> = futures_ids(&app, &lw, &["Acc", "Dec", "Unable", "Unsuitable", "Elsewhere"]).await;
    for id in &ids {
        take(&app, &lw, id).await;
    }
    let (acc, dec, unable, unsuitable, elsewhere) = (&ids[0], &ids[1], &ids[2], &ids[3], &ids[4]);
    assert_eq!(json_of(attempt(&app, &lw, acc, "letter", "no_answer").await, 422).await["code"], "channel_not_safe");
    let unconfirmed = json!({ "channel": "phone", "result": "reached", "identity_confirmed": false });
    let refused = staff_post(&app, &lw, &format!("/api/v1/referrals/{acc}/attempts"), unconfirmed).await;
    assert_eq!(json_of(refused, 422).await["code"], "identity_not_confirmed");
    assert_eq!(
        json_of(attempt(&app, &lw, acc, "phone", "no_answer").await, 201).await["attempts"].as_array().map(Vec::len),
        Some(1)
    );
    let too_early =
        outcome(&app, &lw, acc, json!({ "outcome": "accepted", "consent_discussed_on": "2026-11-02" })).await;
    assert_eq!(json_of(too_early, 422).await["code"], "not_reached");
    let reached = json_of(attempt(&app, &lw, acc, "probation", "reached").await, 201).await;
    assert_eq!(reached["item"]["clock"]["state"], "contacted");
    let accepted = outcome(
        &app,
        &lw,
        acc,
        json!({ "outcome": "accepted", "consent_discussed_on": "2026-11-02", "gp_sharing": "codes_and_self_ratings" }),
    )
    .await;
    let accepted = json_of(accepted, 201).await;
    assert_eq!(accepted["outcome"]["outcome"], "accepted");
    let participant = accepted["enrolled"]["participant"]["id"].as_str().expect("enrolled").to_string();
    assert_eq!(accepted["enrolled"]["participant"]["referral_source"], "probation");
    assert!(accepted["enrolled"]["pairing"]["code"].is_string(), "a first pairing code");
    let detail = json_of(staff_get(&app, &lw, &format!("/api/v1/referrals/{acc}")).await, 200).await;
    assert_eq!(detail["participant_id"], participant.as_str(), "the referral keeps the link");
    let caseload = json_of(staff_get(&app, &lw, "/api/v1/participants").await, 200).await;
    assert_eq!(caseload[0]["id"], participant.as_str());
    let twice = outcome(&app, &lw, acc, json!({ "outcome": "declined" })).await;
    assert_eq!(json_of(twice, 409).await["code"], "referral_closed");

    attempt(&app, &lw, dec, "phone", "reached").await;
    assert_eq!(
        json_of(outcome(&app, &lw, dec, json!({ "outcome": "declined" })).await, 201).await["outcome"]["gp_sharing"],
        "codes_only"
    );
    let bundle = json_of(staff_get(&app, &lw, &format!("/api/v1/referrals/{dec}/gp-bundle")).await, 200).await;
    let resources: Vec<&Value> = bundle["entry"].as_array().expect("entries").iter().map(|e| &e["resource"]).collect();
    assert_eq!(
        resources.iter().map(|r| r["resourceType"].as_str().unwrap_or_default()).collect::<Vec<_>>(),
        ["Patient", "ServiceRequest", "Observation"]
    );
    assert_eq!(resources[1]["code"]["coding"][0]["code"], "871731000000106");
    assert_eq!(
        resources[2]["code"]["coding"][0],
        json!({ "system": "http://snomed.info/sct", "code": "871711000000103", "display": "Social prescribing declined" })
    );

    for day in ["2026-11-02T11:00:00Z", "2026-11-06T11:00:00Z"] {
        clock.set(at(day));
        attempt(&app, &lw, unable, "phone", "no_answer").await;
    }
    clock.set(at("2026-11-12T11:00:00Z"));
    assert_eq!(
        json_of(outcome(&app, &lw, unable, json!({ "outcome": "unable_to_contact" })).await, 422).await["code"],
        "too_soon_to_give_up"
    );
    let third = json_of(attempt(&app, &lw, unable, "probation", "left_message").await, 201).await;
    assert_eq!(third["item"]["suggest_unable_to_contact"], true);
    assert_eq!(outcome(&app, &lw, unable, json!({ "outcome": "unable_to_contact" })).await.status(), 201);

    assert_eq!(
        json_of(outcome(&app, &lw, unsuitable, json!({ "outcome": "not_suitable" })).await, 422).await["code"],
        "note_needed"
    );
    clock.set(at("2026-11-12T11:01:00Z"));
    assert_eq!(
        outcome(&app, &lw, unsuitable, json!({ "outcome": "not_suitable", "note": "Needs crisis care" }))
            .await
            .status(),
        201
    );
    clock.set(at("2026-11-12T11:02:00Z"));
    assert_eq!(
        outcome(&app, &lw, elsewhere, json!({ "outcome": "referred_elsewhere", "note": "Housing team" }))
            .await
            .status(),
        201
    );
    let inbox = json_of(staff_get(&app, &lw, "/api/v1/referrals").await, 200).await;
    assert_eq!(
        (inbox["unassigned"].as_array().map(Vec::len), inbox["assigned"].as_array().map(Vec::len)),
        (Some(0), Some(0)),
        "all closed"
    );
    let closed = json_of(staff_get(&app, &lw, "/api/v1/referrals/closed").await, 200).await;
    let outcomes: Vec<&str> = closed.as_array().expect("a list").iter().filter_map(|r| r["outcome"].as_str()).collect();
    assert_eq!(outcomes[..3], ["referred_elsewhere", "not_suitable", "unable_to_contact"], "latest first");
    assert_eq!(outcomes.len(), 5, "the two of the first day too: {outcomes:?}");
}

async fn futures_ids(app: &TestApp, lw: &StaffUser, names: &[&str]) -> Vec<String> {
    let mut ids = Vec::new();
    for name in names {
        ids.push(refer(app, lw, name, false).await);
    }
    ids
}

#[tokio::test]
async fn the_funnel_counts_each_step_by_source_and_justice_contact() {
    let start = steady_server::state::now();
    let (app, clock) = app_at(start).await;
    let lw = app.staff(Role::LinkWorker, "Lin Worker").await;
    let gp = referrer(&app, "Riverside Surgery", "A81001").await;
    let sent = json_of(post_fhir(&app, &gp, &service_request("F-1", false)).await, 201).await;
    let from_gp = sent["id"].as_str().expect("an id").to_string();
    let joined = refer(&app, &lw, "Joiner", true).await;
    let _never_reached = refer(&app, &lw, "Nobody", true).await;
    for id in [&from_gp, &joined] {
        take(&app, &lw, id).await;
    }
    clock.set(start.plus_days(1));
    attempt(&app, &lw, &from_gp, "phone", "reached").await;
    attempt(&app, &lw, &joined, "phone", "reached").await;
    let accepted = outcome(
        &app,
        &lw,
        &joined,
        json!({ "outcome": "accepted", "consent_discussed_on": start.uk_day().to_string() }),
    )
    .await;
    let code = json_of(accepted, 201).await["enrolled"]["pairing"]["code"].as_str().expect("a code").to_string();
    let paired = json_of(app.pair(&code).await, 200).await;
    let phone = Phone { token: paired["device_token"].as_str().expect("a token").to_string() };
    let visit = json!({
        "id": "00000000-0000-4000-8000-000000000077", "at": start.to_string(), "updated_at": start.to_string(),
        "keep_private": false,
        "body": { "kind": "check_in", "session_id": null, "group_name": "Riverside walk", "group_kind": "walking",
                  "stress_before": 6, "checked_out_at": null, "stress_after": null, "how_was_it": null }
    });
    let synced =
        app.call(&Caller::Phone(&phone), Method::POST, "/api/v1/sync", Some(crate::helpers::upserts(&[visit]))).await;
    assert_eq!(synced.status(), 200);
    clock.set(start.plus_days(30));
    let range = format!("from={}&to={}", start.plus_days(-1).uk_day(), start.plus_days(2).uk_day());
    let funnel = json_of(staff_get(&app, &lw, &format!("/api/v1/reports/referrals?{range}")).await, 200).await;
    let row =
        |by: Value| funnel["rows"].as_array().expect("rows").iter().find(|r| r["group"] == by).cloned().expect("a row");
    let all = row(json!({ "by": "all" }));
    let steps =
        |r: &Value| ["referred", "first_contact", "accepted", "first_session"].map(|k| r[k].as_u64().unwrap_or(99));
    assert_eq!(steps(&all), [3, 2, 1, 1]);
    assert_eq!(
        (all["contacted_within_target"].as_u64(), all["due_so_far"].as_u64()),
        (Some(2), Some(3)),
        "one never reached"
    );
    assert_eq!(steps(&row(json!({ "by": "justice_contact", "justice_contact": true }))), [2, 1, 1, 1]);
    assert_eq!(steps(&row(json!({ "by": "source", "referral_source": "primary_care" }))), [1, 1, 0, 0]);
    let csv = staff_get(&app, &lw, &format!("/api/v1/reports/referrals?{range}&format=csv")).await;
    assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
    let text = csv.text().await.expect("CSV");
    assert!(text.contains("\r\nall,3,2,1,1,0,0,"), "{text}");
}

/// `by` gives (or, a link worker, takes) referral `id` to the link worker `to`.
async fn assign(app: &TestApp, by: &StaffUser, id: &str, to: &StaffUser) -> reqwest::Response {
    let body = json!({ "link_worker_id": staff_id(app, to).await });
    staff_post(app, by, &format!("/api/v1/referrals/{id}/assignment"), body).await
}

#[tokio::test]
async fn an_administrator_gives_an_open_referral_to_a_link_worker_only() {
    let (app, _) = app_at(steady_server::state::now()).await;
    let admin = app.staff(Role::Admin, "Ada Admin").await;
    let a = app.staff(Role::LinkWorker, "Lin Worker").await;
    let b = app.staff(Role::LinkWorker, "Bo Worker").await;
    let leader = app.staff(Role::Leader, "Lee Leader").await;
    let id = refer(&app, &admin, "Sam", false).await;
    let assignees = json_of(staff_get(&app, &admin, "/api/v1/referrals/assignees").await, 200).await;
    let names: Vec<&str> = assignees.as_array().expect("a list").iter().filter_map(|s| s["name"].as_str()).collect();
    assert_eq!(names, ["Bo Worker", "Lin Worker"], "link workers only");
    assert_eq!(json_of(assign(&app, &admin, &id, &leader).await, 422).await["code"], "not_a_link_worker");
    assert_eq!(assign(&app, &admin, &id, &b).await.status(), 204);
    let bs = json_of(staff_get(&app, &b, "/api/v1/referrals").await, 200).await;
    assert_eq!(bs["assigned"][0]["referral"]["assigned_to"]["name"], "Bo Worker");
    assert_eq!(staff_get(&app, &a, &format!("/api/v1/referrals/{id}")).await.status(), 404, "now Bo's");
    assert_eq!(assign(&app, &a, &id, &a).await.status(), 404, "Bo's referral is not Lin's to take");
    assert_eq!(assign(&app, &b, &id, &a).await.status(), 403, "a link worker takes referrals only for themselves");
    outcome(&app, &b, &id, json!({ "outcome": "not_suitable", "note": "Needs crisis care" })).await;
    assert_eq!(json_of(assign(&app, &admin, &id, &a).await, 409).await["code"], "referral_closed");
}

#[tokio::test]
async fn a_burst_of_outcomes_ends_a_referral_once_and_enrols_one_participant() {
    let (app, _) = app_at(steady_server::state::now()).await;
    let lw = app.staff(Role::LinkWorker, "Lin Worker").await;
    let id = refer(&app, &lw, "Sam", false).await;
    take(&app, &lw, &id).await;
    attempt(&app, &lw, &id, "phone", "reached").await;
    let today = steady_server::state::now().uk_day().to_string();
    let mut sends = Vec::new();
    for n in 0..10 {
        let body = if n % 2 == 0 {
            json!({ "outcome": "accepted", "consent_discussed_on": today })
        } else {
            json!({ "outcome": "declined" })
        };
        let (client, url) = (lw.client.clone(), app.url(&format!("/api/v1/referrals/{id}/outcome")));
        sends.push(tokio::spawn(
            async move { client.post(url).json(&body).send().await.expect("sent").status().as_u16() },
        ));
    }
    let mut statuses = Vec::new();
    for send in sends {
        statuses.push(send.await.expect("joined"));
    }
    assert_eq!(statuses.iter().filter(|s| **s == 201).count(), 1, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == 409).count(), 9, "{statuses:?}");
    let detail = json_of(staff_get(&app, &lw, &format!("/api/v1/referrals/{id}")).await, 200).await;
    let participants = json_of(staff_get(&app, &lw, "/api/v1/participants").await, 200).await;
    let enrolled = participants.as_array().map(Vec::len).unwrap_or(99);
    match detail["outcome"]["outcome"].as_str() {
        Some("accepted") => assert_eq!((enrolled, detail["participant_id"].is_string()), (1, true)),
        Some("declined") => assert_eq!((enrolled, detail["participant_id"].is_null()), (0, true)),
        other => panic!("no outcome recorded: {other:?}"),
    }
}

#[tokio::test]
async fn every_view_of_a_referral_is_in_the_access_log() {
    let (app, _) = app_at(steady_server::state::now()).await;
    let lw = app.staff(Role::LinkWorker, "Lin Worker").await;
    let admin = app.staff(Role::Admin, "Ada Admin").await;
    let id = refer(&app, &lw, "Sam", false).await;
    staff_get(&app, &lw, "/api/v1/referrals").await;
    staff_get(&app, &lw, &format!("/api/v1/referrals/{id}")).await;
    staff_get(&app, &lw, &format!("/api/v1/referrals/{id}/gp-bundle")).await;
    let log = json_of(staff_get(&app, &admin, "/api/v1/admin/access-log").await, 200).await;
    let records: Vec<&serde_json::Value> =
        log.as_array().expect("records").iter().filter(|r| r["participant_id"] == format!("referral:{id}")).collect();
    let views: Vec<&str> = records.iter().filter_map(|r| r["view"].as_str()).collect();
    assert_eq!(views, ["referral_gp_bundle", "referral", "referral_inbox", "referral"]);
    let names: Vec<&str> = records.iter().filter_map(|r| r["participant_name"].as_str()).collect();
    assert_eq!(names, ["Sam"; 4], "each record names who was referred, as on the referral");
}

#[tokio::test]
async fn each_referral_endpoint_answers_only_whom_it_should() {
    let (app, _) = app_at(steady_server::state::now()).await;
    let a = app.staff(Role::LinkWorker, "Lin Worker").await;
    let b = app.staff(Role::LinkWorker, "Bo Worker").await;
    let leader = app.staff(Role::Leader, "Lee Leader").await;
    let admin = app.staff(Role::Admin, "Ada Admin").await;
    let (_, phone) = app.linked_phone(&a, "Alex").await;
    let gp = referrer(&app, "Riverside Surgery", "A81001").await;
    let other_gp = referrer(&app, "Hillside Surgery", "B82002").await;
    let callers = [
        ("anonymous", Caller::Anonymous),
        ("a participant's phone", Caller::Phone(&phone)),
        ("a leader", Caller::Staff(&leader)),
        ("the assigned link worker", Caller::Staff(&a)),
        ("another link worker", Caller::Staff(&b)),
        ("an admin", Caller::Staff(&admin)),
        ("a referrer", Caller::Phone(&gp)),
    ];
    let id = refer(&app, &a, "Sam", true).await;
    let closing = refer(&app, &a, "Cal", false).await;
    take(&app, &a, &id).await;
    take(&app, &a, &closing).await;
    let a_id = staff_id(&app, &a).await;
    let r = format!("/api/v1/referrals/{id}");
    expect_statuses(&app, &callers, Method::GET, "/api/v1/referrals", None, [401, 401, 403, 200, 200, 200, 401]).await;
    expect_statuses(
        &app,
        &callers,
        Method::POST,
        "/api/v1/referrals",
        Some(form("New", false)),
        [401, 401, 403, 201, 201, 201, 401],
    )
    .await;
    expect_statuses(&app, &callers, Method::GET, &r, None, [401, 401, 403, 200, 404, 403, 401]).await;
    for list in ["/api/v1/referrals/assignees", "/api/v1/referrals/closed"] {
        expect_statuses(&app, &callers, Method::GET, list, None, [401, 401, 403, 200, 200, 200, 401]).await;
    }
    let assignment = json!({ "link_worker_id": a_id });
    expect_statuses(
        &app,
        &callers,
        Method::POST,
        &format!("{r}/assignment"),
        Some(assignment),
        [401, 401, 403, 204, 404, 204, 401],
    )
    .await;
    let try_once = json!({ "channel": "phone", "result": "no_answer" });
    expect_statuses(
        &app,
        &callers,
        Method::POST,
        &format!("{r}/attempts"),
        Some(try_once),
        [401, 401, 403, 201, 404, 403, 401],
    )
    .await;
    expect_statuses(&app, &callers, Method::GET, &format!("{r}/gp-bundle"), None, [401, 401, 403, 200, 404, 403, 401])
        .await;
    let elsewhere = json!({ "outcome": "referred_elsewhere", "note": "Housing team" });
    let close = format!("/api/v1/referrals/{closing}/outcome");
    expect_statuses(&app, &callers, Method::POST, &close, Some(elsewhere), [401, 401, 403, 201, 404, 403, 401]).await;
    expect_statuses(
        &app,
        &callers,
        Method::GET,
        "/api/v1/reports/referrals",
        None,
        [401, 401, 403, 200, 200, 200, 401],
    )
    .await;
    let sent = json_of(post_fhir(&app, &other_gp, &service_request("X-1", false)).await, 201).await;
    let theirs = format!("/api/v1/fhir/ServiceRequest/{}", sent["id"].as_str().expect("an id"));
    expect_statuses(&app, &callers, Method::GET, &theirs, None, [401, 401, 401, 401, 401, 401, 404]).await;
    let body = Some(service_request("X-2", false));
    expect_statuses(
        &app,
        &callers,
        Method::POST,
        "/api/v1/fhir/ServiceRequest",
        body,
        [401, 401, 401, 401, 401, 401, 201],
    )
    .await;
}
