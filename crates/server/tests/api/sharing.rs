//! Pairing and sync: single-use codes, idempotent upserts, final deletes, limits and withdrawal.

use crate::helpers::{quick_log, spawn, upserts, Caller, Spawn, StaffUser, TestApp};
use reqwest::Method;
use steady_domain::accounts::Role;
use steady_domain::api::ApiError;
use steady_domain::sync::SyncResponse;

#[tokio::test]
async fn a_pairing_code_works_once() {
    let app = spawn(Spawn { demo: false, database_url: None }).await;
    let lw = app.staff(Role::LinkWorker, "Lin Worker").await;
    let enrolled = app.enrol(&lw, "Alex").await;
    let code = enrolled.pairing.code.as_str().to_lowercase();
    assert!(enrolled.pairing.qr_svg.starts_with("<?xml") || enrolled.pairing.qr_svg.contains("<svg"));
    assert_eq!(enrolled.pairing.link, format!("https://steady.test/link#code={}", enrolled.pairing.code.as_str()));
    assert_eq!(app.pair(&code).await.status(), 200, "codes are accepted in any case");
    let again = app.pair(&code).await;
    assert_eq!(again.status(), 409);
    assert_eq!(again.json::<ApiError>().await.unwrap().code, "code_used");
    let unknown = app.pair("ABCD2345").await;
    assert_eq!(unknown.status(), 404);
    let malformed = app.pair("O0O0").await;
    assert_eq!(malformed.status(), 422);
}

#[tokio::test]
async fn an_expired_code_is_refused_and_a_new_code_replaces_the_old() {
    let app = spawn(Spawn { demo: false, database_url: None }).await;
    let lw = app.staff(Role::LinkWorker, "Lin Worker").await;
    let first = app.enrol(&lw, "Alex").await;
    sqlx::query("UPDATE pairing_codes SET expires_at = 0").execute(&app.pool).await.unwrap();
    let expired = app.pair(first.pairing.code.as_str()).await;
    assert_eq!(expired.status(), 409);
    assert_eq!(expired.json::<ApiError>().await.unwrap().code, "code_expired");
    let path = format!("/api/v1/participants/{}/pairing-code", first.participant.id);
    let second: serde_json::Value = lw.client.post(app.url(&path)).send().await.unwrap().json().await.unwrap();
    assert_eq!(app.pair(first.pairing.code.as_str()).await.status(), 404, "the old code is gone");
    assert_eq!(app.pair(second["code"].as_str().unwrap()).await.status(), 200);
}

#[tokio::test]
async fn replays_and_duplicates_change_nothing_and_deletes_are_final() {
    let app = spawn(Spawn { demo: false, database_url: None }).await;
    let lw = app.staff(Role::LinkWorker, "Lin Worker").await;
    let (id, phone) = app.linked_phone(&lw, "Alex").await;
    let caller = Caller::Phone(&phone);
    let send = |body| app.call(&caller, Method::POST, "/api/v1/sync", Some(body));

    let first: SyncResponse = send(upserts(&[quick_log(1, 6)])).await.json().await.unwrap();
    assert_eq!(serde_json::to_value(first.acknowledged[0].outcome).unwrap(), "applied");
    let replay: SyncResponse = send(upserts(&[quick_log(1, 6)])).await.json().await.unwrap();
    assert_eq!(serde_json::to_value(replay.acknowledged[0].outcome).unwrap(), "already_applied");

    let mut edited = quick_log(1, 3);
    edited["updated_at"] = "2026-11-20T10:00:00Z".into();
    send(upserts(&[edited])).await;
    let stale = send(upserts(&[quick_log(1, 9)])).await.json::<SyncResponse>().await.unwrap();
    assert_eq!(
        serde_json::to_value(stale.acknowledged[0].outcome).unwrap(),
        "already_applied",
        "an older copy does not win"
    );

    let delete = serde_json::json!({ "changes": [{ "op": "delete", "id": "00000000-0000-4000-8000-000000000001", "deleted_at": "2026-11-20T11:00:00Z" }] });
    send(delete).await;
    let mut resurrect = quick_log(1, 2);
    resurrect["updated_at"] = "2026-11-20T12:00:00Z".into();
    send(upserts(&[resurrect])).await;

    let entries = shared_entries(&lw, &app, &id).await;
    assert!(entries.is_empty(), "a deleted entry stays deleted: {entries:?}");
}

