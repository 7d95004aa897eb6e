//! Serving the built PWA with caching that makes updates clean: Trunk's hashed files never change,
//! so they are cached for a year; `index.html`, the service worker and the manifest must be
//! revalidated on every visit, or a phone could keep an old app forever. Any path that is not a file
//! is a route inside the app and gets `index.html`; under `/staff` it is a route of Steady for staff
//! and gets `staff.html`.

use axum::body::Body;
use axum::http::{header, HeaderValue, Request};
use axum::middleware::Next;
use axum::response::Response;
use axum::Router;
use std::path::Path;
use tower_http::services::{ServeDir, ServeFile};

/// The router for everything outside `/api`.
pub fn router(dist: &Path) -> Router {
    let spa = ServeDir::new(dist).fallback(ServeFile::new(dist.join("index.html")));
    let staff = ServeDir::new(dist).append_index_html_on_directories(false).fallback(ServeFile::new(dist.join("staff.html")));
    Router::new()
        .nest_service("/staff", staff)
        .fallback_service(spa)
        .layer(axum::middleware::from_fn(cache_headers))
}

async fn cache_headers(request: Request<Body>, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let mut response = next.run(request).await;
    let value = cache_policy(&path);
    if response.status().is_success() {
        response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    }
    response
}

/// The `Cache-Control` for a path.
pub fn cache_policy(path: &str) -> &'static str {
    let file = path.rsplit('/').next().unwrap_or_default();
    if is_hashed(file) {
        "public, max-age=31536000, immutable"
    } else if file.starts_with("icon") || path.starts_with("/icons/") {
        "public, max-age=86400"
    } else {
        "no-cache"
    }
}

/// Trunk names built files `name-<hash>.ext` (and `name-<hash>_bg.wasm`), the hash a 64-bit number in
/// hex without leading zeros: 16 digits, rarely fewer. Ten or more tells it from names like `icon-192`.
fn is_hashed(file: &str) -> bool {
    let stem = file.split('.').next().unwrap_or_default().trim_end_matches("_bg");
    stem.rsplit_once('-')
        .is_some_and(|(_, hash)| (10..=16).contains(&hash.len()) && hash.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_assets_are_immutable_and_the_shell_is_revalidated() {
        assert_eq!(cache_policy("/steady-4c3bd2b8a7e0f1a9_bg.wasm"), "public, max-age=31536000, immutable");
        assert_eq!(cache_policy("/steady-4c3bd2b8a7e0f1a9.js"), "public, max-age=31536000, immutable");
        assert_eq!(cache_policy("/style-0123456789abcdef.css"), "public, max-age=31536000, immutable");
        assert_eq!(cache_policy("/steady-8bf7789edcc6daf_bg.wasm"), "public, max-age=31536000, immutable", "15 digits");
        assert_eq!(cache_policy("/icons/icon-192.png"), "public, max-age=86400");
        assert_eq!(cache_policy("/staff.html"), "no-cache");
        assert_eq!(cache_policy("/"), "no-cache");
        assert_eq!(cache_policy("/index.html"), "no-cache");
        assert_eq!(cache_policy("/sw.js"), "no-cache");
        assert_eq!(cache_policy("/manifest.webmanifest"), "no-cache");
        assert_eq!(cache_policy("/history"), "no-cache");
    }
}
