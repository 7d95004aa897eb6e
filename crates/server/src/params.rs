//! Query-string values that several endpoints read the same way.

use crate::error::ApiError;
use steady_domain::{Day, Timestamp};

/// Parses the bound `name` of a time range: an RFC 3339 date-time, or a date meaning the start of
/// that day in the UK.
pub fn parse_bound(name: &'static str, text: &str) -> Result<Timestamp, ApiError> {
    Timestamp::parse(text).ok().or_else(|| Day::parse(text).map(|d| Timestamp::from_uk(d, 0, 0))).ok_or_else(|| {
        ApiError::bad_request(
            if name == "from" { "invalid_from" } else { "invalid_to" },
            format!("'{name}' must be a date like 2026-11-25 or a date and time like 2026-11-25T10:00:00Z."),
        )
    })
}
