//! Browser tests of what Steady for staff keeps on the device: a leader's taps wait in a queue (one
//! per person per session) until the server has them, and the register is kept for offline use.
#![cfg(target_arch = "wasm32")]

use steady::storage::staff::{QueuedTap, StaffStorage};
use steady_domain::attendance::{Expected, Mark, PersonKey, Register};
use steady_domain::enrolment::DisplayName;
use steady_domain::{GroupKind, Session, SessionId, Timestamp};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn at(text: &str) -> Timestamp {
    Timestamp::parse(text).unwrap()
}

fn tap(session: &str, person: &str, present: bool, when: &str) -> QueuedTap {
    QueuedTap::new(
        session,
        Mark {
            person: PersonKey::parse(person).unwrap(),
            name: DisplayName::parse("Ash").unwrap(),
            present,
            tapped_at: at(when),
        },
    )
}

/// Each test uses its own session ids, as they share the one staff database.
fn session_id(test: &str) -> String {
    format!("{test}-{}", js_sys::Math::random())
}

#[wasm_bindgen_test]
async fn a_newer_tap_replaces_an_older_one_and_survives_an_acknowledgement_of_the_older() {
    let storage = StaffStorage::open().await.unwrap();
    let s = session_id("taps");
    let first = tap(&s, "p:ash", true, "2026-11-25T10:01:00Z");
    storage.queue_tap(&first).await.unwrap();
    storage.queue_tap(&tap(&s, "w:sam", true, "2026-11-25T10:02:00Z")).await.unwrap();
    let undo = tap(&s, "p:ash", false, "2026-11-25T10:03:00Z");
    storage.queue_tap(&undo).await.unwrap();
    let mine = |taps: Vec<QueuedTap>| taps.into_iter().filter(|t| t.session_id == s).collect::<Vec<_>>();
    let queued = mine(storage.taps().await.unwrap().records);
    assert_eq!(queued.len(), 2, "one per person");
    assert!(queued.contains(&undo));

    // The server confirmed the first tap (sent before the undo): the undo stays queued.
    storage.acknowledge(&[first]).await.unwrap();
    assert_eq!(mine(storage.taps().await.unwrap().records).len(), 2);
    storage.acknowledge(&queued).await.unwrap();
    assert!(mine(storage.taps().await.unwrap().records).is_empty());
}

#[wasm_bindgen_test]
async fn the_register_is_kept_for_offline_use() {
    let storage = StaffStorage::open().await.unwrap();
    let s = session_id("register");
    let register = Register {
        session: Session {
            id: SessionId(s.clone()),
            group_id: "g".into(),
            group_name: "Drop-in walk".into(),
            kind: GroupKind::Walking,
            starts_at: at("2026-11-25T10:00:00Z"),
            ends_at: at("2026-11-25T11:00:00Z"),
            meeting_point: "The Hub".into(),
            accessibility: None,
            description: None,
            cancelled: false,
        },
        expected: vec![Expected {
            person: PersonKey::parse("p:ash").unwrap(),
            name: DisplayName::parse("Ash").unwrap(),
        }],
        marks: vec![],
    };
    assert_eq!(storage.register(&s).await.unwrap(), None);
    storage.set_register(&register).await.unwrap();
    assert_eq!(storage.register(&s).await.unwrap(), Some(register));
}
