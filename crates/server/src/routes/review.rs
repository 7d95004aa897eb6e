//! The link worker's review: the caseload with early-warning flags, one participant's page, and
//! "mark reviewed". Every view is written to the access log.

use crate::auth::LinkWorker;
use crate::error::ApiError;
use crate::extract::ApiJson;
use crate::facts_cache::EntriesDigest;
use crate::openapi;
use crate::state::{now, AppState};
use crate::store;
use crate::store::participants::CaseloadRecord;
use crate::store::registers::Attendance;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use std::collections::HashMap;
use std::sync::Arc;
use steady_domain::enrolment::Participant;
use steady_domain::facts::EntryFacts;
use steady_domain::review::{
    caseload_row, sort_caseload, CaseloadRow, History, NewReview, ParticipantDetail, Today, BASELINE_DAYS,
    DEFAULT_QUIET_DAYS, RECENT_DAYS,
};
use steady_domain::Timestamp;

/// The days of history the flags look at.
const FLAG_WINDOW_DAYS: i64 = RECENT_DAYS + BASELINE_DAYS + 1;

/// Participants whose entries one query digests.
const PARTICIPANTS_PER_QUERY: usize = 100;

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
    for chunk in missing.chunks(PARTICIPANTS_PER_QUERY) {
        let ids: Vec<&str> = chunk.iter().map(|r| r.participant.id.as_str()).collect();
        let mut read = store::entries::digests(&state.pool, &ids, since).await?;
        for record in chunk {
            let digest = Arc::new(read.remove(&record.participant.id).unwrap_or_default());
            state.facts.put(&record.participant.id, record.entries_version, since, digest.clone());
            found.insert(record.participant.id.clone(), digest);
        }
    }
    Ok(found)
}

fn row(
    participant: Participant,
    entries: &[EntryFacts],
    sessions: &Attendance,
    reviewed: Option<Timestamp>,
    active: Option<Timestamp>,
    today: &Today,
) -> CaseloadRow {
    let history = History {
        entries,
        last_activity: active,
        enrolled_at: participant.created_at,
        last_reviewed_at: reviewed,
        quiet_days: DEFAULT_QUIET_DAYS,
        attendance: &sessions.attendance,
        registered: &sessions.registered,
    };
    caseload_row(participant, &history, today)
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
    let records = store::participants::caseload_records(&state.pool, &me.id).await?;
    let mut digests = digests(&state, &records, since).await?;
    let mut sessions = store::registers::attendance(&state.pool, &me.id, None, now).await?;
    let ids: Vec<String> = records.iter().map(|r| r.participant.id.clone()).collect();
    let mut rows = Vec::with_capacity(records.len());
    for record in records {
        let id = &record.participant.id;
        let digest = digests.remove(id).unwrap_or_default();
        let recent = digest.facts_since(since);
        let of = sessions.remove(id).unwrap_or_default();
        let mut participant = record.participant;
        participant.shared_entries = digest.live;
        rows.push(row(participant, &recent, &of, record.reviewed_at, digest.latest, &today));
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
    worker: LinkWorker,
    Path(id): Path<String>,
) -> Result<Json<ParticipantDetail>, ApiError> {
    let participant = worker.participant(&state.pool, &id).await?;
    let entries = store::entries::shared(&state.pool, &id, None).await?;
    let reviews = store::reviews::of(&state.pool, &id).await?;
    let last_reviewed = reviews.first().map(|r| r.reviewed_at);
    let active = steady_domain::review::last_activity(&entries);
    let mut attended = store::registers::attendance(&state.pool, &worker.0.id, Some(&id), now()).await?;
    let of = attended.remove(&id).unwrap_or_default();
    let facts: Vec<EntryFacts> = entries.iter().map(EntryFacts::from).collect();
    let row = row(participant, &facts, &of, last_reviewed, active, &Today::at(now()));
    state.writer.log_access(&worker.0.id, std::slice::from_ref(&id), "participant_page").await?;
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
    worker: LinkWorker,
    Path(id): Path<String>,
    ApiJson(review): ApiJson<NewReview>,
) -> Result<StatusCode, ApiError> {
    worker.participant(&state.pool, &id).await?;
    let note = review.note.map(String::from);
    store::reviews::insert(&state.pool, &id, &worker.0.id, now(), note.as_deref()).await?;
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
    worker: LinkWorker,
    Path(id): Path<String>,
) -> Result<impl axum::response::IntoResponse, ApiError> {
    let participant = worker.participant(&state.pool, &id).await?;
    let entries = store::entries::shared(&state.pool, &id, None).await?;
    let subject = crate::fhir::Subject {
        participant_id: &id,
        display_name: &participant.display_name,
        base_url: &state.config.public_url,
    };
    let bundle = crate::fhir::bundle(&subject, &entries, now());
    state.writer.log_access(&worker.0.id, std::slice::from_ref(&id), "fhir_export").await?;
    Ok(([(axum::http::header::CONTENT_TYPE, "application/fhir+json")], Json(bundle)))
}
