//! For administrators: every view of a participant's data by staff, newest first.

use crate::staff::hooks::use_api;
use crate::staff::service;
use crate::staff::Route;
use yew::prelude::*;
use yew_router::prelude::*;

#[component]
pub fn AccessLog() -> Html {
    let log = use_api((), service::access_log);
    html! {
        <>
            <h1>{ "Administration" }</h1>
            <div class="button-row">
                <Link<Route> to={Route::Referrals} classes="button button--secondary button--small">{ "Referrals" }</Link<Route>>
                <crate::staff::SignOut />
            </div>
            <crate::staff::assign_leader::AssignLeader />
            <h2>{ "Access log" }</h2>
            <p>{ "Every time staff looked at a participant's data: who, when, whom and which view." }</p>
            { match log.get() {
                None => html! { <p role="status">{ "Loading…" }</p> },
                Some(Err(m)) => html! { <p class="notice" role="alert">{ m }</p> },
                Some(Ok(rows)) if rows.is_empty() => html! { <p class="empty">{ "No views yet." }</p> },
                Some(Ok(rows)) => html! {
                    <div class="table-wrap" tabindex="0" role="region" aria-label="Access log">
                        <table class="table">
                            <thead><tr><th scope="col">{ "When" }</th><th scope="col">{ "Who" }</th><th scope="col">{ "Participant" }</th><th scope="col">{ "View" }</th></tr></thead>
                            <tbody>{ for rows.iter().map(|r| html! {
                                <tr>
                                    <td>{ format!("{} {}", r.at.uk_day().short_label(), r.at.uk().clock()) }</td>
                                    <td>{ &r.staff_name }</td>
                                    <td>{ &r.participant_id[..8.min(r.participant_id.len())] }</td>
                                    <td>{ r.view.replace('_', " ") }</td>
                                </tr>
                            }) }</tbody>
                        </table>
                    </div>
                },
            } }
        </>
    }
}
