//! A participant's phone joins a group ("Join this group": every session of it, not one) or leaves
//! it; the group's members are who its leader expects.

use crate::auth::Device;
use crate::error::ApiError;
use crate::openapi;
use crate::state::{now, AppState};
use crate::store;
use axum::extract::{Path, State};
use axum::http::StatusCode;

/// `POST /api/v1/groups/{id}/join` ("Join this group") and `DELETE` ("Leave this group").
#[utoipa::path(
    post,
    path = "/groups/{id}/join",
    tag = "groups",
    params(("id" = String, Path, description = "The group's id.")),
    security(("device_token" = [])),
    responses(
        (status = 204, description = "The participant is on the group's list."),
        (status = 404, response = openapi::NotFound),
    )
)]
pub async fn join(
    State(state): State<AppState>,
    device: Device,
    Path(group): Path<String>,
) -> Result<StatusCode, ApiError> {
    if !store::groups::join(&state.pool, &group, &device.participant_id, now()).await? {
        return Err(ApiError::NotFound("There is no such group."));
    }
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    delete,
    path = "/groups/{id}/join",
    tag = "groups",
    params(("id" = String, Path, description = "The group's id.")),
    security(("device_token" = [])),
    responses(
        (status = 204, description = "The participant is no longer on the group's list."),
    )
)]
pub async fn leave(
    State(state): State<AppState>,
    device: Device,
    Path(group): Path<String>,
) -> Result<StatusCode, ApiError> {
    store::groups::leave(&state.pool, &group, &device.participant_id).await?;
    Ok(StatusCode::NO_CONTENT)
}
