//! `make bench`: how long the link worker's caseload and a participant page take server-side with a
//! realistic load: 60 participants, each with two years of daily shared entries (about 50,000 in
//! all), in the embedded SQLite database. Requests go through the real router (no network), so the
//! figures are the server's own time. Target: 200 ms or less for each. Then the referral inbox with
//! 2,000 open referrals (a third taken by the link worker, with an attempt each): target 50 ms or
//! less. Prints numbers; asserts nothing.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use std::time::{Duration, Instant};
use steady_domain::accounts::Role;
use steady_server::configuration::Settings;
use steady_server::{accounts, db, startup, state};
use tower::ServiceExt;

const PARTICIPANTS: usize = 60;
const DAYS: i64 = 730;
const RUNS: usize = 15;
const REFERRALS: usize = 2_000;

async fn send(router: &axum::Router, request: Request<Body>) -> (StatusCode, Vec<u8>) {
    let response = router.clone().oneshot(request).await.expect("the router answers");
    let status = response.status();
    let body = response.into_body().collect().await.expect("a body").to_bytes().to_vec();
    (status, body)
}

fn json(method: &str, uri: &str, auth: (&'static str, String), body: serde_json::Value) -> Request<Body> {
    Request::builder()
        .method(method)
        .uri(uri)
        .header(auth.0, auth.1)
        .header("sec-fetch-site", "same-origin")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .expect("a request")
}

fn entries_for(participant: usize, now: steady_domain::Timestamp) -> Vec<serde_json::Value> {
    let mut out = Vec::new();
    for day in 0..DAYS {
        let at = now.plus_days(-day).plus_minutes(-((participant as i64 * 7) % 600));
        let stress = (3 + (day + participant as i64) % 5) as u8;
        let id = format!("{:08x}-0000-4000-8000-{:012x}", participant, day * 2);
        out.push(serde_json::json!({ "op": "upsert", "entry": {
            "id": id, "at": at.to_string(), "updated_at": at.to_string(), "keep_private": false,
            "body": { "kind": "quick_log", "wellbeing": 10 - stress, "stress": stress, "note": null } } }));
        if day % 7 == 0 {
            let id = format!("{:08x}-0000-4000-8000-{:012x}", participant, day * 2 + 1);
            let end = at.plus_minutes(90);
            out.push(serde_json::json!({ "op": "upsert", "entry": {
                "id": id, "at": at.to_string(), "updated_at": end.to_string(), "keep_private": false,
                "body": { "kind": "check_in", "session_id": null, "group_name": "Riverside walk", "group_kind": "walking",
                          "stress_before": stress + 2, "checked_out_at": end.to_string(), "stress_after": stress, "how_was_it": null } } }));
        }
    }
    out
}

fn summary(name: &str, mut times: Vec<Duration>, target_ms: Option<f64>) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let median = ms(times[times.len() / 2]);
    let verdict = match target_ms {
        Some(t) if median <= t => format!("(target <= {t} ms: met)"),
        Some(t) => format!("(target <= {t} ms: NOT met)"),
        None => String::new(),
    };
    println!(
        "{name:<28} median {median:>7.1} ms   p90 {:>7.1} ms   max {:>7.1} ms   {verdict}",
        ms(times[times.len() * 9 / 10]),
        ms(times[times.len() - 1]),
    );
}

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let settings = Settings::on_loopback(dir.path(), dir.path().join("dist"), false);
    let pool = db::connect(&settings.database_url).await.expect("database");
    // Requests go straight to the router, so give it the client address a socket would.
    let client: std::net::SocketAddr = "127.0.0.1:9".parse().expect("addr");
    let public_url = settings.public_url.clone().unwrap_or_default();
    let router = startup::router(pool.clone(), &settings, public_url)
        .layer(axum::extract::connect_info::MockConnectInfo(client));
    let (id, _) =
        accounts::create_staff(&pool, "Bench Worker", "bench@steady.test", Role::LinkWorker).await.expect("staff");
    accounts::set_password(&pool, &id, "a long benchmark password").await.expect("password");
    let (_, token) = accounts::sign_in(&pool, "bench@steady.test", "a long benchmark password").await.expect("sign in");
    let cookie = || (header::COOKIE.as_str(), format!("steady_staff={token}"));

    let now = state::now();
    let loading = Instant::now();
    let mut sync_times = Vec::new();
    let mut total = 0;
    let mut participant_ids = Vec::new();
    for p in 0..PARTICIPANTS {
        let enrol = serde_json::json!({ "display_name": format!("Participant {p:02}"), "referral_source": "probation",
            "justice_contact": p % 2 == 0, "consent_discussed_on": "2024-11-01" });
        let (status, body) = send(&router, json("POST", "/api/v1/participants", cookie(), enrol)).await;
        assert_eq!(status, StatusCode::CREATED);
        let enrolled: steady_domain::enrolment::Enrolled = serde_json::from_slice(&body).expect("enrolled");
        participant_ids.push(enrolled.participant.id.clone());
        let pair = serde_json::json!({ "code": enrolled.pairing.code.as_str() });
        let (_, body) =
            send(&router, json("POST", "/api/v1/pair", (header::ACCEPT.as_str(), "application/json".into()), pair))
                .await;
        let paired: steady_domain::enrolment::Paired = serde_json::from_slice(&body).expect("paired");
        let entries = entries_for(p, now);
        total += entries.len();
        for batch in entries.chunks(500) {
            let started = Instant::now();
            let request = json(
                "POST",
                "/api/v1/sync",
                (header::AUTHORIZATION.as_str(), format!("Bearer {}", paired.device_token)),
                serde_json::json!({ "changes": batch }),
            );
            let (status, body) = send(&router, request).await;
            assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&body));
            sync_times.push(started.elapsed());
        }
    }
    println!(
        "Loaded {PARTICIPANTS} participants with {total} shared entries in {:.1} s",
        loading.elapsed().as_secs_f64()
    );
    summary("sync, batch of up to 500", sync_times, None);

    let mut caseload = Vec::new();
    for _ in 0..RUNS {
        let request =
            Request::get("/api/v1/caseload").header(header::COOKIE, cookie().1).body(Body::empty()).expect("request");
        let started = Instant::now();
        let (status, body) = send(&router, request).await;
        caseload.push(started.elapsed());
        assert_eq!(status, StatusCode::OK);
        assert!(body.len() > 1000);
    }
    summary("caseload (60 participants)", caseload, Some(200.0));

    let mut page = Vec::new();
    for run in 0..RUNS {
        let uri = format!("/api/v1/participants/{}", participant_ids[run % PARTICIPANTS]);
        let request = Request::get(uri).header(header::COOKIE, cookie().1).body(Body::empty()).expect("request");
        let started = Instant::now();
        let (status, _) = send(&router, request).await;
        page.push(started.elapsed());
        assert_eq!(status, StatusCode::OK);
    }
    summary("participant page (2 years)", page, Some(200.0));

    referral_inbox(&router, cookie, &id).await;
}

