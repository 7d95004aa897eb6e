//! Slowing down guessing: failed attempts are counted per client and in total over a window, in the
//! database; past the limit, every attempt (even a right one) gets 429 until the window ends.

use crate::db::Pool;
use crate::error::ApiError;
use crate::state::now;

/// A limit on failed attempts at one kind of thing.
pub struct Limit {
    pub scope: &'static str,
    pub per_client: i64,
    pub in_total: i64,
    pub window_minutes: i64,
    /// What to tell a person who hit it.
    pub message: &'static str,
}

/// The client key that stands for everyone together.
const EVERYONE: &str = "*";

async fn failures(pool: &Pool, limit: &Limit, client: &str) -> Result<(i64, i64), ApiError> {
    let window_opened = now().plus_minutes(-limit.window_minutes).millis();
    let row: Option<(i64, i64)> =
        sqlx::query_as("SELECT failures, window_start FROM attempts WHERE scope = $1 AND client = $2")
            .bind(limit.scope)
            .bind(client)
            .fetch_optional(pool)
            .await?;
    Ok(row.filter(|(_, start)| *start > window_opened).unwrap_or((0, now().millis())))
}

/// Refuses with 429 if this client, or everyone together, is over the limit.
pub async fn check(pool: &Pool, limit: &Limit, client: &str) -> Result<(), ApiError> {
    for (key, max) in [(client, limit.per_client), (EVERYONE, limit.in_total)] {
        let (count, start) = failures(pool, limit, key).await?;
        if count >= max {
            let ends = start + limit.window_minutes * 60_000;
            return Err(ApiError::TooManyAttempts {
                message: limit.message.to_string(),
                retry_after_secs: ((ends - now().millis()) / 1000).max(1) as u64,
            });
        }
    }
    Ok(())
}

/// Counts a failed attempt for this client and for everyone.
pub async fn failed(pool: &Pool, limit: &Limit, client: &str) -> Result<(), ApiError> {
    for key in [client, EVERYONE] {
        let (count, start) = failures(pool, limit, key).await?;
        sqlx::query(
            "INSERT INTO attempts (scope, client, failures, window_start) VALUES ($1, $2, $3, $4)
             ON CONFLICT (scope, client) DO UPDATE SET failures = excluded.failures, window_start = excluded.window_start",
        )
        .bind(limit.scope)
        .bind(key)
        .bind(count + 1)
        .bind(start)
        .execute(pool)
        .await?;
    }
    Ok(())
}
