//! `use_app`: how pages read the shared state and ask for things to be done; and `use_in_view`, which
//! brings a result, error or confirmation into view.
//!
//! The handle `use_app` gives is the state to read plus the [`AppService`] (its actions, through
//! `Deref`), so a page never reaches storage or the network itself.

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

/// Feedback in view, as the NHS error summary pattern has it: whenever `shown` changes to something,
/// the element behind the returned ref (give it `tabindex="-1"`) is scrolled into view, as little as
/// needed, and focused, so a screen reader reads it out. Nothing happens when it changes to `None`.
///
/// ```text
/// let status = use_state(|| None::<String>);
/// let status_ref = use_in_view((*status).clone());
/// html! { <div ref={status_ref} tabindex="-1">{ for status.iter() }</div> }
/// ```
#[hook]
pub fn use_in_view<T: PartialEq + 'static>(shown: Option<T>) -> NodeRef {
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect_with(shown, move |shown| {
            if let Some(element) = shown.as_ref().and(node.cast::<web_sys::HtmlElement>()) {
                let options = web_sys::ScrollIntoViewOptions::new();
                options.set_block(web_sys::ScrollLogicalPosition::Nearest);
                element.scroll_into_view_with_scroll_into_view_options(&options);
                let _ = element.focus();
            }
        });
    }
    node
}

/// [`use_in_view`] for a form's outcome: the first ref for its error (shown above the form), the second
/// for its confirmation (shown below it).
#[hook]
pub fn use_outcome_in_view(outcome: &Option<Result<String, String>>) -> (NodeRef, NodeRef) {
    let problem = use_in_view(outcome.clone().and_then(Result::err));
    let done = use_in_view(outcome.clone().and_then(Result::ok));
    (problem, done)
}
