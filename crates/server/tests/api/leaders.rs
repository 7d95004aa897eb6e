//! Group leaders: every new endpoint × every kind of caller, the register's merge rule, session codes
//! and their window and rate limit, session changes, and attendance feeding the "missing sessions" flag.

use crate::helpers::{expect_statuses, spawn_app, Caller, Phone, StaffUser, TestApp};
use reqwest::Method;
use steady_domain::accounts::{LeaderAccount, Role};
use steady_domain::api::{ApiError, SessionsResponse};
use steady_domain::review::{CaseloadRow, Flag};
use steady_domain::{Session, Timestamp};

struct World {
    app: TestApp,
    leader: StaffUser,
    other_leader: StaffUser,
    link_worker: StaffUser,
    admin: StaffUser,
    phone_a: Phone,
    phone_b: Phone,
    a: String,
    /// A session of the leader's group that is on now (the demo's drop-in walk).
    now_session: Session,
}

async fn world() -> World {
    let app = spawn_app().await;
    let leader = app.staff(Role::Leader, "Lee Leader").await;
    let other_leader = app.staff(Role::Leader, "Other Leader").await;
    let link_worker = app.staff(Role::LinkWorker, "Lin Worker").await;
    let admin = app.staff(Role::Admin, "Ada Admin").await;
    let (a, phone_a) = app.linked_phone(&link_worker, "Alex").await;
    let (_, phone_b) = app.linked_phone(&link_worker, "Billie").await;
    let schedule: SessionsResponse = app.get("/api/v1/sessions").await.json().await.unwrap();
    let now_session = schedule
        .sessions
        .iter()
        .find(|s| s.check_in_open(steady_server::state::now()))
        .cloned()
        .expect("a session on now");
    let other_group = schedule.sessions.iter().find(|s| s.group_id != now_session.group_id).unwrap().group_id.clone();
    for (who, group) in [(&leader, &now_session.group_id), (&other_leader, &other_group)] {
        let assigned = admin
            .client
            .post(app.url(&format!("/api/v1/groups/{group}/leaders")))
            .json(&serde_json::json!({ "email": who.email }))
            .send()
            .await
            .unwrap();
        assert_eq!(assigned.status(), 204);
    }
    World { app, leader, other_leader, link_worker, admin, phone_a, phone_b, a, now_session }
}

impl World {
    fn callers(&self) -> [(&'static str, Caller<'_>); 7] {
        [
            ("anonymous", Caller::Anonymous),
            ("participant A", Caller::Phone(&self.phone_a)),
            ("participant B", Caller::Phone(&self.phone_b)),
            ("the group's leader", Caller::Staff(&self.leader)),
            ("another group's leader", Caller::Staff(&self.other_leader)),
            ("link worker", Caller::Staff(&self.link_worker)),
            ("admin", Caller::Staff(&self.admin)),
        ]
    }

    /// Asserts the status each caller gets, in the order of [`World::callers`].
    async fn expect(&self, method: Method, path: &str, body: Option<serde_json::Value>, statuses: [u16; 7]) {
        expect_statuses(&self.app, &self.callers(), method, path, body, statuses).await;
    }

    /// The participant on `phone` says "I'd like to come" to the group meeting now: a leader may then
    /// mark them on its registers.
    async fn join(&self, phone: &Phone) {
        let path = format!("/api/v1/groups/{}/join", self.now_session.group_id);
        assert_eq!(self.app.call(&Caller::Phone(phone), Method::POST, &path, None).await.status(), 204);
    }

    fn mark(&self, person: &str, name: &str, present: bool, at: Timestamp) -> serde_json::Value {
        serde_json::json!({ "marks": [{ "person": person, "name": name, "present": present, "tapped_at": at.to_string() }] })
    }
}

