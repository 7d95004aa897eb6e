//! One way to call the API: JSON in, JSON out, parsed by the browser's own `JSON.parse` and decoded
//! with `serde_wasm_bindgen` (the decoder storage uses too, so the `.wasm` carries one, not two).

use serde::de::DeserializeOwned;
use serde::Serialize;
use steady_domain::api::ApiError;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// How a call failed.
#[derive(Debug, Clone, PartialEq)]
pub enum HttpError {
    /// No answer at all: no signal, or the server is down.
    Offline,
    /// The server answered with an error.
    Status { status: u16, code: String, message: String },
    /// The answer could not be read.
    Unreadable,
}

impl HttpError {
    /// Worth trying again later (no signal, or a server-side problem).
    pub fn is_transient(&self) -> bool {
        matches!(self, HttpError::Offline)
            || matches!(self, HttpError::Status { status, .. } if *status >= 500 || *status == 429)
    }

    /// A sentence for a person.
    pub fn message(&self) -> String {
        match self {
            HttpError::Offline => "No signal. Steady will try again when you are back online.".into(),
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
        init.set_body(&JsValue::from_str(&crate::browser::json(body).map_err(|_| HttpError::Unreadable)?));
    }
    init.set_headers(&headers);
    let promise = gloo::utils::window().fetch_with_str_and_init(path, &init);
    let response: web_sys::Response =
        JsFuture::from(promise).await.map_err(|_| HttpError::Offline)?.dyn_into().map_err(|_| HttpError::Unreadable)?;
    let status = response.status();
    let text = match response.text() {
        Ok(promise) => JsFuture::from(promise).await.ok().and_then(|t| t.as_string()).unwrap_or_default(),
        Err(_) => String::new(),
    };
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
        Some(json) => serde_wasm_bindgen::from_value(json).map(Some).map_err(|_| HttpError::Unreadable),
    }
}