#[tokio::test]
async fn an_edited_entry_replaces_the_shared_copy_and_of_edits_sent_at_once_the_latest_wins() {
    let app = spawn(Spawn { demo: false, database_url: None }).await;
    let lw = app.staff(Role::LinkWorker, "Lin Worker").await;
    let (id, phone) = app.linked_phone(&lw, "Alex").await;
    let caller = Caller::Phone(&phone);
    app.call(&caller, Method::POST, "/api/v1/sync", Some(upserts(&[quick_log(1, 6)]))).await;

    let edit = |minute: u32, stress: u8| {
        let mut edited = quick_log(1, stress);
        edited["updated_at"] = format!("2026-11-20T10:{minute:02}:00Z").into();
        edited["body"]["note"] = format!("changed at minute {minute}").into();
        edited
    };
    let answer: SyncResponse =
        app.call(&caller, Method::POST, "/api/v1/sync", Some(upserts(&[edit(0, 3)]))).await.json().await.unwrap();
    assert_eq!(serde_json::to_value(answer.acknowledged[0].outcome).unwrap(), "applied");
    let seen = shared_entries(&lw, &app, &id).await;
    assert_eq!(
        (seen.len(), &seen[0]["body"]["stress"]),
        (1, &serde_json::json!(3)),
        "the link worker sees the edit, once"
    );

    // Ten edits of the same entry from phones racing each other (say a restored copy and the phone
    // itself), each a batch of its own, all sent at once.
    let start = std::sync::Arc::new(tokio::sync::Barrier::new(10));
    let sends: Vec<_> = (1..=10u32)
        .rev()
        .map(|minute| {
            let request = app.client.post(app.url("/api/v1/sync")).bearer_auth(&phone.token);
            let request = request.json(&upserts(&[edit(minute, minute as u8)]));
            let start = start.clone();
            tokio::spawn(async move {
                start.wait().await;
                request.send().await.map(|answer| answer.status().as_u16())
            })
        })
        .collect();
    for send in sends {
        assert_eq!(send.await.expect("the request task").expect("an answer"), 200);
    }
    let seen = shared_entries(&lw, &app, &id).await;
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0]["body"]["stress"], 10, "the latest edit is what the link worker sees");
    assert_eq!(seen[0]["body"]["note"], "changed at minute 10");
    assert_eq!(seen[0]["updated_at"], "2026-11-20T10:10:00Z");
}

#[tokio::test]
async fn a_big_batch_mixing_new_replayed_and_deleted_entries_is_acknowledged_change_by_change() {
    let app = spawn(Spawn { demo: false, database_url: None }).await;
    let lw = app.staff(Role::LinkWorker, "Lin Worker").await;
    let (id, phone) = app.linked_phone(&lw, "Alex").await;
    let caller = Caller::Phone(&phone);
    let first: Vec<_> = (0..120).map(|n| quick_log(n, 4)).collect();
    let response = app.call(&caller, Method::POST, "/api/v1/sync", Some(upserts(&first))).await;
    assert_eq!(response.status(), 200);

    // 120 more: the first 60 replayed, 60 deleted (30 of them never shared), 60 new.
    let mut changes: Vec<serde_json::Value> =
        (0..60).map(|n| serde_json::json!({ "op": "upsert", "entry": quick_log(n, 4) })).collect();
    changes.extend((90..150).map(|n| {
        serde_json::json!({ "op": "delete", "id": format!("00000000-0000-4000-8000-{n:012}"), "deleted_at": "2026-11-20T11:00:00Z" })
    }));
    changes.extend((200..260).map(|n| serde_json::json!({ "op": "upsert", "entry": quick_log(n, 4) })));
    let second: SyncResponse = app
        .call(&caller, Method::POST, "/api/v1/sync", Some(serde_json::json!({ "changes": changes })))
        .await
        .json()
        .await
        .unwrap();
    let outcomes: Vec<String> = second
        .acknowledged
        .iter()
        .map(|a| serde_json::to_value(a.outcome).unwrap().as_str().unwrap().to_string())
        .collect();
    assert_eq!(outcomes.len(), 180, "every change is acknowledged, in order");
    assert!(outcomes[..60].iter().all(|o| o == "already_applied"), "replays change nothing");
    assert!(outcomes[60..].iter().all(|o| o == "applied"), "deletes and new entries are applied");

    let entries = shared_entries(&lw, &app, &id).await;
    assert_eq!(entries.len(), 90 + 60, "0–89 kept, 90–119 deleted, 200–259 added");
}

