//! A link worker's caseload: who may need a call today first, then everyone they support and whose
//! phone is linked; below, enrolling someone new.

use crate::browser;
use crate::components::error_summary::{ErrorSummary, Problem};
use crate::components::in_view::{use_feedback, InView};
use crate::components::linking_code::LinkingCode;
use crate::components::sparkline::Sparkline;
use crate::router::*;
use crate::staff::hooks::{use_api, use_error_text};
use crate::staff::service;
use crate::staff::Route;
use steady_domain::enrolment::{DisplayName, Enrolled, NewParticipant, ReferralSource};
use steady_domain::review::CaseloadRow;
use steady_domain::words::count;
use steady_domain::Day;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// The id of the first "Referred by" choice, where the error summary sends someone who chose none.
const FIRST_REFERRAL: &str = "referral-probation";

#[component]
pub fn Caseload() -> Html {
    let caseload = use_api((), service::caseload);
    html! {
        <>
            <h1>{ "Your caseload" }</h1>
            <section aria-labelledby="caseload-title">
                <h2 id="caseload-title">{ "Who may need a call" }</h2>
                { match caseload.get() {
                    None => html! { <p role="status">{ "Loading…" }</p> },
                    Some(Err(message)) => html! { <p class="notice" role="alert">{ message }</p> },
                    Some(Ok(list)) if list.is_empty() => html! { <p class="empty">{ "No one on your caseload yet. Add a participant below." }</p> },
                    Some(Ok(list)) => {
                        let flagged = list.iter().filter(|r| !r.flags.is_empty()).count();
                        html! {
                            <>
                                <p>{ match flagged {
                                    0 => "No one is flagged today.".to_string(),
                                    1 => "1 person may need a call today.".to_string(),
                                    n => format!("{n} people may need a call today."),
                                } }</p>
                                <ul class="caseload">{ for list.iter().map(caseload_row) }</ul>
                            </>
                        }
                    }
                } }
            </section>
            <EnrolForm onenrolled={caseload.reloader()} />
        </>
    }
}

fn caseload_row(row: &CaseloadRow) -> Html {
    let p = &row.participant;
    let now = browser::now();
    let rating = |label: &str, r: Option<u8>| r.map(|v| format!("{label} {v}")).unwrap_or_else(|| format!("{label} –"));
    html! {
        <li class={classes!("caseload__row", (!row.flags.is_empty()).then_some("caseload__row--flagged"))}>
            <Link<Route> to={Route::StaffParticipant { id: p.id.clone() }}>{ &p.display_name }</Link<Route>>
            if p.justice_contact { <span class="tag">{ "Justice contact" }</span> }
            if !row.flags.is_empty() {
                <ul class="flags">{ for row.flags.iter().map(|f| html! { <li>{ f.flag.reason() }</li> }) }</ul>
            }
            <div class="caseload__facts">
                <span>{ rating("Stress", row.latest_stress) }{ " · " }{ rating("wellbeing", row.latest_wellbeing) }</span>
                <Sparkline values={row.stress_trend.clone()} label={format!("Stress over the last 14 days for {}", p.display_name)} />
            </div>
            <span class="caseload__count">{ format!("{} · {} in 4 weeks · {}",
                row.last_activity.map(|t| format!("Last shared {}", t.relative_label(now))).unwrap_or_else(|| "Nothing shared yet".into()),
                count(row.sessions_last_4_weeks, "session", "sessions"),
                if p.linked { "phone linked" } else { "phone not linked" }) }</span>
        </li>
    }
}

#[derive(Properties, PartialEq)]
struct EnrolFormProps {
    onenrolled: Callback<()>,
}

