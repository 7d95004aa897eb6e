//! The JSON messages the PWA and the server exchange, so both sides agree on their shape.

use crate::group::Session;
use crate::time::Timestamp;
use serde::{Deserialize, Serialize};

/// `GET /api/v1/sessions?from=&to=`: the sessions starting in the range, earliest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionsResponse {
    pub from: Timestamp,
    pub to: Timestamp,
    pub sessions: Vec<Session>,
}

/// Every API error's body: a stable code for programs and a sentence for people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiError {
    pub code: String,
    pub message: String,
}

/// The longest range one schedule request may ask for.
pub const SESSIONS_MAX_RANGE_DAYS: i64 = 92;
/// The range the app asks for: the schedule it keeps for offline use.
pub const SESSIONS_DEFAULT_DAYS: i64 = 28;
