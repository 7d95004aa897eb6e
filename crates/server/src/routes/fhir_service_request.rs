//! The referrer API: `POST /api/v1/fhir/ServiceRequest` takes a referral from a referring
//! organisation's system (authenticated by its API key), once per its identifier; `GET
//! /api/v1/fhir/ServiceRequest/{id}` reads back the status of one of its own referrals (404 for any
//! other). What is read from a ServiceRequest is in [`crate::fhir_intake`].

use crate::auth::Referrer;
use crate::error::ApiError;
use crate::fhir_intake::{operation_outcome, read, read_back, Issue};
use crate::openapi;
use crate::state::AppState;
use crate::store;
use crate::store::referrals::Source;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::Value;

const FHIR_JSON: &str = "application/fhir+json";

fn fhir(status: StatusCode, body: Value) -> Response {
    (status, [(header::CONTENT_TYPE, FHIR_JSON)], Json(body)).into_response()
}

/// `POST /api/v1/fhir/ServiceRequest`: a referral as a FHIR R4 ServiceRequest with a contained Patient.
#[utoipa::path(
    post,
    operation_id = "fhir_create_service_request",
    path = "/fhir/ServiceRequest",
    tag = "referrer API",
    request_body(content = Object, content_type = "application/fhir+json",
        description = "A FHIR R4 ServiceRequest with the person as a contained Patient (see the README)."),
    security(("referrer_key" = [])),
    responses(
        (status = 201, description = "Taken in: the ServiceRequest as Steady holds it.", body = Object, content_type = "application/fhir+json",
            headers(("Location" = String, description = "Where to read its status back."))),
        (status = 200, description = "Already taken in with this identifier: the one held.", body = Object, content_type = "application/fhir+json",
            headers(("Location" = String, description = "Where to read its status back."))),
        (status = 400, description = "Not JSON: an OperationOutcome.", body = Object, content_type = "application/fhir+json"),
        (status = 422, description = "Not a referral Steady can take: an OperationOutcome naming each problem and where it is.", body = Object, content_type = "application/fhir+json"),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    Referrer(referrer): Referrer,
    body: Bytes,
) -> Result<Response, ApiError> {
    let Ok(request) = serde_json::from_slice::<Value>(&body) else {
        let issue = Issue { expression: "ServiceRequest", diagnostics: "The body is not JSON.".into() };
        return Ok(fhir(StatusCode::BAD_REQUEST, operation_outcome(&[issue])));
    };
    let now = state.clock.now();
    let intake = match read(&request, &referrer, now.uk_day()) {
        Ok(intake) => intake,
        Err(issues) => return Ok(fhir(StatusCode::UNPROCESSABLE_ENTITY, operation_outcome(&issues))),
    };
    let source = Source::Referrer { referrer_id: &referrer.id, identifier: &intake.identifier };
    let (id, created) = store::referrals::insert(&state.pool, source, &intake.referral, now).await?;
    if created {
        tracing::info!(referral = %id, referrer = %referrer.id, "referral received through the referrer API");
    }
    let record = store::referrals::of_referrer(&state.pool, &referrer.id, &id).await?.ok_or(NO_SUCH_REFERRAL)?;
    let location =
        format!("{}{}/fhir/ServiceRequest/{id}", state.config.public_url.trim_end_matches('/'), crate::routes::PREFIX);
    let status = if created { StatusCode::CREATED } else { StatusCode::OK };
    let mut response = fhir(status, read_back(&record, &state.config.public_url));
    if let Ok(value) = header::HeaderValue::from_str(&location) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    Ok(response)
}

const NO_SUCH_REFERRAL: ApiError = ApiError::NotFound("There is no such referral among those you sent.");

/// `GET /api/v1/fhir/ServiceRequest/{id}`: the status of a referral this referrer sent.
#[utoipa::path(
    get,
    operation_id = "fhir_read_service_request",
    path = "/fhir/ServiceRequest/{id}",
    tag = "referrer API",
    params(("id" = String, Path, description = "The id Steady gave the referral (the end of its Location).")),
    security(("referrer_key" = [])),
    responses(
        (status = 200, description = "The ServiceRequest: status active, completed (accepted) or revoked (another outcome), with the outcome coded.", body = Object, content_type = "application/fhir+json"),
        (status = 404, response = openapi::NotFound),
    )
)]
pub async fn read_status(
    State(state): State<AppState>,
    Referrer(referrer): Referrer,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let record = store::referrals::of_referrer(&state.pool, &referrer.id, &id).await?.ok_or(NO_SUCH_REFERRAL)?;
    Ok(fhir(StatusCode::OK, read_back(&record, &state.config.public_url)))
}
