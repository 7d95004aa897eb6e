//! A session's register, as its leader takes it: who is expected, and taps merged per person (the
//! latest tap wins). A leader reaches only the sessions of groups they lead; anything else is 404.

use crate::auth::Leader;
use crate::error::ApiError;
use crate::extract::ApiJson;
use crate::openapi;
use crate::state::{now, AppState};
use crate::store;
use axum::extract::{Path, State};
use axum::Json;
use steady_domain::attendance::{Mark, MarkOutcome, MarkRefusal, Marks, Register, RegisterReply};

/// The most marks one request may send.
const MAX_MARKS: usize = 500;

/// `GET /api/v1/sessions/{id}/register`.
#[utoipa::path(
    get,
    path = "/sessions/{id}/register",
    tag = "groups",
    params(("id" = String, Path, description = "The session's id.")),
    security(("staff_session" = [])),
    responses(
        (status = 200, description = "The session's register.", body = Register),
        (status = 403, response = openapi::Forbidden),
        (status = 404, response = openapi::NotFound),
    )
)]
pub async fn get_register(
    State(state): State<AppState>,
    leader: Leader,
    Path(id): Path<String>,
) -> Result<Json<Register>, ApiError> {
    let session = leader.session(&state.pool, &id).await?;
    Ok(Json(store::registers::register(&state.pool, session).await?))
}

/// `POST /api/v1/sessions/{id}/register`: taps from a leader's phone, merged per person in one
/// transaction. Each mark is checked alone (its time, and that it names a member of the session's
/// group or a walk-in): refused marks are reported with a reason and never hold back the others.
/// Answers with the merged register and one outcome per mark, in the order sent.
#[utoipa::path(
    post,
    path = "/sessions/{id}/register",
    tag = "groups",
    params(("id" = String, Path, description = "The session's id.")),
    request_body = Marks,
    security(("staff_session" = [])),
    responses(
        (status = 200, description = "The merged register, and what became of each mark.", body = RegisterReply),
        (status = 403, response = openapi::Forbidden),
        (status = 404, response = openapi::NotFound),
    )
)]
pub async fn post_register(
    State(state): State<AppState>,
    leader: Leader,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<Marks>,
) -> Result<Json<RegisterReply>, ApiError> {
    let session = leader.session(&state.pool, &id).await?;
    if body.marks.len() > MAX_MARKS {
        return Err(ApiError::unprocessable("too_many_marks", "Send at most 500 marks at a time."));
    }
    let now = now();
    let mut checked: Vec<Result<(), MarkRefusal>> = body.marks.iter().map(|mark| mark.check(&session, now)).collect();
    let plausible: Vec<&Mark> =
        body.marks.iter().zip(&checked).filter(|(_, check)| check.is_ok()).map(|(mark, _)| mark).collect();
    let recorded = store::registers::record_marks(&state.pool, &session, &plausible, &leader.0.id, now).await?;
    for (check, recorded) in checked.iter_mut().filter(|check| check.is_ok()).zip(recorded) {
        *check = recorded;
    }
    let outcomes = checked.into_iter().map(MarkOutcome::from).collect();
    Ok(Json(RegisterReply { register: store::registers::register(&state.pool, session).await?, outcomes }))
}
