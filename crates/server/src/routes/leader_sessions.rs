//! A group leader's groups and sessions: who leads a group, which groups a leader leads, their
//! sessions from today to four weeks ahead, and creating, moving, editing or cancelling one. A
//! leader reaches only the groups they lead; anything else is 404.

use crate::auth::{Leader, LinkWorkerOrAdmin};
use crate::error::ApiError;
use crate::extract::ApiJson;
use crate::openapi;
use crate::state::{now, AppState};
use crate::store;
use crate::store::sessions::NewSession;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use steady_domain::accounts::Role;
use steady_domain::attendance::{LedGroup, LedSession, SessionChange};
use steady_domain::{Session, Timestamp};

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssignLeader {
    pub email: String,
}

/// `POST /api/v1/groups/{id}/leaders`: an admin or link worker makes a leader account lead a group.
#[utoipa::path(
    post,
    path = "/groups/{id}/leaders",
    tag = "groups",
    params(("id" = String, Path, description = "The group's id.")),
    request_body = AssignLeader,
    security(("staff_session" = [])),
    responses(
        (status = 204, description = "The account leads the group."),
        (status = 403, response = openapi::Forbidden),
        (status = 404, response = openapi::NotFound),
        (status = 422, response = openapi::Unprocessable),
    )
)]
pub async fn assign_leader(
    State(state): State<AppState>,
    _: LinkWorkerOrAdmin,
    Path(group): Path<String>,
    ApiJson(body): ApiJson<AssignLeader>,
) -> Result<StatusCode, ApiError> {
    let leader = store::staff::with_email(&state.pool, &body.email.trim().to_lowercase())
        .await?
        .ok_or(ApiError::NotFound("There is no staff account with that email."))?;
    if leader.role != Role::Leader {
        return Err(ApiError::unprocessable("not_a_leader", "That account is not a group leader's."));
    }
    if !store::groups::add_leader(&state.pool, &group, &leader.id).await? {
        return Err(ApiError::NotFound("There is no such group."));
    }
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /api/v1/leader/groups`: the groups this leader leads, by name.
#[utoipa::path(
    get,
    path = "/leader/groups",
    tag = "groups",
    security(("staff_session" = [])),
    responses(
        (status = 200, description = "The groups this leader leads, by name.", body = Vec<LedGroup>),
        (status = 403, response = openapi::Forbidden),
    )
)]
pub async fn leader_groups(State(state): State<AppState>, Leader(me): Leader) -> Result<Json<Vec<LedGroup>>, ApiError> {
    Ok(Json(store::groups::led_by(&state.pool, &me.id).await?))
}

/// `GET /api/v1/leader/sessions`: today's and upcoming sessions of the groups this leader leads.
#[utoipa::path(
    get,
    path = "/leader/sessions",
    tag = "groups",
    security(("staff_session" = [])),
    responses(
        (status = 200, description = "Today's and the next 4 weeks' sessions of the groups this leader leads.", body = Vec<LedSession>),
        (status = 403, response = openapi::Forbidden),
    )
)]
pub async fn leader_sessions(
    State(state): State<AppState>,
    Leader(me): Leader,
) -> Result<Json<Vec<LedSession>>, ApiError> {
    let now = now();
    let today = Timestamp::from_uk(now.uk_day(), 0, 0);
    Ok(Json(store::sessions::led_between(&state.pool, &me.id, today, now.plus_days(28)).await?))
}

fn check_times(starts_at: Timestamp, ends_at: Timestamp) -> Result<(), ApiError> {
    if ends_at <= starts_at || ends_at > starts_at.plus_minutes(12 * 60) {
        return Err(ApiError::unprocessable(
            "invalid_times",
            "A session must end after it starts, and last at most 12 hours.",
        ));
    }
    Ok(())
}

/// A meeting point given in a change, unless it is blank.
fn meeting_point(change: &SessionChange) -> Option<&str> {
    change.meeting_point.as_deref().filter(|m| !m.trim().is_empty())
}

/// `POST /api/v1/groups/{id}/sessions`: a new session of a group this leader leads.
#[utoipa::path(
    post,
    path = "/groups/{id}/sessions",
    tag = "groups",
    params(("id" = String, Path, description = "The group's id.")),
    request_body = SessionChange,
    security(("staff_session" = [])),
    responses(
        (status = 201, description = "The new session.", body = Session),
        (status = 403, response = openapi::Forbidden),
        (status = 404, response = openapi::NotFound),
    )
)]
pub async fn create_session(
    State(state): State<AppState>,
    leader: Leader,
    Path(group): Path<String>,
    ApiJson(body): ApiJson<SessionChange>,
) -> Result<(StatusCode, Json<Session>), ApiError> {
    leader.check_leads(&state.pool, &group).await?;
    let (Some(starts_at), Some(ends_at)) = (body.starts_at, body.ends_at) else {
        return Err(ApiError::unprocessable("missing_times", "Give the start and end of the session."));
    };
    check_times(starts_at, ends_at)?;
    let id = uuid::Uuid::new_v4().to_string();
    let new =
        NewSession { group_id: &group, starts_at, ends_at, meeting_point: meeting_point(&body), cancelled: false };
    store::sessions::insert(&state.pool, &id, &new).await?;
    Ok((StatusCode::CREATED, Json(leader.session(&state.pool, &id).await?)))
}

/// `PATCH /api/v1/sessions/{id}`: move, edit or cancel (or un-cancel) a session.
#[utoipa::path(
    patch,
    path = "/sessions/{id}",
    tag = "groups",
    params(("id" = String, Path, description = "The session's id.")),
    request_body = SessionChange,
    security(("staff_session" = [])),
    responses(
        (status = 200, description = "The session as it is now.", body = Session),
        (status = 403, response = openapi::Forbidden),
        (status = 404, response = openapi::NotFound),
    )
)]
pub async fn change_session(
    State(state): State<AppState>,
    leader: Leader,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<SessionChange>,
) -> Result<Json<Session>, ApiError> {
    let current = leader.session(&state.pool, &id).await?;
    let starts_at = body.starts_at.unwrap_or(current.starts_at);
    let ends_at = body.ends_at.unwrap_or(current.ends_at);
    check_times(starts_at, ends_at)?;
    let cancelled = body.cancelled.unwrap_or(current.cancelled);
    store::sessions::update(&state.pool, &id, starts_at, ends_at, meeting_point(&body), cancelled).await?;
    Ok(Json(leader.session(&state.pool, &id).await?))
}
