//! Reports for a link worker: a date range and optionally a kind of group, shown with charts and
//! downloadable as CSV; and the referral pathway over the same dates.

use crate::browser;
use crate::components::bar_chart::{Bar, BarChart};
use crate::components::in_view::InView;
use crate::staff::hooks::use_api;
use crate::staff::service;
use steady_domain::report::Report;
use steady_domain::words::count;
use steady_domain::GroupKind;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[component]
pub fn Reports() -> Html {
    let today = browser::now().uk_day();
    let from = use_state(|| today.plus(-27).to_string());
    let to = use_state(|| today.to_string());
    let kind = use_state(String::new);
    let range = format!(
        "from={}&to={}",
        *from,
        steady_domain::Day::parse(&to).map(|d| d.plus(1).to_string()).unwrap_or_default()
    );
    let query = format!("{range}&kind={}", *kind);
    // The referral funnel covers the whole service, every kind of group: only the dates, as chosen
    // when the report was last asked for.
    let funnel_range = use_state(|| range.clone());
    // Loaded when the page opens and on "Show report", with the dates and kind chosen by then.
    let report = use_api((), {
        let query = query.clone();
        move || service::report(query.clone())
    });
    // How many times "Show report" was pressed: after the first, the report is brought into view.
    let asked = use_state(|| 0u32);
    let onsubmit = {
        let (report, funnel_range, asked) = (report.clone(), funnel_range.clone(), asked.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            asked.set(*asked + 1);
            report.reload();
            funnel_range.set(range.clone());
        })
    };
    let result = html! {
        <>
            <h2 id="report-title" class="visually-hidden">{ "Report" }</h2>
            { match report.get() {
                None => html! { <p role="status">{ "Loading…" }</p> },
                Some(Err(m)) => html! { <p class="notice" role="alert">{ m }</p> },
                Some(Ok(r)) => html! {
                    <>
                        { report_view(r) }
                        <a class="button button--secondary" href={format!("/api/v1/reports?{query}&format=csv")}>{ "Download as CSV" }</a>
                    </>
                },
            } }
        </>
    };
    let date_input = |state: &UseStateHandle<String>| {
        let s = state.clone();
        Callback::from(move |e: InputEvent| s.set(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    html! {
        <>
            <h1>{ "Reports" }</h1>
            <form class="card" {onsubmit} novalidate=true>
                <label class="label" for="report-from">{ "From" }</label>
                <input id="report-from" class="input input--date" type="date" value={(*from).clone()} oninput={date_input(&from)} />
                <label class="label" for="report-to">{ "To (inclusive)" }</label>
                <input id="report-to" class="input input--date" type="date" value={(*to).clone()} oninput={date_input(&to)} />
                <label class="label" for="report-kind">{ "Kind of group" }</label>
                <select id="report-kind" class="input"
                    onchange={let k = kind.clone(); Callback::from(move |e: Event| k.set(e.target_unchecked_into::<HtmlSelectElement>().value()))}>
                    <option value="" selected={kind.is_empty()}>{ "All kinds" }</option>
                    { for GroupKind::ALL.iter().map(|k| html! { <option value={k.code()} selected={*kind == k.code()}>{ k.label() }</option> }) }
                </select>
                <button type="submit" class="button">{ "Show report" }</button>
            </form>
            { if *asked == 0 { result } else { html! { <InView shown={*asked} role="region" labelledby="report-title">{ result }</InView> } } }
            <crate::staff::referral_funnel::ReferralFunnel query={(*funnel_range).clone()} />
        </>
    }
}

/// The report's figures and charts (a plain function: it keeps no state).
fn report_view(r: &Report) -> Html {
    let tiles = [
        ("Sessions held", r.sessions_held.to_string()),
        ("Attendances", r.attendances.to_string()),
        ("People who attended", r.unique_participants.to_string()),
        ("Mean stress change", r.mean_stress_change.map(|m| format!("{m:+.1}")).unwrap_or_else(|| "–".into())),
    ];
    let referral: Vec<Bar> = r
        .by_referral
        .iter()
        .map(|c| Bar {
            label: c.referral_source.label().into(),
            value: c.participants as f32,
            text: format!("{} ({} justice contact)", c.participants, c.justice_contact),
        })
        .collect();
    let by_kind: Vec<Bar> = r
        .stress_change_by_kind
        .iter()
        .map(|k| Bar {
            label: k.kind.label().into(),
            value: k.mean_change,
            text: format!("{:+.1} ({})", k.mean_change, count(k.sessions, "session", "sessions")),
        })
        .collect();
    html! {
        <>
            <section class="tiles" aria-label="Summary">
                { for tiles.iter().map(|(label, value)| html! {
                    <div class="tile"><p class="tile__value">{ value }</p><p class="tile__label">{ *label }</p></div>
                }) }
            </section>
            <p class="hint">{ format!("Stress change is after minus before, over {} with both ratings. Negative is a fall.", count(r.stress_pairs, "session", "sessions")) }</p>
            <section class="card" aria-labelledby="by-kind-title">
                <h2 id="by-kind-title">{ "Stress change by kind of group" }</h2>
                if by_kind.is_empty() { <p class="empty">{ "No before and after ratings in this range." }</p> }
                else { <BarChart title="Mean stress change by kind of group" bars={by_kind} /> }
            </section>
            <section class="card" aria-labelledby="referral-title">
                <h2 id="referral-title">{ "Who attended, by referral" }</h2>
                <BarChart title="People who attended, by referral source" bars={referral} />
            </section>
            <section class="card" aria-labelledby="ons4-report-title">
                <h2 id="ons4-report-title">{ "Wellbeing questions (ONS4)" }</h2>
                if r.ons4.is_empty() {
                    <p class="empty">{ "No one answered twice in this range." }</p>
                } else {
                    <p>{ format!("Mean change from first to latest answers, among {} who answered at least twice.", count(r.ons4[0].participants, "person", "people")) }</p>
                    <ul class="helps">{ for r.ons4.iter().map(|o| html! { <li><strong>{ &o.question }</strong>{ format!(": {:+.1}", o.mean_change) }</li> }) }</ul>
                }
            </section>
        </>
    }
}
