//! A link worker's caseload: enrolling participants, issuing pairing codes, ending a phone's link,
//! and reading what a participant shares. A link worker only ever reaches their own caseload; for
//! anyone else's participant the answer is 404, so even existence is not revealed.

use crate::auth::LinkWorker;
use crate::error::ApiError;
use crate::extract::ApiJson;
use crate::openapi;
use crate::secrets::{hash_token, random_bytes};
use crate::state::{now, AppState};
use crate::store;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use steady_domain::enrolment::{Enrolled, IssuedCode, NewParticipant, PairingCode, Participant, PAIRING_CODE_HOURS};
use steady_domain::Entry;

/// `GET /api/v1/participants`: this link worker's caseload, newest first.
#[utoipa::path(
    get,
    operation_id = "list_participants",
    path = "/participants",
    tag = "participants",
    security(("staff_session" = [])),
    responses(
        (status = 200, description = "This link worker's caseload, newest first.", body = Vec<Participant>),
        (status = 403, response = openapi::Forbidden),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    LinkWorker(me): LinkWorker,
) -> Result<Json<Vec<Participant>>, ApiError> {
    Ok(Json(store::participants::caseload(&state.pool, &me.id).await?))
}

/// `POST /api/v1/participants`: enrols a participant and issues their first pairing code.
#[utoipa::path(
    post,
    operation_id = "enrol_participant",
    path = "/participants",
    tag = "participants",
    request_body = NewParticipant,
    security(("staff_session" = [])),
    responses(
        (status = 201, description = "Enrolled, with a first pairing code.", body = Enrolled),
        (status = 403, response = openapi::Forbidden),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    worker: LinkWorker,
    ApiJson(new): ApiJson<NewParticipant>,
) -> Result<(StatusCode, Json<Enrolled>), ApiError> {
    if new.consent_discussed_on > now().uk_day() {
        return Err(ApiError::unprocessable(
            "consent_in_future",
            "The date consent was discussed cannot be in the future.",
        ));
    }
    let id = uuid::Uuid::new_v4().to_string();
    store::participants::insert(&state.pool, &id, &worker.0.id, &new, now()).await?;
    let pairing = issue_code(&state, &id).await?;
    tracing::info!(participant = %id, link_worker = %worker.0.id, "participant enrolled");
    Ok((StatusCode::CREATED, Json(Enrolled { participant: worker.participant(&state.pool, &id).await?, pairing })))
}

/// `POST /api/v1/participants/{id}/pairing-code`: a new code; earlier unused codes stop working.
#[utoipa::path(
    post,
    path = "/participants/{id}/pairing-code",
    tag = "participants",
    params(("id" = String, Path, description = "The participant's id.")),
    security(("staff_session" = [])),
    responses(
        (status = 200, description = "A new pairing code.", body = IssuedCode),
        (status = 403, response = openapi::Forbidden),
        (status = 404, response = openapi::NotFound),
    )
)]
pub async fn new_code(
    State(state): State<AppState>,
    worker: LinkWorker,
    Path(id): Path<String>,
) -> Result<Json<IssuedCode>, ApiError> {
    worker.participant(&state.pool, &id).await?;
    Ok(Json(issue_code(&state, &id).await?))
}

pub(crate) async fn issue_code(state: &AppState, participant_id: &str) -> Result<IssuedCode, ApiError> {
    let random = random_bytes(64)?;
    let mut bytes = random.into_iter().cycle();
    let code = PairingCode::from_random(|| bytes.next().unwrap_or_default());
    let now = now();
    let expires_at = now.plus_minutes(PAIRING_CODE_HOURS * 60);
    store::devices::replace_pairing_code(&state.pool, participant_id, &hash_token(code.as_str()), now, expires_at)
        .await?;
    let link = format!("{}/link#code={}", state.config.public_url.trim_end_matches('/'), code.as_str());
    let qr_svg = qrcode::QrCode::new(link.as_bytes())
        .map_err(ApiError::internal)?
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(220, 220)
        .quiet_zone(true)
        .build();
    Ok(IssuedCode { code, expires_at, link, qr_svg })
}

/// `POST /api/v1/participants/{id}/unlink`: ends every phone link; those phones get 401 from now on.
#[utoipa::path(
    post,
    path = "/participants/{id}/unlink",
    tag = "participants",
    params(("id" = String, Path, description = "The participant's id.")),
    security(("staff_session" = [])),
    responses(
        (status = 204, description = "Every phone link has ended."),
        (status = 403, response = openapi::Forbidden),
        (status = 404, response = openapi::NotFound),
    )
)]
pub async fn unlink(
    State(state): State<AppState>,
    worker: LinkWorker,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    worker.participant(&state.pool, &id).await?;
    store::devices::unlink_all(&state.pool, &id, now()).await?;
    tracing::info!(participant = %id, link_worker = %worker.0.id, "phone link ended");
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /api/v1/participants/{id}/entries`: what the participant shares, newest first.
#[utoipa::path(
    get,
    path = "/participants/{id}/entries",
    tag = "participants",
    params(("id" = String, Path, description = "The participant's id.")),
    security(("staff_session" = [])),
    responses(
        (status = 200, description = "What the participant shares, newest first.", body = Vec<Entry>),
        (status = 403, response = openapi::Forbidden),
        (status = 404, response = openapi::NotFound),
    )
)]
pub async fn entries(
    State(state): State<AppState>,
    worker: LinkWorker,
    Path(id): Path<String>,
) -> Result<Json<Vec<Entry>>, ApiError> {
    worker.participant(&state.pool, &id).await?;
    state.writer.log_access(&worker.0.id, std::slice::from_ref(&id), "entries").await?;
    Ok(Json(store::entries::shared(&state.pool, &id, None).await?))
}
