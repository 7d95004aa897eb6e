//! Sharing with a link worker: link this phone with a one-time code, turn sharing on after reading
//! what it means, see how it is going, and turn it off, choosing whether to delete what was shared.

use crate::app::Route;
use crate::components::link_ended::link_ended;
use crate::components::sharing_status::sharing_status;
use crate::hooks::{use_app, AppHandle};
use crate::router::*;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// The code in a link like `/link#code=7KQ4MZ2P`, if the page was opened from one.
fn code_from_link() -> String {
    let hash = gloo::utils::window().location().hash().unwrap_or_default();
    hash.strip_prefix("#code=").unwrap_or_default().chars().take(20).collect()
}

/// The page. A plain function, not a component: it keeps no state of its own (see
/// [`crate::pages::not_found::not_found`]); its forms are components.
pub fn sharing(app: &AppHandle, navigator: &Navigator) -> Html {
    let state = app.state();
    let body = match &state.sharing.link {
        None => html! { <LinkForm /> },
        Some(link) if !state.sharing.on => turn_on(app, &link.link_worker_name, navigator),
        Some(_) => html! { <TurnOff /> },
    };
    html! {
        <>
            <h1>{ "Sharing with your link worker" }</h1>
            { link_ended(app) }
            if let Some(notice) = &state.sharing_notice {
                <div class="notice" role="status"><p>{ notice }</p></div>
            }
            if let Some(link) = &state.sharing.link {
                <p>{ format!("This phone is linked with {} (you are {} to them).", link.link_worker_name, link.participant_name) }</p>
            }
            { body }
        </>
    }
}

#[component]
fn LinkForm() -> Html {
    let app = use_app();
    let code = use_state(code_from_link);
    let problem = use_state(|| None::<String>);
    let busy = use_state(|| false);
    let onsubmit = {
        let (app, code, problem, busy) = (app.clone(), code.clone(), problem.clone(), busy.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (app, code, problem, busy) = (app.clone(), code.clone(), problem.clone(), busy.clone());
            busy.set(true);
            wasm_bindgen_futures::spawn_local(async move {
                match app.link(&code).await {
                    Ok(()) => problem.set(None),
                    Err(e) => problem.set(Some(e.to_string())),
                }
                busy.set(false);
            });
        })
    };
    html! {
        <form class="card" {onsubmit} novalidate=true>
            <h2>{ "Link to your link worker" }</h2>
            <p>{ "If you have a link worker, they can give you a linking code. Linking does not share anything: you choose that next." }</p>
            if let Some(message) = &*problem { <div class="error-summary" role="alert"><p>{ message }</p></div> }
            <label class="label" for="link-code">{ "Linking code" }</label>
            <p class="hint" id="link-code-hint">{ "8 letters and numbers, for example 7KQ4 MZ2P" }</p>
            <input id="link-code" class="input input--code" type="text" autocomplete="off" autocapitalize="characters"
                spellcheck="false" aria-describedby="link-code-hint" value={(*code).clone()}
                oninput={let c = code.clone(); Callback::from(move |e: InputEvent| c.set(e.target_unchecked_into::<HtmlInputElement>().value()))} />
            <button type="submit" class="button button--wide" disabled={*busy}>{ "Link my phone" }</button>
        </form>
    }
}

/// What sharing means, and the button that turns it on. A plain function: it has no state of its own.
fn turn_on(app: &AppHandle, link_worker: &str, navigator: &Navigator) -> Html {
    let onclick = {
        let app = app.clone();
        Callback::from(move |_: MouseEvent| {
            let app = app.clone();
            wasm_bindgen_futures::spawn_local(async move {
                if let Err(e) = app.start_sharing().await {
                    gloo::console::warn!(e.to_string());
                }
            });
        })
    };
    html! {
        <section class="card" aria-labelledby="share-what">
            <h2 id="share-what">{ "What sharing means" }</h2>
            <ul class="list">
                <li>{ format!("{link_worker} will see your check-ins, quick logs and wellbeing answers, including ones already on this phone.") }</li>
                <li>{ "Entries you marked \"Keep private\" are never shared." }</li>
                <li>{ "It helps your link worker notice early if things get harder, and offer support." }</li>
                <li>{ "You can turn sharing off at any time, and choose to delete everything you shared." }</li>
                <li>{ "Your link worker may not see what you share straight away. If you need help now, use " }
                    { link(navigator, &Route::Support, "", html! { "Get help now" }) }{ "." }</li>
            </ul>
            <p>{ "Sharing is off until you turn it on." }</p>
            <button type="button" class="button button--wide" {onclick}>{ "Turn on sharing" }</button>
        </section>
    }
}

#[component]
fn TurnOff() -> Html {
    let app = use_app();
    let asking = use_state(|| false);
    let stop = |delete: bool| {
        let (app, asking) = (app.clone(), asking.clone());
        Callback::from(move |_: MouseEvent| {
            let (app, asking) = (app.clone(), asking.clone());
            wasm_bindgen_futures::spawn_local(async move {
                if let Err(e) = app.stop_sharing(delete).await {
                    gloo::console::warn!(e.to_string());
                }
                asking.set(false);
            });
        })
    };
    html! {
        <section class="card" aria-labelledby="sharing-on">
            <h2 id="sharing-on">{ "Sharing is on" }</h2>
            { sharing_status(&app, None) }
            <p>{ "New check-ins, quick logs and wellbeing answers are shared, except ones you keep private." }</p>
            if *asking {
                <div class="warning" role="alert">
                    <p><strong>{ "Do you also want to delete what you have already shared?" }</strong></p>
                    <p>{ "Everything stays on your phone either way." }</p>
                    <div class="button-row">
                        <button type="button" class="button button--warning" onclick={stop(true)}>{ "Turn off and delete shared copies" }</button>
                        <button type="button" class="button button--secondary" onclick={stop(false)}>{ "Turn off, keep what was shared" }</button>
                        <button type="button" class="button button--plain" onclick={let a = asking.clone(); Callback::from(move |_| a.set(false))}>{ "Cancel" }</button>
                    </div>
                </div>
            } else {
                <button type="button" class="button button--secondary" onclick={let a = asking.clone(); Callback::from(move |_| a.set(true))}>
                    { "Turn off sharing" }
                </button>
            }
        </section>
    }
}
