//! Setting a staff password from the one-time link the admin CLI prints (`#token=…`).

use crate::components::error_summary::{ErrorSummary, Problem};
use crate::components::in_view::{use_feedback, InView};
use crate::router::*;
use crate::staff::service;
use crate::staff::Route;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[component]
pub fn StaffSetPassword() -> Html {
    let token = use_state(|| {
        let hash = gloo::utils::window().location().hash().unwrap_or_default();
        hash.strip_prefix("#token=").unwrap_or_default().to_string()
    });
    let password = use_state(String::new);
    let done = use_state(|| false);
    let problem = use_feedback::<Problem>();
    let onsubmit = {
        let (token, password, done, problem) = (token.clone(), password.clone(), done.clone(), problem.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (token, password, done, problem) =
                ((*token).clone(), (*password).clone(), done.clone(), problem.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match service::set_password(token, password).await {
                    Ok(()) => done.set(true),
                    Err(e) => problem.show(Problem::general(e.to_string())),
                }
            });
        })
    };
    if *done {
        return html! {
            <>
                <h1>{ "Password set" }</h1>
                <InView class="confirmation" role="status"><p>{ "You can now sign in." }</p></InView>
                <Link<Route> to={Route::StaffSignIn} classes="button">{ "Sign in" }</Link<Route>>
            </>
        };
    }
    html! {
        <>
            <h1>{ "Set your password" }</h1>
            <form class="card" {onsubmit} novalidate=true>
                if let Some((p, shown)) = problem.get() { <ErrorSummary id="password-problem" problem={p.clone()} {shown} /> }
                <label class="label" for="new-password">{ "New password" }</label>
                <p class="hint" id="new-password-hint">{ "At least 12 characters. Three random words work well." }</p>
                <input id="new-password" class="input" type="password" autocomplete="new-password" aria-describedby="new-password-hint"
                    value={(*password).clone()}
                    oninput={let p = password.clone(); Callback::from(move |e: InputEvent| p.set(e.target_unchecked_into::<HtmlInputElement>().value()))} />
                <button type="submit" class="button button--wide">{ "Set password" }</button>
            </form>
        </>
    }
}
