//! One participant, for their link worker: flags and "mark reviewed", charts of stress and
//! wellbeing, what helps, ONS4 baseline against latest, the timeline of shared entries, referral
//! details and review notes; and a new linking code or ending the phone link.

use crate::browser;
use crate::components::chart::TrendCards;
use crate::components::confirm::Confirm;
use crate::components::entry_summary::EntrySummary;
use crate::components::error_summary::{ErrorSummary, Problem};
use crate::components::in_view::{use_feedback, Feedback, InView};
use crate::components::linking_code::LinkingCode;
use crate::staff::hooks::{use_api, use_error_text, ErrorText};
use crate::staff::service;
use crate::staff::titled;
use steady_domain::enrolment::IssuedCode;
use steady_domain::journal::Journal;
use steady_domain::ons4::baseline_vs_latest;
use steady_domain::review::ParticipantDetail;
use steady_domain::summary::{entries_by_day, stress_and_wellbeing, what_helps};
use steady_domain::words::count;
use steady_domain::{Entry, Note};
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct StaffParticipantProps {
    pub id: String,
}

#[component]
pub fn StaffParticipant(props: &StaffParticipantProps) -> Html {
    let detail = use_api(props.id.clone(), {
        let id = props.id.clone();
        move || service::participant(id.clone())
    });
    let d = match detail.get() {
        None => return titled("Participant", html! { <p role="status">{ "Loading…" }</p> }),
        Some(Err(m)) => return titled("Participant", html! { <p class="notice" role="alert">{ m }</p> }),
        Some(Ok(d)) => d,
    };
    let p = &d.row.participant;
    titled(
        p.display_name.clone(),
        html! {
            <>
                <Flags id={props.id.clone()} detail={d.clone()} onreviewed={detail.reloader()} />
                <p class="sharing-status">{ format!("Attended {} in the last 4 weeks.", count(d.row.sessions_last_4_weeks, "session", "sessions")) }</p>
                { trends(&d.entries) }
                <section class="card" aria-labelledby="referral-title">
                    <h2 id="referral-title">{ "Referral" }</h2>
                    <dl class="session-card__facts">
                        <dt>{ "Referred by" }</dt><dd>{ p.referral_source.label() }</dd>
                        <dt>{ "Justice contact" }</dt><dd>{ if p.justice_contact { "Yes" } else { "No" } }</dd>
                        <dt>{ "Consent discussed" }</dt><dd>{ p.consent_discussed_on.long_label() }</dd>
                        <dt>{ "Phone" }</dt><dd>{ if p.linked { "Linked" } else { "Not linked" } }</dd>
                    </dl>
                    <a class="button button--secondary" href={format!("/api/v1/participants/{}/fhir", props.id)}
                        download={format!("steady-fhir-{}.json", p.id)}>{ "Download for the clinical record (FHIR)" }</a>
                </section>
                <PhoneLink id={props.id.clone()} name={p.display_name.clone()} linked={p.linked} onchanged={detail.reloader()} />
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
                        <p>{ format!("{} shared.", count(d.entries.len() as u64, "entry", "entries")) }</p>
                    }
                    { for entries_by_day(&d.entries).into_iter().map(|(day, items)| html! {
                        <div class="day">
                            <h3 class="day__title">{ day.long_label() }</h3>
                            <ul class="entries">{ for items.into_iter().map(|e| html! { <EntrySummary entry={e.clone()} /> }) }</ul>
                        </div>
                    }) }
                </section>
            </>
        },
    )
}

#[derive(Properties, PartialEq)]
struct PhoneLinkProps {
    id: String,
    name: AttrValue,
    linked: bool,
    onchanged: Callback<()>,
}

/// The participant's phone: a new linking code, and ending the link, which asks first and says what
/// it means for them.
#[component]
fn PhoneLink(props: &PhoneLinkProps) -> Html {
    let errors = use_error_text();
    let code = use_feedback::<IssuedCode>();
    let message = use_feedback::<Result<String, String>>();
    let phone = Phone {
        id: props.id.clone(),
        code: code.clone(),
        message: message.clone(),
        errors,
        onchanged: props.onchanged.clone(),
    };
    let new_code = {
        let phone = phone.clone();
        Callback::from(move |_: MouseEvent| wasm_bindgen_futures::spawn_local(phone.clone().new_code()))
    };
    let end_link = Callback::from(move |()| wasm_bindgen_futures::spawn_local(phone.clone().end_link()));
    html! {
        <section class="card" aria-labelledby="phone-title">
            <h2 id="phone-title">{ "Their phone" }</h2>
            { match message.get() {
                Some((Ok(m), shown)) => html! { <InView {shown} class="confirmation" role="status"><p>{ m }</p></InView> },
                Some((Err(m), shown)) => html! { <InView {shown} class="notice notice--warning" role="alert"><p>{ m }</p></InView> },
                None => html! {},
            } }
            if let Some((issued, shown)) = code.get() {
                <InView {shown}><LinkingCode name={props.name.clone()} issued={issued.clone()} /></InView>
            }
            <p>{ if props.linked {
                "Their phone is linked. A new code links another phone, for example a new one."
            } else {
                "No phone is linked. Give them a linking code to type into Steady."
            } }</p>
            <button type="button" class="button button--secondary" onclick={new_code}>{ "New linking code" }</button>
            if props.linked {
                <div class="danger-zone">
                    <Confirm id="end-link-question" label="End phone link" question={format!("End the phone link for {}?", props.name)}
                        yes="Yes, end the phone link" no="No, keep it linked" onconfirm={end_link}>
                        <p>{ "Their phone stops sharing with you straight away, and shows that it is no longer linked." }</p>
                        <p>{ "It keeps everything saved on it. What they shared before stays here. To share again, they need a new linking code." }</p>
                    </Confirm>
                </div>
            }
        </section>
    }
}

