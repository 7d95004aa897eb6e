//! Request extractors that turn every way a body can be wrong into the API's JSON errors.

use crate::error::ApiError;
use axum::body::{Body, Bytes};
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use axum::http::header::CONTENT_TYPE;
use serde::de::DeserializeOwned;

/// Like `axum::Json`, but a bad body is a JSON error: 400 for broken JSON, 413 when too large,
/// 415 is folded into 400 with a clear message, 422 when the values break a rule or a field is unknown.
/// Every request body is a JSON object: serde would also read a struct from an array of its fields in
/// order (`["Sam R", "probation", …]`), which the API does not document, so anything else is 422.
pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let (parts, body) = req.into_parts();
        let bytes = match Bytes::from_request(Request::from_parts(parts.clone(), body), state).await {
            Ok(bytes) => bytes,
            Err(e) if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE => return Err(ApiError::TooLarge),
            Err(e) => return Err(ApiError::bad_request("unreadable_body", e.body_text())),
        };
        let says_json =
            parts.headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("json"));
        if says_json && bytes.iter().find(|b| !b.is_ascii_whitespace()).is_some_and(|&first| first != b'{') {
            return Err(ApiError::unprocessable("not_an_object", "Send the request body as a JSON object ({ … })."));
        }
        match axum::Json::<T>::from_request(Request::from_parts(parts, Body::from(bytes)), state).await {
            Ok(axum::Json(value)) => Ok(ApiJson(value)),
            Err(rejection) => Err(match rejection {
                JsonRejection::JsonDataError(e) => {
                    ApiError::unprocessable("invalid_fields", data_error(&e.body_text()))
                }
                JsonRejection::JsonSyntaxError(_) => {
                    ApiError::bad_request("invalid_json", "The request body is not valid JSON.")
                }
                JsonRejection::MissingJsonContentType(_) => {
                    ApiError::bad_request("not_json", "Send the request body as JSON (Content-Type: application/json).")
                }
                JsonRejection::BytesRejection(e) if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE => {
                    ApiError::TooLarge
                }
                other => ApiError::bad_request("unreadable_body", other.body_text()),
            }),
        }
    }
}

/// Serde's message, minus axum's prefix, as one sentence.
fn data_error(text: &str) -> String {
    let detail = text.split_once(": ").map(|(_, rest)| rest).unwrap_or(text);
    let detail = detail.trim_end_matches('.');
    format!("Some values in the request are not allowed: {detail}.")
}
