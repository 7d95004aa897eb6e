//! Staff sign-in, inside the same app as participants use.

use crate::staff::hooks::use_staff;
use crate::staff::state::home_of;
use web_sys::HtmlInputElement;
use yew::prelude::*;
use yew_router::prelude::*;

#[component]
pub fn StaffSignIn() -> Html {
    let navigator = use_navigator();
    let staff = use_staff();
    let email = use_state(String::new);
    let password = use_state(String::new);
    let problem = use_state(|| None::<String>);
    let busy = use_state(|| false);
    let onsubmit = {
        let (email, password, problem, busy) = (email.clone(), password.clone(), problem.clone(), busy.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (email, password, problem, busy, navigator, staff) = (
                (*email).clone(),
                (*password).clone(),
                problem.clone(),
                busy.clone(),
                navigator.clone(),
                staff.clone(),
            );
            busy.set(true);
            wasm_bindgen_futures::spawn_local(async move {
                match staff.sign_in(email, password).await {
                    Ok(member) => {
                        if let Some(n) = navigator {
                            n.push(&home_of(member.role));
                        }
                    }
                    Err(e) => problem.set(Some(e.to_string())),
                }
                busy.set(false);
            });
        })
    };
    let field = |state: &UseStateHandle<String>| {
        let state = state.clone();
        Callback::from(move |e: InputEvent| state.set(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    html! {
        <>
            <h1>{ "Staff sign in" }</h1>
            <form class="card" {onsubmit} novalidate=true>
                if let Some(message) = &*problem { <div class="error-summary" role="alert"><p>{ message }</p></div> }
                <label class="label" for="staff-email">{ "Email" }</label>
                <input id="staff-email" class="input" type="email" autocomplete="username" value={(*email).clone()} oninput={field(&email)} />
                <label class="label" for="staff-password">{ "Password" }</label>
                <input id="staff-password" class="input" type="password" autocomplete="current-password" value={(*password).clone()} oninput={field(&password)} />
                <button type="submit" class="button button--wide" disabled={*busy}>{ "Sign in" }</button>
            </form>
            <p class="hint">{ "For link workers, group leaders and administrators. Participants do not need an account." }</p>
        </>
    }
}
