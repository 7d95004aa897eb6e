//! What only administrators see: the access log, and the group leaders with the groups they lead.

use crate::auth::Admin;
use crate::error::ApiError;
use crate::openapi;
use crate::state::AppState;
use axum::extract::State;
use axum::Json;
use steady_domain::accounts::{AccessRecord, LeaderAccount};

/// The most records one request returns.
const LIMIT: usize = 1000;

/// `GET /api/v1/admin/access-log`: the latest views of participants' data, newest first, each
/// naming the participant as enrolled.
#[utoipa::path(
    get,
    path = "/admin/access-log",
    tag = "admin",
    security(("staff_session" = [])),
    responses(
        (status = 200, description = "The latest 1000 views, newest first, one per participant seen.", body = Vec<AccessRecord>),
        (status = 403, response = openapi::Forbidden),
    )
)]
pub async fn access_log(State(state): State<AppState>, _: Admin) -> Result<Json<Vec<AccessRecord>>, ApiError> {
    Ok(Json(crate::store::access_log::records(&state.pool, LIMIT).await?))
}

/// `GET /api/v1/admin/leaders`: every group leader's account and the groups each leads, so an
/// administrator picks a leader from a list instead of typing an email, and sees who leads what.
#[utoipa::path(
    get,
    path = "/admin/leaders",
    tag = "admin",
    security(("staff_session" = [])),
    responses(
        (status = 200, description = "Every group leader, by name, with the groups they lead.", body = Vec<LeaderAccount>),
        (status = 403, response = openapi::Forbidden),
    )
)]
pub async fn leaders(State(state): State<AppState>, _: Admin) -> Result<Json<Vec<LeaderAccount>>, ApiError> {
    Ok(Json(crate::store::staff::leaders(&state.pool).await?))
}
