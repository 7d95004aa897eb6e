//! Scale-out: two server processes over one database behave as one server. Staff sessions,
//! single-use pairing codes and guessing limits live in the database, not in a process, and write
//! transactions take the database's write lock, so a race between servers has one winner. What a
//! server keeps in memory (recent entry facts for the caseload) is checked against the database.

use crate::helpers::{spawn, stress_now, upserts, Caller, Spawn};
use reqwest::Method;
use steady_domain::accounts::Role;
use steady_domain::review::{CaseloadRow, Flag};

#[tokio::test]
async fn a_caseload_shown_by_one_server_shows_what_a_phone_changed_through_the_other() {
    let first = spawn(Spawn { demo: false, database_url: None }).await;
    let second = spawn(Spawn { demo: false, database_url: Some(first.database_url.clone()) }).await;
    let lw = first.staff(Role::LinkWorker, "Lin Worker").await;
    let (_, phone) = first.linked_phone(&lw, "Alex").await;
    let caseload = || async {
        lw.client
            .get(first.url("/api/v1/caseload"))
            .send()
            .await
            .expect("sent")
            .json::<Vec<CaseloadRow>>()
            .await
            .expect("rows")
    };
    let phone = Caller::Phone(&phone);

    assert_eq!(
        first.call(&phone, Method::POST, "/api/v1/sync", Some(upserts(&[stress_now(1, 3)]))).await.status(),
        200
    );
    assert_eq!(caseload().await[0].latest_stress, Some(3), "seen once, and kept by the first server");

    assert_eq!(
        second.call(&phone, Method::POST, "/api/v1/sync", Some(upserts(&[stress_now(2, 10)]))).await.status(),
        200
    );
    let row = &caseload().await[0];
    assert_eq!(
        (row.latest_stress, row.participant.shared_entries),
        (Some(10), 2),
        "a sync through the other server shows at once"
    );
    assert!(row.flags.iter().any(|f| matches!(f.flag, Flag::HighStress { rating: 10, .. })), "{:?}", row.flags);

    let withdrawn = second.call(&phone, Method::DELETE, "/api/v1/sync/shared", None).await;
    assert_eq!(withdrawn.status(), 200);
    let row = &caseload().await[0];
    assert_eq!(
        (row.latest_stress, row.participant.shared_entries),
        (None, 0),
        "withdrawn through the other server: nothing left to show"
    );
    assert!(!row.flags.iter().any(|f| matches!(f.flag, Flag::HighStress { .. })), "{:?}", row.flags);
}

#[tokio::test]
async fn two_servers_over_one_database_share_sessions_codes_and_limits() {
    let first = spawn(Spawn { demo: false, database_url: None }).await;
    let second = spawn(Spawn { demo: false, database_url: Some(first.database_url.clone()) }).await;

    let lw = first.staff(Role::LinkWorker, "Lin Worker").await;
    let me = lw.client.get(second.url("/api/v1/staff/me")).send().await.expect("me sent");
    assert_eq!(me.status(), 200, "signed in on one server is signed in on the other");

    let enrolled = first.enrol(&lw, "Alex").await;
    let code = enrolled.pairing.code.as_str();
    assert_eq!(second.pair(code).await.status(), 200);
    assert_eq!(first.pair(code).await.status(), 409, "a code works once, whichever server sees it");

    // Ten wrong codes, split between the servers, reach the limit of ten per client.
    for _ in 0..5 {
        assert_eq!(first.pair("ABCD2345").await.status(), 404);
    }
    for _ in 0..5 {
        assert_eq!(second.pair("ABCD2345").await.status(), 404);
    }
    assert_eq!(first.pair("ABCD2345").await.status(), 429, "the limit counts guesses made on both servers");
    assert_eq!(second.pair("ABCD2345").await.status(), 429);
}

#[tokio::test]
async fn a_code_raced_on_two_servers_at_once_links_one_phone() {
    let first = spawn(Spawn { demo: false, database_url: None }).await;
    let second = spawn(Spawn { demo: false, database_url: Some(first.database_url.clone()) }).await;
    let lw = first.staff(Role::LinkWorker, "Lin Worker").await;
    let enrolled = first.enrol(&lw, "Alex").await;
    let code = enrolled.pairing.code.as_str();
    let tasks: Vec<_> = (0..10)
        .map(|n| {
            let url = if n % 2 == 0 { first.url("/api/v1/pair") } else { second.url("/api/v1/pair") };
            let body = serde_json::json!({ "code": code });
            tokio::spawn(async move {
                reqwest::Client::new().post(url).json(&body).send().await.map(|r| r.status().as_u16())
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for task in tasks {
        statuses.push(task.await.expect("the request task").expect("an answer"));
    }
    assert_eq!(statuses.iter().filter(|s| **s == 200).count(), 1, "exactly one phone is linked: {statuses:?}");
    assert!(statuses.iter().all(|s| *s == 200 || *s == 409), "the others are told the code was used: {statuses:?}");
    let (devices,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM devices").fetch_one(&first.pool).await.expect("count");
    assert_eq!(devices, 1);
}
