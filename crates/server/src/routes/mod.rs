//! The JSON API under `/api/v1`, one module per resource.

pub mod admin;
pub mod devices;
pub mod groups;
pub mod participants;
pub mod reports;
pub mod review;
pub mod sessions;
pub mod staff;

use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::DefaultBodyLimit;
use axum::routing::{delete, get, patch, post};
use axum::Router;
use steady_domain::sync::MAX_BODY_BYTES;

/// The largest body any other endpoint accepts.
const SMALL_BODY_BYTES: usize = 16 * 1024;

pub fn api(state: AppState) -> Router {
    let sync = Router::new()
        .route("/sync", post(devices::sync))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES));
    Router::new()
        .route("/sessions", get(sessions::list))
        .route("/staff/sign-in", post(staff::sign_in))
        .route("/staff/sign-out", post(staff::sign_out))
        .route("/staff/me", get(staff::me))
        .route("/staff/set-password", post(staff::set_password))
        .route("/participants", get(participants::list).post(participants::create))
        .route("/caseload", get(review::caseload))
        .route("/participants/{id}", get(review::detail))
        .route("/participants/{id}/reviews", post(review::add_review))
        .route("/participants/{id}/fhir", get(review::fhir))
        .route("/admin/access-log", get(admin::access_log))
        .route("/reports", get(reports::report))
        .route("/participants/{id}/pairing-code", post(participants::new_code))
        .route("/participants/{id}/unlink", post(participants::unlink))
        .route("/participants/{id}/entries", get(participants::entries))
        .route("/groups/{id}/leaders", post(groups::assign_leader))
        .route("/groups/{id}/sessions", post(groups::create_session))
        .route("/groups/{id}/join", post(groups::join).delete(groups::leave))
        .route("/leader/sessions", get(groups::leader_sessions))
        .route("/leader/groups", get(groups::leader_groups))
        .route("/sessions/{id}", patch(groups::change_session))
        .route("/sessions/{id}/register", get(groups::get_register).post(groups::post_register))
        .route("/sessions/{id}/code", get(groups::session_code))
        .route("/check-in-code", post(groups::check_in_with_code))
        .route("/pair", post(devices::pair))
        .route("/device", get(devices::status))
        .route("/sync/shared", delete(devices::withdraw))
        .layer(DefaultBodyLimit::max(SMALL_BODY_BYTES))
        .merge(sync)
        .fallback(|| async { ApiError::NotFound("There is no such API endpoint.") })
        .with_state(state)
}
