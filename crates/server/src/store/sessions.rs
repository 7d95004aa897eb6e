//! Group sessions: the schedule participants' phones cache, a leader's sessions (each with how many
//! people said they would come), creating and changing one, and the sessions a check-in code opens.

use super::Result;
use crate::db::Pool;
use steady_domain::{GroupKind, Timestamp};

/// How many sessions (of groups of `kind`, if given) were held, not cancelled, starting in `[from, to)`.
pub async fn count_held(pool: &Pool, from: Timestamp, to: Timestamp, kind: Option<GroupKind>) -> Result<u32> {
    let (held,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM sessions s JOIN groups g ON g.id = s.group_id
         WHERE s.cancelled = 0 AND s.starts_at >= $1 AND s.starts_at < $2 AND ($3 IS NULL OR g.kind = $4)",
    )
    .bind(from.millis())
    .bind(to.millis())
    .bind(kind.map(GroupKind::code))
    .bind(kind.map(GroupKind::code))
    .fetch_one(pool)
    .await?;
    Ok(held as u32)
}
