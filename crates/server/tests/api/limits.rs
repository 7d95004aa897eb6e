//! Guessing limits under bursts: 40 wrong guesses fired at once, at one server or split across two
//! over one database, get no more checked than the documented limit (5 passwords per account, 10
//! pairing codes per address, 5 session codes per phone, 500 pairing codes from everyone together);
//! the rest are told to wait (429), and so is the right secret afterwards. A right guess does not use
//! up the allowance.

use crate::helpers::{spawn, Caller, Phone, Spawn, TestApp, PASSWORD};
use reqwest::{Method, RequestBuilder};
use steady_domain::accounts::Role;
use steady_domain::api::SessionsResponse;

/// How many wrong guesses each burst fires at once.
const BURST: usize = 40;

/// One server, or two over one database.
async fn servers(two: bool, demo: bool) -> Vec<TestApp> {
    let first = spawn(Spawn { demo, database_url: None }).await;
    if !two {
        return vec![first];
    }
    let second = spawn(Spawn { demo: false, database_url: Some(first.database_url.clone()) }).await;
    vec![first, second]
}

/// Sends `BURST` requests at once, taking turns between `servers`, and returns their statuses.
async fn burst(servers: &[TestApp], request: impl Fn(usize, &TestApp) -> RequestBuilder) -> Vec<u16> {
    burst_of(BURST, servers, request).await
}

