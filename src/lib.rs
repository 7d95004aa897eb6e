//! Steady's Progressive Web App: a participant's offline-first companion for social prescribing.
//!
//! Data flows one way: a page parses input into a domain type and asks for it through
//! [`hooks::use_app`]; the [`service`] saves it through [`storage`] (IndexedDB) and updates the shared
//! [`state`]; [`sync`] is the only door to the network, and its engine sends what waits in the outbox.

pub mod app;
pub mod browser;
pub mod components;
pub mod hooks;
pub mod lock;
pub mod pages;
pub mod router;
pub mod service;
pub mod staff;
pub mod state;
pub mod storage;
pub mod sync;

/// Starts the participant's app in the page's `<body>`.
pub fn run() {
    browser::register_service_worker();
    // Someone who tapped "Get help now" in index.html's loading shell is reading the crisis numbers:
    // the app opens on its own "Get help now" page rather than taking them away.
    let window = gloo::utils::window();
    if window.location().hash().is_ok_and(|hash| hash == "#get-help") {
        let _ = gloo::utils::history().replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some("/support"));
    }
    // The start-up script in index.html (Trunk.toml's pattern_script) fetches the .wasm only after the
    // loading shell's first frame, so the shell has always been seen when the app takes its place.
    yew::Renderer::<app::App>::new().render();
}
