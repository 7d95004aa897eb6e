//! The referral inbox for staff: taking a referral in by form, the inbox with its contact clock,
//! a referral's page, assignment, contact attempts, the outcome (for "accepted", enrolment with a
//! first pairing code) and the GP Bundle. Link workers see unassigned referrals and their own
//! (404 for another's); administrators see the inbox and assign, but do not open a referral.
//! Every view of a referral is written to the access log (as `referral:<id>`) before it is sent.

use crate::auth::{LinkWorker, LinkWorkerOrAdmin};
use crate::error::ApiError;
use crate::extract::ApiJson;
use crate::openapi;
use crate::state::AppState;
use crate::store;
use crate::store::referrals::{Enrolment, Listing, ReferralRecord, Source, Viewer};
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use steady_domain::accounts::{Role, StaffMember};
use steady_domain::enrolment::{Enrolled, NewParticipant};
use steady_domain::referral::{
    unable_to_contact_suggested, AssignmentForm, AttemptForm, ContactAttempt, ContactClock, Inbox, InboxItem,
    NewReferral, Outcome, OutcomeForm, OutcomeRecorded, ReferralDetail, ReferralForm, ReferralSummary, StaffRef,
};
use steady_domain::Timestamp;

const NO_SUCH_REFERRAL: ApiError = ApiError::NotFound("There is no such referral among those you can see.");

/// How an access record names a referral (the access log names whom each view showed).
fn logged(id: &str) -> String {
    store::access_log::referral_subject(id)
}

/// The inbox line of a referral at `now`.
fn item(state: &AppState, summary: ReferralSummary, attempts: &[ContactAttempt], now: Timestamp) -> InboxItem {
    let settings = &state.config.referrals;
    let clock = ContactClock::at(
        summary.received_at,
        summary.first_contact_at,
        now,
        &settings.calendar,
        settings.first_contact_working_days,
    );
    InboxItem::new(summary, clock, unable_to_contact_suggested(attempts))
}

fn detail(state: &AppState, record: ReferralRecord) -> ReferralDetail {
    ReferralDetail {
        item: item(state, record.summary, &record.attempts, state.clock.now()),
        details: record.details,
        referrer_identifier: record.referrer_identifier,
        attempts: record.attempts,
        outcome: record.outcome,
        participant_id: record.participant_id,
    }
}

fn viewer(member: &StaffMember) -> Viewer<'_> {
    match member.role {
        Role::Admin => Viewer::Admin,
        _ => Viewer::LinkWorker(&member.id),
    }
}

/// The referral's page for `member`, logged as `view` (404 if they may not see it).
async fn shown(
    state: &AppState,
    member: &StaffMember,
    id: &str,
    view: &'static str,
) -> Result<ReferralDetail, ApiError> {
    let record = store::referrals::get(&state.pool, viewer(member), id).await?.ok_or(NO_SUCH_REFERRAL)?;
    state.writer.log_access(&member.id, &[logged(id)], view).await?;
    Ok(detail(state, record))
}

/// `POST /api/v1/referrals`: a referral typed in by a link worker or administrator.
#[utoipa::path(
    post,
    operation_id = "create_referral",
    path = "/referrals",
    tag = "referrals",
    request_body = ReferralForm,
    security(("staff_session" = [])),
    responses(
        (status = 201, description = "The referral, unassigned, in the inbox.", body = ReferralDetail,
            headers(("Location" = String, description = "The referral's address."))),
        (status = 403, response = openapi::Forbidden),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    LinkWorkerOrAdmin(me): LinkWorkerOrAdmin,
    ApiJson(form): ApiJson<ReferralForm>,
) -> Result<Response, ApiError> {
    let now = state.clock.now();
    let referral =
        NewReferral::parse(form, now.uk_day()).map_err(|e| ApiError::unprocessable(e.code(), e.to_string()))?;
    let (id, _) = store::referrals::insert(&state.pool, Source::Staff { staff_id: &me.id }, &referral, now).await?;
    tracing::info!(referral = %id, staff = %me.id, "referral taken in by form");
    let detail = shown(&state, &me, &id, "referral").await?;
    let location = format!("{}/referrals/{id}", crate::routes::PREFIX);
    Ok((StatusCode::CREATED, [(header::LOCATION, location)], Json(detail)).into_response())
}

