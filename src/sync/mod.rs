//! Talking to Steady's server. The only module that makes HTTP calls.
//!
//! For now the phone only reads the schedule; nothing a participant records is sent anywhere.
//! Responses are parsed by the browser's own `JSON.parse` and decoded with `serde_wasm_bindgen`, the
//! same decoder the storage layer uses, so the `.wasm` carries one JSON decoder, not two.

use serde::de::DeserializeOwned;
use steady_domain::api::{ApiError, SessionsResponse};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

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
    let promise = gloo::utils::window().fetch_with_str("/api/v1/sessions");
    let response: web_sys::Response = JsFuture::from(promise)
        .await
        .map_err(|_| SyncError::Offline)?
        .dyn_into()
        .map_err(|_| SyncError::Unreadable)?;
    if !response.ok() {
        let message = match json_body::<ApiError>(&response).await {
            Ok(e) => e.message,
            Err(_) if response.status() >= 500 => "The server is having a problem. Try again later.".into(),
            Err(e) => e.to_string(),
        };
        return Err(SyncError::Server(message));
    }
    json_body(&response).await
}

async fn json_body<T: DeserializeOwned>(response: &web_sys::Response) -> Result<T, SyncError> {
    let promise = response.json().map_err(|_| SyncError::Unreadable)?;
    let value = JsFuture::from(promise).await.map_err(|_| SyncError::Unreadable)?;
    serde_wasm_bindgen::from_value(value).map_err(|_| SyncError::Unreadable)
}
