//! `GET /api/v1/groups/{id}/calendar.ics`: a group's sessions as a calendar feed a phone's own
//! calendar subscribes to (`webcal://`), so reminders come from the calendar the person already uses
//! and a moved or cancelled session updates there. Open to anyone, as the schedule is: it holds the
//! group's public sessions and nothing about any person.

use crate::db::Pool;
use crate::error::ApiError;
use crate::openapi;
use crate::state::now;
use crate::store;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::IntoResponse;
use steady_domain::ics;

/// How far back and ahead the feed reaches: recent sessions stay in the calendar, the next three
/// months are there to plan with.
const DAYS_BACK: i64 = 30;
const DAYS_AHEAD: i64 = 92;

#[utoipa::path(
    get,
    path = "/groups/{id}/calendar.ics",
    tag = "schedule",
    params(("id" = String, Path, description = "The group's id.")),
    responses(
        (status = 200, description = "The group's sessions from 30 days ago to 92 days ahead, as iCalendar, each with a reminder an hour before.", body = String, content_type = "text/calendar"),
        (status = 404, response = openapi::NotFound),
    )
)]
pub async fn group_feed(State(pool): State<Pool>, Path(group): Path<String>) -> Result<impl IntoResponse, ApiError> {
    let Some(name) = store::groups::name(&pool, &group).await? else {
        return Err(ApiError::NotFound("There is no such group."));
    };
    let now = now();
    let sessions =
        store::sessions::of_group_between(&pool, &group, now.plus_days(-DAYS_BACK), now.plus_days(DAYS_AHEAD)).await?;
    Ok((
        [(header::CONTENT_TYPE, "text/calendar; charset=utf-8"), (header::CACHE_CONTROL, "no-cache")],
        ics::group_calendar(&name, &sessions, now),
    ))
}