#[tokio::test]
async fn every_leader_endpoint_refuses_everyone_else() {
    let w = world().await;
    let s = &w.now_session.id.0;
    let g = &w.now_session.group_id;
    let now = steady_server::state::now();
    w.expect(Method::GET, &format!("/api/v1/sessions/{s}/register"), None, [401, 401, 401, 200, 404, 403, 403]).await;
    let mark = w.mark("w:walkin-1", "Sam", true, now);
    w.expect(Method::POST, &format!("/api/v1/sessions/{s}/register"), Some(mark), [401, 401, 401, 200, 404, 403, 403])
        .await;
    w.expect(Method::GET, &format!("/api/v1/sessions/{s}/code"), None, [401, 401, 401, 200, 404, 403, 403]).await;
    let change = serde_json::json!({ "meeting_point": "By the cafe" });
    w.expect(Method::PATCH, &format!("/api/v1/sessions/{s}"), Some(change), [401, 401, 401, 200, 404, 403, 403]).await;
    let new = serde_json::json!({ "starts_at": now.plus_days(3).to_string(), "ends_at": now.plus_days(3).plus_minutes(60).to_string() });
    w.expect(Method::POST, &format!("/api/v1/groups/{g}/sessions"), Some(new), [401, 401, 401, 201, 404, 403, 403])
        .await;
    w.expect(Method::GET, "/api/v1/leader/sessions", None, [401, 401, 401, 200, 200, 403, 403]).await;
    w.expect(Method::GET, "/api/v1/leader/groups", None, [401, 401, 401, 200, 200, 403, 403]).await;
    let mine: Vec<serde_json::Value> =
        w.leader.client.get(w.app.url("/api/v1/leader/groups")).send().await.unwrap().json().await.unwrap();
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0]["id"], w.now_session.group_id.as_str(), "only the group they lead");
    let assign = serde_json::json!({ "email": w.other_leader.email });
    w.expect(Method::POST, &format!("/api/v1/groups/{g}/leaders"), Some(assign), [401, 401, 401, 403, 403, 204, 204])
        .await;
    w.expect(Method::POST, &format!("/api/v1/groups/{g}/join"), None, [401, 204, 204, 401, 401, 401, 401]).await;
    w.expect(Method::DELETE, &format!("/api/v1/groups/{g}/join"), None, [401, 204, 204, 401, 401, 401, 401]).await;
}

#[tokio::test]
async fn the_admin_sees_every_leader_and_the_groups_each_leads() {
    let w = world().await;
    let unassigned = w.app.staff(Role::Leader, "Una Assigned").await;
    let leaders: Vec<LeaderAccount> =
        w.admin.client.get(w.app.url("/api/v1/admin/leaders")).send().await.unwrap().json().await.unwrap();
    let names: Vec<&str> = leaders.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(names, ["Lee Leader", "Other Leader", "Una Assigned"], "every leader account, by name, and no one else");
    let lee = &leaders[0];
    assert_eq!(lee.email, w.leader.email);
    assert_eq!(lee.groups.iter().map(|g| g.id.as_str()).collect::<Vec<_>>(), [w.now_session.group_id.as_str()]);
    assert_eq!(lee.groups[0].name, w.now_session.group_name, "the group is named");
    assert_eq!(leaders[1].groups.len(), 1);
    assert_ne!(leaders[1].groups[0].id, w.now_session.group_id);
    assert_eq!(leaders[2].email, unassigned.email);
    assert!(leaders[2].groups.is_empty(), "a leader who leads nothing yet is listed, to be given a group");
}

#[tokio::test]
async fn the_latest_tap_wins_across_two_leaders_phones() {
    let w = world().await;
    let s = &w.now_session.id.0;
    let second = w.app.staff(Role::Leader, "Second Leader").await;
    w.admin
        .client
        .post(w.app.url(&format!("/api/v1/groups/{}/leaders", w.now_session.group_id)))
        .json(&serde_json::json!({ "email": second.email }))
        .send()
        .await
        .unwrap();
    w.join(&w.phone_a).await;
    let t0 = steady_server::state::now().plus_minutes(-10);
    let person = format!("p:{}", w.a);
    let path = format!("/api/v1/sessions/{s}/register");
    // Leader 1 marks Alex present at t0+5; leader 2's older "absent" (t0) arrives afterwards.
    w.app
        .call(&Caller::Staff(&w.leader), Method::POST, &path, Some(w.mark(&person, "Alex", true, t0.plus_minutes(5))))
        .await;
    let merged: serde_json::Value = w
        .app
        .call(&Caller::Staff(&second), Method::POST, &path, Some(w.mark(&person, "Alex", false, t0)))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(merged["register"]["marks"][0]["present"], true, "the older tap lost");
    assert_eq!(merged["outcomes"][0]["outcome"], "accepted", "a tap beaten by a later one needs no resend");
    let undo: serde_json::Value = w
        .app
        .call(&Caller::Staff(&second), Method::POST, &path, Some(w.mark(&person, "Alex", false, t0.plus_minutes(6))))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(undo["register"]["marks"][0]["present"], false, "a later undo wins");
}

