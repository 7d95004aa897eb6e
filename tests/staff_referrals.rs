//! Tests of the referral parts of Steady for staff's state layer, without a server: the inbox and
//! the open referral kept in step in the reducer (taking a referral, recording an attempt, closing
//! it with an outcome), and the referral form read into a referral with the domain's rules.
#![cfg(target_arch = "wasm32")]

use std::rc::Rc;
use steady::staff::referral_form::{field, Draft};
use steady::staff::state::{StaffAction, StaffState};
use steady_domain::accounts::{Role, StaffMember};
use steady_domain::enrolment::{Enrolled, IssuedCode, PairingCode, Participant, ReferralSource};
use steady_domain::referral::{
    AttemptResult, ContactAttempt, ContactChannel, GpSharing, Inbox, InboxItem, Intake, Outcome, OutcomeRecorded,
    RecordedOutcome, ReferralDetail, ReferralReason, ReferralSummary, StaffRef,
};
use steady_domain::working_days::WorkingCalendar;
use steady_domain::{Day, Timestamp};
use wasm_bindgen_test::*;
use yew::Reducible;

wasm_bindgen_test_configure!(run_in_browser);

const NOW: &str = "2026-12-03T12:00:00Z";

fn at(text: &str) -> Timestamp {
    Timestamp::parse(text).unwrap()
}

fn lin() -> StaffRef {
    StaffRef { id: "lin".into(), name: "Lin Worker".into() }
}

/// A referral's inbox line as the server would send it at [`NOW`].
fn line(id: &str, justice: bool, received: &str, assigned: bool, attempts: &[ContactAttempt]) -> InboxItem {
    let first_contact_at = attempts.iter().find(|a| a.result == AttemptResult::Reached).map(|a| a.at);
    let summary = ReferralSummary {
        id: id.into(),
        name: format!("Person {id}"),
        referral_source: ReferralSource::PrimaryCare,
        referrer_name: Some("Riverside Surgery".into()),
        justice_contact: justice,
        received_at: at(received),
        intake: Intake::Fhir,
        assigned_to: assigned.then(lin),
        attempts: attempts.len() as u32,
        last_attempt_at: attempts.last().map(|a| a.at),
        first_contact_at,
        outcome: None,
    };
    let clock = steady_domain::referral::ContactClock::at(
        summary.received_at,
        first_contact_at,
        at(NOW),
        &WorkingCalendar::default(),
        5,
    );
    InboxItem::new(summary, clock, false)
}

fn detail(item: InboxItem, attempts: Vec<ContactAttempt>) -> ReferralDetail {
    let mut draft = filled();
    draft.text[field::NAME] = item.referral.name.clone();
    ReferralDetail {
        item,
        details: draft.parse(Day::parse("2026-12-03").unwrap()).unwrap().into_form(),
        referrer_identifier: Some("GP-REF-1".into()),
        attempts,
        outcome: None,
        participant_id: None,
    }
}

fn attempt(when: &str, result: AttemptResult) -> ContactAttempt {
    ContactAttempt {
        at: at(when),
        by: lin(),
        channel: ContactChannel::Phone,
        result,
        note: None,
        identity_confirmed: result == AttemptResult::Reached,
    }
}

fn inbox(items: Vec<InboxItem>) -> StaffAction {
    StaffAction::InboxLoaded(Ok(Inbox::new(5, items)))
}

fn loaded(d: ReferralDetail) -> StaffAction {
    StaffAction::ReferralLoaded { id: d.item.referral.id.clone(), detail: Box::new(Ok(d)) }
}

fn after(state: StaffState, actions: Vec<StaffAction>) -> StaffState {
    let mut state = Rc::new(state);
    for action in actions {
        state = state.reduce(action);
    }
    (*state).clone()
}

fn ids(items: &[InboxItem]) -> Vec<&str> {
    items.iter().map(|i| i.referral.id.as_str()).collect()
}

