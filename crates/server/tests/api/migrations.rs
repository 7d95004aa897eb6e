//! Upgrades: a database left at every earlier schema version (with data in it) takes the current
//! migrations without losing that data.

use std::borrow::Cow;

#[tokio::test]
async fn every_earlier_schema_upgrades_to_the_current_one_keeping_its_data() {
    let all = sqlx::migrate!("./migrations");
    assert!(all.migrations.len() >= 5);
    for applied in 1..all.migrations.len() {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}", dir.path().join("old.db").display());
        let options: sqlx::sqlite::SqliteConnectOptions = url.parse().expect("url");
        let pool = sqlx::SqlitePool::connect_with(options.create_if_missing(true)).await.expect("old database");
        let mut old = sqlx::migrate!("./migrations");
        old.migrations = Cow::Owned(all.migrations[..applied].to_vec());
        old.run(&pool).await.expect("the older migrations apply");
        // Version 1 onwards has the schedule: keep a group and a session in it.
        sqlx::query("INSERT INTO groups (id, name, kind, meeting_point, created_at) VALUES ('g', 'Walk', 'walking', 'Park', 0)")
            .execute(&pool)
            .await
            .expect("a group");
        sqlx::query("INSERT INTO sessions (id, group_id, starts_at, ends_at) VALUES ('s', 'g', 1000, 2000)").execute(&pool).await.expect("a session");
        pool.close().await;

        let upgraded = steady_server::db::connect(&url).await.unwrap_or_else(|e| panic!("upgrade from version {applied}: {e}"));
        let (sessions,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM sessions s JOIN groups g ON g.id = s.group_id")
            .fetch_one(&upgraded)
            .await
            .expect("count");
        assert_eq!(sessions, 1, "data kept from version {applied}");
    }
}
