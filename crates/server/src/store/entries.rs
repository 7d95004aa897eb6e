//! Participants' shared entries as the server holds them: the latest copy of each (its JSON body
//! and the facts the review reads), or a tombstone once deleted; and the version that counts each
//! change to a participant's entries, which [`crate::facts_cache`] checks its copies against.

use super::Result;
use crate::db::{placeholders, value_rows, Flag, Pool};
use crate::facts_cache::EntriesDigest;
use std::collections::HashMap;
use steady_domain::facts::EntryFacts;
use steady_domain::sync::{Change, Stored};
use steady_domain::{Entry, EntryId, Timestamp};

/// Separates entries aggregated into one text: ASCII's record separator, which JSON escapes.
const RECORD_SEPARATOR: char = '\u{1e}';

/// A participant's live shared entries (from `since`, if given), newest first.
pub async fn shared(pool: &Pool, participant_id: &str, since: Option<Timestamp>) -> Result<Vec<Entry>> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT body FROM shared_entries WHERE participant_id = $1 AND deleted = 0 AND at >= $2 ORDER BY at DESC",
    )
    .bind(participant_id)
    .bind(since.map(Timestamp::millis).unwrap_or(i64::MIN))
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().filter_map(|(body,)| decode_entry(&body)).collect())
}

/// A stored entry; one that cannot be read is logged and left out, never sent half-read.
fn decode_entry(body: &str) -> Option<Entry> {
    serde_json::from_str::<Entry>(body).map_err(|e| tracing::error!(error = %e, "unreadable shared entry")).ok()
}

/// What the server holds for the entries these changes touch, by id, in one query.
pub async fn held(
    tx: &mut sqlx::AnyConnection,
    participant_id: &str,
    changes: &[Change],
) -> Result<HashMap<String, Stored>> {
    if changes.is_empty() {
        return Ok(HashMap::new());
    }
    let sql = format!(
        "SELECT id, updated_at, deleted FROM shared_entries WHERE participant_id = $1 AND id IN ({})",
        placeholders(changes.len(), 2)
    );
    let mut query = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(participant_id);
    for change in changes {
        query = query.bind(change.id().as_str());
    }
    let rows: Vec<(String, i64, Flag)> = query.fetch_all(&mut *tx).await?;
    Ok(rows
        .into_iter()
        .map(|(id, updated_at, deleted)| {
            (id, Stored { updated_at: Timestamp::from_millis(updated_at), deleted: deleted.0 })
        })
        .collect())
}

/// Stores new and newer entries, received at `now`, in one statement. The statement itself keeps the
/// rule [`Change::outcome_over`] decides by (a live copy is replaced only by a newer change; a deleted
/// one never comes back), so an edit sent again, or racing another, can never put an older copy back.
pub async fn upsert(
    tx: &mut sqlx::AnyConnection,
    participant_id: &str,
    entries: &[&Entry],
    now: Timestamp,
) -> Result<()> {
    if entries.is_empty() {
        return Ok(());
    }
    let sql = format!(
        "INSERT INTO shared_entries (participant_id, id, kind, at, updated_at, body, facts, received_at, deleted) VALUES {}
         ON CONFLICT (participant_id, id) DO UPDATE SET kind = excluded.kind, at = excluded.at,
             updated_at = excluded.updated_at, body = excluded.body, facts = excluded.facts, received_at = excluded.received_at
         WHERE shared_entries.deleted = 0 AND shared_entries.updated_at < excluded.updated_at",
        value_rows(entries.len(), 9, 1)
    );
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
    for entry in entries {
        let body = serde_json::to_string(entry)?;
        query = query.bind(participant_id).bind(entry.id.as_str()).bind(entry.body.kind_code()).bind(entry.at.millis());
        let facts = EntryFacts::from(*entry).encode();
        query = query.bind(entry.updated_at.millis()).bind(body).bind(facts).bind(now.millis()).bind(Flag(false));
    }
    query.execute(&mut *tx).await?;
    Ok(())
}

/// Deletes entries for good, leaving a tombstone (id and times, no content), in one statement.
pub async fn delete(
    tx: &mut sqlx::AnyConnection,
    participant_id: &str,
    deletes: &[(&EntryId, Timestamp)],
    now: Timestamp,
) -> Result<()> {
    if deletes.is_empty() {
        return Ok(());
    }
    let sql = format!(
        "INSERT INTO shared_entries (participant_id, id, at, updated_at, received_at, deleted) VALUES {}
         ON CONFLICT (participant_id, id) DO UPDATE SET kind = NULL, body = NULL, facts = NULL, deleted = excluded.deleted,
             updated_at = excluded.updated_at, received_at = excluded.received_at",
        value_rows(deletes.len(), 6, 1)
    );
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
    for (id, deleted_at) in deletes {
        query = query
            .bind(participant_id)
            .bind(id.as_str())
            .bind(deleted_at.millis())
            .bind(deleted_at.millis())
            .bind(now.millis())
            .bind(Flag(true));
    }
    query.execute(&mut *tx).await?;
    Ok(())
}

