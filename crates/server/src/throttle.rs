//! Slowing down guessing: failed attempts are counted per client and in total over a window, in the
//! database; past the limit, every attempt (even a right one) gets 429 until the window ends.

use crate::db::Pool;
use crate::error::ApiError;
use crate::state::now;
use crate::store;
use steady_domain::Timestamp;

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

impl Limit {
    /// When the window that is open now began (a count from before then no longer counts).
    fn window_opened(&self) -> Timestamp {
        now().plus_minutes(-self.window_minutes)
    }
}

/// The failures counted for `client` in the window open now, and when that window opened.
async fn failures(pool: &Pool, limit: &Limit, client: &str) -> Result<(i64, Timestamp), ApiError> {
    let counted = store::throttle::attempts(pool, limit.scope, client).await?;
    Ok(counted.filter(|(_, start)| *start > limit.window_opened()).unwrap_or((0, now())))
}

/// Refuses with 429 if this client, or everyone together, is over the limit.
pub async fn check(pool: &Pool, limit: &Limit, client: &str) -> Result<(), ApiError> {
    for (key, max) in [(client, limit.per_client), (EVERYONE, limit.in_total)] {
        let (count, start) = failures(pool, limit, key).await?;
        if count >= max {
            let ends = start.plus_minutes(limit.window_minutes).millis();
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
        store::throttle::count_attempt(pool, limit.scope, key, limit.window_opened(), now()).await?;
    }
    Ok(())
}
