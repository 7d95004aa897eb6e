//! Accountability: every time staff view participants' data, who, when, whom and which view.
//! Handlers record a view through [`crate::writer::Writer::log_access`] before sending the data.
//! A view is one row naming everyone it showed (ids joined by [`ID_SEPARATOR`]), so a caseload of
//! 60 people costs one write; [`records`] lists them one participant per record again.

use super::Result;
use crate::db::{placeholders, Pool};
use std::collections::{BTreeSet, HashMap};
use steady_domain::accounts::AccessRecord;
use steady_domain::Timestamp;

/// Joins the participant ids of one view (server-made UUIDs, which never hold it).
const ID_SEPARATOR: char = ',';

/// Records that `staff_id` saw `view` of these participants at `at` (nothing if they saw no one).
pub async fn insert(
    tx: &mut sqlx::AnyConnection,
    staff_id: &str,
    participant_ids: &[String],
    view: &str,
    at: Timestamp,
) -> Result<()> {
    if participant_ids.is_empty() {
        return Ok(());
    }
    sqlx::query("INSERT INTO access_views (staff_id, view, at, participant_ids) VALUES ($1, $2, $3, $4)")
        .bind(staff_id)
        .bind(view)
        .bind(at.millis())
        .bind(participant_ids.join(&ID_SEPARATOR.to_string()))
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// The latest `limit` records, one per participant seen, newest view first, each naming the
/// participant as enrolled (or the person referred, as on the referral).
pub async fn records(pool: &Pool, limit: usize) -> Result<Vec<AccessRecord>> {
    // Every view names at least one participant, so `limit` views hold enough records.
    let views: Vec<(i64, String, String, String, String)> = sqlx::query_as(
        "SELECT a.at, s.name, s.email, a.participant_ids, a.view FROM access_views a JOIN staff s ON s.id = a.staff_id
         ORDER BY a.id DESC LIMIT $1",
    )
    .bind(limit as i64)
    .fetch_all(pool)
    .await?;
    let records: Vec<AccessRecord> = views
        .into_iter()
        .flat_map(|(at, staff_name, staff_email, ids, view)| {
            let ids: Vec<String> = ids.split(ID_SEPARATOR).map(str::to_string).collect();
            ids.into_iter().map(move |participant_id| AccessRecord {
                at: Timestamp::from_millis(at),
                staff_name: staff_name.clone(),
                staff_email: staff_email.clone(),
                participant_id,
                participant_name: None,
                view: view.clone(),
            })
        })
        .take(limit)
        .collect();
    let names = names(pool, &records).await?;
    Ok(records
        .into_iter()
        .map(|r| AccessRecord { participant_name: names.get(&r.participant_id).cloned(), ..r })
        .collect())
}

/// How a referral is named in the log, since the person it is about may not be enrolled yet:
/// `referral:{id}`.
pub fn referral_subject(referral_id: &str) -> String {
    format!("{REFERRAL_PREFIX}{referral_id}")
}

const REFERRAL_PREFIX: &str = "referral:";

/// The names of whom these records saw, by the id the log holds: participants as enrolled, people
/// referred as on their referral. One query for each kind that is there.
async fn names(pool: &Pool, records: &[AccessRecord]) -> Result<HashMap<String, String>> {
    let (referrals, participants): (BTreeSet<&str>, BTreeSet<&str>) =
        records.iter().map(|r| r.participant_id.as_str()).partition(|id| id.starts_with(REFERRAL_PREFIX));
    let mut names = named(pool, "SELECT id, display_name FROM participants", participants, "").await?;
    let referrals = referrals.into_iter().filter_map(|id| id.strip_prefix(REFERRAL_PREFIX)).collect();
    names.extend(named(pool, "SELECT id, name FROM referrals", referrals, REFERRAL_PREFIX).await?);
    Ok(names)
}

/// `select` (id and name) for these ids, keyed by `prefix` and the id.
async fn named(pool: &Pool, select: &str, ids: BTreeSet<&str>, prefix: &str) -> Result<HashMap<String, String>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let sql = format!("{select} WHERE id IN ({})", placeholders(ids.len(), 1));
    let mut query = sqlx::query_as(sqlx::AssertSqlSafe(sql));
    for id in ids {
        query = query.bind(id);
    }
    let rows: Vec<(String, String)> = query.fetch_all(pool).await?;
    Ok(rows.into_iter().map(|(id, name)| (format!("{prefix}{id}"), name)).collect())
}
