//! A link worker's caseload: enrolling participants, issuing pairing codes, ending a phone's link,
//! and reading what a participant shares. A link worker only ever reaches their own caseload; for
//! anyone else's participant the answer is 404, so even existence is not revealed.

use crate::auth::LinkWorker;
use crate::db::{Flag, Pool};
use crate::error::ApiError;
use crate::extract::ApiJson;
use crate::openapi;
use crate::secrets::{hash_token, random_bytes};
use crate::state::{now, AppState};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use steady_domain::enrolment::{
    Enrolled, IssuedCode, NewParticipant, PairingCode, Participant, ReferralSource, PAIRING_CODE_HOURS,
};
use steady_domain::{Day, Entry, Timestamp};

const NOT_ON_CASELOAD: ApiError = ApiError::NotFound("There is no such participant on your caseload.");

/// A participant as stored, with whether a phone is linked and how many entries they share.
#[derive(sqlx::FromRow)]
pub(crate) struct ParticipantRow {
    pub(crate) id: String,
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
    pub(crate) fn into_participant(self) -> Result<Participant, ApiError> {
        Ok(Participant {
            referral_source: ReferralSource::parse(&self.referral_source)
                .ok_or_else(|| ApiError::internal("bad referral source"))?,
            consent_discussed_on: Day::parse(&self.consent_discussed_on)
                .ok_or_else(|| ApiError::internal("bad consent date"))?,
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
pub(crate) const PARTICIPANT_COLUMNS_UNCOUNTED: &str =
    concat!(participant_columns!(), ", CAST(0 AS BIGINT) AS shared_entries");

/// One participant on this link worker's caseload, or 404.
pub(crate) async fn find(pool: &Pool, link_worker_id: &str, id: &str) -> Result<Participant, ApiError> {
    let sql = format!("SELECT {PARTICIPANT_COLUMNS} FROM participants p WHERE p.id = $1 AND p.link_worker_id = $2");
    let row: Option<ParticipantRow> =
        sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).bind(link_worker_id).fetch_optional(pool).await?;
    row.ok_or(NOT_ON_CASELOAD)?.into_participant()
}

/// Every participant on a link worker's caseload, newest first.
pub(crate) async fn all(pool: &Pool, link_worker_id: &str) -> Result<Vec<Participant>, ApiError> {
    let sql = format!(
        "SELECT {PARTICIPANT_COLUMNS} FROM participants p WHERE p.link_worker_id = $1 ORDER BY p.created_at DESC"
    );
    let rows: Vec<ParticipantRow> =
        sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(link_worker_id).fetch_all(pool).await?;
    rows.into_iter().map(ParticipantRow::into_participant).collect()
}

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
    Ok(Json(all(&state.pool, &me.id).await?))
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
    LinkWorker(me): LinkWorker,
    ApiJson(new): ApiJson<NewParticipant>,
) -> Result<(StatusCode, Json<Enrolled>), ApiError> {
    if new.consent_discussed_on > now().uk_day() {
        return Err(ApiError::unprocessable(
            "consent_in_future",
            "The date consent was discussed cannot be in the future.",
        ));
    }
    let id = uuid::Uuid::new_v4().to_string();
    sqlx::query(
        "INSERT INTO participants (id, link_worker_id, display_name, referral_source, justice_contact, consent_discussed_on, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&id)
    .bind(&me.id)
    .bind(new.display_name.as_str())
    .bind(new.referral_source.code())
    .bind(Flag(new.justice_contact))
    .bind(new.consent_discussed_on.to_string())
    .bind(now().millis())
    .execute(&state.pool)
    .await?;
    let pairing = issue_code(&state, &id).await?;
    tracing::info!(participant = %id, link_worker = %me.id, "participant enrolled");
    Ok((StatusCode::CREATED, Json(Enrolled { participant: find(&state.pool, &me.id, &id).await?, pairing })))
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
    LinkWorker(me): LinkWorker,
    Path(id): Path<String>,
) -> Result<Json<IssuedCode>, ApiError> {
    find(&state.pool, &me.id, &id).await?;
    Ok(Json(issue_code(&state, &id).await?))
}

async fn issue_code(state: &AppState, participant_id: &str) -> Result<IssuedCode, ApiError> {
    let random = random_bytes(64)?;
    let mut bytes = random.into_iter().cycle();
    let code = PairingCode::from_random(|| bytes.next().unwrap_or_default());
    let now = now();
    let expires_at = now.plus_minutes(PAIRING_CODE_HOURS * 60);
    let mut tx = crate::db::write_tx(&state.pool).await?;
    sqlx::query("DELETE FROM pairing_codes WHERE participant_id = $1 AND used_at IS NULL")
        .bind(participant_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO pairing_codes (code_hash, participant_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(hash_token(code.as_str()))
    .bind(participant_id)
    .bind(now.millis())
    .bind(expires_at.millis())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
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
    LinkWorker(me): LinkWorker,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    find(&state.pool, &me.id, &id).await?;
    sqlx::query("UPDATE devices SET revoked_at = $1 WHERE participant_id = $2 AND revoked_at IS NULL")
        .bind(now().millis())
        .bind(&id)
        .execute(&state.pool)
        .await?;
    tracing::info!(participant = %id, link_worker = %me.id, "phone link ended");
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
    LinkWorker(me): LinkWorker,
    Path(id): Path<String>,
) -> Result<Json<Vec<Entry>>, ApiError> {
    find(&state.pool, &me.id, &id).await?;
    state.writer.log_access(&me.id, std::slice::from_ref(&id), "entries").await?;
    Ok(Json(shared_entries(&state.pool, &id, None).await?))
}

/// A participant's shared entries (since `since`, if given), newest first.
pub(crate) async fn shared_entries(
    pool: &Pool,
    participant_id: &str,
    since: Option<Timestamp>,
) -> Result<Vec<Entry>, ApiError> {
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
pub(crate) fn decode_entry(body: &str) -> Option<Entry> {
    serde_json::from_str::<Entry>(body).map_err(|e| tracing::error!(error = %e, "unreadable shared entry")).ok()
}