#[tokio::test]
async fn a_participant_enrolled_with_an_80_character_name_can_be_marked() {
    let w = world().await;
    let long = "Alexandra ".repeat(8);
    let long = long.trim();
    let (id, phone) = w.app.linked_phone(&w.link_worker, long).await;
    w.join(&phone).await;
    let path = format!("/api/v1/sessions/{}/register", w.now_session.id.0);
    let at = steady_server::state::now();
    let answer = w
        .app
        .call(&Caller::Staff(&w.leader), Method::POST, &path, Some(w.mark(&format!("p:{id}"), long, true, at)))
        .await;
    assert_eq!(answer.status(), 200);
    let reply: serde_json::Value = answer.json().await.unwrap();
    assert_eq!(reply["outcomes"], serde_json::json!([{ "outcome": "accepted" }]));
    assert_eq!(reply["register"]["marks"][0]["name"], long);
}

#[tokio::test]
async fn one_refused_mark_is_reported_and_the_others_in_its_batch_are_stored() {
    let w = world().await;
    w.join(&w.phone_a).await;
    let path = format!("/api/v1/sessions/{}/register", w.now_session.id.0);
    let now = steady_server::state::now();
    let tap = |person: &str, name: &str, at: Timestamp| serde_json::json!({ "person": person, "name": name, "present": true, "tapped_at": at.to_string() });
    let batch = serde_json::json!({ "marks": [
        tap(&format!("p:{}", w.a), "Alex", now),
        tap("w:walk-in-ahead", "Sam", now.plus_minutes(2 * 24 * 60)),
        tap("w:walk-in-now", "Kit", now),
    ] });
    let answer = w.app.call(&Caller::Staff(&w.leader), Method::POST, &path, Some(batch)).await;
    assert_eq!(answer.status(), 200, "one bad mark does not refuse the batch");
    let reply: serde_json::Value = answer.json().await.unwrap();
    let outcomes: Vec<&str> =
        reply["outcomes"].as_array().unwrap().iter().map(|o| o["outcome"].as_str().unwrap()).collect();
    assert_eq!(outcomes, ["accepted", "refused", "accepted"], "one outcome per mark, in the order sent");
    assert_eq!(reply["outcomes"][1]["reason"], "in_the_future");
    assert!(reply["outcomes"][1]["message"].as_str().unwrap().contains("clock"), "the reason is in words");
    let stored: Vec<&str> =
        reply["register"]["marks"].as_array().unwrap().iter().map(|m| m["person"].as_str().unwrap()).collect();
    assert_eq!(stored.len(), 2);
    assert!(stored.contains(&format!("p:{}", w.a).as_str()) && stored.contains(&"w:walk-in-now"));
}

#[tokio::test]
async fn a_leader_marks_members_and_walk_ins_but_not_someone_who_never_joined_the_group() {
    let w = world().await;
    w.join(&w.phone_a).await;
    let other_worker = w.app.staff(Role::LinkWorker, "Other Worker").await;
    let outsider = w.app.enrol(&other_worker, "Robin").await.participant.id;
    let outsider_row = || async {
        let rows: Vec<serde_json::Value> =
            other_worker.client.get(w.app.url("/api/v1/caseload")).send().await.unwrap().json().await.unwrap();
        rows.into_iter().find(|row| row["participant"]["id"] == outsider.as_str()).expect("Robin's caseload row")
    };
    let before = outsider_row().await;

    let now = steady_server::state::now();
    let tap = |person: &str, name: &str| serde_json::json!({ "person": person, "name": name, "present": true, "tapped_at": now.to_string() });
    let batch = serde_json::json!({ "marks": [
        tap(&format!("p:{}", w.a), "Alex"),
        tap(&format!("p:{outsider}"), "Robin"),
        tap("w:walk-in-sam", "Sam"),
    ] });
    let path = format!("/api/v1/sessions/{}/register", w.now_session.id.0);
    let answer = w.app.call(&Caller::Staff(&w.leader), Method::POST, &path, Some(batch)).await;
    assert_eq!(answer.status(), 200, "a mark for a non-member does not refuse the batch");
    let reply: serde_json::Value = answer.json().await.unwrap();
    let outcomes: Vec<&str> =
        reply["outcomes"].as_array().unwrap().iter().map(|o| o["outcome"].as_str().unwrap()).collect();
    assert_eq!(outcomes, ["accepted", "refused", "accepted"]);
    assert_eq!(reply["outcomes"][1]["reason"], "not_in_group");
    assert!(reply["outcomes"][1]["message"].as_str().unwrap().contains("Add them as a walk-in instead"));
    let mut stored: Vec<&str> =
        reply["register"]["marks"].as_array().unwrap().iter().map(|m| m["person"].as_str().unwrap()).collect();
    stored.sort_unstable();
    let alex = format!("p:{}", w.a);
    assert_eq!(stored, [alex.as_str(), "w:walk-in-sam"], "the member and the walk-in are on the register");
    assert_eq!(outsider_row().await, before, "Robin's link worker sees no change in Robin's attendance");
}

