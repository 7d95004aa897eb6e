//! Referrals: taking one in (by staff form, or from a referrer once per its identifier), the inbox,
//! assignment, contact attempts and the outcome (for "accepted", enrolling the participant in the
//! same transaction), a referrer's own referrals, and what the funnel report counts.
//!
//! Who may see a referral is decided here too, by [`Viewer`]: a link worker sees the unassigned
//! ones and their own; an administrator sees all.

use super::{Result, StoreError};
use crate::db::{Flag, Pool};
use std::collections::HashMap;
use steady_domain::enrolment::{NewParticipant, ReferralSource};
use steady_domain::funnel::FunnelReferral;
use steady_domain::referral::{
    AttemptForm, AttemptResult, ContactAttempt, ContactChannel, GpSharing, Intake, NewReferral, Outcome, OutcomeForm,
    RecordedOutcome, ReferralForm, ReferralSummary, StaffRef,
};
use steady_domain::Timestamp;

/// Who is looking.
#[derive(Debug, Clone, Copy)]
pub enum Viewer<'a> {
    LinkWorker(&'a str),
    Admin,
}

impl<'a> Viewer<'a> {
    /// The condition on `r` (the referrals table) this viewer may see; `$1` is the link worker.
    fn visible(self) -> &'static str {
        match self {
            Viewer::LinkWorker(_) => "(r.assigned_to IS NULL OR r.assigned_to = $1)",
            // Every referral; the statement still uses `$1`, as it binds one value either way.
            Viewer::Admin => "($1 = $1)",
        }
    }

    fn bound(self) -> &'a str {
        match self {
            Viewer::LinkWorker(id) => id,
            Viewer::Admin => "",
        }
    }
}

/// Where a new referral came from.
pub enum Source<'a> {
    Staff { staff_id: &'a str },
    Referrer { referrer_id: &'a str, identifier: &'a str },
}

/// Stores a referral received at `now`. From a referrer, a second referral with the same identifier
/// stores nothing (in one statement, so a burst of retries stores one): the answer is the id of the
/// referral that holds the identifier, and whether it is new.
pub async fn insert(pool: &Pool, source: Source<'_>, referral: &NewReferral, now: Timestamp) -> Result<(String, bool)> {
    let id = uuid::Uuid::new_v4().to_string();
    let (intake, created_by, referrer_id, identifier) = match source {
        Source::Staff { staff_id } => (Intake::StaffForm, Some(staff_id), None, None),
        Source::Referrer { referrer_id, identifier } => (Intake::Fhir, None, Some(referrer_id), Some(identifier)),
    };
    let inserted = sqlx::query(
        "INSERT INTO referrals (id, received_at, intake, referrer_id, referrer_identifier, created_by, name,
                                referral_source, referrer_name, justice_contact, details)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         ON CONFLICT (referrer_id, referrer_identifier) DO NOTHING",
    )
    .bind(&id)
    .bind(now.millis())
    .bind(intake_code(intake))
    .bind(referrer_id)
    .bind(identifier)
    .bind(created_by)
    .bind(referral.name.as_str())
    .bind(referral.referral_source.code())
    .bind(referral.referrer_name.as_ref().map(|n| n.as_str()))
    .bind(Flag(referral.justice_contact))
    .bind(serde_json::to_string(&**referral)?)
    .execute(pool)
    .await?
    .rows_affected();
    if inserted == 1 {
        return Ok((id, true));
    }
    let (existing,): (String,) =
        sqlx::query_as("SELECT id FROM referrals WHERE referrer_id = $1 AND referrer_identifier = $2")
            .bind(referrer_id)
            .bind(identifier)
            .fetch_one(pool)
            .await?;
    Ok((existing, false))
}

fn intake_code(intake: Intake) -> &'static str {
    match intake {
        Intake::StaffForm => "staff_form",
        Intake::Fhir => "fhir",
    }
}

/// A referral's inbox columns.
#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: String,
    name: String,
    referral_source: String,
    referrer_name: Option<String>,
    #[sqlx(try_from = "Flag")]
    justice_contact: bool,
    received_at: i64,
    intake: String,
    assigned_to: Option<String>,
    assignee_name: Option<String>,
    outcome: Option<String>,
}

const SUMMARY_COLUMNS: &str = "r.id, r.name, r.referral_source, r.referrer_name, r.justice_contact, r.received_at,
     r.intake, r.assigned_to, s.name AS assignee_name, r.outcome";

