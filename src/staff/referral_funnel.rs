//! The referral pathway in numbers, on the reports page: of the referrals received in the range,
//! how many were reached, accepted, came to a first session and were still coming at 6 and 12
//! weeks; by referral source and by justice contact, as a chart (one group at a time), a table and
//! CSV; with the median working days to first contact and the share reached within the target.

use crate::components::bar_chart::{Bar, BarChart};
use crate::staff::hooks::use_api;
use crate::staff::service;
use steady_domain::decimal::one_decimal;
use steady_domain::funnel::{Funnel, FunnelRow};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// How a row counts one step.
type Count = fn(&FunnelRow) -> u32;

/// The funnel's steps, in order, each with how a row counts it.
const STEPS: [(&str, Count); 6] = [
    ("Referred", |r| r.referred),
    ("First contact", |r| r.first_contact),
    ("Accepted", |r| r.accepted),
    ("First session", |r| r.first_session),
    ("Attending at 6 weeks", |r| r.attending_6_weeks),
    ("Attending at 12 weeks", |r| r.attending_12_weeks),
];

#[derive(Properties, PartialEq)]
pub struct ReferralFunnelProps {
    /// The report's query string (`from=…&to=…`); the funnel loads when it changes.
    pub query: String,
}

#[component]
pub fn ReferralFunnel(props: &ReferralFunnelProps) -> Html {
    let funnel = use_api(props.query.clone(), {
        let query = props.query.clone();
        move || service::referral_funnel(query.clone())
    });
    html! {
        <section class="card" aria-labelledby="funnel-title">
            <h2 id="funnel-title">{ "Referrals" }</h2>
            <p class="hint">{ "Referrals received between the dates above, across the whole service (every kind of group)." }</p>
            { match funnel.get() {
                None => html! { <p role="status">{ "Loading…" }</p> },
                Some(Err(m)) => html! { <p class="notice" role="alert">{ m }</p> },
                Some(Ok(f)) => html! {
                    <>
                        <FunnelView funnel={f.clone()} />
                        <a class="button button--secondary" href={format!("/api/v1/reports/referrals?{}&format=csv", props.query)}>
                            { "Download referrals as CSV" }
                        </a>
                    </>
                },
            } }
        </section>
    }
}

/// A share as a whole percentage ("80%"), or a dash when nothing was due.
fn percent(share: Option<f32>) -> String {
    share.map(|s| format!("{}%", (s * 100.0).round() as u32)).unwrap_or_else(|| "–".into())
}

#[derive(Properties, PartialEq)]
struct FunnelViewProps {
    funnel: Funnel,
}

#[component]
fn FunnelView(props: &FunnelViewProps) -> Html {
    let shown = use_state(|| 0usize);
    let rows = &props.funnel.rows;
    let Some(all) = rows.first() else { return html! { <p class="empty">{ "No referrals in this range." }</p> } };
    let row = rows.get(*shown).unwrap_or(all);
    let bars: Vec<Bar> = STEPS
        .iter()
        .map(|(label, count)| Bar { label: (*label).into(), value: count(row) as f32, text: count(row).to_string() })
        .collect();
    let target = props.funnel.first_contact_working_days;
    let tiles = [
        ("Referrals received", all.referred.to_string()),
        (
            "Median working days to first contact",
            all.median_working_days_to_first_contact.map(one_decimal).unwrap_or_else(|| "–".into()),
        ),
        ("Reached within the target", percent(all.share_within_target)),
    ];
    html! {
        <>
            <section class="tiles" aria-label="Referrals summary">
                { for tiles.iter().map(|(label, value)| html! {
                    <div class="tile"><p class="tile__value">{ value }</p><p class="tile__label">{ *label }</p></div>
                }) }
            </section>
            <p class="hint">{ format!("The target is first contact within {target} working days. The share counts those reached, and those not reached whose due day has passed.") }</p>
            <label class="label" for="funnel-group">{ "Show the pathway for" }</label>
            <select id="funnel-group" class="input"
                onchange={let s = shown.clone(); Callback::from(move |e: Event| s.set(e.target_unchecked_into::<HtmlSelectElement>().value().parse().unwrap_or(0)))}>
                { for rows.iter().enumerate().map(|(i, r)| html! { <option value={i.to_string()} selected={*shown == i}>{ &r.label }</option> }) }
            </select>
            <BarChart title={format!("The referral pathway: {}", row.label)} {bars} />
            <div class="table-wrap" tabindex="0" role="region" aria-label="Referral pathway by source and justice contact">
                <table class="table">
                    <thead>
                        <tr>
                            <th scope="col">{ "Referrals" }</th>
                            { for STEPS.iter().map(|(label, _)| html! { <th scope="col">{ *label }</th> }) }
                            <th scope="col">{ "Median working days to first contact" }</th>
                            <th scope="col">{ "Reached within the target" }</th>
                        </tr>
                    </thead>
                    <tbody>
                        { for rows.iter().map(|r| html! {
                            <tr>
                                <th scope="row">{ &r.label }</th>
                                { for STEPS.iter().map(|(_, count)| html! { <td>{ count(r) }</td> }) }
                                <td>{ r.median_working_days_to_first_contact.map(one_decimal).unwrap_or_else(|| "–".into()) }</td>
                                <td>{ format!("{} ({} of {})", percent(r.share_within_target), r.contacted_within_target, r.due_so_far) }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
        </>
    }
}
