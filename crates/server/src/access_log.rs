//! Accountability: every time staff view a participant's data, who, when, whom and which view.
//! Handlers record a view through [`crate::writer::Writer::log_access`] before sending the data.

use crate::db::value_rows;
use steady_domain::Timestamp;

/// Rows per INSERT statement (see the writer on why statements stay small).
const ROWS_PER_STATEMENT: usize = 50;

/// Inserts one row per participant: `staff_id` saw `view` of them at `at`.
pub async fn insert(tx: &mut sqlx::AnyConnection, staff_id: &str, participant_ids: &[String], view: &str, at: Timestamp) -> Result<(), sqlx::Error> {
    for chunk in participant_ids.chunks(ROWS_PER_STATEMENT) {
        let sql = format!("INSERT INTO access_log (staff_id, participant_id, view, at) VALUES {}", value_rows(chunk.len(), 4, 1));
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for participant in chunk {
            query = query.bind(staff_id).bind(participant).bind(view).bind(at.millis());
        }
        query.execute(&mut *tx).await?;
    }
    Ok(())
}
