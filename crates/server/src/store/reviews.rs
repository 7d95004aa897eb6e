//! Link workers' reviews of a participant ("mark reviewed", with an optional note).

use super::Result;
use crate::db::Pool;
use steady_domain::review::Review;
use steady_domain::Timestamp;

/// Records that a member of staff reviewed a participant at `at`.
pub async fn insert(
    pool: &Pool,
    participant_id: &str,
    staff_id: &str,
    at: Timestamp,
    note: Option<&str>,
) -> Result<()> {
    sqlx::query("INSERT INTO reviews (id, participant_id, staff_id, reviewed_at, note) VALUES ($1, $2, $3, $4, $5)")
        .bind(uuid::Uuid::new_v4().to_string())
        .bind(participant_id)
        .bind(staff_id)
        .bind(at.millis())
        .bind(note)
        .execute(pool)
        .await?;
    Ok(())
}

/// A participant's reviews, newest first, with the reviewer's name.
pub async fn of(pool: &Pool, participant_id: &str) -> Result<Vec<Review>> {
    let rows: Vec<(i64, String, Option<String>)> = sqlx::query_as(
        "SELECT r.reviewed_at, s.name, r.note FROM reviews r JOIN staff s ON s.id = r.staff_id
         WHERE r.participant_id = $1 ORDER BY r.reviewed_at DESC",
    )
    .bind(participant_id)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(at, reviewer, note)| Review { reviewed_at: Timestamp::from_millis(at), reviewer, note })
        .collect())
}