/// "Add a participant", below the caseload. The linking code appears above the form, in view.
#[component]
fn EnrolForm(props: &EnrolFormProps) -> Html {
    let errors = use_error_text();
    let name = use_state(String::new);
    let referral = use_state(|| None::<ReferralSource>);
    let justice = use_state(|| false);
    let consent_on = use_state(|| browser::now().uk_day().to_string());
    let problem = use_feedback::<Problem>();
    let enrolled = use_feedback::<Enrolled>();
    let onsubmit = {
        let (name, referral, justice, consent_on, problem, enrolled, onenrolled) = (
            name.clone(),
            referral.clone(),
            justice.clone(),
            consent_on.clone(),
            problem.clone(),
            enrolled.clone(),
            props.onenrolled.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let parsed = (|| {
                let display_name = DisplayName::parse(&name).map_err(|e| Problem::at("enrol-name", e.to_string()))?;
                let referral_source =
                    (*referral).ok_or(Problem::at(FIRST_REFERRAL, "Choose how they were referred."))?;
                let consent_discussed_on = Day::parse(&consent_on)
                    .ok_or(Problem::at("enrol-consent", "Enter the date consent was discussed."))?;
                Ok::<_, Problem>(NewParticipant {
                    display_name,
                    referral_source,
                    justice_contact: *justice,
                    consent_discussed_on,
                })
            })();
            let new = match parsed {
                Ok(new) => new,
                Err(p) => return problem.show(p),
            };
            let (name, referral, justice, problem, enrolled, onenrolled, errors) = (
                name.clone(),
                referral.clone(),
                justice.clone(),
                problem.clone(),
                enrolled.clone(),
                onenrolled.clone(),
                errors.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                match service::enrol(&new).await {
                    Ok(e) => {
                        problem.clear();
                        name.set(String::new());
                        referral.set(None);
                        justice.set(false);
                        enrolled.show(e);
                        onenrolled.emit(());
                    }
                    Err(e) => problem.show(Problem::general(errors.of(e))),
                }
            });
        })
    };
    html! {
        <section aria-labelledby="enrol-title">
            <h2 id="enrol-title">{ "Add a participant" }</h2>
            if let Some((e, shown)) = enrolled.get() {
                <InView {shown}>
                    <LinkingCode name={e.participant.display_name.clone()} issued={e.pairing.clone()} />
                </InView>
            }
            <form class="card" {onsubmit} novalidate=true aria-labelledby="enrol-title">
                if let Some((p, shown)) = problem.get() { <ErrorSummary id="enrol-problem" problem={p.clone()} {shown} /> }
                <label class="label" for="enrol-name">{ "Name or reference" }</label>
                <p class="hint" id="enrol-name-hint">{ "What you and they will recognise. No NHS number needed." }</p>
                <input id="enrol-name" class="input" type="text" autocomplete="off" aria-describedby="enrol-name-hint" value={(*name).clone()}
                    oninput={let n = name.clone(); Callback::from(move |e: InputEvent| n.set(e.target_unchecked_into::<HtmlInputElement>().value()))} />
                <fieldset class="fieldset">
                    <legend class="label">{ "Referred by" }</legend>
                    { for ReferralSource::ALL.into_iter().map(|source| {
                        let id = format!("referral-{}", source.code());
                        let r = referral.clone();
                        html! {
                            <div class="radio">
                                <input type="radio" id={id.clone()} name="referral" checked={*referral == Some(source)}
                                    onchange={Callback::from(move |_| r.set(Some(source)))} />
                                <label for={id}>{ source.label() }</label>
                            </div>
                        }
                    }) }
                </fieldset>
                <div class="checkbox">
                    <input type="checkbox" id="enrol-justice" checked={*justice}
                        onchange={let j = justice.clone(); Callback::from(move |e: Event| j.set(e.target_unchecked_into::<HtmlInputElement>().checked()))} />
                    <label for="enrol-justice">{ "Has contact with the justice system" }</label>
                </div>
                <label class="label" for="enrol-consent">{ "Date consent to share was discussed" }</label>
                <input id="enrol-consent" class="input input--date" type="date" value={(*consent_on).clone()}
                    oninput={let c = consent_on.clone(); Callback::from(move |e: InputEvent| c.set(e.target_unchecked_into::<HtmlInputElement>().value()))} />
                <button type="submit" class="button button--wide">{ "Add participant" }</button>
            </form>
        </section>
    }
}
