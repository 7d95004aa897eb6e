//! Slowing down guessing: failed attempts are counted per client and in total over a window, in the
//! database; past the limit, every attempt (even a right one) gets 429 until the window ends.
//!
//! An attempt is counted before its code is checked, and whether to check it at all is decided from
//! the count that one statement returns, so a burst of guesses (at one server or several over one
//! database) gets no more checked than the limit. Only wrong guesses keep their count: a right one, or
//! one refused without being checked, is given back.

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
    fn too_many(&self, window_start: Timestamp) -> ApiError {
        let ends = window_start.plus_minutes(self.window_minutes).millis();
        ApiError::TooManyAttempts {
            message: self.message.to_string(),
            retry_after_secs: ((ends - now().millis()) / 1000).max(1) as u64,
        }
    }
}

/// An attempt counted against a [`Limit`] (for the client and for everyone), whose code may now be
/// checked. [`Attempt::settle`] keeps the count if the code was wrong and gives it back otherwise.
#[must_use = "an attempt is settled once its code has been checked"]
pub struct Attempt<'a> {
    limit: &'a Limit,
    /// Each key the attempt was counted under, with the window it was counted in.
    counted: Vec<(String, Timestamp)>,
}

/// Counts an attempt by `client`, and by everyone; refuses it with 429 (giving the count back, as it
/// is not checked) if that takes this client, or everyone together, over the limit.
pub async fn attempt<'a>(pool: &Pool, limit: &'a Limit, client: &str) -> Result<Attempt<'a>, ApiError> {
    let now = now();
    let window_opened = now.plus_minutes(-limit.window_minutes);
    let mut attempt = Attempt { limit, counted: Vec::new() };
    for (key, max) in [(client, limit.per_client), (EVERYONE, limit.in_total)] {
        let (count, start) = store::throttle::count_attempt(pool, limit.scope, key, window_opened, now).await?;
        attempt.counted.push((key.to_string(), start));
        if count > max {
            attempt.give_back(pool).await?;
            return Err(limit.too_many(start));
        }
    }
    Ok(attempt)
}

impl Attempt<'_> {
    /// Keeps the count if checking the code gave an error that `wrong` says means a wrong guess; gives
    /// it back otherwise. Returns what checking gave.
    pub async fn settle<T>(
        self,
        pool: &Pool,
        checked: Result<T, ApiError>,
        wrong: impl FnOnce(&ApiError) -> bool,
    ) -> Result<T, ApiError> {
        if !matches!(&checked, Err(error) if wrong(error)) {
            self.give_back(pool).await?;
        }
        checked
    }

    async fn give_back(&self, pool: &Pool) -> Result<(), ApiError> {
        for (key, start) in &self.counted {
            store::throttle::give_back_attempt(pool, self.limit.scope, key, *start).await?;
        }
        Ok(())
    }
}