fn shown(state: &StaffState) -> &Inbox {
    state.inbox.as_ref().unwrap().as_ref().unwrap()
}

/// A form that keeps every rule: a GP practice's referral, by phone.
fn filled() -> Draft {
    let mut draft = Draft::default();
    draft.text[field::NAME] = "Sam R".into();
    draft.text[field::ODS] = "a81001".into();
    draft.text[field::PHONE] = "07700 900123".into();
    draft.source = Some(ReferralSource::PrimaryCare);
    draft.justice_contact = true;
    draft.reasons = vec![ReferralReason::Isolation];
    draft.channels = vec![ContactChannel::Phone];
    draft.consent = true;
    draft
}

#[wasm_bindgen_test]
fn taking_a_referral_moves_its_line_to_assigned_and_keeps_the_inbox_order() {
    let state = after(
        StaffState::default(),
        vec![inbox(vec![
            line("new", false, "2026-12-02T09:00:00Z", false, &[]),
            line("overdue", false, "2026-11-20T09:00:00Z", false, &[]),
            line("mine", false, "2026-12-01T09:00:00Z", true, &[]),
        ])],
    );
    assert_eq!(ids(&shown(&state).unassigned), ["overdue", "new"], "overdue first, as the server sent it");
    let taken = after(state, vec![loaded(detail(line("new", true, "2026-12-02T09:00:00Z", true, &[]), vec![]))]);
    assert_eq!(ids(&shown(&taken).unassigned), ["overdue"]);
    assert_eq!(ids(&shown(&taken).assigned), ["new", "mine"], "justice contact before an earlier due day");
    assert!(taken.referral("new").is_some_and(|d| d.is_ok()), "the page shows the referral it opened");
    assert!(taken.referral("mine").is_none(), "and no other");
}

#[wasm_bindgen_test]
fn an_attempt_changes_the_reasons_the_inbox_gives() {
    let received = "2026-11-20T09:00:00Z";
    let state = after(StaffState::default(), vec![inbox(vec![line("r1", true, received, true, &[])])]);
    assert!(shown(&state).assigned[0].reasons[0].starts_with("Overdue:"));
    let tried = vec![attempt("2026-12-02T10:00:00Z", AttemptResult::NoAnswer)];
    let state = after(state, vec![loaded(detail(line("r1", true, received, true, &tried), tried.clone()))]);
    assert!(shown(&state).assigned[0].reasons.contains(&"1 attempt so far, not reached yet".to_string()));
    let reached = vec![tried[0].clone(), attempt("2026-12-03T10:00:00Z", AttemptResult::Reached)];
    let state = after(state, vec![loaded(detail(line("r1", true, received, true, &reached), reached.clone()))]);
    let reasons = &shown(&state).assigned[0].reasons;
    assert_eq!(reasons[0], "Justice-system contact", "no longer overdue once reached");
    assert_eq!(reasons[1], "Reached on Thu 3 Dec, 9 working days after the referral");
}

