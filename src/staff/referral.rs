//! One referral, for the link worker working on it: where it stands on the contact clock, what was
//! referred, the contact attempts with a form to record one, and the outcome. "Accepted" enrols the
//! person (linked to the referral) and shows their first linking code; every outcome closes the
//! referral, so it is confirmed first. Once closed, the outcome goes to the GP record as a FHIR
//! Bundle.

use crate::browser;
use crate::components::linking_code::LinkingCode;
use crate::router::*;
use crate::staff::hooks::{use_error_text, use_staff};
use crate::staff::Route;
use steady_domain::enrolment::Enrolled;
use steady_domain::referral::{
    AttemptForm, AttemptResult, ContactChannel, GpSharing, Outcome, OutcomeForm, RecordedOutcome, ReferralDetail,
};
use steady_domain::{Day, Note};
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ReferralPageProps {
    pub id: String,
}

#[component]
pub fn ReferralPage(props: &ReferralPageProps) -> Html {
    let staff = use_staff();
    let errors = use_error_text();
    let problem = use_state(|| None::<String>);
    let enrolled = use_state(|| None::<Enrolled>);
    {
        let (staff, id) = (staff.clone(), props.id.clone());
        use_effect_with(id, move |id| {
            let id = id.clone();
            wasm_bindgen_futures::spawn_local(async move { staff.open_referral(&id).await })
        });
    }
    // The heading stays the same element while the referral loads (the page and its heading are
    // always two nodes), so focus put on it when the page opened stays there.
    let d = match staff.state().referral(&props.id) {
        None => return html! { <><h1>{ "Referral" }</h1><p role="status">{ "Loading…" }</p></> },
        Some(Err(m)) => return html! { <><h1>{ "Referral" }</h1><p class="notice" role="alert">{ m }</p></> },
        Some(Ok(d)) => d.clone(),
    };
    let me = staff.state().me.as_ref().map(|m| m.id.clone()).unwrap_or_default();
    let mine = d.item.referral.assigned_to.as_ref().is_some_and(|a| a.id == me);
    let open = d.outcome.is_none();
    let take = {
        let (staff, problem, id) = (staff.clone(), problem.clone(), props.id.clone());
        Callback::from(move |_: MouseEvent| {
            let (staff, problem, errors, id, me) =
                (staff.clone(), problem.clone(), errors.clone(), id.clone(), me.clone());
            wasm_bindgen_futures::spawn_local(async move {
                problem.set(staff.assign_referral(&id, me).await.err().map(|e| errors.of(e)));
            });
        })
    };
    let onenrolled = {
        let enrolled = enrolled.clone();
        Callback::from(move |e: Enrolled| enrolled.set(Some(e)))
    };
    let f = &d.details;
    let r = &d.item.referral;
    let optional = |v: Option<String>| v.unwrap_or_else(|| "Not given".into());
    let facts = [
        (
            "Referred by",
            format!(
                "{}{}",
                r.referral_source.label(),
                r.referrer_name.as_ref().map(|n| format!(": {n}")).unwrap_or_default()
            ),
        ),
        ("GP practice ODS code", optional(f.ods_code.as_ref().map(|c| c.to_string()))),
        (
            "Received",
            format!(
                "{} at {}{}",
                r.received_at.uk_day().long_label(),
                r.received_at.uk().clock(),
                d.referrer_identifier
                    .as_ref()
                    .map(|i| format!(" (their reference {})", their_reference(i)))
                    .unwrap_or_default()
            ),
        ),
        ("Justice contact", if f.justice_contact { "Yes".into() } else { "No".into() }),
        ("Reasons", f.reasons.iter().map(|r| r.label()).collect::<Vec<_>>().join(", ")),
        ("About the reasons", optional(f.reason_note.as_ref().map(|n| n.as_str().to_string()))),
        ("Date of birth", optional(f.date_of_birth.map(|d| d.long_label()))),
        ("NHS number", optional(f.nhs_number.as_ref().map(|n| n.to_string()))),
        ("Safe ways to contact them", f.safe_channels.iter().map(|c| c.label()).collect::<Vec<_>>().join(", ")),
        ("When it is safe", optional(f.safe_times.as_ref().map(|n| n.as_str().to_string()))),
        ("Phone", optional(f.phone.as_ref().map(|p| p.to_string()))),
        ("Address", optional(f.address.as_ref().map(|a| a.as_str().to_string()))),
        ("Consent to be contacted", if f.consent_to_contact { "Yes".into() } else { "No".into() }),
    ];
    html! {
        <>
            <h1>{ &f.name.as_str() }</h1>
            <>
                <Link<Route> to={Route::Referrals} classes="back-link">{ "Back to referrals" }</Link<Route>>
                if let Some(m) = &*problem { <div class="error-summary" role="alert"><p>{ m }</p></div> }
                <section class={classes!("card", d.item.clock.is_overdue().then_some("card--flagged"))} aria-labelledby="clock-title">
                    <h2 id="clock-title">{ if open { "Where it stands" } else { "Closed" } }</h2>
                    <ul class="flags">{ for d.item.reasons.iter().map(|reason| html! { <li>{ reason }</li> }) }</ul>
                    { match (&r.assigned_to, open) {
                        (Some(who), _) if mine => html! { <p>{ format!("Assigned to you ({}).", who.name) }</p> },
                        (Some(who), _) => html! { <p>{ format!("Assigned to {}.", who.name) }</p> },
                        (None, true) => html! { <button type="button" class="button" onclick={take}>{ "Assign to me" }</button> },
                        (None, false) => html! {},
                    } }
                </section>
                if let Some(e) = &*enrolled {
                    <LinkingCode name={e.participant.display_name.clone()} issued={e.pairing.clone()} />
                }
                <section class="card" aria-labelledby="details-title">
                    <h2 id="details-title">{ "Referral" }</h2>
                    <dl class="session-card__facts referral-facts">
                        { for facts.iter().map(|(term, value)| html! { <><dt>{ *term }</dt><dd>{ value }</dd></> }) }
                    </dl>
                </section>
                <section aria-labelledby="attempts-title">
                    <h2 id="attempts-title">{ "Contact attempts" }</h2>
                    if d.attempts.is_empty() { <p class="empty">{ "No attempts yet." }</p> }
                    <ul class="entries">
                        { for d.attempts.iter().map(|a| html! {
                            <li class="entry">
                                <span class="entry__time">{ format!("{} {}", a.at.uk_day().short_label(), a.at.uk().clock()) }</span>
                                <span class="entry__text">
                                    <strong>{ format!("{}: {}", a.channel.label(), a.result.label()) }</strong>
                                    { format!(" · {}{}", a.by.name, a.note.as_ref().map(|n| format!(" · {n}")).unwrap_or_default()) }
                                </span>
                            </li>
                        }) }
                    </ul>
                    if open && mine { <RecordAttempt detail={d.clone()} /> }
                </section>
                { match &d.outcome {
                    Some(outcome) => outcome_view(&d, outcome),
                    None if mine => html! { <RecordOutcome detail={d.clone()} {onenrolled} /> },
                    None => html! {},
                } }
            </>
        </>
    }
}

