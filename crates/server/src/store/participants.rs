//! Participants on link workers' caseloads: enrolling one, finding one, the whole caseload (with
//! what each row of the review is computed from), and the names a linked phone shows.

use super::{Result, StoreError};
use crate::db::{Flag, Pool};
use steady_domain::enrolment::{NewParticipant, Participant, ReferralSource};
use steady_domain::{Day, Timestamp};

/// A participant as stored, with whether a phone is linked and how many entries they share.
#[derive(sqlx::FromRow)]
struct ParticipantRow {
    id: String,
    display_name: String,
    referral_source: String,
    #[sqlx(try_from = "Flag")]
    justice_contact: bool,
    consent_discussed_on: String,
    created_at: i64,
    #[sqlx(try_from = "Flag")]
    linked: bool,
    shared_entries: i64,
}

impl ParticipantRow {
    fn into_participant(self) -> Result<Participant> {
        Ok(Participant {
            referral_source: ReferralSource::parse(&self.referral_source)
                .ok_or_else(|| StoreError::unreadable("referral source", &self.referral_source))?,
            consent_discussed_on: Day::parse(&self.consent_discussed_on)
                .ok_or_else(|| StoreError::unreadable("consent date", &self.consent_discussed_on))?,
            id: self.id,
            display_name: self.display_name,
            justice_contact: self.justice_contact,
            created_at: Timestamp::from_millis(self.created_at),
            linked: self.linked,
            shared_entries: self.shared_entries as u64,
        })
    }
}

/// A participant's own columns and whether a phone is linked.
macro_rules! participant_columns {
    () => {
        "p.id, p.display_name, p.referral_source, p.justice_contact, p.consent_discussed_on, p.created_at,
         EXISTS (SELECT 1 FROM devices d WHERE d.participant_id = p.id AND d.revoked_at IS NULL) AS linked"
    };
}

/// A participant's columns with their live entries counted.
const PARTICIPANT_COLUMNS: &str = concat!(
    participant_columns!(),
    ", (SELECT COUNT(*) FROM shared_entries e WHERE e.participant_id = p.id AND e.deleted = 0) AS shared_entries"
);

/// A participant's columns with the count left at 0, for a caller that has it from elsewhere.
const PARTICIPANT_COLUMNS_UNCOUNTED: &str = concat!(participant_columns!(), ", CAST(0 AS BIGINT) AS shared_entries");

/// Enrols a participant on a link worker's caseload (on the pool, or inside a transaction).
pub async fn insert<'c>(
    db: impl sqlx::any::AnyExecutor<'c>,
    id: &str,
    link_worker_id: &str,
    new: &NewParticipant,
    now: Timestamp,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO participants (id, link_worker_id, display_name, referral_source, justice_contact, consent_discussed_on, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(id)
    .bind(link_worker_id)
    .bind(new.display_name.as_str())
    .bind(new.referral_source.code())
    .bind(Flag(new.justice_contact))
    .bind(new.consent_discussed_on.to_string())
    .bind(now.millis())
    .execute(db)
    .await?;
    Ok(())
}

/// One participant, if they are on this link worker's caseload.
pub async fn on_caseload(pool: &Pool, link_worker_id: &str, id: &str) -> Result<Option<Participant>> {
    let sql = format!("SELECT {PARTICIPANT_COLUMNS} FROM participants p WHERE p.id = $1 AND p.link_worker_id = $2");
    let row: Option<ParticipantRow> =
        sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).bind(link_worker_id).fetch_optional(pool).await?;
    row.map(ParticipantRow::into_participant).transpose()
}

/// Every participant on a link worker's caseload, newest first.
pub async fn caseload(pool: &Pool, link_worker_id: &str) -> Result<Vec<Participant>> {
    let sql = format!(
        "SELECT {PARTICIPANT_COLUMNS} FROM participants p WHERE p.link_worker_id = $1 ORDER BY p.created_at DESC"
    );
    let rows: Vec<ParticipantRow> =
        sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(link_worker_id).fetch_all(pool).await?;
    rows.into_iter().map(ParticipantRow::into_participant).collect()
}

/// A caseload row as read: the participant (their shared entries not counted), when they were last
/// reviewed, and the version of their shared entries (what the entries say comes from
/// [`super::entries::digests`]).
pub struct CaseloadRecord {
    pub participant: Participant,
    pub reviewed_at: Option<Timestamp>,
    pub entries_version: i64,
}

#[derive(sqlx::FromRow)]
struct CaseloadRecordRow {
    #[sqlx(flatten)]
    participant: ParticipantRow,
    reviewed_at: Option<i64>,
    entries_version: i64,
}

/// Every participant on a link worker's caseload with what their review row is computed from,
/// newest first.
pub async fn caseload_records(pool: &Pool, link_worker_id: &str) -> Result<Vec<CaseloadRecord>> {
    let sql = format!(
        "SELECT {PARTICIPANT_COLUMNS_UNCOUNTED}, p.entries_version,
                (SELECT MAX(r.reviewed_at) FROM reviews r WHERE r.participant_id = p.id) AS reviewed_at
         FROM participants p WHERE p.link_worker_id = $1 ORDER BY p.created_at DESC"
    );
    let rows: Vec<CaseloadRecordRow> =
        sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(link_worker_id).fetch_all(pool).await?;
    rows.into_iter()
        .map(|row| {
            Ok(CaseloadRecord {
                participant: row.participant.into_participant()?,
                reviewed_at: row.reviewed_at.map(Timestamp::from_millis),
                entries_version: row.entries_version,
            })
        })
        .collect()
}

/// A participant's display name as enrolled.
pub async fn display_name(pool: &Pool, id: &str) -> Result<String> {
    let (name,): (String,) =
        sqlx::query_as("SELECT display_name FROM participants WHERE id = $1").bind(id).fetch_one(pool).await?;
    Ok(name)
}

/// What a linked phone shows: whose it is, and their link worker.
pub struct Names {
    pub participant_name: String,
    pub link_worker_name: String,
}

/// The names a participant's linked phone shows (on the pool, or inside a transaction).
pub async fn names<'c>(db: impl sqlx::any::AnyExecutor<'c>, id: &str) -> Result<Names> {
    let (participant_name, link_worker_name): (String, String) = sqlx::query_as(
        "SELECT p.display_name, s.name FROM participants p JOIN staff s ON s.id = p.link_worker_id WHERE p.id = $1",
    )
    .bind(id)
    .fetch_one(db)
    .await?;
    Ok(Names { participant_name, link_worker_name })
}
