//! Accountability: every time staff view a participant's data, who, when, whom and which view.

use crate::db::value_rows;
use crate::state::now;
use crate::db::Pool;

/// Rows per INSERT statement (4 values each, well under every database's limit on bound values).
const ROWS_PER_STATEMENT: usize = 200;

/// Records that `staff_id` saw `view` of each participant: one statement per 200 participants.
pub async fn record(pool: &Pool, staff_id: &str, participant_ids: &[String], view: &str) -> Result<(), sqlx::Error> {
    let at = now().millis();
    let mut tx = crate::db::write_tx(pool).await?;
    for chunk in participant_ids.chunks(ROWS_PER_STATEMENT) {
        let sql = format!("INSERT INTO access_log (staff_id, participant_id, view, at) VALUES {}", value_rows(chunk.len(), 4, 1));
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for participant in chunk {
            query = query.bind(staff_id).bind(participant).bind(view).bind(at);
        }
        query.execute(&mut *tx).await?;
    }
    tx.commit().await
}
