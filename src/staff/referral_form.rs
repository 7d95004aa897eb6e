//! The staff referral form: who is referred and how to reach them safely, who referred them, the
//! justice-contact flag, why, and their consent to be contacted. The form's text is read field by
//! field into domain types, then [`NewReferral::parse`] applies the rules that join fields (the
//! server applies the same ones); every problem is listed in an NHS-style error summary that links
//! to its field.

use crate::browser;
use crate::router::*;
use crate::staff::hooks::{use_error_text, use_staff};
use crate::staff::Route;
use steady_domain::accounts::Role;
use steady_domain::enrolment::{DisplayName, ReferralSource};
use steady_domain::referral::{
    ContactChannel, NewReferral, NhsNumber, OdsCode, PhoneNumber, ReferralForm, ReferralFormError, ReferralReason,
};
use steady_domain::{Day, Note};
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// The form as typed: text as it stands and the choices ticked.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Draft {
    pub text: [String; TEXT_FIELDS.len()],
    pub source: Option<ReferralSource>,
    pub justice_contact: bool,
    pub reasons: Vec<ReferralReason>,
    pub channels: Vec<ContactChannel>,
    pub consent: bool,
}

/// The form's text fields in order: (element id, label, hint, multi-line).
pub const TEXT_FIELDS: [(&str, &str, &str, bool); 9] = [
    ("ref-name", "Name or reference", "What you, they and the referrer will recognise.", false),
    ("ref-dob", "Date of birth (optional)", "Helps make sure you contact the right person.", false),
    ("ref-nhs", "NHS number (optional)", "10 digits, like 943 476 5919.", false),
    ("ref-referrer", "Referrer's name (optional)", "The GP practice, probation delivery unit or person.", false),
    ("ref-ods", "GP practice ODS code", "Needed for a GP practice, like A81001.", false),
    ("ref-reason-note", "About the reasons (optional)", "Needed if you choose 'Other'.", true),
    ("ref-phone", "Phone number", "For phone calls and text messages.", false),
    ("ref-address", "Address", "For letters.", true),
    (
        "ref-times",
        "When and how it is safe to contact them (optional)",
        "For example: weekdays after 2pm, no voicemail.",
        true,
    ),
];

/// Positions in [`Draft::text`].
pub mod field {
    pub const NAME: usize = 0;
    pub const DATE_OF_BIRTH: usize = 1;
    pub const NHS_NUMBER: usize = 2;
    pub const REFERRER: usize = 3;
    pub const ODS: usize = 4;
    pub const REASON_NOTE: usize = 5;
    pub const PHONE: usize = 6;
    pub const ADDRESS: usize = 7;
    pub const TIMES: usize = 8;
}

