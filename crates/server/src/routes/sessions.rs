//! `GET /api/v1/sessions?from=&to=`: the schedule a participant's phone caches for offline use.

use crate::db::Pool;
use crate::error::ApiError;
use crate::openapi;
use crate::params::parse_bound;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::Json;
use serde::Deserialize;
use steady_domain::api::{SessionsResponse, SESSIONS_DEFAULT_DAYS, SESSIONS_MAX_RANGE_DAYS};
use steady_domain::Timestamp;
use utoipa::IntoParams;

/// The query string, before parsing. Unknown parameters are refused so typos are not silently ignored.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct RangeParams {
    /// The start: a date-time like `2026-11-25T10:00:00Z`, or a date like `2026-11-25` meaning the start
    /// of that day in the UK. Now if not given.
    from: Option<String>,
    /// The end, written the same way: after `from`, at most 92 days after it. 28 days after `from` if not given.
    to: Option<String>,
}

/// A validated range: `from` before `to`, at most [`SESSIONS_MAX_RANGE_DAYS`] apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Range {
    pub from: Timestamp,
    pub to: Timestamp,
}

impl Range {
    pub fn parse(params: RangeParams, now: Timestamp) -> Result<Self, ApiError> {
        let from = params.from.as_deref().map(|t| parse_bound("from", t)).transpose()?.unwrap_or(now);
        let to = params
            .to
            .as_deref()
            .map(|t| parse_bound("to", t))
            .transpose()?
            .unwrap_or(from.plus_days(SESSIONS_DEFAULT_DAYS));
        if to <= from {
            return Err(ApiError::bad_request("invalid_range", "'to' must be later than 'from'."));
        }
        if to > from.plus_days(SESSIONS_MAX_RANGE_DAYS) {
            return Err(ApiError::bad_request(
                "range_too_long",
                format!("Ask for at most {SESSIONS_MAX_RANGE_DAYS} days of sessions at a time."),
            ));
        }
        Ok(Range { from, to })
    }
}

/// Sessions overlapping `[from, to)`, earliest first, cancelled ones included (and marked) so the
/// phone can show that a session it cached is off.
#[utoipa::path(
    get,
    operation_id = "list_sessions",
    path = "/sessions",
    tag = "schedule",
    params(RangeParams),
    responses(
        (status = 200, description = "The sessions overlapping the range, earliest first; cancelled ones are included and marked.", body = SessionsResponse),
        (status = 400, response = openapi::BadRequest),
    )
)]
pub async fn list(
    State(pool): State<Pool>,
    params: Result<Query<RangeParams>, QueryRejection>,
) -> Result<Json<SessionsResponse>, ApiError> {
    let Query(params) = params.map_err(|e| {
        tracing::debug!(error = %e.body_text(), "unreadable sessions query");
        ApiError::bad_request("invalid_query", "Only 'from' and 'to' can be given, each once.")
    })?;
    let range = Range::parse(params, crate::state::now())?;
    let sessions = crate::store::sessions::between(&pool, range.from, range.to).await?;
    Ok(Json(SessionsResponse { from: range.from, to: range.to, sessions }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(from: Option<&str>, to: Option<&str>) -> RangeParams {
        RangeParams { from: from.map(String::from), to: to.map(String::from) }
    }

    fn now() -> Timestamp {
        Timestamp::parse("2026-11-25T10:00:00Z").unwrap()
    }

    #[test]
    fn defaults_to_the_next_four_weeks() {
        let r = Range::parse(params(None, None), now()).unwrap();
        assert_eq!(r.from, now());
        assert_eq!(r.to, now().plus_days(28));
    }

    #[test]
    fn dates_mean_the_start_of_the_uk_day() {
        let r = Range::parse(params(Some("2026-07-01"), Some("2026-07-08")), now()).unwrap();
        assert_eq!(r.from.to_string(), "2026-06-30T23:00:00Z");
    }

    #[test]
    fn refuses_backwards_and_overlong_ranges() {
        assert!(Range::parse(params(Some("2026-11-25"), Some("2026-11-24")), now()).is_err());
        assert!(Range::parse(params(Some("2026-01-01"), Some("2026-12-01")), now()).is_err());
        assert!(Range::parse(params(Some("next tuesday"), None), now()).is_err());
    }
}
