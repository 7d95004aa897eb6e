//! Accountability: every time staff view a participant's data, who, when, whom and which view.

use crate::state::now;
use crate::db::Pool;

/// Rows per INSERT statement (one bound value each, plus three shared; well under every database's limit).
const ROWS_PER_STATEMENT: usize = 200;

/// Records that `staff_id` saw `view` of each participant: one statement per 200 participants.
pub async fn record(pool: &Pool, staff_id: &str, participant_ids: &[String], view: &str) -> Result<(), sqlx::Error> {
    let at = now().millis();
    for chunk in participant_ids.chunks(ROWS_PER_STATEMENT) {
        let rows: Vec<String> = (4..4 + chunk.len()).map(|n| format!("($1, ${n}, $2, $3)")).collect();
        let sql = format!("INSERT INTO access_log (staff_id, participant_id, view, at) VALUES {}", rows.join(", "));
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(staff_id).bind(view).bind(at);
        for participant in chunk {
            query = query.bind(participant);
        }
        query.execute(pool).await?;
    }
    Ok(())
}