/// A problem with the form: the id of the field to fix, and what to do.
pub type Problem = (&'static str, String);

const SOURCE_ID: &str = "ref-source-probation";
const REASON_ID: &str = "ref-reason-isolation";
const CHANNEL_ID: &str = "ref-channel-phone";
const CONSENT_ID: &str = "ref-consent";

impl Draft {
    /// The referral, or every problem found: first each field alone, then (when each field reads)
    /// the first rule joining them that is broken.
    pub fn parse(&self, today: Day) -> Result<NewReferral, Vec<Problem>> {
        let mut problems: Vec<Problem> = Vec::new();
        let mut note = |at: usize, message: String| problems.push((TEXT_FIELDS[at].0, message));
        let optional = |at: usize| Some(self.text[at].trim()).filter(|t| !t.is_empty());
        let name = DisplayName::parse(&self.text[field::NAME]).map_err(|e| note(field::NAME, e.to_string())).ok();
        let date_of_birth = optional(field::DATE_OF_BIRTH).and_then(|t| {
            Day::parse(t).or_else(|| {
                note(field::DATE_OF_BIRTH, "Enter the date of birth as a date, like 1 April 1990.".into());
                None
            })
        });
        let mut read = |at: usize, parse: &dyn Fn(&str) -> Result<(), String>| match optional(at) {
            Some(t) => parse(t).map_err(|m| note(at, m)).is_ok(),
            None => true,
        };
        let fine = [
            read(field::NHS_NUMBER, &|t| NhsNumber::parse(t).map(drop).map_err(|e| e.to_string())),
            read(field::REFERRER, &|t| DisplayName::parse(t).map(drop).map_err(|e| e.to_string())),
            read(field::ODS, &|t| OdsCode::parse(t).map(drop).map_err(|e| e.to_string())),
            read(field::PHONE, &|t| PhoneNumber::parse(t).map(drop).map_err(|e| e.to_string())),
            read(field::REASON_NOTE, &|t| Note::parse(t).map(drop).map_err(|e| e.to_string())),
            read(field::ADDRESS, &|t| Note::parse(t).map(drop).map_err(|e| e.to_string())),
            read(field::TIMES, &|t| Note::parse(t).map(drop).map_err(|e| e.to_string())),
        ];
        if self.source.is_none() {
            problems.push((SOURCE_ID, "Choose who referred them.".into()));
        }
        let (Some(name), Some(referral_source), true, true) =
            (name, self.source, problems.is_empty(), fine.iter().all(|f| *f))
        else {
            return Err(problems);
        };
        // Every field read above, so these parse again without fail.
        let text = |at: usize| optional(at).map(str::to_string);
        let form = ReferralForm {
            name,
            date_of_birth,
            nhs_number: text(field::NHS_NUMBER).and_then(|t| NhsNumber::parse(&t).ok()),
            referral_source,
            referrer_name: text(field::REFERRER).and_then(|t| DisplayName::parse(&t).ok()),
            ods_code: text(field::ODS).and_then(|t| OdsCode::parse(&t).ok()),
            justice_contact: self.justice_contact,
            reasons: self.reasons.clone(),
            reason_note: text(field::REASON_NOTE).and_then(|t| Note::parse(&t).ok()),
            phone: text(field::PHONE).and_then(|t| PhoneNumber::parse(&t).ok()),
            address: text(field::ADDRESS).and_then(|t| Note::parse(&t).ok()),
            safe_channels: self.channels.clone(),
            safe_times: text(field::TIMES).and_then(|t| Note::parse(&t).ok()),
            consent_to_contact: self.consent,
        };
        NewReferral::parse(form, today).map_err(|e| vec![(field_of(e), e.to_string())])
    }
}

/// The field that fixes a broken rule.
fn field_of(e: ReferralFormError) -> &'static str {
    match e {
        ReferralFormError::NoConsent => CONSENT_ID,
        ReferralFormError::NoReason => REASON_ID,
        ReferralFormError::OtherNeedsNote => TEXT_FIELDS[field::REASON_NOTE].0,
        ReferralFormError::NoSafeChannel => CHANNEL_ID,
        ReferralFormError::PhoneNeeded => TEXT_FIELDS[field::PHONE].0,
        ReferralFormError::AddressNeeded => TEXT_FIELDS[field::ADDRESS].0,
        ReferralFormError::OdsCodeNeeded => TEXT_FIELDS[field::ODS].0,
        ReferralFormError::BornInFuture => TEXT_FIELDS[field::DATE_OF_BIRTH].0,
    }
}

/// A link in the error summary: focuses its field (the page's address stays as it is).
fn focus_field(id: &'static str) -> Callback<MouseEvent> {
    Callback::from(move |e: MouseEvent| {
        e.prevent_default();
        if let Some(element) = gloo::utils::document().get_element_by_id(id) {
            element.scroll_into_view();
            if let Ok(element) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(element) {
                let _ = element.focus();
            }
        }
    })
}

/// Adds `item` to the chosen list, or takes it out.
fn toggle<T: PartialEq>(list: &mut Vec<T>, item: T) {
    match list.iter().position(|i| *i == item) {
        Some(at) => {
            list.remove(at);
        }
        None => list.push(item),
    }
}

