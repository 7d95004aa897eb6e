//! For administrators: who leads which group, and making a group leader lead a group, chosen from
//! the list of leader accounts (no email typed blind).

use crate::components::error_summary::{ErrorSummary, Problem};
use crate::components::in_view::{use_feedback, InView};
use crate::staff::hooks::{use_api, use_error_text};
use crate::staff::service;
use steady_domain::accounts::LeaderAccount;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[component]
pub fn AssignLeader() -> Html {
    let errors = use_error_text();
    let loaded = use_api((), service::groups);
    let leaders = use_api((), service::leaders);
    // Until the lists come (or with no signal), there is nothing to offer.
    let groups: Vec<(String, String)> = loaded.get().and_then(Result::ok).cloned().unwrap_or_default();
    let accounts: Vec<LeaderAccount> = leaders.get().and_then(Result::ok).cloned().unwrap_or_default();
    let group = use_state(String::new);
    let leader = use_state(String::new);
    let problem = use_feedback::<Problem>();
    let done = use_feedback::<String>();
    let onsubmit = {
        let (group, leader, problem, done, groups, accounts, leaders) = (
            group.clone(),
            leader.clone(),
            problem.clone(),
            done.clone(),
            groups.clone(),
            accounts.clone(),
            leaders.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            // A select shows its first option as chosen before anyone changes it.
            let chosen = |picked: &str, first: Option<&String>| {
                if picked.is_empty() {
                    first.cloned()
                } else {
                    Some(picked.to_string())
                }
            };
            let Some(group_id) = chosen(&group, groups.first().map(|g| &g.0)) else {
                return problem.show(Problem::general("There are no groups with sessions in the next four weeks."));
            };
            let Some(account) = chosen(&leader, accounts.first().map(|l| &l.id))
                .and_then(|id| accounts.iter().find(|l| l.id == id).cloned())
            else {
                return problem.show(Problem::at("assign-leader", "Choose a group leader."));
            };
            let group_name = groups.iter().find(|g| g.0 == group_id).map(|g| g.1.clone()).unwrap_or_default();
            let (problem, done, errors, leaders) = (problem.clone(), done.clone(), errors.clone(), leaders.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match service::assign_leader(&group_id, account.email.clone()).await {
                    Ok(()) => {
                        problem.clear();
                        done.show(format!("{} now leads {group_name}.", account.name));
                        leaders.reload();
                    }
                    Err(e) => problem.show(Problem::general(errors.of(e))),
                }
            });
        })
    };
    let pick = |state: &UseStateHandle<String>| {
        let s = state.clone();
        Callback::from(move |e: Event| s.set(e.target_unchecked_into::<HtmlSelectElement>().value()))
    };
    html! {
        <section aria-labelledby="assign-title">
            <h2 id="assign-title">{ "Group leaders" }</h2>
            { match leaders.get() {
                None => html! { <p role="status">{ "Loading…" }</p> },
                Some(Err(m)) => html! { <p class="notice" role="alert">{ m }</p> },
                Some(Ok(list)) if list.is_empty() => html! {
                    <p class="empty">{ "There are no group leader accounts yet. Create one with the admin command line (user add --role leader)." }</p>
                },
                Some(Ok(list)) => html! {
                    <ul class="leaders">{ for list.iter().map(|l| html! {
                        <li class="leaders__row">
                            <strong>{ &l.name }</strong>{ format!(" ({})", l.email) }
                            <br />
                            { if l.groups.is_empty() {
                                "Leads no group yet.".to_string()
                            } else {
                                format!("Leads {}.", l.groups.iter().map(|g| g.name.as_str()).collect::<Vec<_>>().join(", "))
                            } }
                        </li>
                    }) }</ul>
                },
            } }
            <form class="card" {onsubmit} novalidate=true aria-labelledby="assign-form-title">
                <h3 id="assign-form-title">{ "Make someone lead a group" }</h3>
                if let Some((p, shown)) = problem.get() { <ErrorSummary id="assign-problem" problem={p.clone()} {shown} /> }
                <label class="label" for="assign-group">{ "Group" }</label>
                <select id="assign-group" class="input" onchange={pick(&group)}>
                    { for groups.iter().map(|(id, name)| html! { <option value={id.clone()} selected={*group == *id}>{ name }</option> }) }
                </select>
                <label class="label" for="assign-leader">{ "Group leader" }</label>
                <select id="assign-leader" class="input" onchange={pick(&leader)}>
                    { for accounts.iter().map(|l| html! {
                        <option value={l.id.clone()} selected={*leader == l.id}>{ format!("{} ({})", l.name, l.email) }</option>
                    }) }
                </select>
                <button type="submit" class="button">{ "Make them lead this group" }</button>
                if let Some((m, shown)) = done.get() { <InView {shown} class="confirmation" role="status"><p>{ m }</p></InView> }
            </form>
        </section>
    }
}
