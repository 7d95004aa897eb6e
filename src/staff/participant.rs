//! One participant, for their link worker: flags and "mark reviewed", charts of stress and
//! wellbeing, what helps, ONS4 baseline against latest, the timeline of shared entries, referral
//! details and review notes; and a new linking code or ending the phone link.

use crate::browser;
use crate::components::chart::TrendCards;
use crate::components::entry_summary::EntrySummary;
use crate::components::linking_code::LinkingCode;
use crate::staff::hooks::{use_api, use_error_text};
use crate::staff::service;
use steady_domain::enrolment::IssuedCode;
use steady_domain::journal::Journal;
use steady_domain::ons4::baseline_vs_latest;
use steady_domain::review::ParticipantDetail;
use steady_domain::summary::{entries_by_day, stress_and_wellbeing, what_helps};
use steady_domain::{Entry, Note};
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct StaffParticipantProps {
    pub id: String,
}

#[component]
pub fn StaffParticipant(props: &StaffParticipantProps) -> Html {
    let errors = use_error_text();
    let detail = use_api(props.id.clone(), {
        let id = props.id.clone();
        move || service::participant(id.clone())
    });
    let code = use_state(|| None::<IssuedCode>);
    let message = use_state(|| None::<String>);
    let act = |action: &'static str| {
        let (id, code, message, errors, detail) =
            (props.id.clone(), code.clone(), message.clone(), errors.clone(), detail.clone());
        Callback::from(move |_: MouseEvent| {
            let (id, code, message, errors, detail) =
                (id.clone(), code.clone(), message.clone(), errors.clone(), detail.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let result = if action == "code" {
                    service::new_code(&id).await.map(|issued| code.set(Some(issued)))
                } else {
                    service::unlink(&id).await.map(|()| {
                        message.set(Some(
                            "The phone link has ended. Their phone keeps everything, but shares nothing more.".into(),
                        ))
                    })
                };
                match result {
                    Ok(()) => detail.reload(),
                    Err(e) => message.set(Some(errors.of(e))),
                }
            });
        })
    };
    let d = match detail.get() {
        None => return html! { <p role="status">{ "Loading…" }</p> },
        Some(Err(m)) => return html! { <p class="notice" role="alert">{ m }</p> },
        Some(Ok(d)) => d,
    };
    let p = &d.row.participant;
    html! {
        <>
            <h1>{ &p.display_name }</h1>
            if let Some(m) = &*message { <p class="notice" role="status">{ m }</p> }
            <Flags id={props.id.clone()} detail={d.clone()} onreviewed={detail.reloader()} />
            if let Some(issued) = &*code { <LinkingCode name={p.display_name.clone()} issued={issued.clone()} /> }
            <p class="sharing-status">{ format!("Attended {} in the last 4 weeks.",
                if d.row.sessions_last_4_weeks == 1 { "1 session".to_string() } else { format!("{} sessions", d.row.sessions_last_4_weeks) }) }</p>
            <Trends entries={d.entries.clone()} />
            <section class="card" aria-labelledby="referral-title">
                <h2 id="referral-title">{ "Referral" }</h2>
                <dl class="session-card__facts">
                    <dt>{ "Referred by" }</dt><dd>{ p.referral_source.label() }</dd>
                    <dt>{ "Justice contact" }</dt><dd>{ if p.justice_contact { "Yes" } else { "No" } }</dd>
                    <dt>{ "Consent discussed" }</dt><dd>{ p.consent_discussed_on.long_label() }</dd>
                    <dt>{ "Phone" }</dt><dd>{ if p.linked { "Linked" } else { "Not linked" } }</dd>
                </dl>
                <div class="button-row">
                    <button type="button" class="button button--secondary" onclick={act("code")}>{ "New linking code" }</button>
                    <button type="button" class="button button--warning" onclick={act("unlink")}>{ "End phone link" }</button>
                </div>
                <a class="button button--secondary" href={format!("/api/v1/participants/{}/fhir", props.id)}
                    download={format!("steady-fhir-{}.json", p.id)}>{ "Download for the clinical record (FHIR)" }</a>
            </section>
            <section aria-labelledby="reviews-title">
                <h2 id="reviews-title">{ "Review notes" }</h2>
                if d.reviews.is_empty() { <p class="empty">{ "Not reviewed yet." }</p> }
                <ul class="entries">
                    { for d.reviews.iter().map(|r| html! {
                        <li class="entry">
                            <span class="entry__time">{ r.reviewed_at.uk_day().short_label() }</span>
                            <span class="entry__text"><strong>{ &r.reviewer }</strong>{ ": " }{ r.note.clone().unwrap_or_else(|| "Reviewed".into()) }</span>
                        </li>
                    }) }
                </ul>
            </section>
            <section aria-labelledby="shared-title">
                <h2 id="shared-title">{ "Shared entries" }</h2>
                if d.entries.is_empty() {
                    <p class="empty">{ "Nothing shared yet." }</p>
                } else {
                    <p>{ format!("{} shared entries.", d.entries.len()) }</p>
                }
                { for entries_by_day(&d.entries).into_iter().map(|(day, items)| html! {
                    <div class="day">
                        <h3 class="day__title">{ day.long_label() }</h3>
                        <ul class="entries">{ for items.into_iter().map(|e| html! { <EntrySummary entry={e.clone()} /> }) }</ul>
                    </div>
                }) }
            </section>
        </>
    }
}

