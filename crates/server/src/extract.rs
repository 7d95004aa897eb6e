//! Request extractors that turn every way a body can be wrong into the API's JSON errors.

use crate::error::ApiError;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use serde::de::DeserializeOwned;

/// Like `axum::Json`, but a bad body is a JSON error: 400 for broken JSON, 413 when too large,
/// 415 is folded into 400 with a clear message, 422 when the values break a rule or a field is unknown.
pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
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