/// The referrer's own reference as they would say it: the value of its `system|value`.
fn their_reference(identifier: &str) -> &str {
    identifier.rsplit('|').next().unwrap_or(identifier)
}

/// The outcome recorded, the enrolled participant, and the GP record's Bundle.
fn outcome_view(d: &ReferralDetail, outcome: &RecordedOutcome) -> Html {
    let sharing = match outcome.gp_sharing {
        GpSharing::CodesOnly => "the referral and its outcome as codes only",
        GpSharing::CodesAndSelfRatings => "the referral and its outcome as codes, with the self-ratings they share",
    };
    let id = &d.item.referral.id;
    html! {
        <section class="card" aria-labelledby="outcome-title">
            <h2 id="outcome-title">{ format!("Outcome: {}", outcome.outcome.label()) }</h2>
            <p>{ format!("Recorded by {} on {}.", outcome.by.name, outcome.at.uk_day().long_label()) }</p>
            if let Some(note) = &outcome.note { <p>{ note }</p> }
            if let Some(participant) = &d.participant_id {
                <Link<Route> to={Route::StaffParticipant { id: participant.clone() }}>{ "Open their participant page" }</Link<Route>>
            }
            <h3>{ "For the GP record" }</h3>
            <p>{ format!("The GP record receives {sharing}, as they chose.") }</p>
            <a class="button button--secondary" href={format!("/api/v1/referrals/{id}/gp-bundle")}
                download={format!("steady-referral-{id}.json")}>{ "Download for the GP record (FHIR)" }</a>
        </section>
    }
}

