//! My data: everything on the phone as JSON or CSV, and deleting it all (after a confirmation).

use crate::app::Route;
use crate::browser;
use crate::components::in_view::{use_feedback, InView};
use crate::hooks::use_app;
use steady_domain::export::{to_csv, ExportFile};
use yew::prelude::*;
use yew_router::prelude::*;

#[component]
pub fn MyData() -> Html {
    let app = use_app();
    let confirming = use_state(|| false);
    let message = use_feedback::<String>();
    let state = app.state();
    let count = state.journal.entries().len();

    let export_json = {
        let (app, message) = (app.clone(), message.clone());
        Callback::from(move |_: MouseEvent| {
            let state = app.state();
            let file = ExportFile {
                app: "Steady",
                format_version: 1,
                exported_at: browser::now(),
                entries: state.journal.entries(),
                unreadable_records: &state.unreadable,
            };
            let result = browser::pretty_json(&file)
                .and_then(|json| browser::download(&file_name("json"), "application/json", &json));
            match result {
                Ok(()) => message.clear(),
                Err(e) => message.show(format!("The file could not be made: {e:?}")),
            }
        })
    };
    let export_csv = {
        let (app, message) = (app.clone(), message.clone());
        Callback::from(move |_: MouseEvent| {
            let csv = to_csv(app.state().journal.entries());
            let result = browser::download(&file_name("csv"), "text/csv", &csv);
            match result {
                Ok(()) => message.clear(),
                Err(e) => message.show(format!("The file could not be made: {e:?}")),
            }
        })
    };
    let ask = {
        let c = confirming.clone();
        Callback::from(move |_: MouseEvent| c.set(true))
    };
    let cancel = {
        let c = confirming.clone();
        Callback::from(move |_: MouseEvent| c.set(false))
    };
    let delete = {
        let (app, confirming, message) = (app.clone(), confirming.clone(), message.clone());
        Callback::from(move |_: MouseEvent| {
            let (app, confirming, message) = (app.clone(), confirming.clone(), message.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match app.delete_everything().await {
                    Ok(()) => message.show("Everything has been deleted from this phone.".into()),
                    Err(e) => message.show(format!("Nothing was deleted. {e}")),
                }
                confirming.set(false);
            });
        })
    };
    let entries = if count == 1 { "1 entry".to_string() } else { format!("{count} entries") };
    html! {
        <>
            <h1>{ "My data" }</h1>
            <p>{ format!("Steady keeps your data on this phone. There are {entries} saved here.") }</p>
            <section class="card" aria-labelledby="sharing-title">
                <h2 id="sharing-title">{ "Sharing with your link worker" }</h2>
                <p>{ match (&state.sharing.link, state.sharing.on) {
                    (None, _) => "Nothing is shared. If you have a link worker, you can link your phone and choose to share.".to_string(),
                    (Some(link), false) => format!("Linked with {}. Sharing is off: nothing is sent.", link.link_worker_name),
                    (Some(link), true) => format!("Sharing is on with {}. Entries you keep private are never sent.", link.link_worker_name),
                } }</p>
                <Link<Route> to={Route::Sharing} classes="button button--secondary">{ "Sharing settings" }</Link<Route>>
            </section>
            <crate::pages::lock_settings::LockSettings />
            if let Some((m, shown)) = message.get() { <InView {shown} class="notice" role="status"><p>{ m }</p></InView> }
            <section class="card" aria-labelledby="export-title">
                <h2 id="export-title">{ "Download a copy" }</h2>
                <p>{ "Keep a copy, move to a new phone, or look at your entries in a spreadsheet." }</p>
                <div class="button-row">
                    <button type="button" class="button" onclick={export_json}>{ "Download as JSON" }</button>
                    <button type="button" class="button button--secondary" onclick={export_csv}>{ "Download as CSV" }</button>
                </div>
            </section>
            <section class="card" aria-labelledby="delete-title">
                <h2 id="delete-title">{ "Delete everything" }</h2>
                if *confirming {
                    <div class="warning" role="alert">
                        <p><strong>{ format!("This will delete all {entries} and your saved schedule from this phone. It cannot be undone.") }</strong></p>
                        if state.sharing.link.is_some() {
                            <p>{ "It also unlinks this phone. It does not delete what you have shared: to do that, turn off sharing first and choose to delete shared copies." }</p>
                        }
                        <p>{ "You may want to download a copy first." }</p>
                        <div class="button-row">
                            <button type="button" class="button button--warning" onclick={delete}>{ "Yes, delete everything" }</button>
                            <button type="button" class="button button--secondary" onclick={cancel}>{ "Cancel" }</button>
                        </div>
                    </div>
                } else {
                    <p>{ "Remove all your Steady data from this phone." }</p>
                    <button type="button" class="button button--warning" onclick={ask}>{ "Delete everything" }</button>
                }
            </section>
            <p class="hint">{ "Link worker or group leader? " }<a href="/staff">{ "Staff sign in" }</a></p>
        </>
    }
}

fn file_name(extension: &str) -> String {
    format!("steady-my-data-{}.{extension}", browser::now().uk_day())
}