/// `GET /api/v1/referrals`: open referrals, unassigned then assigned, overdue and justice contact first.
#[utoipa::path(
    get,
    operation_id = "referral_inbox",
    path = "/referrals",
    tag = "referrals",
    security(("staff_session" = [])),
    responses(
        (status = 200, description = "The inbox: a link worker's shows the unassigned referrals and their own.", body = Inbox),
        (status = 403, response = openapi::Forbidden),
    )
)]
pub async fn inbox(
    State(state): State<AppState>,
    LinkWorkerOrAdmin(me): LinkWorkerOrAdmin,
) -> Result<Json<Inbox>, ApiError> {
    let now = state.clock.now();
    let open = store::referrals::list(&state.pool, viewer(&me), Listing::Open).await?;
    let ids: Vec<String> = open.iter().map(|(s, _)| logged(&s.id)).collect();
    let items = open.into_iter().map(|(summary, attempts)| item(&state, summary, &attempts, now)).collect();
    state.writer.log_access(&me.id, &ids, "referral_inbox").await?;
    Ok(Json(Inbox::new(state.config.referrals.first_contact_working_days, items)))
}

/// How far back the list of closed referrals goes.
const CLOSED_LIST_DAYS: i64 = 92;

/// `GET /api/v1/referrals/closed`: referrals with an outcome in the last 92 days, the latest first
/// (a link worker's: their own), so their pages and GP Bundles can be found again.
#[utoipa::path(
    get,
    operation_id = "closed_referrals",
    path = "/referrals/closed",
    tag = "referrals",
    security(("staff_session" = [])),
    responses(
        (status = 200, description = "Closed referrals, the latest outcome first.", body = Vec<ReferralSummary>),
        (status = 403, response = openapi::Forbidden),
    )
)]
pub async fn closed(
    State(state): State<AppState>,
    LinkWorkerOrAdmin(me): LinkWorkerOrAdmin,
) -> Result<Json<Vec<ReferralSummary>>, ApiError> {
    let since = state.clock.now().plus_days(-CLOSED_LIST_DAYS);
    let closed = store::referrals::list(&state.pool, viewer(&me), Listing::ClosedSince(since)).await?;
    let ids: Vec<String> = closed.iter().map(|(s, _)| logged(&s.id)).collect();
    state.writer.log_access(&me.id, &ids, "referrals_closed").await?;
    Ok(Json(closed.into_iter().map(|(summary, _)| summary).collect()))
}

/// `GET /api/v1/referrals/{id}`: the referral page.
#[utoipa::path(
    get,
    operation_id = "referral_detail",
    path = "/referrals/{id}",
    tag = "referrals",
    params(("id" = String, Path, description = "The referral's id.")),
    security(("staff_session" = [])),
    responses(
        (status = 200, description = "The referral, its clock, attempts and outcome.", body = ReferralDetail),
        (status = 403, response = openapi::Forbidden),
        (status = 404, response = openapi::NotFound),
    )
)]
pub async fn show(
    State(state): State<AppState>,
    LinkWorker(me): LinkWorker,
    Path(id): Path<String>,
) -> Result<Json<ReferralDetail>, ApiError> {
    Ok(Json(shown(&state, &me, &id, "referral").await?))
}