/// Radio buttons for one choice; `name` groups them and prefixes their ids.
fn radios<T: Copy + PartialEq + 'static>(
    name: &'static str,
    legend: &str,
    options: &[(T, &'static str)],
    chosen: &UseStateHandle<Option<T>>,
) -> Html {
    html! {
        <fieldset class="fieldset">
            <legend class="label">{ legend.to_string() }</legend>
            { for options.iter().enumerate().map(|(i, (value, label))| {
                let (id, value, chosen_now) = (format!("{name}-{i}"), *value, **chosen == Some(*value));
                let chosen = chosen.clone();
                html! {
                    <div class="radio">
                        <input type="radio" id={id.clone()} {name} checked={chosen_now} onchange={Callback::from(move |_| chosen.set(Some(value)))} />
                        <label for={id}>{ *label }</label>
                    </div>
                }
            }) }
        </fieldset>
    }
}

fn text_input(state: &UseStateHandle<String>) -> Callback<InputEvent> {
    let state = state.clone();
    Callback::from(move |e: InputEvent| state.set(e.target_unchecked_into::<HtmlInputElement>().value()))
}

#[derive(Properties, PartialEq)]
struct RecordProps {
    detail: ReferralDetail,
    #[prop_or_default]
    onenrolled: Callback<Enrolled>,
}

/// "Record a contact attempt": how (only the ways the referral says are safe), what happened,
/// whether they confirmed who they spoke to, and a note.
#[component]
fn RecordAttempt(props: &RecordProps) -> Html {
    let staff = use_staff();
    let errors = use_error_text();
    let channel = use_state(|| None::<ContactChannel>);
    let result = use_state(|| None::<AttemptResult>);
    let confirmed = use_state(|| false);
    let note = use_state(String::new);
    let problem = use_state(|| None::<String>);
    let onsubmit = {
        let (channel, result, confirmed, note, problem) =
            (channel.clone(), result.clone(), confirmed.clone(), note.clone(), problem.clone());
        let (detail, staff) = (props.detail.clone(), staff.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let parsed = (|| {
                let attempt = AttemptForm {
                    channel: (*channel).ok_or("Choose how you tried to contact them.")?,
                    result: (*result).ok_or("Choose what happened.")?,
                    note: Note::parse_optional(&note).map_err(|e| e.to_string())?,
                    identity_confirmed: *confirmed,
                };
                attempt.check(&detail.details).map_err(|e| e.to_string())?;
                Ok::<_, String>(attempt)
            })();
            let attempt = match parsed {
                Ok(attempt) => attempt,
                Err(m) => return problem.set(Some(m)),
            };
            let (staff, errors, problem, id) =
                (staff.clone(), errors.clone(), problem.clone(), detail.item.referral.id.clone());
            let (channel, result, confirmed, note) = (channel.clone(), result.clone(), confirmed.clone(), note.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match staff.add_attempt(&id, &attempt).await {
                    Ok(()) => {
                        problem.set(None);
                        channel.set(None);
                        result.set(None);
                        confirmed.set(false);
                        note.set(String::new());
                    }
                    Err(e) => problem.set(Some(errors.of(e))),
                }
            });
        })
    };
    let channels: Vec<(ContactChannel, &str)> =
        props.detail.details.safe_channels.iter().map(|c| (*c, c.label())).collect();
    let results: Vec<(AttemptResult, &str)> = AttemptResult::ALL.iter().map(|r| (*r, r.label())).collect();
    html! {
        <form class="card" {onsubmit} novalidate=true aria-labelledby="attempt-title">
            <h3 id="attempt-title">{ "Record a contact attempt" }</h3>
            if let Some(m) = &*problem { <div class="error-summary" role="alert"><p>{ m }</p></div> }
            { radios("attempt-channel", "How", &channels, &channel) }
            { radios("attempt-result", "What happened", &results, &result) }
            <div class="checkbox">
                <input type="checkbox" id="attempt-identity" checked={*confirmed}
                    onchange={let c = confirmed.clone(); Callback::from(move |_| c.set(!*c))} />
                <label for="attempt-identity">{ "I checked I was speaking to the person referred (name and date of birth)" }</label>
            </div>
            <label class="label" for="attempt-note">{ "Note (optional)" }</label>
            <input id="attempt-note" class="input" type="text" autocomplete="off" value={(*note).clone()} oninput={text_input(&note)} />
            <button type="submit" class="button">{ "Record attempt" }</button>
        </form>
    }
}

