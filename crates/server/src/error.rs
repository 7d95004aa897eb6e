//! The API's errors: each variant is one status code and one stable `code`, and the body is always
//! `{ "code": ..., "message": ... }` in plain English. Database details are logged, never sent.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use steady_domain::api::ApiError as ErrorBody;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 400: the request's parameters or body could not be understood.
    #[error("{message}")]
    BadRequest { code: &'static str, message: String },
    /// 404: no such resource.
    #[error("{0}")]
    NotFound(&'static str),
    /// 500: something failed on our side; the details go to the log only.
    #[error("internal error: {0}")]
    Internal(#[from] sqlx::Error),
}

impl ApiError {
    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        ApiError::BadRequest { code, message: message.into() }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code, message) = match self {
            ApiError::BadRequest { code, message } => (StatusCode::BAD_REQUEST, code, message),
            ApiError::NotFound(message) => (StatusCode::NOT_FOUND, "not_found", message.to_string()),
            ApiError::Internal(e) => {
                tracing::error!(error = %e, "database error");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    "Something went wrong on our side. Please try again later.".to_string(),
                )
            }
        };
        (status, Json(ErrorBody { code: code.to_string(), message })).into_response()
    }
}
