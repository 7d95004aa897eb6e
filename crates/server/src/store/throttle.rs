//! Counts of failed attempts, kept in the database so limits hold across server processes: at
//! guessable codes, per scope and client within a window ([`crate::throttle`]), and at staff
//! passwords, per email ([`crate::accounts`]). Each attempt is counted before its secret is checked,
//! in one statement that returns the new count, and the limit is decided from that count: attempts
//! arriving together, at one server or several, cannot all read the same old count.

use super::Result;
use crate::db::Pool;
use steady_domain::Timestamp;

/// Counts one attempt for `client` at `scope`, before its secret is checked: one more in a window
/// that opened after `window_opened`, otherwise the first of a new window opening `now`. Returns the
/// count with this attempt in it, and when its window opened; it is one statement, so attempts
/// arriving together (at any server) each get a different count.
pub async fn count_attempt(
    pool: &Pool,
    scope: &str,
    client: &str,
    window_opened: Timestamp,
    now: Timestamp,
) -> Result<(i64, Timestamp)> {
    let (failures, start): (i64, i64) = sqlx::query_as(
        "INSERT INTO attempts (scope, client, failures, window_start) VALUES ($1, $2, 1, $3)
         ON CONFLICT (scope, client) DO UPDATE SET
             failures = CASE WHEN attempts.window_start > $4 THEN attempts.failures + 1 ELSE 1 END,
             window_start = CASE WHEN attempts.window_start > $4 THEN attempts.window_start ELSE excluded.window_start END
         RETURNING failures, window_start",
    )
    .bind(scope)
    .bind(client)
    .bind(now.millis())
    .bind(window_opened.millis())
    .fetch_one(pool)
    .await?;
    Ok((failures, Timestamp::from_millis(start)))
}

/// Takes back one attempt counted in the window that opened at `window_start` (an attempt that was
/// right, or never checked); a newer window's count is left alone.
pub async fn give_back_attempt(pool: &Pool, scope: &str, client: &str, window_start: Timestamp) -> Result<()> {
    sqlx::query(
        "UPDATE attempts SET failures = failures - 1
         WHERE scope = $1 AND client = $2 AND window_start = $3 AND failures > 0",
    )
    .bind(scope)
    .bind(client)
    .bind(window_start.millis())
    .execute(pool)
    .await?;
    Ok(())
}

/// Counts one sign-in attempt for this email, before its password is checked, and returns the count
/// in this run with the attempt in it, and until when the email is locked. The `lock_at`-th attempt
/// in a run locks it until `locked_until` (and is still checked: the one after it is refused); once a
/// lock has ended at `now`, the next attempt starts a new run. One statement, so attempts arriving
/// together (at any server) each get a different count.
pub async fn count_sign_in_attempt(
    pool: &Pool,
    email: &str,
    lock_at: i64,
    locked_until: Timestamp,
    now: Timestamp,
) -> Result<(i64, Option<Timestamp>)> {
    let (failures, locked): (i64, Option<i64>) = sqlx::query_as(
        "INSERT INTO sign_in_throttle (email, failures, locked_until)
             VALUES ($1, 1, CASE WHEN $2 <= 1 THEN $3 ELSE NULL END)
         ON CONFLICT (email) DO UPDATE SET
             failures = CASE WHEN sign_in_throttle.locked_until <= $4 THEN 1 ELSE sign_in_throttle.failures + 1 END,
             locked_until = CASE
                 WHEN sign_in_throttle.locked_until <= $4 THEN CASE WHEN $2 <= 1 THEN $3 ELSE NULL END
                 WHEN sign_in_throttle.locked_until IS NULL AND sign_in_throttle.failures + 1 >= $2 THEN $3
                 ELSE sign_in_throttle.locked_until END
         RETURNING failures, locked_until",
    )
    .bind(email)
    .bind(lock_at)
    .bind(locked_until.millis())
    .bind(now.millis())
    .fetch_one(pool)
    .await?;
    Ok((failures, locked.map(Timestamp::from_millis)))
}

/// Forgets the sign-in attempts for this email (after a right password ends the run).
pub async fn clear_sign_in_failures(pool: &Pool, email: &str) -> Result<()> {
    sqlx::query("DELETE FROM sign_in_throttle WHERE email = $1").bind(email).execute(pool).await?;
    Ok(())
}