/// Times the referral inbox holding [`REFERRALS`] open referrals, every third one taken by the link
/// worker with one contact attempt.
async fn referral_inbox(router: &axum::Router, cookie: impl Fn() -> (&'static str, String), staff_id: &str) {
    let loading = Instant::now();
    for n in 0..REFERRALS {
        let source = ["probation", "primary_care", "self_referral"][n % 3];
        let form = serde_json::json!({
            "name": format!("Referral {n:04}"), "referral_source": source,
            "ods_code": "A81001", "referrer_name": "Riverside Surgery", "justice_contact": n % 4 == 0,
            "reasons": ["isolation"], "phone": "07700 900123", "safe_channels": ["phone", "text"], "consent_to_contact": true
        });
        let (status, body) = send(router, json("POST", "/api/v1/referrals", cookie(), form)).await;
        assert_eq!(status, StatusCode::CREATED, "{}", String::from_utf8_lossy(&body));
        if n % 3 == 0 {
            let detail: serde_json::Value = serde_json::from_slice(&body).expect("a referral");
            let id = detail["item"]["referral"]["id"].as_str().expect("an id").to_string();
            let take = serde_json::json!({ "link_worker_id": staff_id });
            let (status, _) =
                send(router, json("POST", &format!("/api/v1/referrals/{id}/assignment"), cookie(), take)).await;
            assert_eq!(status, StatusCode::NO_CONTENT);
            let tried = serde_json::json!({ "channel": "phone", "result": "no_answer" });
            let (status, _) =
                send(router, json("POST", &format!("/api/v1/referrals/{id}/attempts"), cookie(), tried)).await;
            assert_eq!(status, StatusCode::CREATED);
        }
    }
    println!("Loaded {REFERRALS} open referrals in {:.1} s", loading.elapsed().as_secs_f64());
    let mut inbox = Vec::new();
    for _ in 0..RUNS {
        let request =
            Request::get("/api/v1/referrals").header(header::COOKIE, cookie().1).body(Body::empty()).expect("request");
        let started = Instant::now();
        let (status, body) = send(router, request).await;
        inbox.push(started.elapsed());
        assert_eq!(status, StatusCode::OK);
        let inbox: steady_domain::referral::Inbox = serde_json::from_slice(&body).expect("an inbox");
        assert_eq!(inbox.unassigned.len() + inbox.assigned.len(), REFERRALS);
    }
    summary("referral inbox (2,000 open)", inbox, Some(50.0));
}
