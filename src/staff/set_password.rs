//! Setting a staff password from the one-time link the admin CLI prints (`#token=…`).

use crate::staff::service;
use crate::staff::Route;
use web_sys::HtmlInputElement;
use yew::prelude::*;
use yew_router::prelude::*;

#[component]
pub fn StaffSetPassword() -> Html {
    let token = use_state(|| {
        let hash = gloo::utils::window().location().hash().unwrap_or_default();
        hash.strip_prefix("#token=").unwrap_or_default().to_string()
    });
    let password = use_state(String::new);
    let result = use_state(|| None::<Result<(), String>>);
    let onsubmit = {
        let (token, password, result) = (token.clone(), password.clone(), result.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (token, password, result) = ((*token).clone(), (*password).clone(), result.clone());
            wasm_bindgen_futures::spawn_local(async move {
                result.set(Some(service::set_password(token, password).await.map_err(|e| e.to_string())));
            });
        })
    };
    if let Some(Ok(())) = &*result {
        return html! {
            <>
                <h1>{ "Password set" }</h1>
                <p class="confirmation" role="status">{ "You can now sign in." }</p>
                <Link<Route> to={Route::StaffSignIn} classes="button">{ "Sign in" }</Link<Route>>
            </>
        };
    }
    html! {
        <>
            <h1>{ "Set your password" }</h1>
            <form class="card" {onsubmit} novalidate=true>
                if let Some(Err(message)) = &*result { <div class="error-summary" role="alert"><p>{ message }</p></div> }
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
