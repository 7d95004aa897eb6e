//! The referral inbox: open referrals, those no one has taken first, then those assigned. Overdue
//! and justice-contact referrals come first (the server's order), each saying why in words, like
//! the caseload's flags. A link worker takes a referral with "Assign to me"; an administrator gives
//! any open referral to a link worker.

use crate::router::*;
use crate::staff::hooks::{use_api_on_demand, use_error_text, use_staff};
use crate::staff::service;
use crate::staff::Route;
use steady_domain::accounts::Role;
use steady_domain::referral::{InboxItem, Intake, StaffRef};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[component]
pub fn Referrals() -> Html {
    let staff = use_staff();
    let errors = use_error_text();
    let problem = use_state(|| None::<String>);
    {
        let staff = staff.clone();
        use_effect_with((), move |_| wasm_bindgen_futures::spawn_local(async move { staff.load_inbox().await }));
    }
    let me = staff.state().me.clone();
    let admin = me.as_ref().is_some_and(|m| m.role == Role::Admin);
    let assignees = use_api_on_demand(service::referral_assignees);
    {
        let assignees = assignees.clone();
        use_effect_with(admin, move |admin| {
            if *admin {
                assignees.reload();
            }
        });
    }
    let link_workers = match assignees.get() {
        Some(Ok(list)) => list.clone(),
        _ => Vec::new(),
    };
    let onproblem = {
        let problem = problem.clone();
        Callback::from(move |m: Option<String>| problem.set(m))
    };
    let link_worker = me.as_ref().filter(|m| m.role == Role::LinkWorker).map(|m| m.id.clone());
    let take = {
        let (staff, problem) = (staff.clone(), problem.clone());
        move |id: String| {
            let (staff, problem, errors, me) = (staff.clone(), problem.clone(), errors.clone(), link_worker.clone());
            Callback::from(move |_: MouseEvent| {
                let (staff, problem, errors, id, me) =
                    (staff.clone(), problem.clone(), errors.clone(), id.clone(), me.clone().unwrap_or_default());
                wasm_bindgen_futures::spawn_local(async move {
                    problem.set(staff.assign_referral(&id, me).await.err().map(|e| errors.of(e)));
                });
            })
        }
    };
    let can_open = me.as_ref().is_some_and(|m| m.role == Role::LinkWorker);
    let line = |item: &InboxItem| {
        let r = &item.referral;
        html! {
            <li class={classes!("caseload__row", item.clock.is_overdue().then_some("caseload__row--flagged"))}>
                if can_open {
                    <Link<Route> to={Route::Referral { id: r.id.clone() }}>{ &r.name }</Link<Route>>
                } else {
                    <strong>{ &r.name }</strong>
                }
                if r.justice_contact { <span class="tag">{ "Justice contact" }</span> }
                <ul class="flags">{ for item.reasons.iter().map(|reason| html! { <li>{ reason }</li> }) }</ul>
                <span class="caseload__count">{ format!("{}{} · received {}{}",
                    r.referral_source.label(),
                    r.referrer_name.as_ref().map(|n| format!(" ({n})")).unwrap_or_default(),
                    r.received_at.uk_day().short_label(),
                    if r.intake == Intake::Fhir { " from their system" } else { "" }) }</span>
                { match &r.assigned_to {
                    Some(who) => html! { <span class="caseload__count">{ format!("Assigned to {}", who.name) }</span> },
                    None if can_open => html! {
                        <button type="button" class="button button--secondary button--small" onclick={take(r.id.clone())}
                            aria-label={format!("Assign to me: {}", r.name)}>{ "Assign to me" }</button>
                    },
                    None => html! {},
                } }
                if admin && !link_workers.is_empty() {
                    <AssignTo id={r.id.clone()} name={r.name.clone()} link_workers={link_workers.clone()} onproblem={onproblem.clone()} />
                }
            </li>
        }
    };
    let list = |title: &str, id: &str, items: &[InboxItem], empty: &str| {
        html! {
            <section aria-labelledby={id.to_string()}>
                <h2 id={id.to_string()}>{ format!("{title} ({})", items.len()) }</h2>
                if items.is_empty() { <p class="empty">{ empty.to_string() }</p> }
                else { <ul class="caseload">{ for items.iter().map(&line) }</ul> }
            </section>
        }
    };
    html! {
        <>
            <h1>{ "Referrals" }</h1>
            <div class="button-row">
                <Link<Route> to={Route::NewReferral} classes="button button--small">{ "New referral" }</Link<Route>>
                <Link<Route> to={staff.state().home()} classes="button button--secondary button--small">
                    { if can_open { "Your caseload" } else { "Administration" } }
                </Link<Route>>
            </div>
            if let Some(m) = &*problem { <div class="error-summary" role="alert"><p>{ m }</p></div> }
            { match &staff.state().inbox {
                None => html! { <p role="status">{ "Loading…" }</p> },
                Some(Err(m)) => html! { <p class="notice" role="alert">{ m }</p> },
                Some(Ok(inbox)) => html! {
                    <>
                        <p class="hint">{ format!("First contact is due within {} working days of the referral.", inbox.first_contact_working_days) }</p>
                        { list("Not assigned yet", "unassigned-title", &inbox.unassigned, "Every open referral has a link worker.") }
                        { list("Assigned", "assigned-title", &inbox.assigned, "None assigned.") }
                    </>
                },
            } }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct AssignToProps {
    id: String,
    name: String,
    link_workers: Vec<StaffRef>,
    onproblem: Callback<Option<String>>,
}

/// For an administrator: gives the referral to the link worker chosen.
#[component]
fn AssignTo(props: &AssignToProps) -> Html {
    let staff = use_staff();
    let errors = use_error_text();
    let chosen = use_state(String::new);
    let onsubmit = {
        let (chosen, id, onproblem) = (chosen.clone(), props.id.clone(), props.onproblem.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if chosen.is_empty() {
                return onproblem.emit(Some("Choose the link worker to give the referral to.".into()));
            }
            let (staff, errors, onproblem, id, to) =
                (staff.clone(), errors.clone(), onproblem.clone(), id.clone(), (*chosen).clone());
            wasm_bindgen_futures::spawn_local(async move {
                onproblem.emit(staff.assign_referral(&id, to).await.err().map(|e| errors.of(e)));
            });
        })
    };
    let select = format!("assign-{}", props.id);
    html! {
        <form class="button-row" {onsubmit} novalidate=true>
            <label class="visually-hidden" for={select.clone()}>{ format!("Link worker for {}", props.name) }</label>
            <select id={select} class="input"
                onchange={let c = chosen.clone(); Callback::from(move |e: Event| c.set(e.target_unchecked_into::<HtmlSelectElement>().value()))}>
                <option value="" selected={chosen.is_empty()}>{ "Choose a link worker" }</option>
                { for props.link_workers.iter().map(|w| html! { <option value={w.id.clone()} selected={*chosen == w.id}>{ &w.name }</option> }) }
            </select>
            <button type="submit" class="button button--secondary button--small">{ "Assign" }</button>
        </form>
    }
}
