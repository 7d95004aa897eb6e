//! The JSON API, one module per resource.

pub mod sessions;

use crate::error::ApiError;
use axum::Router;
use sqlx::SqlitePool;

/// Everything `/api/v1` serves.
pub fn api(pool: SqlitePool) -> Router {
    Router::new()
        .route("/sessions", axum::routing::get(sessions::list))
        .fallback(|| async { ApiError::NotFound("There is no such API endpoint.") })
        .with_state(pool)
}
