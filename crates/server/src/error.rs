//! The API's errors: each variant is one status code, with a stable `code` and a plain-English
//! `message` in the body `{ "code": ..., "message": ... }`. Database details are logged, never sent.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use steady_domain::api::ApiError as ErrorBody;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 400: the request could not be understood (bad JSON, bad query).
    #[error("{message}")]
    BadRequest { code: &'static str, message: String },
    /// 401: no valid sign-in or device token; the code says which.
    #[error("{message}")]
    Unauthorized { code: &'static str, message: &'static str },
    /// 403: signed in, but this role may not do this.
    #[error("You do not have permission to do this.")]
    Forbidden,
    /// 403: a signed-in staff write that did not come from Steady's own pages (see [`crate::csrf`]).
    #[error("This request did not come from Steady's own pages, so it was not carried out.")]
    CrossSite,
    /// 404: no such thing, or not one this caller may know about.
    #[error("{0}")]
    NotFound(&'static str),
    /// 405: the path exists, but not with this method; `Allow` lists the ones it has.
    #[error("This address does not accept that kind of request.")]
    MethodNotAllowed,
    /// 409: the request conflicts with the current state (a used or expired code).
    #[error("{message}")]
    Conflict { code: &'static str, message: &'static str },
    /// 413: the body is over the limit.
    #[error("This request is too large.")]
    TooLarge,
    /// 422: well-formed, but the values break a rule.
    #[error("{message}")]
    Unprocessable { code: &'static str, message: String },
    /// 429: too many attempts; try again after `retry_after_secs`.
    #[error("{message}")]
    TooManyAttempts { message: String, retry_after_secs: u64 },
    /// 500: something failed on our side; the details go to the log only.
    #[error("internal error: {0}")]
    Internal(String),
}

impl ApiError {
    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        ApiError::BadRequest { code, message: message.into() }
    }

    pub fn unprocessable(code: &'static str, message: impl Into<String>) -> Self {
        ApiError::Unprocessable { code, message: message.into() }
    }

    /// Logs an unexpected failure and hides its details from the client.
    pub fn internal(e: impl std::fmt::Display) -> Self {
        ApiError::Internal(e.to_string())
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> Self {
        ApiError::internal(e)
    }
}

impl From<crate::store::StoreError> for ApiError {
    fn from(e: crate::store::StoreError) -> Self {
        ApiError::internal(e)
    }
}

impl From<crate::secrets::RandomError> for ApiError {
    fn from(e: crate::secrets::RandomError) -> Self {
        ApiError::internal(e)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let message = self.to_string();
        let (status, code) = match &self {
            ApiError::BadRequest { code, .. } => (StatusCode::BAD_REQUEST, *code),
            ApiError::Unauthorized { code, .. } => (StatusCode::UNAUTHORIZED, *code),
            ApiError::Forbidden => (StatusCode::FORBIDDEN, "forbidden"),
            ApiError::CrossSite => (StatusCode::FORBIDDEN, "cross_site"),
            ApiError::NotFound(_) => (StatusCode::NOT_FOUND, "not_found"),
            ApiError::MethodNotAllowed => (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed"),
            ApiError::Conflict { code, .. } => (StatusCode::CONFLICT, *code),
            ApiError::TooLarge => (StatusCode::PAYLOAD_TOO_LARGE, "too_large"),
            ApiError::Unprocessable { code, .. } => (StatusCode::UNPROCESSABLE_ENTITY, *code),
            ApiError::TooManyAttempts { .. } => (StatusCode::TOO_MANY_REQUESTS, "too_many_attempts"),
            ApiError::Internal(detail) => {
                tracing::error!(error = %detail, "internal error");
                (StatusCode::INTERNAL_SERVER_ERROR, "internal")
            }
        };
        let message = match &self {
            ApiError::Internal(_) => "Something went wrong on our side. Please try again later.".to_string(),
            _ => message,
        };
        let mut response = (status, Json(ErrorBody { code: code.to_string(), message })).into_response();
        if let ApiError::TooManyAttempts { retry_after_secs, .. } = self {
            if let Ok(v) = HeaderValue::from_str(&retry_after_secs.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, v);
            }
        }
        response
    }
}
