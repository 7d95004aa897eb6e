//! Upgrades: a database left at every earlier schema version, with a row in every table that version
//! has, takes the current migrations without losing any of it.

use crate::helpers::fresh_database;
use std::borrow::Cow;
use steady_server::db::Backend;

/// A row for every table: the version that created it, the version that dropped it (its rows were
/// throttle counters or moved elsewhere), and the row, written with the columns it was created with.
const SEEDS: &[(usize, Option<usize>, &str, &str)] = &[
    (2, None, "staff", "INSERT INTO staff (id, name, email, role, password_hash, created_at) VALUES ('lw', 'Lin', 'lin@x', 'link_worker', 'h', 0)"),
    (2, None, "password_links", "INSERT INTO password_links (token_hash, staff_id, expires_at) VALUES ('t', 'lw', 9)"),
    (2, None, "staff_sessions", "INSERT INTO staff_sessions (token_hash, staff_id, created_at, expires_at) VALUES ('s', 'lw', 1, 9)"),
    (2, None, "sign_in_throttle", "INSERT INTO sign_in_throttle (email, failures) VALUES ('lin@x', 2)"),
    (2, None, "participants", "INSERT INTO participants (id, link_worker_id, display_name, referral_source, justice_contact, consent_discussed_on, created_at) VALUES ('p1', 'lw', 'Alex', 'probation', 1, '2026-01-05', 0)"),
    (2, None, "pairing_codes", "INSERT INTO pairing_codes (code_hash, participant_id, created_at, expires_at) VALUES ('c', 'p1', 1, 9)"),
    (2, None, "devices", "INSERT INTO devices (token_hash, participant_id, created_at) VALUES ('d', 'p1', 1)"),
    (2, None, "shared_entries", "INSERT INTO shared_entries (participant_id, id, kind, at, updated_at, body, received_at) VALUES ('p1', 'e1', 'quick_log', 1, 1, '{}', 1)"),
    (3, None, "reviews", "INSERT INTO reviews (id, participant_id, staff_id, reviewed_at, note) VALUES ('r1', 'p1', 'lw', 5, 'Called')"),
    (3, Some(8), "access_log", "INSERT INTO access_log (staff_id, participant_id, view, at) VALUES ('lw', 'p1', 'caseload', 5)"),
    (4, None, "group_leaders", "INSERT INTO group_leaders (group_id, staff_id) VALUES ('g', 'lw')"),
    (4, None, "group_members", "INSERT INTO group_members (group_id, participant_id, joined_at) VALUES ('g', 'p1', 1)"),
    (4, None, "register_marks", "INSERT INTO register_marks (session_id, person_key, name, present, tapped_at, received_at) VALUES ('s', 'p:p1', 'Alex', 1, 1, 1)"),
    (4, None, "session_codes", "INSERT INTO session_codes (session_id, code, created_at) VALUES ('s', '123456', 1)"),
    (4, Some(5), "code_attempts", "INSERT INTO code_attempts (participant_id, failures, window_start) VALUES ('p1', 1, 1)"),
    (5, None, "attempts", "INSERT INTO attempts (scope, client, failures, window_start) VALUES ('pairing', '127.0.0.1', 1, 1)"),
    (8, None, "access_views", "INSERT INTO access_views (staff_id, view, at, participant_ids) VALUES ('lw', 'caseload', 5, 'p1')"),
    (9, None, "referrers", "INSERT INTO referrers (id, name, ods_code, referral_source, key_hash, created_at) VALUES ('gp', 'Riverside', 'A81001', 'primary_care', 'k', 1)"),
    (9, None, "referrals", "INSERT INTO referrals (id, received_at, intake, referrer_id, referrer_identifier, name, referral_source, justice_contact, details) VALUES ('r1', 1, 'fhir', 'gp', 'x|1', 'Sam', 'primary_care', 1, '{}')"),
    (9, None, "contact_attempts", "INSERT INTO contact_attempts (referral_id, at, staff_id, channel, result, identity_confirmed) VALUES ('r1', 2, 'lw', 'phone', 'no_answer', 0)"),
];

#[tokio::test]
async fn every_earlier_schema_upgrades_to_the_current_one_keeping_its_data() {
    sqlx::any::install_default_drivers();
    let releases = Backend::Sqlite.migrator().migrations.len();
    assert!(releases >= 6);
    for applied in 1..releases {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = fresh_database(dir.path()).await;
        let backend = Backend::of_url(&url).expect("a known database");
        let all = backend.migrator();
        assert!(all.migrations.len() > applied);
        let pool = steady_server::db::Pool::connect(&url).await.expect("old database");
        let mut old = backend.migrator();
        old.migrations = Cow::Owned(all.migrations[..applied].to_vec());
        old.run(&pool).await.expect("the older migrations apply");
        // Version 1 onwards has the schedule: keep a group and a session in it.
        sqlx::query(
            "INSERT INTO groups (id, name, kind, meeting_point, created_at) VALUES ('g', 'Walk', 'walking', 'Park', 0)",
        )
        .execute(&pool)
        .await
        .expect("a group");
        sqlx::query("INSERT INTO sessions (id, group_id, starts_at, ends_at) VALUES ('s', 'g', 1000, 2000)")
            .execute(&pool)
            .await
            .expect("a session");
        for (created, dropped, table, insert) in SEEDS {
            if *created <= applied && dropped.is_none_or(|d| applied < d) {
                sqlx::query(sqlx::AssertSqlSafe(*insert))
                    .execute(&pool)
                    .await
                    .unwrap_or_else(|e| panic!("a row in {table} at version {applied}: {e}"));
            }
        }
        let logged = (3..8).contains(&applied);
        pool.close().await;

        let upgraded =
            steady_server::db::connect(&url).await.unwrap_or_else(|e| panic!("upgrade from version {applied}: {e}"));
        let (sessions,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM sessions s JOIN groups g ON g.id = s.group_id")
            .fetch_one(&upgraded)
            .await
            .expect("count");
        assert_eq!(sessions, 1, "data kept from version {applied}");
        for (created, dropped, table, _) in SEEDS {
            if dropped.is_some() {
                continue;
            }
            let (rows,): (i64,) = sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}")))
                .fetch_one(&upgraded)
                .await
                .unwrap_or_else(|e| panic!("{table} after upgrading from version {applied}: {e}"));
            let seeded = *created <= applied || (*table == "access_views" && logged);
            assert_eq!(rows, i64::from(seeded), "{table}'s rows kept from version {applied}");
        }
        if logged {
            let records = steady_server::store::access_log::records(&upgraded, 10).await.expect("the access log");
            assert_eq!(records.len(), 1, "the access record kept from version {applied}");
            assert_eq!(
                (records[0].participant_id.as_str(), records[0].view.as_str(), records[0].staff_name.as_str()),
                ("p1", "caseload", "Lin")
            );
        }
    }
}
