//! For administrators: make a group leader's account lead a group.

use crate::staff::hooks::{use_api, use_error_text};
use crate::staff::service;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[component]
pub fn AssignLeader() -> Html {
    let errors = use_error_text();
    let loaded = use_api((), service::groups);
    // Until the list comes (or with no signal), there are no groups to offer.
    let groups: Vec<(String, String)> = loaded.get().and_then(|r| r.as_ref().ok()).cloned().unwrap_or_default();
    let group = use_state(String::new);
    let email = use_state(String::new);
    let result = use_state(|| None::<Result<String, String>>);
    let onsubmit = {
        let (group, email, result, groups) = (group.clone(), email.clone(), result.clone(), groups.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let chosen = if group.is_empty() {
                groups.first().map(|g| g.0.clone()).unwrap_or_default()
            } else {
                (*group).clone()
            };
            let name = groups.iter().find(|g| g.0 == chosen).map(|g| g.1.clone()).unwrap_or_default();
            let (email, result, errors) = ((*email).clone(), result.clone(), errors.clone());
            wasm_bindgen_futures::spawn_local(async move {
                result.set(Some(match service::assign_leader(&chosen, email.clone()).await {
                    Ok(()) => Ok(format!("{email} now leads {name}.")),
                    Err(e) => Err(errors.of(e)),
                }));
            });
        })
    };
    html! {
        <form class="card" {onsubmit} novalidate=true aria-labelledby="assign-title">
            <h2 id="assign-title">{ "Group leaders" }</h2>
            if let Some(Err(m)) = &*result { <div class="error-summary" role="alert"><p>{ m }</p></div> }
            <label class="label" for="assign-group">{ "Group" }</label>
            <select id="assign-group" class="input"
                onchange={let g = group.clone(); Callback::from(move |e: Event| g.set(e.target_unchecked_into::<HtmlSelectElement>().value()))}>
                { for groups.iter().map(|(id, name)| html! { <option value={id.clone()} selected={*group == *id}>{ name }</option> }) }
            </select>
            <label class="label" for="assign-email">{ "Leader's email" }</label>
            <input id="assign-email" class="input" type="email" value={(*email).clone()}
                oninput={let m = email.clone(); Callback::from(move |e: InputEvent| m.set(e.target_unchecked_into::<HtmlInputElement>().value()))} />
            <button type="submit" class="button">{ "Make them lead this group" }</button>
            if let Some(Ok(m)) = &*result { <p class="confirmation" role="status">{ m }</p> }
        </form>
    }
}