#[wasm_bindgen_test]
fn an_outcome_closes_the_referral_the_inbox_drops_it_and_the_page_shows_the_enrolment() {
    let reached = vec![attempt("2026-12-02T10:00:00Z", AttemptResult::Reached)];
    let r1 = line("r1", true, "2026-12-01T09:00:00Z", true, &reached);
    let state = after(
        StaffState::default(),
        vec![
            inbox(vec![r1.clone(), line("r2", false, "2026-12-01T09:00:00Z", true, &[])]),
            loaded(detail(r1, reached)),
        ],
    );
    let outcome = RecordedOutcome {
        outcome: Outcome::Accepted,
        at: at(NOW),
        by: lin(),
        note: None,
        gp_sharing: GpSharing::CodesAndSelfRatings,
    };
    let participant = Participant {
        id: "p1".into(),
        display_name: "Person r1".into(),
        referral_source: ReferralSource::PrimaryCare,
        justice_contact: true,
        consent_discussed_on: Day::parse("2026-12-03").unwrap(),
        created_at: at(NOW),
        linked: false,
        shared_entries: 0,
    };
    let pairing = IssuedCode {
        code: PairingCode::parse("7KQ4MZ2P").unwrap(),
        expires_at: at(NOW).plus_days(3),
        link: "http://steady.test/link#7KQ4MZ2P".into(),
        qr_svg: "<svg/>".into(),
    };
    let recorded = OutcomeRecorded { outcome: outcome.clone(), enrolled: Some(Enrolled { participant, pairing }) };
    let state = after(state, vec![StaffAction::OutcomeRecorded { id: "r1".into(), recorded }]);
    assert_eq!(ids(&shown(&state).assigned), ["r2"], "a closed referral leaves the inbox");
    let page = state.referral("r1").unwrap().as_ref().unwrap();
    assert_eq!(page.outcome, Some(outcome));
    assert_eq!(page.item.referral.outcome, Some(Outcome::Accepted));
    assert_eq!(page.participant_id.as_deref(), Some("p1"), "the link from the referral to the participant");

    let page = page.clone();
    let reopened = after(state, vec![loaded(page)]);
    assert_eq!(ids(&shown(&reopened).assigned), ["r2"], "opening a closed referral does not bring it back");
}

#[wasm_bindgen_test]
fn a_referral_that_cannot_be_opened_says_why_and_signing_out_forgets_the_referrals() {
    let lin_account = StaffMember {
        id: "lin".into(),
        name: "Lin Worker".into(),
        email: "lin@steady.test".into(),
        role: Role::LinkWorker,
    };
    let state = after(
        StaffState::default(),
        vec![
            StaffAction::SignedIn(lin_account),
            inbox(vec![line("r1", false, "2026-12-01T09:00:00Z", false, &[])]),
            StaffAction::ReferralLoaded {
                id: "r9".into(),
                detail: Box::new(Err("There is no such referral among those you can see.".into())),
            },
        ],
    );
    assert_eq!(state.referral("r9"), Some(&Err("There is no such referral among those you can see.".to_string())));
    assert_eq!(shown(&state).unassigned.len(), 1, "a failed open leaves the inbox as it was");
    assert_eq!(after(state, vec![StaffAction::SignedOut]), StaffState::default());
}

#[wasm_bindgen_test]
fn the_referral_form_lists_every_field_problem_then_the_first_rule_broken() {
    let today = Day::parse("2026-12-03").unwrap();
    let referral = filled().parse(today).unwrap();
    assert_eq!(referral.ods_code.as_ref().unwrap().as_str(), "A81001");
    assert_eq!(referral.phone.as_ref().unwrap().as_str(), "07700900123");

    let mut typos = filled();
    typos.text[field::NAME] = "  ".into();
    typos.text[field::NHS_NUMBER] = "943 476 5918".into();
    typos.text[field::PHONE] = "call me".into();
    typos.source = None;
    let problems = typos.parse(today).unwrap_err();
    let at: Vec<&str> = problems.iter().map(|(id, _)| *id).collect();
    assert_eq!(at, ["ref-name", "ref-nhs", "ref-phone", "ref-source-probation"], "each with the field to fix");
    assert_eq!(problems[2].1, "Enter a phone number like 07700 900123.");

    let mut no_phone = filled();
    no_phone.text[field::PHONE] = String::new();
    no_phone.consent = false;
    let rule = no_phone.parse(today).unwrap_err();
    assert_eq!(rule.len(), 1, "then the first rule broken, as the server would say");
    assert_eq!(rule[0].0, "ref-consent");
    no_phone.consent = true;
    assert_eq!(
        no_phone.parse(today).unwrap_err()[0],
        ("ref-phone", "Add a phone number to contact them by phone or text.".into())
    );

    let mut probation = filled();
    probation.source = Some(ReferralSource::Probation);
    probation.text[field::ODS] = String::new();
    assert!(probation.parse(today).is_ok(), "only a GP practice needs an ODS code");
}
