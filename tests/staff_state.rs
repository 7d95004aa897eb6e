//! Tests of Steady for staff's state layer, without a server or a database: the reducer many staff
//! pages read, and the rules that turn the server's answer to a batch of register taps into what is
//! kept, dropped or listed as "Could not be saved".
#![cfg(target_arch = "wasm32")]

use std::rc::Rc;
use steady::staff::state::{LeaderSessions, RegisterView, StaffAction, StaffState};
use steady::staff::taps::{refuse_all, refuses_batch, settle};
use steady::staff::Route;
use steady::storage::staff::{QueuedTap, RefusedTap};
use steady::sync::http::HttpError;
use steady_domain::accounts::{Role, StaffMember};
use steady_domain::attendance::{Mark, MarkOutcome, MarkRefusal, PersonKey, Register};
use steady_domain::enrolment::DisplayName;
use steady_domain::{GroupKind, Session, SessionId, Timestamp};
use wasm_bindgen_test::*;
use yew::Reducible;

wasm_bindgen_test_configure!(run_in_browser);

fn tap(session: &str, person: &str, when: &str) -> QueuedTap {
    QueuedTap::new(
        session,
        Mark {
            person: PersonKey::parse(person).unwrap(),
            name: DisplayName::parse("Ash").unwrap(),
            present: true,
            tapped_at: Timestamp::parse(when).unwrap(),
        },
    )
}

fn refused(session: &str, person: &str, when: &str) -> RefusedTap {
    let reason = MarkRefusal::InTheFuture;
    RefusedTap::new(tap(session, person, when), Some(reason), reason.to_string())
}

fn leader() -> StaffMember {
    StaffMember { id: "lee".into(), name: "Lee Leader".into(), email: "lee@steady.test".into(), role: Role::Leader }
}

fn view(session: &str) -> RegisterView {
    let at = Timestamp::parse("2026-11-25T10:00:00Z").unwrap();
    let session = Session {
        id: SessionId(session.into()),
        group_id: "g".into(),
        group_name: "Drop-in walk".into(),
        kind: GroupKind::Walking,
        starts_at: at,
        ends_at: at.plus_minutes(60),
        meeting_point: "The Hub".into(),
        accessibility: None,
        description: None,
        cancelled: false,
    };
    RegisterView { register: Register { session, expected: vec![], marks: vec![] }, waiting: 0, offline: false }
}

fn after(state: StaffState, actions: Vec<StaffAction>) -> StaffState {
    let mut state = Rc::new(state);
    for action in actions {
        state = state.reduce(action);
    }
    (*state).clone()
}

#[wasm_bindgen_test]
fn signing_out_forgets_everything_the_last_person_saw() {
    let state = after(
        StaffState::default(),
        vec![
            StaffAction::SignedIn(leader()),
            StaffAction::SessionsLoaded(Ok(LeaderSessions { list: vec![], offline: false })),
            StaffAction::RegisterLoaded { session_id: "s1".into(), view: Ok(view("s1")) },
            StaffAction::Refused(vec![refused("s1", "p:ash", "2026-11-27T10:00:00Z")]),
            StaffAction::SignedOut,
        ],
    );
    assert_eq!(state, StaffState::default());
    assert_eq!(state.home(), Route::StaffSignIn, "signed out, the header leads to sign-in");
}

#[wasm_bindgen_test]
fn the_header_leads_to_the_signed_in_persons_first_page_and_recognising_them_keeps_what_loaded() {
    let state = after(
        StaffState::default(),
        vec![
            StaffAction::SessionsLoaded(Ok(LeaderSessions { list: vec![], offline: true })),
            StaffAction::Recognised(leader()),
        ],
    );
    assert_eq!(state.home(), Route::Leader);
    assert!(state.sessions.is_some(), "learning who is signed in does not throw away the sessions shown");
}

#[wasm_bindgen_test]
fn a_register_is_shown_only_for_its_own_session() {
    let state = after(
        StaffState::default(),
        vec![StaffAction::RegisterLoaded { session_id: "s1".into(), view: Ok(view("s1")) }],
    );
    assert_eq!(state.register("s1"), Some(&Ok(view("s1"))));
    assert_eq!(state.register("s2"), None, "another session's register is still opening");
    let failed = after(
        state,
        vec![StaffAction::RegisterLoaded { session_id: "s1".into(), view: Err("No such session.".into()) }],
    );
    assert_eq!(failed.register("s1"), Some(&Err("No such session.".to_string())));
}

#[wasm_bindgen_test]
fn refused_taps_are_listed_per_session_and_replaced_whole() {
    let state = after(
        StaffState::default(),
        vec![StaffAction::Refused(vec![
            refused("s1", "p:ash", "2026-11-27T10:01:00Z"),
            refused("s1", "p:bo", "2026-11-27T10:05:00Z"),
            refused("s2", "p:cy", "2026-11-27T10:00:00Z"),
        ])],
    );
    let s1: Vec<&str> = state.refused("s1").iter().map(|t| t.mark.person.as_str()).collect();
    assert_eq!(s1, ["p:ash", "p:bo"]);
    assert_eq!(state.refused("s2").len(), 1);
    assert!(state.refused("s3").is_empty());
    let settled = after(state, vec![StaffAction::Refused(vec![])]);
    assert!(settled.refused("s1").is_empty(), "the list is replaced whole, as stored");
}

#[wasm_bindgen_test]
fn each_outcome_settles_the_tap_sent_in_its_place() {
    let sent = [
        tap("s", "p:ash", "2026-11-25T10:01:00Z"),
        tap("s", "p:bo", "2026-11-27T10:02:00Z"),
        tap("s", "p:cy", "2026-11-25T10:03:00Z"),
    ];
    let reason = MarkRefusal::InTheFuture;
    let outcomes =
        [MarkOutcome::Accepted, MarkOutcome::Refused { reason, message: reason.to_string() }, MarkOutcome::Accepted];
    let settled = settle(&sent, &outcomes);
    assert_eq!(settled.accepted, [sent[0].clone(), sent[2].clone()]);
    assert_eq!(settled.refused.len(), 1);
    assert_eq!(settled.refused[0].mark, sent[1].mark);
    assert_eq!(settled.refused[0].reason, Some(reason));
    assert_eq!(settled.refused[0].message, reason.to_string());

    let short = settle(&sent, &outcomes[..1]);
    assert_eq!(short.accepted, [sent[0].clone()], "taps the answer does not mention stay queued");
    assert!(short.refused.is_empty());
}

#[wasm_bindgen_test]
fn only_a_refusal_that_resending_cannot_change_refuses_the_whole_batch() {
    let status = |status: u16| HttpError::Status {
        status,
        code: "invalid_name".into(),
        message: "That name cannot be saved.".into(),
    };
    for permanent in [400, 413, 422] {
        assert!(refuses_batch(&status(permanent)), "{permanent} refuses the batch");
    }
    for retried in [401, 403, 404, 408, 429, 500, 503] {
        assert!(!refuses_batch(&status(retried)), "{retried} is not a refusal of the taps");
    }
    assert!(!refuses_batch(&HttpError::Offline));
    assert!(!refuses_batch(&HttpError::Unreadable));

    let sent = [tap("s", "p:ash", "2026-11-25T10:01:00Z"), tap("s", "p:bo", "2026-11-25T10:02:00Z")];
    let all = refuse_all(&sent, &status(422));
    assert_eq!(all.len(), 2);
    assert!(all.iter().all(|t| t.reason.is_none() && t.message == "That name cannot be saved."));
}
