//! One line saying how sharing stands: "Sent to your link worker today at 10:02" or
//! "Waiting for signal (3 to send)". Shown only when sharing is on.

use crate::app::Route;
use crate::browser;
use crate::hooks::use_app;
use crate::router::*;
use crate::state::SyncStatus;
use yew::prelude::*;

/// The words for the current state of sharing.
pub fn status_line(status: &SyncStatus, waiting: usize, last_synced: Option<steady_domain::Timestamp>) -> String {
    match status {
        SyncStatus::Problem(message) => format!("Not sent: {message}"),
        SyncStatus::Sending if waiting > 0 => format!("Sending to your link worker… ({waiting} to send)"),
        _ if waiting > 0 => format!("Waiting for signal ({waiting} to send)"),
        _ => match last_synced {
            Some(at) => format!("Sent to your link worker {}", at.relative_label(browser::now())),
            None => "Sharing is on · nothing sent yet".to_string(),
        },
    }
}

#[derive(Properties, PartialEq)]
pub struct SharingStatusProps {
    /// Link to the sharing page (on pages other than it).
    #[prop_or(false)]
    pub link: bool,
}

#[component]
pub fn SharingStatus(props: &SharingStatusProps) -> Html {
    let app = use_app();
    let state = app.state();
    if !(state.sharing.on && state.sharing.link.is_some()) {
        return Html::default();
    }
    let line = status_line(&state.sync_status, state.outbox_len, state.sharing.last_synced_at);
    html! {
        <p class="sharing-status" role="status">
            { line }
            if props.link {
                { " · " }<Link<Route> to={Route::Sharing}>{ "Sharing settings" }</Link<Route>>
            }
        </p>
    }
}
