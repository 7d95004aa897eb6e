//! Scale-out: two server processes over one database behave as one server. Staff sessions,
//! single-use pairing codes and guessing limits live in the database, not in a process.

use crate::helpers::{spawn, Spawn};
use steady_domain::accounts::Role;

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
