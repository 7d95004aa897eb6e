//! `use_app`: how pages read the shared state and ask for things to be done.
//!
//! The handle it gives is the state to read plus the [`AppService`] (its actions, through `Deref`), so a
//! page never reaches storage or the network itself.

use crate::service::AppService;
use crate::state::{Action, AppState};
use std::ops::Deref;
use yew::prelude::*;

/// A page's handle on the app.
///
/// ```text
/// let app = use_app();
/// let entries = app.state().journal.entries();
/// wasm_bindgen_futures::spawn_local(async move { app.save_entry(entry).await });
/// ```
#[derive(Clone, PartialEq)]
pub struct AppHandle {
    state: UseReducerHandle<AppState>,
    service: AppService,
}

impl AppHandle {
    /// The handle the root component provides: its state and the one service.
    pub fn new(state: UseReducerHandle<AppState>, service: AppService) -> Self {
        AppHandle { state, service }
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// For changes that are only on screen (closing the crisis card); anything stored goes through the
    /// service.
    pub fn dispatch(&self, action: Action) {
        self.state.dispatch(action);
    }
}

impl Deref for AppHandle {
    type Target = AppService;

    fn deref(&self) -> &AppService {
        &self.service
    }
}

#[hook]
pub fn use_app() -> AppHandle {
    use_context::<AppHandle>().expect("use_app is used inside <App>")
}