/// What [`PhoneLink`]'s buttons do, and where they say how it went.
#[derive(Clone)]
struct Phone {
    id: String,
    code: Feedback<IssuedCode>,
    message: Feedback<Result<String, String>>,
    errors: ErrorText,
    onchanged: Callback<()>,
}

impl Phone {
    async fn new_code(self) {
        match service::new_code(&self.id).await {
            Ok(issued) => {
                self.message.clear();
                self.code.show(issued);
                self.onchanged.emit(());
            }
            Err(e) => self.message.show(Err(self.errors.of(e))),
        }
    }

    async fn end_link(self) {
        match service::unlink(&self.id).await {
            Ok(()) => {
                self.code.clear();
                self.message.show(Ok(
                    "The phone link has ended. Their phone keeps everything on it, but shares nothing more.".into(),
                ));
                self.onchanged.emit(());
            }
            Err(e) => self.message.show(Err(self.errors.of(e))),
        }
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
    let problem = use_feedback::<Problem>();
    let done = use_feedback::<String>();
    let onsubmit = {
        let (id, note, problem, done, onreviewed) =
            (props.id.clone(), note.clone(), problem.clone(), done.clone(), props.onreviewed.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let parsed = match Note::parse_optional(&note) {
                Ok(n) => n,
                Err(e) => return problem.show(Problem::at("review-note", e.to_string())),
            };
            let (id, note, problem, done, onreviewed, errors) =
                (id.clone(), note.clone(), problem.clone(), done.clone(), onreviewed.clone(), errors.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match service::mark_reviewed(&id, parsed).await {
                    Ok(()) => {
                        note.set(String::new());
                        problem.clear();
                        done.show("Marked reviewed. Flags raised before now are cleared.".into());
                        onreviewed.emit(());
                    }
                    Err(e) => problem.show(Problem::general(errors.of(e))),
                }
            });
        })
    };
    let flags = &props.detail.row.flags;
    html! {
        <section class={classes!("card", (!flags.is_empty()).then_some("card--flagged"))} aria-labelledby="flags-title">
            <h2 id="flags-title">{ if flags.is_empty() { "No flags" } else { "Why they may need a call" } }</h2>
            if let Some((m, shown)) = done.get() { <InView {shown} class="confirmation" role="status"><p>{ m }</p></InView> }
            if !flags.is_empty() {
                <ul class="flags">{ for flags.iter().map(|f| html! { <li>{ f.flag.reason() }</li> }) }</ul>
            }
            if let Some(at) = props.detail.row.last_reviewed_at {
                <p class="hint">{ format!("Last reviewed {}.", at.relative_label(browser::now())) }</p>
            }
            <form {onsubmit} novalidate=true>
                if let Some((p, shown)) = problem.get() { <ErrorSummary id="review-problem" problem={p.clone()} {shown} /> }
                <label class="label" for="review-note">{ "Review note (optional)" }</label>
                <textarea id="review-note" class="textarea" rows="2" maxlength="500" value={(*note).clone()}
                    oninput={let n = note.clone(); Callback::from(move |e: InputEvent| n.set(e.target_unchecked_into::<HtmlTextAreaElement>().value()))} />
                <button type="submit" class="button">{ "Mark reviewed" }</button>
            </form>
        </section>
    }
}

/// Charts of stress and wellbeing, what helps, attendance and ONS4 change. A plain function, not a
/// component: it keeps no state, and each component costs the `.wasm` its own lifecycle code.
fn trends(entries: &[Entry]) -> Html {
    let today = browser::now().uk_day();
    let (stress, wellbeing) = stress_and_wellbeing(entries, today, 30);
    let helps = what_helps(entries);
    let check_ins = entries.iter().filter(|e| e.as_check_in().is_some()).count();
    let ons4 = baseline_vs_latest(&Journal::new(entries.to_vec()).ons4_history());
    html! {
        <>
            <TrendCards {stress} {wellbeing} heading_suffix=", last 30 days" />
            <section class="card" aria-labelledby="attendance-title">
                <h2 id="attendance-title">{ "Groups and what helps" }</h2>
                <p>{ format!("{} shared.", count(check_ins as u64, "group check-in", "group check-ins")) }</p>
                <ul class="helps">
                    { for helps.iter().map(|h| html! {
                        <li><strong>{ h.kind.label() }</strong>{ format!(": stress {:+.1} on average over {}", h.mean_change, count(h.sessions, "session", "sessions")) }</li>
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
