//! What only administrators see: the access log.

use crate::auth::Admin;
use crate::error::ApiError;
use crate::openapi;
use crate::state::AppState;
use axum::extract::State;
use axum::Json;
use steady_domain::accounts::AccessRecord;

/// The most records one request returns.
const LIMIT: usize = 1000;

/// `GET /api/v1/admin/access-log`: the latest views of participants' data, newest first.
#[utoipa::path(
    get,
    path = "/admin/access-log",
    tag = "admin",
    security(("staff_session" = [])),
    responses(
        (status = 200, description = "The latest 1000 views, newest first.", body = Vec<AccessRecord>),
        (status = 403, response = openapi::Forbidden),
    )
)]
pub async fn access_log(State(state): State<AppState>, _: Admin) -> Result<Json<Vec<AccessRecord>>, ApiError> {
    Ok(Json(crate::store::access_log::records(&state.pool, LIMIT).await?))
}
