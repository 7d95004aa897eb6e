//! `GET /api/v1/reports?from=&to=&kind=&format=csv`: a link worker's report over their caseload.

use crate::auth::LinkWorker;
use crate::error::ApiError;
use crate::openapi;
use crate::routes::participants::{all, decode_entry};
use crate::routes::sessions::parse_bound;
use crate::state::{now, AppState};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use std::collections::HashMap;
use steady_domain::report::{build, to_csv, Report, ReportSubject};
use steady_domain::{Entry, GroupKind, SessionId, Timestamp};
use utoipa::IntoParams;

/// The longest report range.
const MAX_DAYS: i64 = 366;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ReportParams {
    /// The start: a date-time, or a date meaning the start of that day in the UK. 28 days before `to` if not given.
    from: Option<String>,
    /// The end, written the same way: after `from`, at most 366 days after it. Now if not given.
    to: Option<String>,
    /// Only sessions of this kind of group (`walking`, `gardening`, ...); `all` or empty for every kind.
    kind: Option<String>,
    /// `json` (the default) or `csv`.
    format: Option<String>,
}

#[utoipa::path(
    get,
    path = "/reports",
    tag = "reports",
    params(ReportParams),
    security(("staff_session" = [])),
    responses(
        (status = 200, description = "The report, as JSON or as CSV (`measure,value` rows).", content((Report = "application/json"), (String = "text/csv"))),
        (status = 400, response = openapi::BadRequest),
        (status = 403, response = openapi::Forbidden),
    )
)]
pub async fn report(
    State(state): State<AppState>,
    LinkWorker(me): LinkWorker,
    params: Result<Query<ReportParams>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(params) = params
        .map_err(|_| ApiError::bad_request("invalid_query", "Only 'from', 'to', 'kind' and 'format' can be given."))?;
    let to = params.to.as_deref().map(|t| parse_bound("to", t)).transpose()?.unwrap_or_else(now);
    let from = params.from.as_deref().map(|t| parse_bound("from", t)).transpose()?.unwrap_or(to.plus_days(-28));
    if to <= from || to > from.plus_days(MAX_DAYS) {
        return Err(ApiError::bad_request(
            "invalid_range",
            format!("'to' must be after 'from', and at most {MAX_DAYS} days after it."),
        ));
    }
    let kind = match params.kind.as_deref().filter(|k| !k.is_empty() && *k != "all") {
        Some(k) => Some(GroupKind::parse(k).map_err(|e| ApiError::bad_request("invalid_kind", e.to_string()))?),
        None => None,
    };
    let csv = match params.format.as_deref() {
        None | Some("json") => false,
        Some("csv") => true,
        Some(_) => return Err(ApiError::bad_request("invalid_format", "'format' must be json or csv.")),
    };
    let (held,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM sessions s JOIN groups g ON g.id = s.group_id
         WHERE s.cancelled = 0 AND s.starts_at >= $1 AND s.starts_at < $2 AND ($3 IS NULL OR g.kind = $4)",
    )
    .bind(from.millis())
    .bind(to.millis())
    .bind(kind.map(GroupKind::code))
    .bind(kind.map(GroupKind::code))
    .fetch_one(&state.pool)
    .await?;
    let participants = all(&state.pool, &me.id).await?;
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT e.participant_id, e.body FROM shared_entries e JOIN participants p ON p.id = e.participant_id
         WHERE p.link_worker_id = $1 AND e.deleted = 0 AND e.at >= $2 AND e.at < $3 AND e.kind IN ('check_in', 'ons4')",
    )
    .bind(&me.id)
    .bind(from.millis())
    .bind(to.millis())
    .fetch_all(&state.pool)
    .await?;
    let mut entries: HashMap<String, Vec<Entry>> = HashMap::new();
    for (participant, body) in rows {
        if let Some(e) = decode_entry(&body) {
            entries.entry(participant).or_default().push(e);
        }
    }
    let marks: Vec<(String, String, String, i64)> = sqlx::query_as(
        "SELECT p.id, s.id, g.kind, s.starts_at FROM register_marks r
         JOIN participants p ON r.person_key = 'p:' || p.id
         JOIN sessions s ON s.id = r.session_id JOIN groups g ON g.id = s.group_id
         WHERE p.link_worker_id = $1 AND r.present = 1 AND s.starts_at >= $2 AND s.starts_at < $3",
    )
    .bind(&me.id)
    .bind(from.millis())
    .bind(to.millis())
    .fetch_all(&state.pool)
    .await?;
    let mut registered: HashMap<String, Vec<(SessionId, GroupKind, Timestamp)>> = HashMap::new();
    for (participant, session, kind, starts_at) in marks {
        if let Ok(kind) = GroupKind::parse(&kind) {
            registered.entry(participant).or_default().push((
                SessionId(session),
                kind,
                Timestamp::from_millis(starts_at),
            ));
        }
    }
    let (no_entries, no_marks) = (Vec::new(), Vec::new());
    let subjects: Vec<ReportSubject<'_>> = participants
        .iter()
        .map(|p| ReportSubject {
            referral_source: p.referral_source,
            justice_contact: p.justice_contact,
            entries: entries.get(&p.id).unwrap_or(&no_entries),
            registered: registered.get(&p.id).unwrap_or(&no_marks),
        })
        .collect();
    let report = build(&subjects, held as u32, from, to, kind);
    Ok(if csv {
        let name = format!("attachment; filename=\"steady-report-{}-to-{}.csv\"", from.uk_day(), to.uk_day());
        (
            [(header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()), (header::CONTENT_DISPOSITION, name)],
            to_csv(&report),
        )
            .into_response()
    } else {
        Json(report).into_response()
    })
}
