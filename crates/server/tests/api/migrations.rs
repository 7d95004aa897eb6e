//! Upgrades: a database left at every earlier schema version (with data in it) takes the current
//! migrations without losing that data.

use crate::helpers::fresh_database;
use std::borrow::Cow;
use steady_server::db::Backend;

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
        // Versions 3 to 7 log each view as one row per participant: keep one such record.
        let logged = (3..8).contains(&applied);
        if logged {
            sqlx::query(
                "INSERT INTO staff (id, name, email, role, created_at) VALUES ('lw', 'Lin', 'lin@x', 'link_worker', 0)",
            )
            .execute(&pool)
            .await
            .expect("staff");
            sqlx::query(
                "INSERT INTO access_log (staff_id, participant_id, view, at) VALUES ('lw', 'p1', 'caseload', 5)",
            )
            .execute(&pool)
            .await
            .expect("an access record");
        }
        pool.close().await;

        let upgraded =
            steady_server::db::connect(&url).await.unwrap_or_else(|e| panic!("upgrade from version {applied}: {e}"));
        let (sessions,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM sessions s JOIN groups g ON g.id = s.group_id")
            .fetch_one(&upgraded)
            .await
            .expect("count");
        assert_eq!(sessions, 1, "data kept from version {applied}");
        if logged {
            let records = steady_server::access_log::records(&upgraded, 10).await.expect("the access log");
            assert_eq!(records.len(), 1, "the access record kept from version {applied}");
            assert_eq!(
                (records[0].participant_id.as_str(), records[0].view.as_str(), records[0].staff_name.as_str()),
                ("p1", "caseload", "Lin")
            );
        }
    }
}