#[tokio::test]
async fn a_session_code_checks_in_only_while_open_and_guessing_is_limited() {
    let w = world().await;
    let s = &w.now_session.id.0;
    let code: serde_json::Value = w
        .app
        .call(&Caller::Staff(&w.leader), Method::GET, &format!("/api/v1/sessions/{s}/code"), None)
        .await
        .json()
        .await
        .unwrap();
    let code = code["code"].as_str().unwrap().to_string();
    assert_eq!(code.len(), 6);
    let body = |c: &str| Some(serde_json::json!({ "code": c }));
    let checked: Session = w
        .app
        .call(&Caller::Phone(&w.phone_a), Method::POST, "/api/v1/check-in-code", body(&code))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(checked.id, w.now_session.id);
    let register: serde_json::Value = w
        .app
        .call(&Caller::Staff(&w.leader), Method::GET, &format!("/api/v1/sessions/{s}/register"), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(register["marks"][0]["person"], format!("p:{}", w.a));
    assert_eq!(register["marks"][0]["present"], true);
    assert_eq!(register["expected"][0]["name"], "Alex", "checking in joins the group");

    let wrong = if code == "000000" { "000001" } else { "000000" };
    for _ in 0..5 {
        let r = w.app.call(&Caller::Phone(&w.phone_b), Method::POST, "/api/v1/check-in-code", body(wrong)).await;
        assert_eq!(r.status(), 422);
    }
    let limited = w.app.call(&Caller::Phone(&w.phone_b), Method::POST, "/api/v1/check-in-code", body(&code)).await;
    assert_eq!(limited.status(), 429, "even the right code waits after 5 wrong ones");
    assert_eq!(limited.json::<ApiError>().await.unwrap().code, "too_many_attempts");
    let staff = w.app.call(&Caller::Staff(&w.leader), Method::POST, "/api/v1/check-in-code", body(&code)).await;
    assert_eq!(staff.status(), 401);
}

#[tokio::test]
async fn moving_and_cancelling_show_in_the_participants_schedule() {
    let w = world().await;
    let s = &w.now_session.id.0;
    let later = w.now_session.starts_at.plus_days(1);
    let moved: Session = w
        .app
        .call(&Caller::Staff(&w.leader), Method::PATCH, &format!("/api/v1/sessions/{s}"),
            Some(serde_json::json!({ "starts_at": later.to_string(), "ends_at": later.plus_minutes(60).to_string(), "cancelled": true })))
        .await
        .json()
        .await
        .unwrap();
    assert!(moved.cancelled);
    let schedule: SessionsResponse = w.app.get("/api/v1/sessions").await.json().await.unwrap();
    let seen = schedule.sessions.iter().find(|x| x.id == w.now_session.id).unwrap();
    assert_eq!((seen.starts_at, seen.cancelled), (later, true));
    let backwards = w
        .app
        .call(
            &Caller::Staff(&w.leader),
            Method::PATCH,
            &format!("/api/v1/sessions/{s}"),
            Some(serde_json::json!({ "ends_at": later.plus_minutes(-5).to_string() })),
        )
        .await;
    assert_eq!(backwards.status(), 422);
}

#[tokio::test]
async fn a_register_three_days_ahead_is_refused_and_counts_for_nobody() {
    let w = world().await;
    w.join(&w.phone_a).await;
    let g = &w.now_session.group_id;
    let start = steady_server::state::now().plus_days(3);
    let ahead: Session = w
        .app
        .call(
            &Caller::Staff(&w.leader),
            Method::POST,
            &format!("/api/v1/groups/{g}/sessions"),
            Some(serde_json::json!({ "starts_at": start.to_string(), "ends_at": start.plus_minutes(60).to_string() })),
        )
        .await
        .json()
        .await
        .unwrap();
    let path = format!("/api/v1/sessions/{}/register", ahead.id.0);
    let tap = w.mark(&format!("p:{}", w.a), "Alex", true, steady_server::state::now());
    let reply: serde_json::Value =
        w.app.call(&Caller::Staff(&w.leader), Method::POST, &path, Some(tap)).await.json().await.unwrap();
    assert_eq!(reply["outcomes"][0]["reason"], "register_not_open");
    assert!(reply["outcomes"][0]["message"].as_str().unwrap().contains("opens an hour before"));
    assert_eq!(reply["register"]["marks"], serde_json::json!([]), "nobody counted as attending ahead of time");
}

#[tokio::test]
async fn a_report_up_to_tomorrow_counts_only_sessions_that_have_started() {
    let w = world().await;
    let now = steady_server::state::now();
    let query = format!("/api/v1/reports?from={}&to={}", now.plus_days(-7), now.plus_days(1));
    let held = || async {
        let report: serde_json::Value =
            w.link_worker.client.get(w.app.url(&query)).send().await.unwrap().json().await.unwrap();
        report["sessions_held"].as_u64().unwrap()
    };
    let before = held().await;
    let g = &w.now_session.group_id;
    let later = now.plus_minutes(120);
    let created = w
        .app
        .call(
            &Caller::Staff(&w.leader),
            Method::POST,
            &format!("/api/v1/groups/{g}/sessions"),
            Some(serde_json::json!({ "starts_at": later.to_string(), "ends_at": later.plus_minutes(60).to_string() })),
        )
        .await;
    assert_eq!(created.status(), 201);
    assert_eq!(held().await, before, "a session later today has not been held yet");
}

async fn calendar_feed(app: &TestApp, path: &str) -> String {
    let response = app.get(path).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "text/calendar; charset=utf-8");
    response.text().await.unwrap()
}

