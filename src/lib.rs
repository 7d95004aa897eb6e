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
    // The static loading shell in index.html painted while the .wasm downloaded; the app replaces it.
    if let Some(boot) = gloo::utils::document().get_element_by_id("boot") {
        boot.remove();
    }
    yew::Renderer::<app::App>::new().render();
}
