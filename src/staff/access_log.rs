//! Administration: who leads which group, and the access log: every view of a participant's data by
//! staff, newest first, naming who was seen as they were enrolled.

use crate::staff::hooks::use_api;
use crate::staff::service;
use yew::prelude::*;

#[component]
pub fn AccessLog() -> Html {
    let log = use_api((), service::access_log);
    html! {
        <>
            <h1>{ "Administration" }</h1>
            <crate::staff::assign_leader::AssignLeader />
            <h2 id="access-log-title">{ "Access log" }</h2>
            <p>{ "Every time staff looked at a participant's data: who, when, whom and which view." }</p>
            { match log.get() {
                None => html! { <p role="status">{ "Loading…" }</p> },
                Some(Err(m)) => html! { <p class="notice" role="alert">{ m }</p> },
                Some(Ok(rows)) if rows.is_empty() => html! { <p class="empty">{ "No views yet." }</p> },
                Some(Ok(rows)) => html! {
                    <div class="table-wrap" tabindex="0" role="region" aria-labelledby="access-log-title">
                        <table class="table">
                            <thead><tr><th scope="col">{ "When" }</th><th scope="col">{ "Who" }</th><th scope="col">{ "Participant" }</th><th scope="col">{ "View" }</th></tr></thead>
                            <tbody>{ for rows.iter().map(|r| html! {
                                <tr>
                                    <td>{ format!("{} {}", r.at.uk_day().short_label(), r.at.uk().clock()) }</td>
                                    <td>{ &r.staff_name }</td>
                                    <td>{ r.participant_name.clone().unwrap_or_else(|| "Name not known".into()) }</td>
                                    <td>{ view_label(&r.view) }</td>
                                </tr>
                            }) }</tbody>
                        </table>
                    </div>
                },
            } }
        </>
    }
}

/// What a view was, in words ("FHIR download" for `fhir_export`); a view this app does not know yet
/// is shown as the server names it.
fn view_label(code: &str) -> String {
    match code {
        "caseload" => "Caseload".into(),
        "participant_page" => "Participant page".into(),
        "entries" => "Shared entries".into(),
        "fhir_export" => "FHIR download".into(),
        "referral" => "Referral".into(),
        "referral_inbox" => "Referral inbox".into(),
        "referrals_closed" => "Closed referrals".into(),
        "referral_gp_bundle" => "Referral for the GP record".into(),
        other => other.replace('_', " "),
    }
}
