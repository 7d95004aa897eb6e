//! Accountability: every time staff view a participant's data, who, when, whom and which view.

use crate::state::now;
use sqlx::SqlitePool;

/// Records that `staff_id` saw `view` of each participant, in one transaction.
pub async fn record(pool: &SqlitePool, staff_id: &str, participant_ids: &[String], view: &str) -> Result<(), sqlx::Error> {
    let at = now().millis();
    let mut tx = pool.begin().await?;
    for participant in participant_ids {
        sqlx::query("INSERT INTO access_log (staff_id, participant_id, view, at) VALUES (?, ?, ?, ?)")
            .bind(staff_id)
            .bind(participant)
            .bind(view)
            .bind(at)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await
}