#[tokio::test]
async fn bad_batches_are_refused_whole_with_clear_errors() {
    let app = spawn(Spawn { demo: false, database_url: None }).await;
    let lw = app.staff(Role::LinkWorker, "Lin Worker").await;
    let (id, phone) = app.linked_phone(&lw, "Alex").await;
    let caller = Caller::Phone(&phone);
    let mut private = quick_log(2, 5);
    private["keep_private"] = true.into();
    let mut future = quick_log(3, 5);
    future["at"] = "2099-01-01T00:00:00Z".into();
    let mut eleven = quick_log(4, 5);
    eleven["body"]["stress"] = 11.into();
    let mut long_note = quick_log(5, 5);
    long_note["body"]["note"] = "a".repeat(501).into();
    let mut unknown = quick_log(6, 5);
    unknown["location"] = "51.5,-0.1".into();
    let mut year_zero = quick_log(7, 5);
    year_zero["at"] = "0000-01-01T00:00:00Z".into();
    let mut before_2020 = quick_log(8, 5);
    before_2020["at"] = "2019-06-01T09:00:00Z".into();
    let mut out_before_in = quick_log(9, 5);
    out_before_in["body"] = serde_json::json!({ "kind": "check_in", "session_id": null, "group_name": "Walk",
        "group_kind": "walking", "stress_before": 7, "checked_out_at": "2026-11-20T08:00:00Z", "stress_after": 4 });
    let cases = [
        (upserts(&[quick_log(1, 5), private]), 422, "private_entry"),
        (upserts(&[future]), 422, "in_the_future"),
        (upserts(&[eleven]), 422, "invalid_fields"),
        (upserts(&[long_note]), 422, "invalid_fields"),
        (upserts(&[unknown]), 422, "invalid_fields"),
        (upserts(&[year_zero]), 422, "invalid_fields"),
        (upserts(&[before_2020]), 422, "too_early"),
        (upserts(&[out_before_in]), 422, "check_out_out_of_order"),
        (upserts(&(0..501).map(|n| quick_log(n, 5)).collect::<Vec<_>>()), 422, "too_many_changes"),
    ];
    for (body, status, code) in cases {
        let response = app.call(&caller, Method::POST, "/api/v1/sync", Some(body)).await;
        assert_eq!(response.status().as_u16(), status, "{code}");
        assert_eq!(response.json::<ApiError>().await.unwrap().code, code);
    }
    let broken = phone_post_raw(&app, &phone, "{\"changes\": [").await;
    assert_eq!(broken.status(), 400);
    let huge =
        phone_post_raw(&app, &phone, &format!("{{\"changes\": [], \"pad\": \"{}\"}}", "x".repeat(300 * 1024))).await;
    assert_eq!(huge.status(), 413);
    // 100,000 levels of nesting fit in the size limit. Decoding into typed fields stops at the first
    // level that does not fit (serde_json would stop at 128 in any case), so the stack is safe.
    let deep =
        phone_post_raw(&app, &phone, &format!("{{\"changes\": {}{}}}", "[".repeat(100_000), "]".repeat(100_000))).await;
    let status = deep.status();
    let error: ApiError = deep.json().await.unwrap();
    assert_eq!((status.as_u16(), error.code.as_str()), (422, "invalid_fields"), "{}", error.message);
    let still_answering = app.call(&caller, Method::POST, "/api/v1/sync", Some(upserts(&[]))).await;
    assert_eq!(still_answering.status(), 200);
    let entries = shared_entries(&lw, &app, &id).await;
    assert!(entries.is_empty(), "nothing half-written: the good entry in a refused batch was not kept");
}

