//! My data: a copy of everything on the phone (to keep, or for a spreadsheet), restoring a copy, and
//! deleting it all, with the shared copies if the person wants (after a confirmation).

use crate::app::Route;
use crate::browser;
use crate::components::in_view::{use_feedback, InView};
use crate::hooks::use_app;
use crate::router::*;
use steady_domain::backup::{self, entries};
use steady_domain::export::{to_csv, ExportFile};
use yew::prelude::*;

#[component]
pub fn MyData() -> Html {
    let app = use_app();
    let confirming = use_state(|| false);
    let navigator = use_navigator();
    let message = use_feedback::<String>();
    let state = app.state();
    let count = state.journal.entries().len();

    let export_json = {
        let (app, message) = (app.clone(), message.clone());
        Callback::from(move |_: MouseEvent| {
            let state = app.state();
            let file = ExportFile {
                app: backup::APP,
                format_version: backup::FORMAT_VERSION,
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
    let delete = |delete_shared: bool| {
        let (app, confirming, message) = (app.clone(), confirming.clone(), message.clone());
        Callback::from(move |_: MouseEvent| {
            let (app, confirming, message) = (app.clone(), confirming.clone(), message.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match app.delete_everything(delete_shared).await {
                    Ok(()) if delete_shared => message.show(
                        "Everything has been deleted from this phone. Steady is asking for the copies you shared to be deleted too. This phone stays linked, with sharing off, until that is done.".into(),
                    ),
                    Ok(()) => message.show("Everything has been deleted from this phone.".into()),
                    Err(e) => message.show(format!("Nothing was deleted. {e}")),
                }
                confirming.set(false);
            });
        })
    };
    let entries = entries(count);
    let linked = state.sharing.link.is_some();
    html! {
        <>
            <h1>{ "My data" }</h1>
            <p>{ format!("Steady keeps your data on this phone. There {} {entries} saved here.", if count == 1 { "is" } else { "are" }) }</p>
            <section class="card" aria-labelledby="sharing-title">
                <h2 id="sharing-title">{ "Sharing with your link worker" }</h2>
                <p>{ match (&state.sharing.link, state.sharing.on) {
                    (None, _) => "Nothing is shared. If you have a link worker, you can link your phone and choose to share.".to_string(),
                    (Some(link), false) => format!("Linked with {}. Sharing is off: nothing is sent.", link.link_worker_name),
                    (Some(link), true) => format!("Sharing is on with {}. Entries you keep private are never sent.", link.link_worker_name),
                } }</p>
                { link(&navigator, &Route::Sharing, "button button--secondary", html! { "Sharing settings" }) }
            </section>
            <crate::pages::lock_settings::LockSettings />
            if let Some((m, shown)) = message.get() { <InView {shown} class="notice" role="status"><p>{ m }</p></InView> }
            <section class="card" aria-labelledby="export-title">
                <h2 id="export-title">{ "Keep a copy" }</h2>
                <p>{ "Keep a copy of everything, to move to a new phone or restore later. Or look at your entries in a spreadsheet." }</p>
                <div class="button-row">
                    <button type="button" class="button" onclick={export_json}>{ "Download a copy" }</button>
                    <button type="button" class="button button--secondary" onclick={export_csv}>{ "Download for a spreadsheet" }</button>
                </div>
            </section>
            <RestoreCopy />
            <section class="card" aria-labelledby="delete-title">
                <h2 id="delete-title">{ "Delete everything" }</h2>
                if *confirming {
                    <div class="warning" role="alert">
                        <p><strong>{ format!("This will delete {} and your saved schedule from this phone. It cannot be undone.", if count == 1 { entries.clone() } else { format!("all {entries}") }) }</strong></p>
                        if linked {
                            <p>{ "Your link worker keeps what you have shared unless you also delete the shared copies. Deleting only from this phone also unlinks it." }</p>
                        }
                        <p>{ "You may want to download a copy first." }</p>
                        <div class="button-row">
                            if linked {
                                <button type="button" class="button button--warning" onclick={delete(true)}>{ "Delete everything and the shared copies" }</button>
                                <button type="button" class="button button--warning" onclick={delete(false)}>{ "Delete from this phone only" }</button>
                            } else {
                                <button type="button" class="button button--warning" onclick={delete(false)}>{ "Yes, delete everything" }</button>
                            }
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

/// "Restore a copy": a file made with "Download a copy", merged with what is on the phone.
#[component]
fn RestoreCopy() -> Html {
    let app = use_app();
    let file = use_state(|| None::<web_sys::File>);
    let said = use_feedback::<Result<String, String>>();
    let busy = use_state(|| false);
    let onchange = {
        let (file, said) = (file.clone(), said.clone());
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            file.set(input.files().and_then(|files| files.get(0)));
            said.clear();
        })
    };
    let onsubmit = {
        let (app, file, said, busy) = (app.clone(), file.clone(), said.clone(), busy.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(chosen) = (*file).clone() else {
                return said.show(Err("Choose the copy to restore first.".into()));
            };
            let (app, said, busy) = (app.clone(), said.clone(), busy.clone());
            busy.set(true);
            wasm_bindgen_futures::spawn_local(async move {
                said.show(app.restore_backup(chosen).await);
                busy.set(false);
            });
        })
    };
    html! {
        <form class="card" aria-labelledby="restore-title" {onsubmit} novalidate=true>
            <h2 id="restore-title">{ "Restore a copy" }</h2>
            <p>{ "Bring back entries from a copy you downloaded, on this phone or another one. Nothing already on this phone is lost: an entry that is on both is kept as it was last changed." }</p>
            if let Some((Err(problem), shown)) = said.get() { <InView {shown} class="error-summary" role="alert"><p>{ problem }</p></InView> }
            <label class="label" for="restore-file">{ "Your copy" }</label>
            <p class="hint" id="restore-file-hint">{ "The file Steady saved when you chose \"Download a copy\"" }</p>
            <input id="restore-file" class="input" type="file" accept=".json,application/json"
                aria-describedby="restore-file-hint" {onchange} />
            <button type="submit" class="button button--secondary" disabled={*busy}>{ "Restore" }</button>
            if let Some((Ok(done), shown)) = said.get() { <InView {shown} class="confirmation" role="status"><p>{ done }</p></InView> }
        </form>
    }
}

fn file_name(extension: &str) -> String {
    format!("steady-my-data-{}.{extension}", browser::now().uk_day())
}