/// `POST /api/v1/referrals/{id}/assignment`: a link worker takes an unassigned referral (their own
/// id); an administrator gives an open referral to any link worker.
#[utoipa::path(
    post,
    path = "/referrals/{id}/assignment",
    tag = "referrals",
    params(("id" = String, Path, description = "The referral's id.")),
    request_body = AssignmentForm,
    security(("staff_session" = [])),
    responses(
        (status = 204, description = "Assigned."),
        (status = 403, response = openapi::Forbidden),
        (status = 404, response = openapi::NotFound),
        (status = 409, response = openapi::Conflict),
    )
)]
pub async fn assign(
    State(state): State<AppState>,
    LinkWorkerOrAdmin(me): LinkWorkerOrAdmin,
    Path(id): Path<String>,
    ApiJson(form): ApiJson<AssignmentForm>,
) -> Result<StatusCode, ApiError> {
    const TAKEN: ApiError =
        ApiError::Conflict { code: "already_taken", message: "Another link worker took this referral meanwhile." };
    let record = store::referrals::get(&state.pool, viewer(&me), &id).await?.ok_or(NO_SUCH_REFERRAL)?;
    if record.outcome.is_some() {
        return Err(CLOSED);
    }
    let done = match me.role {
        Role::Admin => {
            if !store::referrals::assign(&state.pool, &id, &form.link_worker_id).await? {
                return Err(ApiError::unprocessable(
                    "not_a_link_worker",
                    "Give the referral to a link worker's account.",
                ));
            }
            true
        }
        _ if form.link_worker_id != me.id => return Err(ApiError::Forbidden),
        _ => store::referrals::take(&state.pool, &id, &me.id).await?,
    };
    if !done {
        return Err(TAKEN);
    }
    tracing::info!(referral = %id, to = %form.link_worker_id, by = %me.id, "referral assigned");
    Ok(StatusCode::NO_CONTENT)
}

const CLOSED: ApiError =
    ApiError::Conflict { code: "referral_closed", message: "This referral already has an outcome." };

/// `GET /api/v1/referrals/assignees`: the link workers a referral can be given to.
#[utoipa::path(
    get,
    path = "/referrals/assignees",
    tag = "referrals",
    security(("staff_session" = [])),
    responses(
        (status = 200, description = "Every link worker, by name.", body = Vec<StaffRef>),
        (status = 403, response = openapi::Forbidden),
    )
)]
pub async fn assignees(State(state): State<AppState>, _: LinkWorkerOrAdmin) -> Result<Json<Vec<StaffRef>>, ApiError> {
    Ok(Json(store::referrals::assignees(&state.pool).await?))
}

/// The referral, if it is open and assigned to this link worker.
async fn working_on(state: &AppState, me: &StaffMember, id: &str) -> Result<ReferralRecord, ApiError> {
    let record = store::referrals::get(&state.pool, Viewer::LinkWorker(&me.id), id).await?.ok_or(NO_SUCH_REFERRAL)?;
    if record.outcome.is_some() {
        return Err(CLOSED);
    }
    if record.summary.assigned_to.as_ref().is_none_or(|a| a.id != me.id) {
        return Err(ApiError::Conflict { code: "not_assigned", message: "Take this referral before working on it." });
    }
    Ok(record)
}

const CHANGED_MEANWHILE: ApiError = ApiError::Conflict {
    code: "referral_changed",
    message: "Someone else changed this referral meanwhile. Open it again to see where it stands.",
};

/// `POST /api/v1/referrals/{id}/attempts`: records one contact attempt.
#[utoipa::path(
    post,
    path = "/referrals/{id}/attempts",
    tag = "referrals",
    params(("id" = String, Path, description = "The referral's id.")),
    request_body = AttemptForm,
    security(("staff_session" = [])),
    responses(
        (status = 201, description = "Recorded; the referral as it now stands.", body = ReferralDetail),
        (status = 403, response = openapi::Forbidden),
        (status = 404, response = openapi::NotFound),
        (status = 409, response = openapi::Conflict),
    )
)]
pub async fn add_attempt(
    State(state): State<AppState>,
    LinkWorker(me): LinkWorker,
    Path(id): Path<String>,
    ApiJson(attempt): ApiJson<AttemptForm>,
) -> Result<(StatusCode, Json<ReferralDetail>), ApiError> {
    let record = working_on(&state, &me, &id).await?;
    attempt.check(&record.details).map_err(|e| ApiError::unprocessable(e.code(), e.to_string()))?;
    if !store::referrals::add_attempt(&state.pool, &id, &me.id, &attempt, state.clock.now()).await? {
        return Err(CHANGED_MEANWHILE);
    }
    Ok((StatusCode::CREATED, Json(shown(&state, &me, &id, "referral").await?)))
}

