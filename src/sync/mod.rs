//! Talking to Steady's server. The only module that makes HTTP calls.
//!
//! For now the phone only reads the schedule; nothing a participant records is sent anywhere.

use gloo::net::http::Request;
use steady_domain::api::{ApiError, SessionsResponse};

/// Why the schedule could not be fetched.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SyncError {
    #[error("No signal. Showing the schedule saved on this phone.")]
    Offline,
    #[error("{0}")]
    Server(String),
    #[error("The schedule from the server could not be read. Showing the one saved on this phone.")]
    Unreadable,
}

/// Fetches the next four weeks of sessions.
pub async fn fetch_schedule() -> Result<SessionsResponse, SyncError> {
    let response = Request::get("/api/v1/sessions").send().await.map_err(|_| SyncError::Offline)?;
    if !response.ok() {
        let message = match response.json::<ApiError>().await {
            Ok(e) => e.message,
            Err(_) if response.status() >= 500 => "The server is having a problem. Try again later.".into(),
            Err(_) => SyncError::Unreadable.to_string(),
        };
        return Err(SyncError::Server(message));
    }
    response.json::<SessionsResponse>().await.map_err(|_| SyncError::Unreadable)
}
