//! One line saying how sharing stands: "Sent to your link worker today at 10:02" or
//! "Waiting for signal (3 to send)". Shown only when sharing is on.

use crate::app::Route;
use crate::browser;
use crate::hooks::AppHandle;
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

/// The line, with a link to the sharing page drawn with `navigator` when given (on pages other than
/// it). A plain function, not a component: it keeps no state (see
/// [`crate::components::link_ended::link_ended`]).
pub fn sharing_status(app: &AppHandle, navigator: Option<&Navigator>) -> Html {
    let state = app.state();
    if !(state.sharing.on && state.sharing.link.is_some()) {
        return Html::default();
    }
    let line = status_line(&state.sync_status, state.outbox_len, state.sharing.last_synced_at);
    html! {
        <p class="sharing-status" role="status">
            { line }
            if let Some(navigator) = navigator {
                { " · " }{ link(navigator, &Route::Sharing, "", html! { "Sharing settings" }) }
            }
        </p>
    }
}
