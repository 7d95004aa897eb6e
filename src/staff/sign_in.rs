//! Staff sign-in. Whoever is signed in (now, or already when they open it) goes on to their role's
//! first page: a leader to their sessions, an administrator to administration, a link worker to
//! their caseload.

use crate::components::error_summary::{ErrorSummary, Problem};
use crate::components::in_view::use_feedback;
use crate::router::*;
use crate::staff::hooks::use_staff;
use crate::staff::state::home_of;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[component]
pub fn StaffSignIn() -> Html {
    let navigator = use_navigator();
    let staff = use_staff();
    let email = use_state(String::new);
    let password = use_state(String::new);
    let problem = use_feedback::<Problem>();
    let busy = use_state(|| false);
    // `replace`, not `push`: "Back" from the first page must not land on sign-in again.
    use_effect_with(staff.state().me.as_ref().map(|m| m.role), move |role| {
        if let Some(role) = role {
            navigator.replace(&home_of(*role));
        }
    });
    let onsubmit = {
        let (email, password, problem, busy) = (email.clone(), password.clone(), problem.clone(), busy.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if email.trim().is_empty() {
                return problem.show(Problem::at("staff-email", "Enter your email address."));
            }
            if password.is_empty() {
                return problem.show(Problem::at("staff-password", "Enter your password."));
            }
            let (email, password, problem, busy, staff) =
                ((*email).clone(), (*password).clone(), problem.clone(), busy.clone(), staff.clone());
            busy.set(true);
            wasm_bindgen_futures::spawn_local(async move {
                if let Err(e) = staff.sign_in(email, password).await {
                    problem.show(Problem::general(e.to_string()));
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
                if let Some((p, shown)) = problem.get() { <ErrorSummary id="sign-in-problem" problem={p.clone()} {shown} /> }
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
