//! The PWA's files: hashed assets cached for good, the shell and service worker always revalidated,
//! app routes answered with the shell.

use crate::helpers::spawn_app;

#[tokio::test]
async fn hashed_assets_are_immutable_and_the_shell_is_not_cached() {
    let app = spawn_app().await;
    let wasm = app.get("/steady-0123456789abcdef_bg.wasm").await;
    assert_eq!(wasm.status(), 200);
    assert_eq!(wasm.headers()["cache-control"], "public, max-age=31536000, immutable");
    // Without this type the browser cannot compile the .wasm while it downloads.
    assert_eq!(wasm.headers()["content-type"], "application/wasm");
    for path in ["/", "/index.html", "/sw.js"] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(response.headers()["cache-control"], "no-cache", "{path}");
    }
}

#[tokio::test]
async fn files_go_compressed_to_browsers_that_accept_it_and_plain_to_others() {
    let app = spawn_app().await;
    let wasm = "steady-0123456789abcdef_bg.wasm";
    std::fs::write(app.dist.join(format!("{wasm}.br")), b"brotli bytes").unwrap();
    std::fs::write(app.dist.join(format!("{wasm}.gz")), b"gzip bytes").unwrap();
    std::fs::write(app.dist.join("index.html.br"), b"brotli shell").unwrap();
    let fetch = |path: &'static str, accepts: &'static str| {
        let request = app.client.get(app.url(path)).header("accept-encoding", accepts);
        async move { request.send().await.unwrap() }
    };
    for (path, accepts, encoding, body) in [
        ("/steady-0123456789abcdef_bg.wasm", "gzip, deflate, br", Some("br"), &b"brotli bytes"[..]),
        ("/steady-0123456789abcdef_bg.wasm", "gzip", Some("gzip"), b"gzip bytes"),
        ("/steady-0123456789abcdef_bg.wasm", "identity", None, b"\0asm"),
        ("/history", "br", Some("br"), b"brotli shell"),
    ] {
        let response = fetch(path, accepts).await;
        assert_eq!(response.status(), 200, "{path} {accepts}");
        let headers = response.headers().clone();
        assert_eq!(headers.get("content-encoding").map(|v| v.to_str().unwrap()), encoding, "{path} {accepts}");
        assert_eq!(headers["vary"], "accept-encoding", "{path}");
        let bytes = response.bytes().await.unwrap();
        assert_eq!(&bytes[..], body, "{path} {accepts}");
    }
}

#[tokio::test]
async fn app_routes_get_the_shell_so_deep_links_work() {
    let app = spawn_app().await;
    let response = app.get("/history").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["x-content-type-options"], "nosniff");
    let body = response.text().await.expect("text");
    assert_eq!(body, std::fs::read_to_string(app.dist.join("index.html")).expect("index"));
}

#[tokio::test]
async fn staff_routes_get_the_staff_app_and_participants_never_do() {
    let app = spawn_app().await;
    for path in ["/staff", "/staff/caseload", "/staff/participants/abc"] {
        let body = app.get(path).await.text().await.expect("text");
        assert!(body.contains("Steady for staff"), "{path}");
    }
    let home = app.get("/").await.text().await.expect("text");
    assert!(!home.contains("Steady for staff"));
    let wasm = app.get("/steady-0123456789abcdef_bg.wasm").await;
    assert_eq!(wasm.status(), 200, "assets are at the root for both apps");
}

#[tokio::test]
async fn every_response_carries_the_security_headers_and_no_cors() {
    let app = spawn_app().await;
    for path in ["/", "/api/v1/sessions", "/api/v1/nothing"] {
        let response =
            app.client.get(app.url(path)).header("Origin", "https://evil.example").send().await.expect("sent");
        let headers = response.headers();
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(headers["referrer-policy"], "no-referrer", "{path}");
        assert_eq!(headers["x-frame-options"], "DENY", "{path}");
        let csp = headers["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("frame-ancestors 'none'") && csp.starts_with("default-src 'self'"), "{path}: {csp}");
        assert!(!headers.contains_key("access-control-allow-origin"), "{path}: CORS stays closed");
        // The style sheet inlined into the shell is allowed by its hash (sha256 of "body { margin: 0; }").
        assert!(
            csp.contains("style-src 'self' 'sha256-Pme0qVBbJGACcvHOa2d2xK4uveiPdlWdSipR9gLYAMQ='"),
            "{path}: {csp}"
        );
    }
}

#[tokio::test]
async fn large_api_answers_go_compressed_and_small_ones_plain() {
    let app = spawn_app().await;
    let large = app.client.get(app.url("/api/v1/openapi.json")).header("accept-encoding", "br").send().await.unwrap();
    assert_eq!(large.headers()["content-encoding"], "br");
    let plain = app.client.get(app.url("/api/v1/openapi.json")).send().await.unwrap();
    assert!(!plain.headers().contains_key("content-encoding"), "only when the client accepts it");
    let body: serde_json::Value = plain.json().await.unwrap();
    assert!(body["paths"].is_object());
    let small = app.client.get(app.url("/api/v1/nothing")).header("accept-encoding", "br").send().await.unwrap();
    assert!(!small.headers().contains_key("content-encoding"), "a short error is not worth compressing");
}
