//! Checking in with a session's code: the leader shows the session's 6-digit code (and its QR), and
//! a participant's linked phone checks in with it while it is open. Guessing is limited.

use crate::auth::{Device, Leader};
use crate::error::ApiError;
use crate::extract::ApiJson;
use crate::openapi;
use crate::state::{now, AppState};
use crate::store;
use axum::extract::{Path, State};
use axum::Json;
use steady_domain::attendance::{CodeCheckIn, CodeForSession, Mark, PersonKey, SessionCode};
use steady_domain::enrolment::DisplayName;
use steady_domain::Session;

/// Wrong session codes: 5 per participant, and 200 from everyone together, in 15 minutes.
pub const SESSION_CODES: crate::throttle::Limit = crate::throttle::Limit {
    scope: "session_code",
    per_client: 5,
    in_total: 200,
    window_minutes: 15,
    message: "Too many wrong codes. Try again in 15 minutes, or ask your group leader.",
};

/// `GET /api/v1/sessions/{id}/code`: the session's 6-digit code (made on first request).
#[utoipa::path(
    get,
    path = "/sessions/{id}/code",
    tag = "groups",
    params(("id" = String, Path, description = "The session's id.")),
    security(("staff_session" = [])),
    responses(
        (status = 200, description = "The session's check-in code and when it works.", body = CodeForSession),
        (status = 403, response = openapi::Forbidden),
        (status = 404, response = openapi::NotFound),
    )
)]
pub async fn session_code(
    State(state): State<AppState>,
    leader: Leader,
    Path(id): Path<String>,
) -> Result<Json<CodeForSession>, ApiError> {
    let session = leader.session(&state.pool, &id).await?;
    let bytes = crate::secrets::random_bytes(4)?;
    let fresh = SessionCode::from_random(u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]));
    let code = store::session_codes::get_or_insert(&state.pool, &id, &fresh, now()).await?;
    let margin = steady_domain::group::CHECK_IN_MARGIN_MINUTES;
    let qr_svg = qrcode::QrCode::new(code.as_str().as_bytes())
        .map_err(ApiError::internal)?
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(180, 180)
        .build();
    Ok(Json(CodeForSession {
        code,
        opens_at: session.starts_at.plus_minutes(-margin),
        closes_at: session.ends_at.plus_minutes(margin),
        qr_svg,
    }))
}

/// `POST /api/v1/check-in-code`: a linked phone checks in with the code its leader shows. Works from an
/// hour before the session to an hour after it ends; guessing is limited by [`SESSION_CODES`].
#[utoipa::path(
    post,
    path = "/check-in-code",
    tag = "groups",
    request_body = CodeCheckIn,
    security(("device_token" = [])),
    responses(
        (status = 200, description = "Checked in to this session.", body = Session),
        (status = 429, response = openapi::TooManyAttempts),
    )
)]
pub async fn check_in_with_code(
    State(state): State<AppState>,
    device: Device,
    ApiJson(body): ApiJson<CodeCheckIn>,
) -> Result<Json<Session>, ApiError> {
    let attempt = crate::throttle::attempt(&state.pool, &SESSION_CODES, &device.participant_id).await?;
    let checked = check_in(&state, &device, &body.code).await;
    attempt.settle(&state.pool, checked, |e| matches!(e, ApiError::Unprocessable { code: CODE_NOT_OPEN, .. })).await
}

/// The code of the refusal that counts as a wrong guess.
const CODE_NOT_OPEN: &str = "code_not_open";

/// Checks the participant in to the session whose code this is, if it is open now.
async fn check_in(state: &AppState, device: &Device, code: &SessionCode) -> Result<Json<Session>, ApiError> {
    let now = now();
    let candidates = store::sessions::with_code(&state.pool, code).await?;
    let Some(session) = candidates.into_iter().find(|s| s.check_in_open(now)) else {
        return Err(ApiError::unprocessable(
            CODE_NOT_OPEN,
            "That code is not open now. Check the numbers with your group leader: codes work from an hour before a session until an hour after it.",
        ));
    };
    let name = store::participants::display_name(&state.pool, &device.participant_id).await?;
    let name = DisplayName::parse(&name).map_err(ApiError::internal)?;
    let mark = Mark { person: PersonKey::participant(&device.participant_id), name, present: true, tapped_at: now };
    store::registers::check_in(&state.pool, &session, &device.participant_id, &mark, now).await?;
    Ok(Json(session))
}
