//! Counts of failed attempts, kept in the database so limits hold across server processes: at
//! guessable codes, per scope and client within a window ([`crate::throttle`]), and at staff
//! passwords, per email ([`crate::accounts`]). Each failure is counted in one statement, so
//! failures arriving together are all counted.

use super::Result;
use crate::db::Pool;
use steady_domain::Timestamp;

/// The failures counted for `client` at `scope`, and when their window opened.
pub async fn attempts(pool: &Pool, scope: &str, client: &str) -> Result<Option<(i64, Timestamp)>> {
    let row: Option<(i64, i64)> =
        sqlx::query_as("SELECT failures, window_start FROM attempts WHERE scope = $1 AND client = $2")
            .bind(scope)
            .bind(client)
            .fetch_optional(pool)
            .await?;
    Ok(row.map(|(failures, start)| (failures, Timestamp::from_millis(start))))
}

/// Counts one failure: one more in a window that opened after `window_opened`, otherwise the first
/// of a new window opening `now`.
pub async fn count_attempt(
    pool: &Pool,
    scope: &str,
    client: &str,
    window_opened: Timestamp,
    now: Timestamp,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO attempts (scope, client, failures, window_start) VALUES ($1, $2, 1, $3)
         ON CONFLICT (scope, client) DO UPDATE SET
             failures = CASE WHEN attempts.window_start > $4 THEN attempts.failures + 1 ELSE 1 END,
             window_start = CASE WHEN attempts.window_start > $4 THEN attempts.window_start ELSE excluded.window_start END",
    )
    .bind(scope)
    .bind(client)
    .bind(now.millis())
    .bind(window_opened.millis())
    .execute(pool)
    .await?;
    Ok(())
}

/// Wrong passwords for this email in a row, and until when it is locked (if it ever was).
pub async fn sign_in_failures(pool: &Pool, email: &str) -> Result<(i64, Option<Timestamp>)> {
    let row: Option<(i64, Option<i64>)> =
        sqlx::query_as("SELECT failures, locked_until FROM sign_in_throttle WHERE email = $1")
            .bind(email)
            .fetch_optional(pool)
            .await?;
    let (failures, locked_until) = row.unwrap_or((0, None));
    Ok((failures, locked_until.map(Timestamp::from_millis)))
}

/// Counts one wrong password for this email; the `lock_at`-th in a row locks it until `locked_until`
/// and starts the count again.
pub async fn count_sign_in_failure(pool: &Pool, email: &str, lock_at: i64, locked_until: Timestamp) -> Result<()> {
    sqlx::query(
        "INSERT INTO sign_in_throttle (email, failures, locked_until)
             VALUES ($1, CASE WHEN $2 <= 1 THEN 0 ELSE 1 END, CASE WHEN $2 <= 1 THEN $3 ELSE NULL END)
         ON CONFLICT (email) DO UPDATE SET
             locked_until = CASE WHEN sign_in_throttle.failures + 1 >= $2 THEN $3 ELSE NULL END,
             failures = CASE WHEN sign_in_throttle.failures + 1 >= $2 THEN 0 ELSE sign_in_throttle.failures + 1 END",
    )
    .bind(email)
    .bind(lock_at)
    .bind(locked_until.millis())
    .execute(pool)
    .await?;
    Ok(())
}

/// Forgets the wrong passwords for this email (after a right one).
pub async fn clear_sign_in_failures(pool: &Pool, email: &str) -> Result<()> {
    sqlx::query("DELETE FROM sign_in_throttle WHERE email = $1").bind(email).execute(pool).await?;
    Ok(())
}
