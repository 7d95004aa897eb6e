//! Cross-site request forgery, refused in depth. A state-changing request that carries the staff
//! session cookie is carried out only when it comes from Steady's own pages: its `Origin` is the
//! public URL's, or, where a browser sends no `Origin`, `Sec-Fetch-Site` says `same-origin` or `none`
//! (typed by the user). SameSite=Strict already keeps the cookie off cross-site requests in today's
//! browsers; this holds where it would not (older browsers, a sibling host on the same site).
//! Phones send a bearer token, which no browser adds by itself, so their API is not affected.

use crate::auth::staff_session_token;
use crate::error::ApiError;
use axum::extract::{Request, State};
use axum::http::header::ORIGIN;
use axum::http::{HeaderMap, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

/// The scheme, host and port of the public URL, as a browser writes it in `Origin`.
#[derive(Debug, Clone)]
pub struct PublicOrigin(Arc<str>);

impl PublicOrigin {
    /// From the public URL (`https://steady.example.nhs.uk/app` gives `https://steady.example.nhs.uk`).
    pub fn of(public_url: &str) -> Self {
        let url = public_url.trim().to_ascii_lowercase();
        let after_scheme = url.find("://").map_or(0, |i| i + 3);
        let end = url[after_scheme..].find('/').map_or(url.len(), |i| after_scheme + i);
        PublicOrigin(url[..end].into())
    }

    /// Whether a request with these headers comes from Steady's own pages.
    fn sent(&self, headers: &HeaderMap) -> bool {
        match headers.get(ORIGIN) {
            Some(origin) => origin.to_str().is_ok_and(|o| o.eq_ignore_ascii_case(&self.0)),
            None => headers
                .get("sec-fetch-site")
                .and_then(|v| v.to_str().ok())
                .is_some_and(|site| site == "same-origin" || site == "none"),
        }
    }
}

/// Refuses (403 `cross_site`) a state-changing request with the staff cookie from anywhere else.
pub async fn refuse_cross_site_staff_writes(
    State(origin): State<PublicOrigin>,
    request: Request,
    next: Next,
) -> Response {
    let writes = !matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if writes && staff_session_token(request.headers()).is_some() && !origin.sent(request.headers()) {
        tracing::warn!(method = %request.method(), path = %request.uri().path(), "cross-site staff write refused");
        return ApiError::CrossSite.into_response();
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        pairs.iter().map(|(k, v)| (axum::http::HeaderName::from_static(k), HeaderValue::from_static(v))).collect()
    }

    #[test]
    fn the_public_origin_is_scheme_host_and_port() {
        assert_eq!(&*PublicOrigin::of("https://Steady.example/app/").0, "https://steady.example");
        assert_eq!(&*PublicOrigin::of("http://127.0.0.1:8080").0, "http://127.0.0.1:8080");
    }

    #[test]
    fn only_own_pages_pass() {
        let own = PublicOrigin::of("https://steady.example");
        assert!(own.sent(&headers(&[("origin", "https://steady.example")])));
        assert!(!own.sent(&headers(&[("origin", "https://evil.example"), ("sec-fetch-site", "same-origin")])));
        assert!(own.sent(&headers(&[("sec-fetch-site", "same-origin")])));
        assert!(own.sent(&headers(&[("sec-fetch-site", "none")])));
        assert!(!own.sent(&headers(&[("sec-fetch-site", "cross-site")])));
        assert!(!own.sent(&headers(&[])), "neither header: not shown to be ours");
    }

    #[test]
    fn the_staff_cookie_is_found_among_others() {
        assert!(staff_session_token(&headers(&[("cookie", "a=1; steady_staff=xyz")])).is_some());
        assert!(staff_session_token(&headers(&[("cookie", "steady_staffing=1; b=2")])).is_none());
    }
}
