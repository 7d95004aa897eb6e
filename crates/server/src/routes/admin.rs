//! What only administrators see: the access log.

use crate::auth::Staff;
use crate::error::ApiError;
use crate::openapi;
use crate::state::AppState;
use axum::extract::State;
use axum::Json;
use steady_domain::accounts::{AccessRecord, Role};
use steady_domain::Timestamp;

/// The most records one request returns.
const LIMIT: i64 = 1000;

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
pub async fn access_log(State(state): State<AppState>, Staff(me): Staff) -> Result<Json<Vec<AccessRecord>>, ApiError> {
    if me.role != Role::Admin {
        return Err(ApiError::Forbidden);
    }
    let rows: Vec<(i64, String, String, String, String)> = sqlx::query_as(
        "SELECT a.at, s.name, s.email, a.participant_id, a.view FROM access_log a JOIN staff s ON s.id = a.staff_id
         ORDER BY a.id DESC LIMIT $1",
    )
    .bind(LIMIT)
    .fetch_all(&state.pool)
    .await?;
    Ok(Json(
        rows.into_iter()
            .map(|(at, staff_name, staff_email, participant_id, view)| AccessRecord {
                at: Timestamp::from_millis(at),
                staff_name,
                staff_email,
                participant_id,
                view,
            })
            .collect(),
    ))
}