/// `POST /api/v1/referrals/{id}/outcome`: how the referral ends. "Accepted" enrols the person on
/// this link worker's caseload, linked to the referral, with a first pairing code.
#[utoipa::path(
    post,
    path = "/referrals/{id}/outcome",
    tag = "referrals",
    params(("id" = String, Path, description = "The referral's id.")),
    request_body = OutcomeForm,
    security(("staff_session" = [])),
    responses(
        (status = 201, description = "Recorded; for \"accepted\", the enrolment too.", body = OutcomeRecorded),
        (status = 403, response = openapi::Forbidden),
        (status = 404, response = openapi::NotFound),
        (status = 409, response = openapi::Conflict),
    )
)]
pub async fn record_outcome(
    State(state): State<AppState>,
    LinkWorker(me): LinkWorker,
    Path(id): Path<String>,
    ApiJson(outcome): ApiJson<OutcomeForm>,
) -> Result<(StatusCode, Json<OutcomeRecorded>), ApiError> {
    let record = working_on(&state, &me, &id).await?;
    let now = state.clock.now();
    outcome.check(&record.attempts, now.uk_day()).map_err(|e| ApiError::unprocessable(e.code(), e.to_string()))?;
    let participant_id = uuid::Uuid::new_v4().to_string();
    let participant = match (outcome.outcome, outcome.consent_discussed_on) {
        (Outcome::Accepted, Some(consent_discussed_on)) => Some(NewParticipant {
            display_name: record.details.name.clone(),
            referral_source: record.details.referral_source,
            justice_contact: record.details.justice_contact,
            consent_discussed_on,
        }),
        _ => None,
    };
    let enrolment = participant.as_ref().map(|participant| Enrolment { participant_id: &participant_id, participant });
    if !store::referrals::record_outcome(&state.pool, &id, &me.id, &outcome, enrolment, now).await? {
        return Err(CHANGED_MEANWHILE);
    }
    tracing::info!(referral = %id, outcome = outcome.outcome.code(), link_worker = %me.id, "referral outcome");
    let enrolled = match participant {
        Some(_) => {
            let pairing = crate::routes::participants::issue_code(&state, &participant_id).await?;
            let worker = LinkWorker(me.clone());
            Some(Enrolled { participant: worker.participant(&state.pool, &participant_id).await?, pairing })
        }
        None => None,
    };
    let record = store::referrals::get(&state.pool, Viewer::LinkWorker(&me.id), &id).await?.ok_or(NO_SUCH_REFERRAL)?;
    let recorded = record.outcome.ok_or_else(|| ApiError::internal("a recorded outcome was not read back"))?;
    Ok((StatusCode::CREATED, Json(OutcomeRecorded { outcome: recorded, enrolled })))
}

/// `GET /api/v1/referrals/{id}/gp-bundle`: the referral and its outcome as a FHIR R4 Bundle for the
/// GP record (codes only, or with shared self-ratings, as the participant chose).
#[utoipa::path(
    get,
    path = "/referrals/{id}/gp-bundle",
    tag = "referrals",
    params(("id" = String, Path, description = "The referral's id.")),
    security(("staff_session" = [])),
    responses(
        (status = 200, description = "A FHIR R4 Bundle: Patient, ServiceRequest, outcome Observation, and shared self-ratings if chosen.", body = Object, content_type = "application/fhir+json"),
        (status = 403, response = openapi::Forbidden),
        (status = 404, response = openapi::NotFound),
    )
)]
pub async fn gp_bundle(
    State(state): State<AppState>,
    LinkWorker(me): LinkWorker,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let record = store::referrals::get(&state.pool, Viewer::LinkWorker(&me.id), &id).await?.ok_or(NO_SUCH_REFERRAL)?;
    let sharing = record.outcome.as_ref().map(|o| o.gp_sharing).unwrap_or_default();
    let entries = match (&record.participant_id, sharing) {
        (Some(participant), steady_domain::referral::GpSharing::CodesAndSelfRatings) => {
            store::entries::shared(&state.pool, participant, None).await?
        }
        _ => Vec::new(),
    };
    let mut seen = vec![logged(&id)];
    seen.extend(record.participant_id.clone().filter(|_| !entries.is_empty()));
    let bundle = crate::gp_bundle::bundle(&record, &entries, &state.config.public_url, state.clock.now());
    state.writer.log_access(&me.id, &seen, "referral_gp_bundle").await?;
    Ok(([(header::CONTENT_TYPE, "application/fhir+json")], Json(bundle)).into_response())
}
