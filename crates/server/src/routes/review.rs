//! The link worker's review: the caseload with early-warning flags, one participant's page, and
//! "mark reviewed". Every view is written to the access log.

use crate::auth::LinkWorker;
use crate::db::{placeholders, Flag, Pool};
use crate::error::ApiError;
use crate::extract::ApiJson;
use crate::facts_cache::EntriesDigest;
use crate::openapi;
use crate::routes::participants::{decode_entry, find, shared_entries, ParticipantRow, PARTICIPANT_COLUMNS_UNCOUNTED};
use crate::state::{now, AppState};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use std::collections::HashMap;
use std::sync::Arc;
use steady_domain::enrolment::Participant;
use steady_domain::facts::EntryFacts;
use steady_domain::review::{
    caseload_row, sort_caseload, CaseloadRow, History, NewReview, ParticipantDetail, Review, Today, BASELINE_DAYS,
    DEFAULT_QUIET_DAYS, RECENT_DAYS,
};
use steady_domain::{SessionId, Timestamp};

/// The days of history the flags look at.
const FLAG_WINDOW_DAYS: i64 = RECENT_DAYS + BASELINE_DAYS + 1;

/// Participants whose entries one query digests.
const PARTICIPANTS_PER_QUERY: usize = 100;

/// Separates entries aggregated into one text: ASCII's record separator, which JSON escapes.
const RECORD_SEPARATOR: char = '\u{1e}';

/// A caseload row as read: the participant, when they were last reviewed, and the version of their
/// shared entries (what the entries say comes from [`digests`]).
#[derive(sqlx::FromRow)]
struct CaseloadRecord {
    #[sqlx(flatten)]
    participant: ParticipantRow,
    reviewed_at: Option<i64>,
    entries_version: i64,
}

/// Every participant on a link worker's caseload with what their row is computed from.
async fn caseload_records(pool: &Pool, link_worker_id: &str) -> Result<Vec<CaseloadRecord>, ApiError> {
    let sql = format!(
        "SELECT {PARTICIPANT_COLUMNS_UNCOUNTED}, p.entries_version,
                (SELECT MAX(r.reviewed_at) FROM reviews r WHERE r.participant_id = p.id) AS reviewed_at
         FROM participants p WHERE p.link_worker_id = $1 ORDER BY p.created_at DESC"
    );
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(link_worker_id).fetch_all(pool).await?)
}

/// What each participant's entries say, with the facts of those from `since` on: from this
/// process's cache where it holds them at the version just read, otherwise from the database
/// (and then kept).
async fn digests(
    state: &AppState,
    records: &[CaseloadRecord],
    since: Timestamp,
) -> Result<HashMap<String, Arc<EntriesDigest>>, ApiError> {
    let mut found = HashMap::with_capacity(records.len());
    let mut missing = Vec::new();
    for record in records {
        match state.facts.get(&record.participant.id, record.entries_version, since) {
            Some(digest) => {
                found.insert(record.participant.id.clone(), digest);
            }
            None => missing.push(record),
        }
    }
    // Live entries counted, the latest found by index seeks, and the recent facts joined by a
    // record separator (a character neither JSON nor a facts line holds unescaped): one row per
    // participant, as thousands of rows would each cost a driver round trip.
    type Row = (String, i64, Option<i64>, Option<i64>, Option<String>);
    for chunk in missing.chunks(PARTICIPANTS_PER_QUERY) {
        let sql = format!(
            "SELECT p.id,
                    (SELECT COUNT(*) FROM shared_entries e WHERE e.participant_id = p.id AND e.deleted = 0),
                    (SELECT e.at FROM shared_entries e WHERE e.participant_id = p.id AND e.deleted = 0 ORDER BY e.at DESC LIMIT 1),
                    (SELECT e.updated_at FROM shared_entries e WHERE e.participant_id = p.id AND e.deleted = 0 ORDER BY e.updated_at DESC LIMIT 1),
                    (SELECT string_agg(COALESCE(e.facts, e.body), '{RECORD_SEPARATOR}') FROM shared_entries e
                      WHERE e.participant_id = p.id AND e.deleted = 0 AND e.at >= $1)
             FROM participants p WHERE p.id IN ({})",
            placeholders(chunk.len(), 2)
        );
        let mut query = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(since.millis());
        for record in chunk {
            query = query.bind(&record.participant.id);
        }
        let rows: Vec<Row> = query.fetch_all(&state.pool).await?;
        let mut read: HashMap<String, EntriesDigest> = rows
            .into_iter()
            .map(|(id, live, latest_at, latest_update, joined)| {
                let facts = joined
                    .as_deref()
                    .unwrap_or_default()
                    .split(RECORD_SEPARATOR)
                    .filter(|r| !r.is_empty())
                    .filter_map(read_facts)
                    .collect();
                (
                    id,
                    EntriesDigest {
                        live: live as u64,
                        latest: latest_at.max(latest_update).map(Timestamp::from_millis),
                        facts,
                    },
                )
            })
            .collect();
        for record in chunk {
            let digest = Arc::new(read.remove(&record.participant.id).unwrap_or_default());
            state.facts.put(&record.participant.id, record.entries_version, since, digest.clone());
            found.insert(record.participant.id.clone(), digest);
        }
    }
    Ok(found)
}

