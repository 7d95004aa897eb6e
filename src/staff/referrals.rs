//! The referral inbox: open referrals, those no one has taken first, then those assigned. Overdue
//! and justice-contact referrals come first (the server's order), each saying why in words, like
//! the caseload's flags. A link worker takes a referral with "Assign to me".

use crate::staff::hooks::{use_error_text, use_staff};
use crate::staff::Route;
use steady_domain::accounts::Role;
use steady_domain::referral::{InboxItem, Intake};
use yew::prelude::*;
use yew_router::prelude::*;

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