#[component]
pub fn NewReferralPage() -> Html {
    let staff = use_staff();
    let errors = use_error_text();
    let navigator = use_navigator();
    let draft = use_state(Draft::default);
    let problems = use_state(Vec::<Problem>::new);
    let busy = use_state(|| false);
    let summary = use_node_ref();
    {
        // The NHS pattern: after a submit with problems, focus moves to the summary.
        let summary = summary.clone();
        use_effect_with((*problems).clone(), move |problems| {
            if let (false, Some(element)) = (problems.is_empty(), summary.cast::<web_sys::HtmlElement>()) {
                let _ = element.focus();
            }
        });
    }
    let change = |edit: Box<dyn Fn(&mut Draft)>| {
        let draft = draft.clone();
        Callback::from(move |_: Event| {
            let mut next = (*draft).clone();
            edit(&mut next);
            draft.set(next);
        })
    };
    let onsubmit = {
        let (draft, problems, busy) = (draft.clone(), problems.clone(), busy.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let referral = match draft.parse(browser::now().uk_day()) {
                Ok(referral) => referral,
                Err(found) => return problems.set(found),
            };
            let (problems, busy, staff, errors, navigator) =
                (problems.clone(), busy.clone(), staff.clone(), errors.clone(), navigator.clone());
            busy.set(true);
            wasm_bindgen_futures::spawn_local(async move {
                match staff.create_referral(&referral).await {
                    Ok(id) => {
                        let admin = staff.state().me.as_ref().is_some_and(|m| m.role == Role::Admin);
                        navigator.push(&if admin { Route::Referrals } else { Route::Referral { id } });
                    }
                    Err(e) => problems.set(vec![("ref-submit", errors.of(e))]),
                }
                busy.set(false);
            });
        })
    };
    let error_of = |id: &str| problems.iter().find(|(at, _)| *at == id).map(|(_, m)| m.clone());
    let text_field = |at: usize| {
        let (id, label, hint, multiline) = TEXT_FIELDS[at];
        let oninput = {
            let draft = draft.clone();
            Callback::from(move |e: InputEvent| {
                let mut next = (*draft).clone();
                next.text[at] = e.target_unchecked_into::<HtmlInputElement>().value();
                draft.set(next);
            })
        };
        let error = error_of(id);
        let described = format!("{id}-hint{}", if error.is_some() { format!(" {id}-error") } else { String::new() });
        let kind = if at == field::DATE_OF_BIRTH { "date" } else { "text" };
        html! {
            <div class={classes!("form-group", error.is_some().then_some("form-group--error"))}>
                <label class="label" for={id}>{ label }</label>
                <p class="hint" id={format!("{id}-hint")}>{ hint }</p>
                if let Some(m) = error { <p class="error-message" id={format!("{id}-error")}><span class="visually-hidden">{ "Error: " }</span>{ m }</p> }
                if multiline {
                    <textarea {id} class="textarea" rows="2" aria-describedby={described} value={draft.text[at].clone()} {oninput} />
                } else {
                    <input {id} class="input" type={kind} autocomplete="off" aria-describedby={described} value={draft.text[at].clone()} {oninput} />
                }
            </div>
        }
    };
    let choices = |legend: &str, id: &'static str, options: Html| {
        let error = error_of(id);
        html! {
            <fieldset class={classes!("fieldset", "form-group", error.is_some().then_some("form-group--error"))}>
                <legend class="label">{ legend }</legend>
                if let Some(m) = error { <p class="error-message"><span class="visually-hidden">{ "Error: " }</span>{ m }</p> }
                { options }
            </fieldset>
        }
    };
    let tick = |id: String, label: &str, checked: bool, radio: bool, onchange: Callback<Event>| {
        html! {
            <div class={if radio { "radio" } else { "checkbox" }}>
                <input type={if radio { "radio" } else { "checkbox" }} id={id.clone()} name={radio.then_some("ref-source")} {checked} {onchange} />
                <label for={id}>{ label.to_string() }</label>
            </div>
        }
    };
    let d = &*draft;
    html! {
        <>
            <h1>{ "New referral" }</h1>
            <Link<Route> to={Route::Referrals} classes="back-link">{ "Back to referrals" }</Link<Route>>
            <form class="card" {onsubmit} novalidate=true>
                if !problems.is_empty() {
                    <div class="error-summary" role="alert" tabindex="-1" aria-labelledby="error-summary-title" ref={summary}>
                        <h2 id="error-summary-title">{ "There is a problem" }</h2>
                        <ul class="error-summary__list">
                            { for problems.iter().map(|(id, m)| html! { <li><a href={format!("#{id}")} onclick={focus_field(id)}>{ m }</a></li> }) }
                        </ul>
                    </div>
                }
                <h2>{ "Who is referred" }</h2>
                { text_field(field::NAME) }
                { text_field(field::DATE_OF_BIRTH) }
                { text_field(field::NHS_NUMBER) }
                { choices("Referred by", SOURCE_ID, html! { <>{ for ReferralSource::ALL.into_iter().map(|source| {
                    tick(format!("ref-source-{}", source.code()), source.label(), d.source == Some(source), true,
                        change(Box::new(move |d| d.source = Some(source))))
                }) }</> }) }
                { text_field(field::REFERRER) }
                { text_field(field::ODS) }
                { tick("ref-justice".into(), "Has contact with the justice system (on probation, recently released or similar)", d.justice_contact, false,
                    change(Box::new(|d| d.justice_contact = !d.justice_contact))) }
                <h2>{ "Why" }</h2>
                { choices("Reasons for the referral", REASON_ID, html! { <>{ for ReferralReason::ALL.into_iter().map(|reason| {
                    tick(format!("ref-reason-{}", reason.code()), reason.label(), d.reasons.contains(&reason), false,
                        change(Box::new(move |d| toggle(&mut d.reasons, reason))))
                }) }</> }) }
                { text_field(field::REASON_NOTE) }
                <h2>{ "Contacting them safely" }</h2>
                { choices("Ways it is safe to contact them", CHANNEL_ID, html! { <>{ for ContactChannel::ALL.into_iter().map(|channel| {
                    tick(format!("ref-channel-{}", channel.code()), channel.label(), d.channels.contains(&channel), false,
                        change(Box::new(move |d| toggle(&mut d.channels, channel))))
                }) }</> }) }
                { text_field(field::PHONE) }
                { text_field(field::ADDRESS) }
                { text_field(field::TIMES) }
                { choices("Consent", CONSENT_ID, tick(CONSENT_ID.into(), "They agreed to be contacted by the social prescribing service", d.consent, false,
                    change(Box::new(|d| d.consent = !d.consent)))) }
                <button id="ref-submit" type="submit" class="button button--wide" disabled={*busy}>{ "Add referral" }</button>
            </form>
        </>
    }
}
