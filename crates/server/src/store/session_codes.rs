//! Each session's 6-digit check-in code, made on the first request for it.

use super::{Result, StoreError};
use crate::db::Pool;
use steady_domain::attendance::SessionCode;
use steady_domain::Timestamp;

async fn stored(pool: &Pool, session_id: &str) -> Result<Option<SessionCode>> {
    let code: Option<(String,)> = sqlx::query_as("SELECT code FROM session_codes WHERE session_id = $1")
        .bind(session_id)
        .fetch_optional(pool)
        .await?;
    code.map(|(code,)| SessionCode::parse(&code).map_err(|e| StoreError::unreadable("session code", e))).transpose()
}

/// The session's code: the one stored, or else `fresh`, stored now. First requests that arrive
/// together all get the same code: an insert is skipped when a code is already there, and the
/// answer is always the code the database holds.
pub async fn get_or_insert(pool: &Pool, session_id: &str, fresh: &SessionCode, now: Timestamp) -> Result<SessionCode> {
    if let Some(code) = stored(pool, session_id).await? {
        return Ok(code);
    }
    sqlx::query(
        "INSERT INTO session_codes (session_id, code, created_at) VALUES ($1, $2, $3) ON CONFLICT (session_id) DO NOTHING",
    )
    .bind(session_id)
    .bind(fresh.as_str())
    .bind(now.millis())
    .execute(pool)
    .await?;
    stored(pool, session_id).await?.ok_or_else(|| StoreError::unreadable("session code", "gone after it was stored"))
}
