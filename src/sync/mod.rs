//! Talking to Steady's server. The only module that makes HTTP calls.
//!
//! The participant's side: the schedule, linking a phone, pushing the outbox, withdrawing shared
//! data. Nothing is sent unless the participant linked their phone and turned sharing on; that rule is
//! [`crate::storage::SharingSettings::shares`], which decides what reaches the outbox, and [`engine`]
//! sends it. Staff calls are in [`staff`].

pub mod engine;
pub mod http;
pub mod staff;

use http::{call, HttpError};
use steady_domain::api::SessionsResponse;
use steady_domain::attendance::SessionCode;
use steady_domain::enrolment::{PairRequest, Paired, PairingCode};
use steady_domain::sync::{SyncBatch, SyncResponse, WithdrawResponse};
use steady_domain::Session;

const NO_BODY: Option<&()> = None;

/// Why the schedule could not be fetched.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SyncError {
    #[error("No signal. Showing the schedule saved on this phone.")]
    Offline,
    #[error("{0}")]
    Server(String),
}

/// Fetches the next four weeks of sessions.
pub async fn fetch_schedule() -> Result<SessionsResponse, SyncError> {
    match call::<SessionsResponse>("GET", "/api/v1/sessions", None, NO_BODY).await {
        Ok(Some(schedule)) => Ok(schedule),
        Err(HttpError::Offline) => Err(SyncError::Offline),
        Err(e) => Err(SyncError::Server(format!("{} Showing the schedule saved on this phone.", e.message()))),
        Ok(None) => Err(SyncError::Server(HttpError::Unreadable.message())),
    }
}

/// Exchanges a linking code for a device token.
pub async fn pair(code: PairingCode) -> Result<Paired, HttpError> {
    call("POST", "/api/v1/pair", None, Some(&PairRequest { code })).await?.ok_or(HttpError::Unreadable)
}

/// Sends a batch of changes.
pub async fn push(token: &str, batch: &SyncBatch) -> Result<SyncResponse, HttpError> {
    call("POST", "/api/v1/sync", Some(token), Some(batch)).await?.ok_or(HttpError::Unreadable)
}

/// Asks the server to delete everything this phone shared.
pub async fn withdraw(token: &str) -> Result<WithdrawResponse, HttpError> {
    call("DELETE", "/api/v1/sync/shared", Some(token), NO_BODY).await?.ok_or(HttpError::Unreadable)
}

/// Whether this phone's link still stands (a 401 when the link worker ended it).
pub async fn device_status(token: &str) -> Result<(), HttpError> {
    call::<serde::de::IgnoredAny>("GET", "/api/v1/device", Some(token), NO_BODY).await.map(|_| ())
}

/// Whether a 401 means the link was ended (or never existed).
pub fn link_ended(e: &HttpError) -> bool {
    matches!(e, HttpError::Status { status: 401, .. })
}

/// Joins this participant to a group (`join = true`), or takes them off it.
pub async fn join_group(token: &str, group_id: &str, join: bool) -> Result<(), HttpError> {
    let method = if join { "POST" } else { "DELETE" };
    call::<()>(method, &format!("/api/v1/groups/{group_id}/join"), Some(token), NO_BODY).await.map(|_| ())
}

/// Checks in with the code the group leader shows; answers with the session.
pub async fn check_in_with_code(token: &str, code: &SessionCode) -> Result<Session, HttpError> {
    #[derive(serde::Serialize)]
    struct Body<'a> {
        code: &'a SessionCode,
    }
    call("POST", "/api/v1/check-in-code", Some(token), Some(&Body { code })).await?.ok_or(HttpError::Unreadable)
}
