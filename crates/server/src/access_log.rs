//! Accountability: every time staff view a participant's data, who, when, whom and which view.
//! Handlers record a view through [`crate::writer::Writer::log_access`] before sending the data.

use steady_domain::Timestamp;

/// Rows per INSERT statement (see the writer on why statements stay small).
const ROWS_PER_STATEMENT: usize = 100;

/// Inserts one row per participant: `staff_id` saw `view` of them at `at`. The who, which view
/// and when are bound once per statement (`$1`–`$3`), each participant once after them.
pub async fn insert(tx: &mut sqlx::AnyConnection, staff_id: &str, participant_ids: &[String], view: &str, at: Timestamp) -> Result<(), sqlx::Error> {
    for chunk in participant_ids.chunks(ROWS_PER_STATEMENT) {
        let rows: Vec<String> = (4..chunk.len() + 4).map(|n| format!("($1, ${n}, $2, $3)")).collect();
        let sql = format!("INSERT INTO access_log (staff_id, participant_id, view, at) VALUES {}", rows.join(", "));
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(staff_id).bind(view).bind(at.millis());
        for participant in chunk {
            query = query.bind(participant);
        }
        query.execute(&mut *tx).await?;
    }
    Ok(())
}
