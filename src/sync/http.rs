//! One way to call the API: JSON in, JSON out, parsed by the browser's own `JSON.parse` and decoded
//! with `serde_wasm_bindgen` (the decoder storage uses too, so the `.wasm` carries one, not two).
//!
//! Every call has a time limit ([`DEFAULT_TIMEOUT_MS`]): on a weak signal a request can hang for minutes,
//! and while it hangs nothing behind it moves. When the limit passes, the request is aborted (through an
//! `AbortController`) and fails as [`HttpError::TimedOut`], which callers retry like no signal.

use serde::de::DeserializeOwned;
use serde::Serialize;
use std::cell::Cell;
use steady_domain::api::ApiError;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// How long a call may take, from sending to the last byte of the answer.
pub const DEFAULT_TIMEOUT_MS: u32 = 20_000;

thread_local! {
    static TIMEOUT_MS: Cell<u32> = const { Cell::new(DEFAULT_TIMEOUT_MS) };
}

/// Changes the time limit for calls made from now on (tests use a short one).
pub fn set_timeout_ms(ms: u32) {
    TIMEOUT_MS.with(|t| t.set(ms));
}

/// How a call failed.
#[derive(Debug, Clone, PartialEq)]
pub enum HttpError {
    /// No answer at all: no signal, or the server is down.
    Offline,
    /// No full answer within the time limit, so the call was abandoned.
    TimedOut,
    /// The server answered with an error.
    Status { status: u16, code: String, message: String },
    /// The answer could not be read.
    Unreadable,
}

impl HttpError {
    /// Worth trying again later (no signal, or a server-side problem).
    pub fn is_transient(&self) -> bool {
        matches!(self, HttpError::Offline | HttpError::TimedOut)
            || matches!(self, HttpError::Status { status, .. } if *status >= 500 || *status == 429)
    }

    /// A sentence for a person.
    pub fn message(&self) -> String {
        match self {
            HttpError::Offline => "No signal. Steady will try again when you are back online.".into(),
            HttpError::TimedOut => "The server took too long to answer. Steady will try again.".into(),
            HttpError::Status { status, .. } if *status >= 500 => {
                "The server is having a problem. Steady will try again later.".into()
            }
            HttpError::Status { message, .. } => message.clone(),
            HttpError::Unreadable => "The answer from the server could not be read.".into(),
        }
    }
}

/// Sends a request; `Ok(None)` when the answer has no body (204, or 201 with nothing to say).
pub async fn call<T: DeserializeOwned>(
    method: &str,
    path: &str,
    bearer: Option<&str>,
    body: Option<&impl Serialize>,
) -> Result<Option<T>, HttpError> {
    let body = body.map(crate::browser::json).transpose().map_err(|_| HttpError::Unreadable)?;
    match send(method, path, bearer, body.as_deref()).await? {
        None => Ok(None),
        Some(json) => serde_wasm_bindgen::from_value(json).map(Some).map_err(|_| HttpError::Unreadable),
    }
}

/// The part of [`call`] that does not depend on the types, kept apart so the `.wasm` holds it once.
async fn send(
    method: &str,
    path: &str,
    bearer: Option<&str>,
    body: Option<&str>,
) -> Result<Option<JsValue>, HttpError> {
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    init.set_credentials(web_sys::RequestCredentials::SameOrigin);
    let headers = web_sys::Headers::new().map_err(|_| HttpError::Unreadable)?;
    headers.set("Accept", "application/json").map_err(|_| HttpError::Unreadable)?;
    if let Some(token) = bearer {
        headers.set("Authorization", &format!("Bearer {token}")).map_err(|_| HttpError::Unreadable)?;
    }
    if let Some(body) = body {
        headers.set("Content-Type", "application/json").map_err(|_| HttpError::Unreadable)?;
        init.set_body(&JsValue::from_str(body));
    }
    init.set_headers(&headers);
    let controller = web_sys::AbortController::new().map_err(|_| HttpError::Unreadable)?;
    init.set_signal(Some(&controller.signal()));
    let abort = controller.clone();
    // Dropped (so cancelled) when this function returns.
    let _deadline = gloo::timers::callback::Timeout::new(TIMEOUT_MS.with(Cell::get), move || abort.abort());
    let failed = |_| if controller.signal().aborted() { HttpError::TimedOut } else { HttpError::Offline };
    let promise = gloo::utils::window().fetch_with_str_and_init(path, &init);
    let response: web_sys::Response =
        JsFuture::from(promise).await.map_err(failed)?.dyn_into().map_err(|_| HttpError::Unreadable)?;
    let status = response.status();
    let text = response.text().map_err(|_| HttpError::Unreadable)?;
    let text = JsFuture::from(text).await.map_err(failed)?.as_string().unwrap_or_default();
    let json = (!text.is_empty()).then(|| js_sys::JSON::parse(&text).ok()).flatten();
    if !response.ok() {
        let error = json.and_then(|j| serde_wasm_bindgen::from_value::<ApiError>(j).ok());
        return Err(match error {
            Some(e) => HttpError::Status { status, code: e.code, message: e.message },
            None => {
                HttpError::Status { status, code: String::new(), message: format!("The server answered {status}.") }
            }
        });
    }
    match json {
        None if text.is_empty() => Ok(None),
        None => Err(HttpError::Unreadable),
        json => Ok(json),
    }
}
