//! Serving the built PWA with caching that makes updates clean: Trunk's hashed files never change,
//! so they are cached for a year; `index.html`, the service worker and the manifest must be
//! revalidated on every visit, or a phone could keep an old app forever. Any path that is not a file
//! is a route inside the app and gets `index.html`; under `/staff` it is a route of Steady for staff
//! and gets `staff.html`.
//!
//! Every file is sent compressed when the browser accepts it: the build writes a brotli (`.br`) and a
//! gzip (`.gz`) copy beside each one (scripts/compress.mjs), so nothing is compressed per request.

use axum::body::Body;
use axum::http::{header, HeaderValue, Request};
use axum::middleware::Next;
use axum::response::Response;
use axum::Router;
use sha2::{Digest, Sha256};
use std::path::Path;
use tower_http::services::{ServeDir, ServeFile};

/// The router for everything outside `/api`.
pub fn router(dist: &Path) -> Router {
    let shell = |page: &str| ServeFile::new(dist.join(page)).precompressed_br().precompressed_gzip();
    let files = || ServeDir::new(dist).precompressed_br().precompressed_gzip();
    let spa = files().fallback(shell("index.html"));
    let staff = files().append_index_html_on_directories(false).fallback(shell("staff.html"));
    Router::new().nest_service("/staff", staff).fallback_service(spa).layer(axum::middleware::from_fn(cache_headers))
}

async fn cache_headers(request: Request<Body>, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let mut response = next.run(request).await;
    let value = cache_policy(&path);
    if response.status().is_success() {
        let headers = response.headers_mut();
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
        // The same URL is sent brotli, gzip or plain by what the browser accepts: caches must know.
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    response
}

/// The Content-Security-Policy for the whole site: scripts only from this origin, plus the inline
/// start-up scripts Trunk writes into `index.html` and `staff.html`; styles from this origin plus the
/// style sheet inlined into both pages (so their first paint waits for no other file). Inline code is
/// allowed by its SHA-256 hash, read from the built files at start, so they always match; no framing,
/// no plugins.
pub fn content_security_policy(dist: &Path) -> String {
    let pages: Vec<String> =
        ["index.html", "staff.html"].iter().filter_map(|page| std::fs::read_to_string(dist.join(page)).ok()).collect();
    let hashes = |tag: &str| -> String {
        let mut hashes: Vec<String> = pages
            .iter()
            .flat_map(|html| inline_bodies(html, tag))
            .map(|body| {
                let digest = Sha256::digest(body.as_bytes());
                format!(" 'sha256-{}'", base64::Engine::encode(&base64::engine::general_purpose::STANDARD, digest))
            })
            .collect();
        hashes.sort();
        hashes.dedup();
        hashes.concat()
    };
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{}; style-src 'self'{}; img-src 'self' data:; \
         connect-src 'self'; font-src 'self'; manifest-src 'self'; worker-src 'self'; object-src 'none'; \
         base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        hashes("script"),
        hashes("style")
    )
}

/// The text of every `<tag>` element without a `src`, exactly as the browser hashes it.
fn inline_bodies<'a>(html: &'a str, tag: &str) -> Vec<&'a str> {
    let (open_tag, close_tag) = (format!("<{tag}"), format!("</{tag}>"));
    let mut bodies = Vec::new();
    let mut rest = html;
    while let Some(open) = rest.find(&open_tag) {
        let after_tag = &rest[open..];
        let Some(tag_end) = after_tag.find('>') else { break };
        let attributes = &after_tag[..tag_end];
        let body = &after_tag[tag_end + 1..];
        let Some(close) = body.find(&close_tag) else { break };
        if !attributes.contains(" src=") {
            bodies.push(&body[..close]);
        }
        rest = &body[close..];
    }
    bodies
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
    fn inline_scripts_are_allowed_by_hash_and_nothing_else_inline() {
        let dir = std::env::temp_dir().join(format!("steady-csp-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("index.html"),
            "<head><script src=\"/a.js\"></script><script type=\"module\">start();</script></head>",
        )
        .unwrap();
        let csp = content_security_policy(&dir);
        // base64(sha256("start();"))
        let expected = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, Sha256::digest(b"start();"));
        assert!(csp.contains(&format!("script-src 'self' 'wasm-unsafe-eval' 'sha256-{expected}';")), "{csp}");
        assert!(csp.contains("frame-ancestors 'none'") && csp.contains("object-src 'none'"));
        assert!(!csp.contains("unsafe-inline"));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_inlined_style_sheet_is_allowed_by_hash_and_no_other_inline_style() {
        let dir = std::env::temp_dir().join(format!("steady-csp-style-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("index.html"), "<head><style>body { margin: 0; }</style></head>").unwrap();
        std::fs::write(dir.join("staff.html"), "<head><style>body { margin: 0; }</style></head>").unwrap();
        let csp = content_security_policy(&dir);
        let expected =
            base64::Engine::encode(&base64::engine::general_purpose::STANDARD, Sha256::digest(b"body { margin: 0; }"));
        // Both pages inline the same sheet: one hash, once.
        assert!(csp.contains(&format!("style-src 'self' 'sha256-{expected}';")), "{csp}");
        assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval';"), "no inline script, no script hash: {csp}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

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