/// The outcome, checked with the same rules as the server, then confirmed: every outcome closes
/// the referral.
#[component]
fn RecordOutcome(props: &RecordProps) -> Html {
    let staff = use_staff();
    let errors = use_error_text();
    let outcome = use_state(|| None::<Outcome>);
    let sharing = use_state(|| Some(GpSharing::CodesOnly));
    let note = use_state(String::new);
    let consent_on = use_state(|| browser::now().uk_day().to_string());
    let problem = use_state(|| None::<String>);
    let confirming = use_state(|| None::<OutcomeForm>);
    let question = use_node_ref();
    {
        // The question takes the place of the form (and of the button just pressed): focus goes to it.
        let question = question.clone();
        use_effect_with(confirming.is_some(), move |asking| {
            if let (true, Some(element)) = (*asking, question.cast::<web_sys::HtmlElement>()) {
                let _ = element.focus();
            }
        });
    }
    let detail = &props.detail;
    let onsubmit = {
        let (outcome, sharing, note, consent_on, problem, confirming) =
            (outcome.clone(), sharing.clone(), note.clone(), consent_on.clone(), problem.clone(), confirming.clone());
        let detail = detail.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let parsed = (|| {
                let chosen = (*outcome).ok_or("Choose an outcome.")?;
                let form = OutcomeForm {
                    outcome: chosen,
                    note: Note::parse_optional(&note).map_err(|e| e.to_string())?,
                    gp_sharing: (*sharing).unwrap_or_default(),
                    consent_discussed_on: (chosen == Outcome::Accepted).then(|| Day::parse(&consent_on)).flatten(),
                };
                form.check(&detail.attempts, browser::now().uk_day()).map_err(|e| e.to_string())?;
                Ok::<_, String>(form)
            })();
            match parsed {
                Ok(form) => {
                    problem.set(None);
                    confirming.set(Some(form));
                }
                Err(m) => problem.set(Some(m)),
            }
        })
    };
    let onconfirm = {
        let (staff, problem, confirming, onenrolled) =
            (staff.clone(), problem.clone(), confirming.clone(), props.onenrolled.clone());
        let id = detail.item.referral.id.clone();
        Callback::from(move |_: MouseEvent| {
            let Some(form) = (*confirming).clone() else { return };
            let (staff, errors, problem, confirming, onenrolled, id) =
                (staff.clone(), errors.clone(), problem.clone(), confirming.clone(), onenrolled.clone(), id.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match staff.record_outcome(&id, &form).await {
                    Ok(recorded) => {
                        if let Some(enrolled) = recorded.enrolled {
                            onenrolled.emit(enrolled);
                        }
                    }
                    Err(e) => {
                        problem.set(Some(errors.of(e)));
                        confirming.set(None);
                    }
                }
            });
        })
    };
    if let Some(form) = &*confirming {
        let what = match form.outcome {
            Outcome::Accepted => {
                format!("{} joins your caseload and gets a linking code.", detail.details.name.as_str())
            }
            _ => "Nothing more can be recorded on it.".to_string(),
        };
        let onback = {
            let confirming = confirming.clone();
            Callback::from(move |_: MouseEvent| confirming.set(None))
        };
        return html! {
            <section class="card card--flagged" aria-labelledby="confirm-title">
                <h2 id="confirm-title" tabindex="-1" ref={question}>{ format!("Record '{}' and close this referral?", form.outcome.label()) }</h2>
                <p>{ what }</p>
                <div class="button-row">
                    <button type="button" class="button" onclick={onconfirm}>{ "Yes, record and close" }</button>
                    <button type="button" class="button button--secondary" onclick={onback}>{ "Go back" }</button>
                </div>
            </section>
        };
    }
    let outcomes: Vec<(Outcome, &str)> = Outcome::ALL
        .iter()
        .filter(|o| **o != Outcome::UnableToContact || detail.item.suggest_unable_to_contact)
        .map(|o| (*o, o.label()))
        .collect();
    let sharings = [
        (GpSharing::CodesOnly, "Codes only"),
        (GpSharing::CodesAndSelfRatings, "Codes and the self-ratings they share"),
    ];
    html! {
        <form class="card" {onsubmit} novalidate=true aria-labelledby="record-outcome-title">
            <h2 id="record-outcome-title">{ "Outcome" }</h2>
            if let Some(m) = &*problem { <div class="error-summary" role="alert"><p>{ m }</p></div> }
            { radios("outcome", "How the referral ends", &outcomes, &outcome) }
            <label class="label" for="outcome-note">{ "Note" }</label>
            <p class="hint" id="outcome-note-hint">{ "Needed for 'not suitable' (why) and 'referred elsewhere' (where)." }</p>
            <input id="outcome-note" class="input" type="text" autocomplete="off" aria-describedby="outcome-note-hint" value={(*note).clone()} oninput={text_input(&note)} />
            if *outcome == Some(Outcome::Accepted) {
                <label class="label" for="outcome-consent">{ "Date consent to share was discussed" }</label>
                <input id="outcome-consent" class="input input--date" type="date" value={(*consent_on).clone()} oninput={text_input(&consent_on)} />
            }
            { radios("gp-sharing", "What goes back to their GP record, as they chose", &sharings, &sharing) }
            <button type="submit" class="button">{ "Continue" }</button>
        </form>
    }
}