#[derive(Properties, PartialEq)]
struct FlagsProps {
    id: String,
    detail: ParticipantDetail,
    onreviewed: Callback<()>,
}

/// The flags standing now, and "Mark reviewed" with a short note.
#[component]
fn Flags(props: &FlagsProps) -> Html {
    let errors = use_error_text();
    let note = use_state(String::new);
    let problem = use_state(|| None::<String>);
    let onsubmit = {
        let (id, note, problem, onreviewed) =
            (props.id.clone(), note.clone(), problem.clone(), props.onreviewed.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let parsed = match Note::parse_optional(&note) {
                Ok(n) => n,
                Err(e) => return problem.set(Some(e.to_string())),
            };
            let (id, note, problem, onreviewed, errors) =
                (id.clone(), note.clone(), problem.clone(), onreviewed.clone(), errors.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match service::mark_reviewed(&id, parsed).await {
                    Ok(()) => {
                        note.set(String::new());
                        problem.set(None);
                        onreviewed.emit(());
                    }
                    Err(e) => problem.set(Some(errors.of(e))),
                }
            });
        })
    };
    let flags = &props.detail.row.flags;
    html! {
        <section class={classes!("card", (!flags.is_empty()).then_some("card--flagged"))} aria-labelledby="flags-title">
            <h2 id="flags-title">{ if flags.is_empty() { "No flags" } else { "Why they may need a call" } }</h2>
            if !flags.is_empty() {
                <ul class="flags">{ for flags.iter().map(|f| html! { <li>{ f.flag.reason() }</li> }) }</ul>
            }
            if let Some(at) = props.detail.row.last_reviewed_at {
                <p class="hint">{ format!("Last reviewed {}.", at.relative_label(browser::now())) }</p>
            }
            <form {onsubmit} novalidate=true>
                if let Some(m) = &*problem { <div class="error-summary" role="alert"><p>{ m }</p></div> }
                <label class="label" for="review-note">{ "Review note (optional)" }</label>
                <textarea id="review-note" class="textarea" rows="2" maxlength="500" value={(*note).clone()}
                    oninput={let n = note.clone(); Callback::from(move |e: InputEvent| n.set(e.target_unchecked_into::<HtmlTextAreaElement>().value()))} />
                <button type="submit" class="button">{ "Mark reviewed" }</button>
            </form>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct TrendsProps {
    entries: Vec<Entry>,
}

/// Charts of stress and wellbeing, what helps, attendance and ONS4 change.
#[component]
fn Trends(props: &TrendsProps) -> Html {
    let entries = &props.entries;
    let today = browser::now().uk_day();
    let (stress, wellbeing) = stress_and_wellbeing(entries, today, 30);
    let helps = what_helps(entries);
    let check_ins = entries.iter().filter(|e| e.as_check_in().is_some()).count();
    let ons4 = baseline_vs_latest(&Journal::new(entries.clone()).ons4_history());
    html! {
        <>
            <TrendCards {stress} {wellbeing} heading_suffix=", last 30 days" />
            <section class="card" aria-labelledby="attendance-title">
                <h2 id="attendance-title">{ "Groups and what helps" }</h2>
                <p>{ format!("{check_ins} group check-ins shared.") }</p>
                <ul class="helps">
                    { for helps.iter().map(|h| html! {
                        <li><strong>{ h.kind.label() }</strong>{ format!(": stress {:+.1} on average over {} sessions", h.mean_change, h.sessions) }</li>
                    }) }
                </ul>
            </section>
            <section class="card" aria-labelledby="ons4-title">
                <h2 id="ons4-title">{ "Wellbeing questions (ONS4)" }</h2>
                if let Some(changes) = ons4 {
                    <table class="table">
                        <thead><tr><th scope="col">{ "Question" }</th><th scope="col">{ "First" }</th><th scope="col">{ "Latest" }</th><th scope="col">{ "Change" }</th></tr></thead>
                        <tbody>
                            { for changes.iter().map(|c| html! {
                                <tr>
                                    <th scope="row">{ c.question.short_name() }</th>
                                    <td>{ c.baseline.to_string() }</td>
                                    <td>{ c.latest.to_string() }</td>
                                    <td>{ format!("{:+}", c.change()) }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                    <p class="hint">{ "For anxiety, a fall is an improvement." }</p>
                } else {
                    <p class="empty">{ "Needs at least two sets of answers." }</p>
                }
            </section>
        </>
    }
}