impl SummaryRow {
    /// The summary, its attempt figures taken from `attempts`.
    fn into_summary(self, attempts: &[ContactAttempt]) -> Result<ReferralSummary> {
        Ok(ReferralSummary {
            referral_source: ReferralSource::parse(&self.referral_source)
                .ok_or_else(|| StoreError::unreadable("referral source", &self.referral_source))?,
            intake: if self.intake == "fhir" { Intake::Fhir } else { Intake::StaffForm },
            assigned_to: self.assigned_to.map(|id| StaffRef { id, name: self.assignee_name.unwrap_or_default() }),
            outcome: self
                .outcome
                .as_deref()
                .map(|o| Outcome::parse(o).ok_or_else(|| StoreError::unreadable("outcome", o)))
                .transpose()?,
            attempts: attempts.len() as u32,
            last_attempt_at: attempts.iter().map(|a| a.at).max(),
            first_contact_at: attempts.iter().filter(|a| a.result == AttemptResult::Reached).map(|a| a.at).min(),
            id: self.id,
            name: self.name,
            referrer_name: self.referrer_name,
            justice_contact: self.justice_contact,
            received_at: Timestamp::from_millis(self.received_at),
        })
    }
}

#[derive(sqlx::FromRow)]
struct AttemptRow {
    referral_id: String,
    at: i64,
    staff_id: String,
    staff_name: String,
    channel: String,
    result: String,
    note: Option<String>,
    #[sqlx(try_from = "Flag")]
    identity_confirmed: bool,
}

impl AttemptRow {
    fn into_attempt(self) -> Result<(String, ContactAttempt)> {
        let attempt = ContactAttempt {
            at: Timestamp::from_millis(self.at),
            by: StaffRef { id: self.staff_id, name: self.staff_name },
            channel: ContactChannel::parse(&self.channel)
                .ok_or_else(|| StoreError::unreadable("contact channel", &self.channel))?,
            result: AttemptResult::parse(&self.result)
                .ok_or_else(|| StoreError::unreadable("attempt result", &self.result))?,
            note: self.note,
            identity_confirmed: self.identity_confirmed,
        };
        Ok((self.referral_id, attempt))
    }
}

const ATTEMPT_COLUMNS: &str = "a.referral_id, a.at, a.staff_id, st.name AS staff_name, a.channel, a.result, a.note,
     a.identity_confirmed";

/// Which referrals a list holds.
#[derive(Debug, Clone, Copy)]
pub enum Listing {
    /// No outcome yet.
    Open,
    /// An outcome recorded at or after this time, the latest first.
    ClosedSince(Timestamp),
}

impl Listing {
    /// The condition on `r`; `$2` is [`Listing::bound`] (an open list still uses it, as it is bound).
    fn condition(self) -> &'static str {
        match self {
            Listing::Open => "r.outcome IS NULL AND $2 = $2",
            Listing::ClosedSince(_) => "r.outcome IS NOT NULL AND r.outcome_at >= $2",
        }
    }

    fn bound(self) -> i64 {
        match self {
            Listing::Open => 0,
            Listing::ClosedSince(since) => since.millis(),
        }
    }
}

/// The referrals of a listing this viewer may see, each with its attempts oldest first.
pub async fn list(
    pool: &Pool,
    viewer: Viewer<'_>,
    listing: Listing,
) -> Result<Vec<(ReferralSummary, Vec<ContactAttempt>)>> {
    let (visible, which) = (viewer.visible(), listing.condition());
    let rows: Vec<SummaryRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {SUMMARY_COLUMNS} FROM referrals r LEFT JOIN staff s ON s.id = r.assigned_to
         WHERE {which} AND {visible} ORDER BY r.outcome_at DESC, r.received_at"
    )))
    .bind(viewer.bound())
    .bind(listing.bound())
    .fetch_all(pool)
    .await?;
    let attempts: Vec<AttemptRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {ATTEMPT_COLUMNS} FROM contact_attempts a JOIN referrals r ON r.id = a.referral_id
         JOIN staff st ON st.id = a.staff_id WHERE {which} AND {visible} ORDER BY a.at, a.id"
    )))
    .bind(viewer.bound())
    .bind(listing.bound())
    .fetch_all(pool)
    .await?;
    let mut by_referral: HashMap<String, Vec<ContactAttempt>> = HashMap::new();
    for row in attempts {
        let (referral_id, attempt) = row.into_attempt()?;
        by_referral.entry(referral_id).or_default().push(attempt);
    }
    rows.into_iter()
        .map(|row| {
            let attempts = by_referral.remove(&row.id).unwrap_or_default();
            Ok((row.into_summary(&attempts)?, attempts))
        })
        .collect()
}

/// Everything stored about one referral.
pub struct ReferralRecord {
    pub summary: ReferralSummary,
    pub details: ReferralForm,
    pub referrer_identifier: Option<String>,
    pub attempts: Vec<ContactAttempt>,
    pub outcome: Option<RecordedOutcome>,
    pub participant_id: Option<String>,
}