#[tokio::test]
async fn a_groups_calendar_feed_shows_a_moved_session_moved_with_its_reminder() {
    let w = world().await;
    let feed_path = format!("/api/v1/groups/{}/calendar.ics", w.now_session.group_id);
    let uid = format!("UID:{}@steady", w.now_session.id.0);
    let before = calendar_feed(&w.app, &feed_path).await;
    assert!(before.contains(&uid) && before.contains("TRIGGER:-PT60M"), "{before}");
    let later = w.now_session.starts_at.plus_days(2);
    let s = &w.now_session.id.0;
    let moved = serde_json::json!({ "starts_at": later.to_string(), "ends_at": later.plus_minutes(60).to_string() });
    let answer =
        w.app.call(&Caller::Staff(&w.leader), Method::PATCH, &format!("/api/v1/sessions/{s}"), Some(moved)).await;
    assert_eq!(answer.status(), 200);
    let after = calendar_feed(&w.app, &feed_path).await;
    let event = after.split("BEGIN:VEVENT").find(|e| e.contains(&uid)).expect("the session is still in the feed");
    assert!(event.contains(&format!("DTSTART:{}", later.ical_utc())), "the moved time: {event}");
    assert!(!after.contains(&w.app.public_url) && !after.contains("Alex"), "no one's name or link in a public feed");
    assert_eq!(w.app.get("/api/v1/groups/no-such-group/calendar.ics").await.status(), 404);
}

#[tokio::test]
async fn two_missed_sessions_raise_the_missing_sessions_flag() {
    let w = world().await;
    let g = &w.now_session.group_id;
    w.join(&w.phone_a).await;
    sqlx::query("UPDATE group_members SET joined_at = 0").execute(&w.app.pool).await.unwrap();
    for days_ago in [14, 7] {
        let start = steady_server::state::now().plus_days(-days_ago);
        let created: Session = w
            .app
            .call(&Caller::Staff(&w.leader), Method::POST, &format!("/api/v1/groups/{g}/sessions"),
                Some(serde_json::json!({ "starts_at": start.to_string(), "ends_at": start.plus_minutes(60).to_string() })))
            .await
            .json()
            .await
            .unwrap();
        let walk_in = w.mark("w:someone", "Sam", true, start);
        w.app
            .call(
                &Caller::Staff(&w.leader),
                Method::POST,
                &format!("/api/v1/sessions/{}/register", created.id.0),
                Some(walk_in),
            )
            .await;
    }
    let rows: Vec<CaseloadRow> =
        w.link_worker.client.get(w.app.url("/api/v1/caseload")).send().await.unwrap().json().await.unwrap();
    let alex = rows.iter().find(|r| r.participant.id == w.a).unwrap();
    assert!(alex.flags.iter().any(|f| matches!(f.flag, Flag::MissingSessions { missed: 2, .. })), "{:?}", alex.flags);
}