/// Sends `count` requests, released together once every one is ready.
async fn burst_of(count: usize, servers: &[TestApp], request: impl Fn(usize, &TestApp) -> RequestBuilder) -> Vec<u16> {
    let start = std::sync::Arc::new(tokio::sync::Barrier::new(count));
    let sends: Vec<_> = (0..count)
        .map(|n| (request(n, &servers[n % servers.len()]), start.clone()))
        .map(|(request, start)| {
            tokio::spawn(async move {
                start.wait().await;
                request.send().await.map(|answer| answer.status().as_u16())
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for send in sends {
        statuses.push(send.await.expect("the request task").expect("an answer"));
    }
    statuses
}

/// Asserts that exactly `limit` of a burst's guesses were checked (and found wrong, `wrong`), and
/// every other one was told to wait.
fn assert_limit_held(statuses: &[u16], wrong: u16, limit: usize) {
    let checked = statuses.iter().filter(|s| **s == wrong).count();
    let waited = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!((checked, waited), (limit, statuses.len() - limit), "{statuses:?}");
}

fn sign_in(app: &TestApp, password: &str) -> RequestBuilder {
    app.client
        .post(app.url("/api/v1/staff/sign-in"))
        .json(&serde_json::json!({ "email": "lin@steady.test", "password": password }))
}

async fn wrong_passwords_at_once(two: bool) {
    let servers = servers(two, false).await;
    let (id, _) = steady_server::accounts::create_staff(&servers[0].pool, "Lin", "lin@steady.test", Role::LinkWorker)
        .await
        .expect("account");
    steady_server::accounts::set_password(&servers[0].pool, &id, PASSWORD).await.expect("password");
    let statuses = burst(&servers, |_, app| sign_in(app, "wrong password here")).await;
    assert_limit_held(&statuses, 401, 5);
    for app in &servers {
        let locked = sign_in(app, PASSWORD).send().await.expect("sent");
        assert_eq!(locked.status(), 429, "even the right password waits out the lock");
    }
}

#[tokio::test]
async fn forty_wrong_passwords_at_once_get_five_checked_then_the_account_is_locked() {
    wrong_passwords_at_once(false).await;
}

#[tokio::test]
async fn forty_wrong_passwords_split_across_two_servers_get_five_checked() {
    wrong_passwords_at_once(true).await;
}

fn pair(app: &TestApp, code: &str) -> RequestBuilder {
    app.client.post(app.url("/api/v1/pair")).json(&serde_json::json!({ "code": code }))
}

async fn wrong_pairing_codes_at_once(two: bool) {
    let servers = servers(two, false).await;
    let lw = servers[0].staff(Role::LinkWorker, "Lin Worker").await;
    let enrolled = servers[0].enrol(&lw, "Alex").await;
    let statuses = burst(&servers, |_, app| pair(app, "ABCD2345")).await;
    assert_limit_held(&statuses, 404, 10);
    for app in &servers {
        let limited = pair(app, enrolled.pairing.code.as_str()).send().await.expect("sent");
        assert_eq!(limited.status(), 429, "even the right code waits after 10 wrong ones");
    }
}

#[tokio::test]
async fn forty_wrong_pairing_codes_at_once_from_one_address_get_ten_checked() {
    wrong_pairing_codes_at_once(false).await;
}

#[tokio::test]
async fn forty_wrong_pairing_codes_split_across_two_servers_get_ten_checked() {
    wrong_pairing_codes_at_once(true).await;
}

#[tokio::test]
async fn wrong_pairing_codes_from_520_phones_at_once_behind_a_proxy_get_500_checked_in_all() {
    let behind_proxy = crate::helpers::spawn_configured(Spawn { demo: false, database_url: None }, |settings| {
        settings.trusted_proxies = vec!["127.0.0.1/32".parse().expect("a network")];
    })
    .await;
    let servers = [behind_proxy];
    let statuses = burst_of(520, &servers, |n, app| {
        pair(app, "ABCD2345").header("x-forwarded-for", format!("10.0.{}.{}", n / 256, n % 256))
    })
    .await;
    assert_limit_held(&statuses, 404, 500);
}

/// A session of the demo that is open for check-in now, its code (from its leader), and a linked phone.
async fn open_session_code(app: &TestApp) -> (String, Phone) {
    let admin = app.staff(Role::Admin, "Ada Admin").await;
    let leader = app.staff(Role::Leader, "Lee Leader").await;
    let lw = app.staff(Role::LinkWorker, "Lin Worker").await;
    let (_, phone) = app.linked_phone(&lw, "Billie").await;
    let schedule: SessionsResponse = app.get("/api/v1/sessions").await.json().await.expect("sessions");
    let now = steady_server::state::now();
    let session = schedule.sessions.iter().find(|s| s.check_in_open(now)).expect("a session on now");
    let assigned = admin
        .client
        .post(app.url(&format!("/api/v1/groups/{}/leaders", session.group_id)))
        .json(&serde_json::json!({ "email": leader.email }))
        .send()
        .await
        .expect("sent");
    assert_eq!(assigned.status(), 204);
    let path = format!("/api/v1/sessions/{}/code", session.id.0);
    let code: serde_json::Value =
        app.call(&Caller::Staff(&leader), Method::GET, &path, None).await.json().await.expect("the code");
    (code["code"].as_str().expect("a code").to_string(), phone)
}

fn check_in(app: &TestApp, phone: &Phone, code: &str) -> RequestBuilder {
    app.client
        .post(app.url("/api/v1/check-in-code"))
        .bearer_auth(&phone.token)
        .json(&serde_json::json!({ "code": code }))
}

fn another_code(code: &str) -> &'static str {
    if code == "000000" {
        "000001"
    } else {
        "000000"
    }
}

async fn wrong_session_codes_at_once(two: bool) {
    let servers = servers(two, true).await;
    let (code, phone) = open_session_code(&servers[0]).await;
    let statuses = burst(&servers, |_, app| check_in(app, &phone, another_code(&code))).await;
    assert_limit_held(&statuses, 422, 5);
    for app in &servers {
        let limited = check_in(app, &phone, &code).send().await.expect("sent");
        assert_eq!(limited.status(), 429, "even the right code waits after 5 wrong ones");
    }
}

#[tokio::test]
async fn forty_wrong_session_codes_at_once_from_one_phone_get_five_checked() {
    wrong_session_codes_at_once(false).await;
}

#[tokio::test]
async fn forty_wrong_session_codes_split_across_two_servers_get_five_checked() {
    wrong_session_codes_at_once(true).await;
}

#[tokio::test]
async fn a_right_session_code_does_not_use_up_the_allowance_for_wrong_ones() {
    let servers = servers(false, true).await;
    let app = &servers[0];
    let (code, phone) = open_session_code(app).await;
    let wrong = another_code(&code);
    let mut statuses = Vec::new();
    for c in [wrong, wrong, wrong, wrong, &code, wrong, &code, wrong] {
        statuses.push(check_in(app, &phone, c).send().await.expect("sent").status().as_u16());
    }
    assert_eq!(
        statuses,
        [422, 422, 422, 422, 200, 422, 429, 429],
        "five wrong codes are allowed, however many right ones come between them"
    );
}

#[tokio::test]
async fn a_right_password_starts_the_count_of_wrong_ones_again() {
    let servers = servers(false, false).await;
    let app = &servers[0];
    let (id, _) = steady_server::accounts::create_staff(&app.pool, "Lin", "lin@steady.test", Role::LinkWorker)
        .await
        .expect("account");
    steady_server::accounts::set_password(&app.pool, &id, PASSWORD).await.expect("password");
    let mut statuses = Vec::new();
    for password in ["wrong 1", "wrong 2", "wrong 3", "wrong 4", PASSWORD, "wrong 5", "wrong 6", "wrong 7"] {
        statuses.push(sign_in(app, password).send().await.expect("sent").status().as_u16());
    }
    assert_eq!(statuses, [401, 401, 401, 401, 200, 401, 401, 401], "four wrong, then right: not locked");
}