/// Records, inside the transaction that changed them, that a participant's shared entries changed.
pub async fn changed(tx: &mut sqlx::AnyConnection, participant_id: &str) -> Result<()> {
    sqlx::query("UPDATE participants SET entries_version = entries_version + 1 WHERE id = $1")
        .bind(participant_id)
        .execute(tx)
        .await?;
    Ok(())
}

/// Hard-deletes every shared copy of a participant's entries, tombstones too, in one transaction;
/// returns how many live entries there were.
pub async fn withdraw(pool: &Pool, participant_id: &str) -> Result<u64> {
    let mut tx = crate::db::write_tx(pool).await?;
    let (live,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM shared_entries WHERE participant_id = $1 AND deleted = 0")
            .bind(participant_id)
            .fetch_one(&mut *tx)
            .await?;
    sqlx::query("DELETE FROM shared_entries WHERE participant_id = $1").bind(participant_id).execute(&mut *tx).await?;
    changed(&mut tx, participant_id).await?;
    tx.commit().await?;
    Ok(live as u64)
}

/// What each participant's live shared entries say, with the facts of those from `since` on, in
/// one query: entries counted, the latest found by index seeks, and the recent facts joined by a
/// record separator (a character neither JSON nor a facts line holds unescaped), one row per
/// participant, as thousands of rows would each cost a driver round trip. A participant with no
/// entries is missing from the answer.
pub async fn digests(
    pool: &Pool,
    participant_ids: &[&str],
    since: Timestamp,
) -> Result<HashMap<String, EntriesDigest>> {
    let sql = format!(
        "SELECT p.id,
                (SELECT COUNT(*) FROM shared_entries e WHERE e.participant_id = p.id AND e.deleted = 0),
                (SELECT e.at FROM shared_entries e WHERE e.participant_id = p.id AND e.deleted = 0 ORDER BY e.at DESC LIMIT 1),
                (SELECT e.updated_at FROM shared_entries e WHERE e.participant_id = p.id AND e.deleted = 0 ORDER BY e.updated_at DESC LIMIT 1),
                (SELECT string_agg(COALESCE(e.facts, e.body), '{RECORD_SEPARATOR}') FROM shared_entries e
                  WHERE e.participant_id = p.id AND e.deleted = 0 AND e.at >= $1)
         FROM participants p WHERE p.id IN ({})",
        placeholders(participant_ids.len(), 2)
    );
    let mut query = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(since.millis());
    for id in participant_ids {
        query = query.bind(*id);
    }
    type Row = (String, i64, Option<i64>, Option<i64>, Option<String>);
    let rows: Vec<Row> = query.fetch_all(pool).await?;
    Ok(rows
        .into_iter()
        .map(|(id, live, latest_at, latest_update, joined)| {
            let facts = joined
                .as_deref()
                .unwrap_or_default()
                .split(RECORD_SEPARATOR)
                .filter(|r| !r.is_empty())
                .filter_map(read_facts)
                .collect();
            let latest = latest_at.max(latest_update).map(Timestamp::from_millis);
            (id, EntriesDigest { live: live as u64, latest, facts })
        })
        .collect())
}

/// One entry's facts from its stored line, or from its body if it was synced before facts were
/// kept; one that cannot be read is logged and left out.
fn read_facts(record: &str) -> Option<EntryFacts> {
    if record.starts_with('{') {
        return decode_entry(record).map(|entry| EntryFacts::from(&entry));
    }
    EntryFacts::parse(record).map_err(|e| tracing::error!(error = %e, "unreadable entry facts")).ok()
}

/// The check-ins and ONS4 answers shared in `[from, to)` by each participant on a link worker's
/// caseload, by participant.
pub async fn check_ins_and_ons4(
    pool: &Pool,
    link_worker_id: &str,
    from: Timestamp,
    to: Timestamp,
) -> Result<HashMap<String, Vec<Entry>>> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT e.participant_id, e.body FROM shared_entries e JOIN participants p ON p.id = e.participant_id
         WHERE p.link_worker_id = $1 AND e.deleted = 0 AND e.at >= $2 AND e.at < $3 AND e.kind IN ('check_in', 'ons4')",
    )
    .bind(link_worker_id)
    .bind(from.millis())
    .bind(to.millis())
    .fetch_all(pool)
    .await?;
    let mut entries: HashMap<String, Vec<Entry>> = HashMap::new();
    for (participant, body) in rows {
        if let Some(e) = decode_entry(&body) {
            entries.entry(participant).or_default().push(e);
        }
    }
    Ok(entries)
}