#[tokio::test]
async fn register_attendance_counts_in_reports_and_the_caseload() {
    let w = world().await;
    w.join(&w.phone_a).await;
    let s = &w.now_session.id.0;
    let now = steady_server::state::now();
    let mark = w.mark(&format!("p:{}", w.a), "Alex", true, now);
    w.app.call(&Caller::Staff(&w.leader), Method::POST, &format!("/api/v1/sessions/{s}/register"), Some(mark)).await;
    let from = now.plus_days(-1).uk_day();
    let to = now.plus_days(1).uk_day();
    let report: steady_domain::report::Report = w
        .link_worker
        .client
        .get(w.app.url(&format!("/api/v1/reports?from={from}&to={to}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!((report.attendances, report.unique_participants), (1, 1));
    assert!(report.sessions_held >= 1);
    let caseload: Vec<steady_domain::review::CaseloadRow> =
        w.link_worker.client.get(w.app.url("/api/v1/caseload")).send().await.unwrap().json().await.unwrap();
    let alex = caseload.iter().find(|row| row.participant.id == w.a).expect("Alex is on the caseload");
    assert_eq!(alex.sessions_last_4_weeks, 1, "the register's mark counts as a session attended");
}

#[tokio::test]
async fn the_leaders_sessions_count_who_said_they_would_come() {
    let w = world().await;
    let g = &w.now_session.group_id;
    for phone in [&w.phone_a, &w.phone_b] {
        let joined = w.app.call(&Caller::Phone(phone), Method::POST, &format!("/api/v1/groups/{g}/join"), None).await;
        assert_eq!(joined.status(), 204);
    }
    let expected = |leader: &StaffUser| {
        let request = leader.client.get(w.app.url("/api/v1/leader/sessions")).send();
        async move {
            let led: Vec<serde_json::Value> = request.await.unwrap().json().await.unwrap();
            led.iter().map(|s| s["expected"].as_u64().unwrap()).collect::<Vec<_>>()
        }
    };
    let mine = expected(&w.leader).await;
    assert!(mine.len() >= 4 && mine.iter().all(|n| *n == 2), "both are expected at each session: {mine:?}");
    let theirs = expected(&w.other_leader).await;
    assert!(!theirs.is_empty() && theirs.iter().all(|n| *n == 0), "no one joined the other group: {theirs:?}");
}

#[tokio::test]
async fn twenty_first_requests_for_a_session_code_all_get_the_same_code() {
    let w = world().await;
    // Every session the leader has (the race is a matter of timing, so each is one more chance to
    // lose it): 20 first requests for each one's code, all sent at once.
    let led: Vec<serde_json::Value> =
        w.leader.client.get(w.app.url("/api/v1/leader/sessions")).send().await.unwrap().json().await.unwrap();
    assert!(led.len() >= 4, "the demo group meets weekly");
    let start = std::sync::Arc::new(tokio::sync::Barrier::new(20 * led.len()));
    let mut requests = tokio::task::JoinSet::new();
    for session in &led {
        let id = session["session"]["id"].as_str().expect("a session id").to_string();
        for _ in 0..20 {
            let (client, start) = (w.leader.client.clone(), start.clone());
            let (url, id) = (w.app.url(&format!("/api/v1/sessions/{id}/code")), id.clone());
            requests.spawn(async move {
                start.wait().await;
                let answer = client.get(url).send().await.expect("request sent");
                (id, answer.status().as_u16(), answer.text().await.unwrap_or_default())
            });
        }
    }
    let mut codes: std::collections::HashMap<String, Vec<String>> = Default::default();
    while let Some(answer) = requests.join_next().await {
        let (session, status, body) = answer.expect("the request ran");
        assert_eq!(status, 200, "every first request is answered: {body}");
        let body: serde_json::Value = serde_json::from_str(&body).expect("a code");
        codes.entry(session).or_default().push(body["code"].as_str().expect("the code").to_string());
    }
    for (session, mut seen) in codes {
        seen.dedup();
        assert_eq!(seen.len(), 1, "one code for session {session}: {seen:?}");
    }
}