#[derive(sqlx::FromRow)]
struct RecordRow {
    #[sqlx(flatten)]
    summary: SummaryRow,
    details: String,
    referrer_identifier: Option<String>,
    outcome_at: Option<i64>,
    outcome_by: Option<String>,
    outcome_by_name: Option<String>,
    outcome_note: Option<String>,
    gp_sharing: Option<String>,
    participant_id: Option<String>,
}

/// One referral, if `visible` (a condition on `r`, with `$1` bound to `bound`) holds for it.
async fn record(pool: &Pool, id: &str, visible: &str, bound: &str) -> Result<Option<ReferralRecord>> {
    let row: Option<RecordRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {SUMMARY_COLUMNS}, r.details, r.referrer_identifier, r.outcome_at, r.outcome_by,
                ob.name AS outcome_by_name, r.outcome_note, r.gp_sharing, r.participant_id
         FROM referrals r LEFT JOIN staff s ON s.id = r.assigned_to LEFT JOIN staff ob ON ob.id = r.outcome_by
         WHERE r.id = $2 AND {visible}"
    )))
    .bind(bound)
    .bind(id)
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let attempts: Vec<AttemptRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {ATTEMPT_COLUMNS} FROM contact_attempts a JOIN staff st ON st.id = a.staff_id
         WHERE a.referral_id = $1 ORDER BY a.at, a.id"
    )))
    .bind(id)
    .fetch_all(pool)
    .await?;
    let attempts: Vec<ContactAttempt> =
        attempts.into_iter().map(|a| a.into_attempt().map(|(_, a)| a)).collect::<Result<_>>()?;
    let details: ReferralForm =
        serde_json::from_str(&row.details).map_err(|e| StoreError::unreadable("referral details", e))?;
    let outcome = match (row.summary.outcome.as_deref(), row.outcome_at, row.outcome_by) {
        (Some(code), Some(at), Some(by)) => Some(RecordedOutcome {
            outcome: Outcome::parse(code).ok_or_else(|| StoreError::unreadable("outcome", code))?,
            at: Timestamp::from_millis(at),
            by: StaffRef { id: by, name: row.outcome_by_name.unwrap_or_default() },
            note: row.outcome_note,
            gp_sharing: row.gp_sharing.as_deref().and_then(GpSharing::parse).unwrap_or_default(),
        }),
        _ => None,
    };
    Ok(Some(ReferralRecord {
        summary: row.summary.into_summary(&attempts)?,
        details,
        referrer_identifier: row.referrer_identifier,
        attempts,
        outcome,
        participant_id: row.participant_id,
    }))
}

/// One referral, if this viewer may see it.
pub async fn get(pool: &Pool, viewer: Viewer<'_>, id: &str) -> Result<Option<ReferralRecord>> {
    record(pool, id, viewer.visible(), viewer.bound()).await
}

/// One referral, if this referrer sent it.
pub async fn of_referrer(pool: &Pool, referrer_id: &str, id: &str) -> Result<Option<ReferralRecord>> {
    record(pool, id, "r.referrer_id = $1", referrer_id).await
}

/// Everyone a referral can be given to: the link workers, by name.
pub async fn assignees(pool: &Pool) -> Result<Vec<StaffRef>> {
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT id, name FROM staff WHERE role = 'link_worker' ORDER BY name, id")
            .fetch_all(pool)
            .await?;
    Ok(rows.into_iter().map(|(id, name)| StaffRef { id, name }).collect())
}

