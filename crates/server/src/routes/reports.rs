//! `GET /api/v1/reports?from=&to=&kind=&format=csv`: a link worker's report over their caseload.

use crate::auth::LinkWorker;
use crate::error::ApiError;
use crate::openapi;
use crate::params::parse_bound;
use crate::state::{now, AppState};
use crate::store;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use steady_domain::report::{build, to_csv, Report, ReportSubject};
use steady_domain::GroupKind;
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
    // Only sessions that have started were held: later today's are not counted yet.
    let held = store::sessions::count_held(&state.pool, from, to.min(now()), kind).await?;
    let participants = store::participants::caseload(&state.pool, &me.id).await?;
    let entries = store::entries::check_ins_and_ons4(&state.pool, &me.id, from, to).await?;
    let registered = store::registers::present_at(&state.pool, &me.id, from, to).await?;
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
    let report = build(&subjects, held, from, to, kind);
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
