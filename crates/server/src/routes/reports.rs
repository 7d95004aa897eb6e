//! `GET /api/v1/reports?from=&to=&kind=&format=csv`: a link worker's report over their caseload; and
//! `GET /api/v1/reports/referrals`: the referral funnel.

use crate::auth::{LinkWorker, LinkWorkerOrAdmin};
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
use steady_domain::funnel::Funnel;
use steady_domain::report::{build, to_csv, Report, ReportSubject};
use steady_domain::{GroupKind, Timestamp};
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
    let (from, to) = range(params.from.as_deref(), params.to.as_deref(), now())?;
    let kind = match params.kind.as_deref().filter(|k| !k.is_empty() && *k != "all") {
        Some(k) => Some(GroupKind::parse(k).map_err(|e| ApiError::bad_request("invalid_kind", e.to_string()))?),
        None => None,
    };
    let csv = wants_csv(params.format.as_deref())?;
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
    Ok(if csv { csv_download("report", from, to, to_csv(&report)) } else { Json(report).into_response() })
}

/// The range a report covers: `to` defaults to now, `from` to 28 days before `to`.
fn range(from: Option<&str>, to: Option<&str>, now: Timestamp) -> Result<(Timestamp, Timestamp), ApiError> {
    let to = to.map(|t| parse_bound("to", t)).transpose()?.unwrap_or(now);
    let from = from.map(|t| parse_bound("from", t)).transpose()?.unwrap_or(to.plus_days(-28));
    if to <= from || to > from.plus_days(MAX_DAYS) {
        return Err(ApiError::bad_request(
            "invalid_range",
            format!("'to' must be after 'from', and at most {MAX_DAYS} days after it."),
        ));
    }
    Ok((from, to))
}

fn wants_csv(format: Option<&str>) -> Result<bool, ApiError> {
    match format {
        None | Some("json") => Ok(false),
        Some("csv") => Ok(true),
        Some(_) => Err(ApiError::bad_request("invalid_format", "'format' must be json or csv.")),
    }
}

/// A CSV download named for what it holds and its range.
fn csv_download(what: &str, from: Timestamp, to: Timestamp, csv: String) -> Response {
    let name = format!("attachment; filename=\"steady-{what}-{}-to-{}.csv\"", from.uk_day(), to.uk_day());
    ([(header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()), (header::CONTENT_DISPOSITION, name)], csv)
        .into_response()
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct FunnelParams {
    /// Referrals received from: a date-time, or a date meaning the start of that day in the UK. 28 days before `to` if not given.
    from: Option<String>,
    /// Up to (not including), written the same way: after `from`, at most 366 days after it. Now if not given.
    to: Option<String>,
    /// `json` (the default) or `csv`.
    format: Option<String>,
}

/// `GET /api/v1/reports/referrals?from=&to=&format=csv`: the referral funnel over the whole service
/// (counts only, no one named), by source and by justice-system contact.
#[utoipa::path(
    get,
    path = "/reports/referrals",
    tag = "reports",
    params(FunnelParams),
    security(("staff_session" = [])),
    responses(
        (status = 200, description = "The funnel, as JSON or as CSV (a row per group).", content((Funnel = "application/json"), (String = "text/csv"))),
        (status = 400, response = openapi::BadRequest),
        (status = 403, response = openapi::Forbidden),
    )
)]
pub async fn referral_funnel(
    State(state): State<AppState>,
    _: LinkWorkerOrAdmin,
    params: Result<Query<FunnelParams>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(params) =
        params.map_err(|_| ApiError::bad_request("invalid_query", "Only 'from', 'to' and 'format' can be given."))?;
    let now = state.clock.now();
    let (from, to) = range(params.from.as_deref(), params.to.as_deref(), now)?;
    let csv = wants_csv(params.format.as_deref())?;
    let referrals = store::referrals::funnel(&state.pool, from, to).await?;
    let settings = &state.config.referrals;
    let funnel = steady_domain::funnel::build(
        &referrals,
        from,
        to,
        now,
        &settings.calendar,
        settings.first_contact_working_days,
    );
    Ok(if csv {
        csv_download("referrals", from, to, steady_domain::funnel::to_csv(&funnel))
    } else {
        Json(funnel).into_response()
    })
}