/// One entry's facts from its stored line, or from its body if it was synced before facts were
/// kept; one that cannot be read is logged and left out.
fn read_facts(record: &str) -> Option<EntryFacts> {
    if record.starts_with('{') {
        return decode_entry(record).map(|entry| EntryFacts::from(&entry));
    }
    EntryFacts::parse(record).map_err(|e| tracing::error!(error = %e, "unreadable entry facts")).ok()
}

fn row(
    participant: Participant,
    entries: &[EntryFacts],
    sessions: &SessionsOf,
    reviewed: Option<i64>,
    active: Option<i64>,
    today: &Today,
) -> CaseloadRow {
    let history = History {
        entries,
        last_activity: active.map(Timestamp::from_millis),
        enrolled_at: participant.created_at,
        last_reviewed_at: reviewed.map(Timestamp::from_millis),
        quiet_days: DEFAULT_QUIET_DAYS,
        attendance: &sessions.attendance,
        registered: &sessions.registered,
    };
    caseload_row(participant, &history, today)
}

/// A participant's sessions, as their flags and counts need them.
#[derive(Default)]
struct SessionsOf {
    /// Past sessions of groups they joined whose register was taken, and whether they were there.
    attendance: Vec<(Timestamp, bool)>,
    /// Sessions in the last 4 weeks a register marks them present at.
    registered: Vec<(SessionId, Timestamp)>,
}

/// [`SessionsOf`] each participant on the caseload (or just `only`), in one query: the first part
/// of the union is attendance (`a`), the second the registers (`r`).
async fn sessions_of(
    pool: &Pool,
    link_worker_id: &str,
    only: Option<&str>,
    now: Timestamp,
) -> Result<HashMap<String, SessionsOf>, ApiError> {
    let rows: Vec<(String, String, String, i64, Flag)> = sqlx::query_as(
        "SELECT 'a', m.participant_id, s.id, s.starts_at,
                CASE WHEN EXISTS (SELECT 1 FROM register_marks r WHERE r.session_id = s.id AND r.person_key = 'p:' || m.participant_id AND r.present = 1) THEN 1 ELSE 0 END
         FROM group_members m
         JOIN participants p ON p.id = m.participant_id
         JOIN sessions s ON s.group_id = m.group_id
         WHERE p.link_worker_id = $1 AND ($2 IS NULL OR p.id = $2) AND s.cancelled = 0 AND s.ends_at <= $3 AND s.starts_at >= m.joined_at
           AND EXISTS (SELECT 1 FROM register_marks r WHERE r.session_id = s.id)
         UNION ALL
         SELECT 'r', p.id, s.id, s.starts_at, 1 FROM register_marks r
         JOIN participants p ON r.person_key = 'p:' || p.id
         JOIN sessions s ON s.id = r.session_id
         WHERE p.link_worker_id = $1 AND ($2 IS NULL OR p.id = $2) AND r.present = 1 AND s.starts_at > $4",
    )
    .bind(link_worker_id)
    .bind(only)
    .bind(now.millis())
    .bind(now.plus_days(-28).millis())
    .fetch_all(pool)
    .await?;
    let mut by_participant: HashMap<String, SessionsOf> = HashMap::new();
    for (part, participant, session, starts_at, present) in rows {
        let of = by_participant.entry(participant).or_default();
        let starts_at = Timestamp::from_millis(starts_at);
        match part.as_str() {
            "a" => of.attendance.push((starts_at, present.0)),
            _ => of.registered.push((SessionId(session), starts_at)),
        }
    }
    Ok(by_participant)
}

/// `GET /api/v1/caseload`: one row per participant, flagged first, each flag with its reason.
#[utoipa::path(
    get,
    path = "/caseload",
    tag = "review",
    security(("staff_session" = [])),
    responses(
        (status = 200, description = "The caseload, those with the most flags first.", body = Vec<CaseloadRow>),
        (status = 403, response = openapi::Forbidden),
    )
)]
pub async fn caseload(
    State(state): State<AppState>,
    LinkWorker(me): LinkWorker,
) -> Result<Json<Vec<CaseloadRow>>, ApiError> {
    let now = now();
    let (since, today) = (now.plus_days(-FLAG_WINDOW_DAYS), Today::at(now));
    let records = caseload_records(&state.pool, &me.id).await?;
    let mut digests = digests(&state, &records, since).await?;
    let mut sessions = sessions_of(&state.pool, &me.id, None, now).await?;
    let ids: Vec<String> = records.iter().map(|r| r.participant.id.clone()).collect();
    let mut rows = Vec::with_capacity(records.len());
    for record in records {
        let id = &record.participant.id;
        let digest = digests.remove(id).unwrap_or_default();
        let recent = digest.facts_since(since);
        let of = sessions.remove(id).unwrap_or_default();
        let mut participant = record.participant.into_participant()?;
        participant.shared_entries = digest.live;
        rows.push(row(participant, &recent, &of, record.reviewed_at, digest.latest.map(Timestamp::millis), &today));
    }
    sort_caseload(&mut rows);
    state.writer.log_access(&me.id, &ids, "caseload").await?;
    Ok(Json(rows))
}