async fn phone_post_raw(app: &crate::helpers::TestApp, phone: &crate::helpers::Phone, body: &str) -> reqwest::Response {
    app.client
        .post(app.url("/api/v1/sync"))
        .bearer_auth(&phone.token)
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn an_unknown_token_is_refused() {
    let app = spawn(Spawn { demo: false, database_url: None }).await;
    let fake = crate::helpers::Phone { token: "0".repeat(64) };
    let response =
        app.call(&Caller::Phone(&fake), Method::POST, "/api/v1/sync", Some(upserts(&[quick_log(1, 5)]))).await;
    assert_eq!(response.status(), 401);
    assert_eq!(response.json::<ApiError>().await.unwrap().code, "link_ended");
}

#[tokio::test]
async fn tokens_and_codes_are_stored_only_hashed() {
    let app = spawn(Spawn { demo: false, database_url: None }).await;
    let lw = app.staff(Role::LinkWorker, "Lin Worker").await;
    let enrolled = app.enrol(&lw, "Alex").await;
    let paired: steady_domain::enrolment::Paired = app.pair(enrolled.pairing.code.as_str()).await.json().await.unwrap();
    let dump: Vec<(String,)> = sqlx::query_as("SELECT token_hash FROM devices UNION ALL SELECT code_hash FROM pairing_codes UNION ALL SELECT token_hash FROM staff_sessions")
        .fetch_all(&app.pool)
        .await
        .unwrap();
    assert!(!dump.is_empty());
    assert!(dump.iter().all(|(h,)| h != &paired.device_token && h != enrolled.pairing.code.as_str()));
    assert_eq!(paired.device_token.len(), 64, "256 random bits");
}

#[tokio::test]
async fn guessing_pairing_codes_is_limited() {
    let app = spawn(Spawn { demo: false, database_url: None }).await;
    let lw = app.staff(Role::LinkWorker, "Lin Worker").await;
    let enrolled = app.enrol(&lw, "Alex").await;
    for _ in 0..10 {
        assert_eq!(app.pair("ABCD2345").await.status(), 404);
    }
    let limited = app.pair(enrolled.pairing.code.as_str()).await;
    assert_eq!(limited.status(), 429, "even the right code waits after 10 wrong ones");
    assert!(limited.headers().contains_key("retry-after"));
    let error: ApiError = limited.json().await.unwrap();
    assert!(error.message.starts_with("Too many codes that did not work."), "{}", error.message);
}

/// Wrong pairing codes from `client`, as a reverse proxy on this machine forwards them.
async fn wrong_codes_via_proxy(app: &crate::helpers::TestApp, client: &str, tries: usize) -> Vec<u16> {
    let mut statuses = Vec::new();
    for _ in 0..tries {
        let response = app
            .client
            .post(app.url("/api/v1/pair"))
            .header("x-forwarded-for", format!("198.51.100.200, {client}"))
            .json(&serde_json::json!({ "code": "ABCD2345" }))
            .send()
            .await
            .unwrap();
        statuses.push(response.status().as_u16());
    }
    statuses
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_phone_has_its_own_pairing_limit() {
    let behind_proxy = crate::helpers::spawn_configured(Spawn { demo: false, database_url: None }, |settings| {
        settings.trusted_proxies = vec!["127.0.0.1/32".parse().unwrap()];
    })
    .await;
    assert_eq!(wrong_codes_via_proxy(&behind_proxy, "203.0.113.1", 11).await.last(), Some(&429));
    let other_phone = wrong_codes_via_proxy(&behind_proxy, "203.0.113.2", 1).await;
    assert_eq!(other_phone, [404], "another phone behind the same proxy is not locked out");

    let direct = spawn(Spawn { demo: false, database_url: None }).await;
    assert_eq!(wrong_codes_via_proxy(&direct, "203.0.113.1", 10).await, [404; 10]);
    let spoofed = wrong_codes_via_proxy(&direct, "203.0.113.2", 1).await;
    assert_eq!(spoofed, [429], "an untrusted X-Forwarded-For does not buy more guesses");
}

/// What the link worker sees of a participant's shared entries.
async fn shared_entries(lw: &StaffUser, app: &TestApp, participant: &str) -> Vec<serde_json::Value> {
    let path = format!("/api/v1/participants/{participant}/entries");
    lw.client.get(app.url(&path)).send().await.unwrap().json().await.unwrap()
}
