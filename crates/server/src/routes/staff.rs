//! Staff sign-in, sign-out, "who am I", and setting a password from a one-time link.

use crate::accounts;
use crate::auth::{staff_session_token, Staff, SESSION_COOKIE, SESSION_HOURS};
use crate::error::ApiError;
use crate::extract::ApiJson;
use crate::openapi;
use crate::state::AppState;
use axum::extract::State;
use axum::http::header::SET_COOKIE;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{AppendHeaders, IntoResponse};
use axum::Json;
use steady_domain::accounts::{SetPassword, SignIn, StaffMember};
use steady_domain::api::ApiError as ErrorBody;

fn session_cookie(state: &AppState, value: &str, max_age_secs: i64) -> String {
    let secure = if state.config.secure_cookies { "; Secure" } else { "" };
    format!("{SESSION_COOKIE}={value}; HttpOnly; SameSite=Strict; Path=/; Max-Age={max_age_secs}{secure}")
}

/// `POST /api/v1/staff/sign-in`: sets the session cookie.
#[utoipa::path(
    post,
    path = "/staff/sign-in",
    tag = "staff",
    request_body = SignIn,
    responses(
        (status = 200, description = "Signed in: the session cookie is set.", body = StaffMember, headers(("Set-Cookie" = String, description = "The session cookie, valid for 8 hours."))),
        (status = 401, description = "The email or password is not right (`wrong_credentials`).", body = ErrorBody),
        (status = 429, response = openapi::TooManyAttempts),
    )
)]
pub async fn sign_in(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<SignIn>,
) -> Result<impl IntoResponse, ApiError> {
    let (member, token) = accounts::sign_in(&state.pool, &body.email, &body.password).await?;
    tracing::info!(staff = %member.id, "staff signed in");
    let cookie = session_cookie(&state, &token, SESSION_HOURS * 3600);
    Ok((AppendHeaders([(SET_COOKIE, cookie)]), Json(member)))
}

/// `POST /api/v1/staff/sign-out`: ends this session and clears the cookie.
#[utoipa::path(
    post,
    path = "/staff/sign-out",
    tag = "staff",
    responses(
        (status = 204, description = "Signed out: this session has ended and the cookie is cleared.", headers(("Set-Cookie" = String, description = "Clears the session cookie."))),
    )
)]
pub async fn sign_out(State(state): State<AppState>, headers: HeaderMap) -> Result<impl IntoResponse, ApiError> {
    if let Some(token) = staff_session_token(&headers) {
        accounts::sign_out(&state.pool, token).await?;
    }
    Ok((StatusCode::NO_CONTENT, AppendHeaders([(SET_COOKIE, session_cookie(&state, "", 0))])))
}

/// `GET /api/v1/staff/me`.
#[utoipa::path(
    get,
    path = "/staff/me",
    tag = "staff",
    security(("staff_session" = [])),
    responses(
        (status = 200, description = "The signed-in staff member.", body = StaffMember),
    )
)]
pub async fn me(Staff(member): Staff) -> Json<StaffMember> {
    Json(member)
}

/// `POST /api/v1/staff/set-password`.
#[utoipa::path(
    post,
    path = "/staff/set-password",
    tag = "staff",
    request_body = SetPassword,
    responses(
        (status = 204, description = "The password is set, and every session of the account has ended."),
        (status = 409, response = openapi::Conflict),
    )
)]
pub async fn set_password(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<SetPassword>,
) -> Result<StatusCode, ApiError> {
    accounts::set_password_with_link(&state.pool, &body.token, &body.password).await?;
    Ok(StatusCode::NO_CONTENT)
}