/// `GET /api/v1/participants/{id}`: the participant page: their row, every shared entry, reviews.
#[utoipa::path(
    get,
    operation_id = "participant_detail",
    path = "/participants/{id}",
    tag = "review",
    params(("id" = String, Path, description = "The participant's id.")),
    security(("staff_session" = [])),
    responses(
        (status = 200, description = "The participant's page.", body = ParticipantDetail),
        (status = 403, response = openapi::Forbidden),
        (status = 404, response = openapi::NotFound),
    )
)]
pub async fn detail(
    State(state): State<AppState>,
    LinkWorker(me): LinkWorker,
    Path(id): Path<String>,
) -> Result<Json<ParticipantDetail>, ApiError> {
    let participant = find(&state.pool, &me.id, &id).await?;
    let entries = shared_entries(&state.pool, &id, None).await?;
    let reviews: Vec<(i64, String, Option<String>)> = sqlx::query_as(
        "SELECT r.reviewed_at, s.name, r.note FROM reviews r JOIN staff s ON s.id = r.staff_id
         WHERE r.participant_id = $1 ORDER BY r.reviewed_at DESC",
    )
    .bind(&id)
    .fetch_all(&state.pool)
    .await?;
    let reviews: Vec<Review> = reviews
        .into_iter()
        .map(|(at, reviewer, note)| Review { reviewed_at: Timestamp::from_millis(at), reviewer, note })
        .collect();
    let last_reviewed = reviews.first().map(|r| r.reviewed_at.millis());
    let active = steady_domain::review::last_activity(&entries).map(Timestamp::millis);
    let of = sessions_of(&state.pool, &me.id, Some(&id), now()).await?.remove(&id).unwrap_or_default();
    let facts: Vec<EntryFacts> = entries.iter().map(EntryFacts::from).collect();
    let row = row(participant, &facts, &of, last_reviewed, active, &Today::at(now()));
    state.writer.log_access(&me.id, std::slice::from_ref(&id), "participant_page").await?;
    Ok(Json(ParticipantDetail { row, entries, reviews }))
}

/// `POST /api/v1/participants/{id}/reviews`: "Mark reviewed", clearing the flags raised before now.
#[utoipa::path(
    post,
    path = "/participants/{id}/reviews",
    tag = "review",
    params(("id" = String, Path, description = "The participant's id.")),
    request_body = NewReview,
    security(("staff_session" = [])),
    responses(
        (status = 201, description = "Reviewed: the flags raised before now are cleared."),
        (status = 403, response = openapi::Forbidden),
        (status = 404, response = openapi::NotFound),
    )
)]
pub async fn add_review(
    State(state): State<AppState>,
    LinkWorker(me): LinkWorker,
    Path(id): Path<String>,
    ApiJson(review): ApiJson<NewReview>,
) -> Result<StatusCode, ApiError> {
    find(&state.pool, &me.id, &id).await?;
    sqlx::query("INSERT INTO reviews (id, participant_id, staff_id, reviewed_at, note) VALUES ($1, $2, $3, $4, $5)")
        .bind(uuid::Uuid::new_v4().to_string())
        .bind(&id)
        .bind(&me.id)
        .bind(now().millis())
        .bind(review.note.map(String::from))
        .execute(&state.pool)
        .await?;
    Ok(StatusCode::CREATED)
}

/// `GET /api/v1/participants/{id}/fhir`: their shared ONS4 answers and ratings as a FHIR R4 Bundle.
#[utoipa::path(
    get,
    path = "/participants/{id}/fhir",
    tag = "review",
    params(("id" = String, Path, description = "The participant's id.")),
    security(("staff_session" = [])),
    responses(
        (status = 200, description = "A FHIR R4 Bundle of QuestionnaireResponses and Observations.", body = Object, content_type = "application/fhir+json"),
        (status = 403, response = openapi::Forbidden),
        (status = 404, response = openapi::NotFound),
    )
)]
pub async fn fhir(
    State(state): State<AppState>,
    LinkWorker(me): LinkWorker,
    Path(id): Path<String>,
) -> Result<impl axum::response::IntoResponse, ApiError> {
    let participant = find(&state.pool, &me.id, &id).await?;
    let entries = shared_entries(&state.pool, &id, None).await?;
    let subject = crate::fhir::Subject {
        participant_id: &id,
        display_name: &participant.display_name,
        base_url: &state.config.public_url,
    };
    let bundle = crate::fhir::bundle(&subject, &entries, now());
    state.writer.log_access(&me.id, std::slice::from_ref(&id), "fhir_export").await?;
    Ok(([(axum::http::header::CONTENT_TYPE, "application/fhir+json")], Json(bundle)))
}