/// A link worker takes an open referral that is unassigned (or already theirs).
pub async fn take(pool: &Pool, id: &str, link_worker_id: &str) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE referrals SET assigned_to = $2
         WHERE id = $1 AND outcome IS NULL AND (assigned_to IS NULL OR assigned_to = $2)",
    )
    .bind(id)
    .bind(link_worker_id)
    .execute(pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// An administrator gives an open referral to a link worker (`false` if it is closed or they are
/// not a link worker).
pub async fn assign(pool: &Pool, id: &str, link_worker_id: &str) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE referrals SET assigned_to = $2
         WHERE id = $1 AND outcome IS NULL AND EXISTS (SELECT 1 FROM staff WHERE id = $2 AND role = 'link_worker')",
    )
    .bind(id)
    .bind(link_worker_id)
    .execute(pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Records an attempt by the link worker the open referral is assigned to (`false` otherwise), in
/// one statement.
pub async fn add_attempt(pool: &Pool, id: &str, staff_id: &str, attempt: &AttemptForm, now: Timestamp) -> Result<bool> {
    let done = sqlx::query(
        "INSERT INTO contact_attempts (referral_id, at, staff_id, channel, result, note, identity_confirmed)
         SELECT $1, $2, $3, $4, $5, $6, $7
         WHERE EXISTS (SELECT 1 FROM referrals WHERE id = $1 AND outcome IS NULL AND assigned_to = $3)",
    )
    .bind(id)
    .bind(now.millis())
    .bind(staff_id)
    .bind(attempt.channel.code())
    .bind(attempt.result.code())
    .bind(attempt.note.as_ref().map(|n| n.as_str()))
    .bind(Flag(attempt.identity_confirmed))
    .execute(pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The participant to enrol with an "accepted" outcome.
pub struct Enrolment<'a> {
    pub participant_id: &'a str,
    pub participant: &'a NewParticipant,
}

/// Records the outcome of an open referral assigned to `staff_id`, and for "accepted" enrols the
/// participant on their caseload, linked to the referral: one transaction, so a referral ends once
/// and an accepted one always has its participant. `false` if it was not open and theirs.
pub async fn record_outcome(
    pool: &Pool,
    id: &str,
    staff_id: &str,
    outcome: &OutcomeForm,
    enrolment: Option<Enrolment<'_>>,
    now: Timestamp,
) -> Result<bool> {
    let mut tx = crate::db::write_tx(pool).await?;
    if let Some(enrolment) = &enrolment {
        super::participants::insert(&mut *tx, enrolment.participant_id, staff_id, enrolment.participant, now).await?;
    }
    let done = sqlx::query(
        "UPDATE referrals SET outcome = $3, outcome_at = $4, outcome_by = $2, outcome_note = $5, gp_sharing = $6,
                              participant_id = $7
         WHERE id = $1 AND outcome IS NULL AND assigned_to = $2",
    )
    .bind(id)
    .bind(staff_id)
    .bind(outcome.outcome.code())
    .bind(now.millis())
    .bind(outcome.note.as_ref().map(|n| n.as_str()))
    .bind(outcome.gp_sharing.code())
    .bind(enrolment.map(|e| e.participant_id))
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    tx.commit().await?;
    Ok(true)
}

/// A referral's id, source, justice contact, time received, outcome and when.
type FunnelRow = (String, String, Flag, i64, Option<String>, Option<i64>);

/// What the funnel counts of every referral received from `from` to before `to`.
pub async fn funnel(pool: &Pool, from: Timestamp, to: Timestamp) -> Result<Vec<FunnelReferral>> {
    let rows: Vec<FunnelRow> = sqlx::query_as(
        "SELECT r.id, r.referral_source, r.justice_contact, r.received_at, r.outcome, r.outcome_at
         FROM referrals r WHERE r.received_at >= $1 AND r.received_at < $2",
    )
    .bind(from.millis())
    .bind(to.millis())
    .fetch_all(pool)
    .await?;
    let reached: Vec<(String, i64)> = sqlx::query_as(
        "SELECT a.referral_id, MIN(a.at) FROM contact_attempts a JOIN referrals r ON r.id = a.referral_id
         WHERE a.result = 'reached' AND r.received_at >= $1 AND r.received_at < $2 GROUP BY a.referral_id",
    )
    .bind(from.millis())
    .bind(to.millis())
    .fetch_all(pool)
    .await?;
    let reached: HashMap<String, i64> = reached.into_iter().collect();
    // Sessions attended by participants enrolled from these referrals: on a register, or a shared check-in.
    let sessions: Vec<(String, i64)> = sqlx::query_as(
        "SELECT r.id, s.starts_at FROM referrals r JOIN register_marks m ON m.person_key = 'p:' || r.participant_id
         JOIN sessions s ON s.id = m.session_id
         WHERE m.present = 1 AND r.received_at >= $1 AND r.received_at < $2
         UNION ALL
         SELECT r.id, e.at FROM referrals r JOIN shared_entries e ON e.participant_id = r.participant_id
         WHERE e.kind = 'check_in' AND e.deleted = 0 AND r.received_at >= $1 AND r.received_at < $2",
    )
    .bind(from.millis())
    .bind(to.millis())
    .fetch_all(pool)
    .await?;
    let mut attended: HashMap<String, Vec<Timestamp>> = HashMap::new();
    for (id, at) in sessions {
        attended.entry(id).or_default().push(Timestamp::from_millis(at));
    }
    rows.into_iter()
        .map(|(id, source, justice, received, outcome, outcome_at)| {
            Ok(FunnelReferral {
                referral_source: ReferralSource::parse(&source)
                    .ok_or_else(|| StoreError::unreadable("referral source", &source))?,
                justice_contact: justice.0,
                received_at: Timestamp::from_millis(received),
                first_contact_at: reached.get(&id).copied().map(Timestamp::from_millis),
                accepted_at: outcome_at.filter(|_| outcome.as_deref() == Some("accepted")).map(Timestamp::from_millis),
                sessions_attended: attended.remove(&id).unwrap_or_default(),
            })
        })
        .collect()
}
