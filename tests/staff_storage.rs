//! Browser tests of what Steady for staff keeps on the device: a leader's taps wait in a queue (one
//! per person per session) until the server has them, refused taps wait in their own list for the
//! leader, the register is kept for offline use, an older database upgrades keeping its taps, and a
//! record that cannot be read is kept and reported as in the participant's database.
#![cfg(target_arch = "wasm32")]

use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use steady::storage::staff::{upgrade, QueuedTap, RefusedTap, StaffStorage};
use steady_domain::attendance::{Expected, Mark, MarkRefusal, PersonKey, Register};
use steady_domain::enrolment::DisplayName;
use steady_domain::{GroupKind, Session, SessionId, Timestamp};
use wasm_bindgen::JsValue;
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

/// A database name no other test uses, for tests that build or inspect a database themselves.
fn fresh_name(test: &str) -> String {
    format!("steady-staff-test-{test}-{}", js_sys::Math::random())
}

fn refused(tap: &QueuedTap) -> RefusedTap {
    let reason = MarkRefusal::InTheFuture;
    RefusedTap::new(tap.clone(), Some(reason), reason.to_string())
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

#[wasm_bindgen_test]
async fn a_version_1_database_keeps_its_queued_taps_and_gains_the_refused_list() {
    let name = fresh_name("upgrade-v1");
    let v1 = Database::open(name.as_str())
        .with_version(1u32)
        .with_on_upgrade_needed(|event, db| upgrade(event.old_version() as u32, 1, &db))
        .await
        .unwrap();
    assert_eq!(v1.object_store_names().collect::<Vec<_>>(), ["cache", "taps"]);
    // Two taps as version 1 of the app queued them, waiting for signal.
    let tx = v1.transaction("taps").with_mode(TransactionMode::Readwrite).build().unwrap();
    let store = tx.object_store("taps").unwrap();
    for json in [
        r#"{"key":"s1|p:ash","session_id":"s1","mark":{"person":"p:ash","name":"Ash","present":true,"tapped_at":"2026-11-25T10:01:00Z"}}"#,
        r#"{"key":"s1|w:sam","session_id":"s1","mark":{"person":"w:sam","name":"Sam","present":true,"tapped_at":"2026-11-25T10:02:00Z"}}"#,
    ] {
        let value: JsValue = js_sys::JSON::parse(json).unwrap();
        store.put(value).primitive().unwrap().await.unwrap();
    }
    tx.commit().await.unwrap();
    v1.close();

    let storage = StaffStorage::open_named(&name).await.unwrap();
    let taps = storage.taps().await.unwrap();
    assert!(taps.unreadable.is_empty());
    let mut people: Vec<&str> = taps.records.iter().map(|t| t.mark.person.as_str()).collect();
    people.sort();
    assert_eq!(people, ["p:ash", "w:sam"], "both waiting taps are still there to send");
    // The list version 2 added works straight away.
    storage.refuse(&[refused(&taps.records[0])]).await.unwrap();
    assert_eq!(storage.refused().await.unwrap().records.len(), 1);
    assert_eq!(storage.taps().await.unwrap().records.len(), 1);
}

#[wasm_bindgen_test]
async fn a_refused_tap_leaves_the_queue_for_the_refused_list_unless_a_newer_tap_replaced_it() {
    let storage = StaffStorage::open_named(&fresh_name("refuse")).await.unwrap();
    let ash = tap("s", "p:ash", true, "2026-11-28T10:01:00Z");
    let sam = tap("s", "w:sam", true, "2026-11-28T10:02:00Z");
    storage.queue_tap(&ash).await.unwrap();
    storage.queue_tap(&sam).await.unwrap();
    // While the batch was out, the leader tapped Sam again.
    let sam_again = tap("s", "w:sam", false, "2026-11-28T10:03:00Z");
    storage.queue_tap(&sam_again).await.unwrap();

    storage.refuse(&[refused(&ash), refused(&sam)]).await.unwrap();
    assert_eq!(storage.taps().await.unwrap().records, [sam_again], "only the newer tap is left to send");
    let list = storage.refused().await.unwrap().records;
    assert_eq!(list.len(), 1, "Sam's refused tap is moot: the newer tap says what the leader wants");
    assert_eq!(list[0].mark, ash.mark);
    assert_eq!(list[0].reason, Some(MarkRefusal::InTheFuture));
    assert!(list[0].message.contains("Check the phone's clock"));
}

#[wasm_bindgen_test]
async fn tapping_again_replaces_a_refused_tap_and_discarding_forgets_it() {
    let storage = StaffStorage::open_named(&fresh_name("settle")).await.unwrap();
    let ash = tap("s", "p:ash", true, "2026-11-28T10:01:00Z");
    let bo = tap("s", "p:bo", true, "2026-11-28T10:02:00Z");
    for t in [&ash, &bo] {
        storage.queue_tap(t).await.unwrap();
    }
    storage.refuse(&[refused(&ash), refused(&bo)]).await.unwrap();
    assert!(storage.taps().await.unwrap().records.is_empty(), "refused taps are never sent by themselves");

    let again = tap("s", "p:ash", true, "2026-11-28T10:05:00Z");
    storage.queue_tap(&again).await.unwrap();
    assert_eq!(storage.taps().await.unwrap().records, [again]);
    storage.discard(&bo.key).await.unwrap();
    assert!(storage.refused().await.unwrap().records.is_empty());
}

#[wasm_bindgen_test]
async fn unreadable_taps_are_skipped_reported_and_kept_and_the_rest_go_oldest_first() {
    let name = fresh_name("unreadable");
    let storage = StaffStorage::open_named(&name).await.unwrap();
    // Stored in key order, Ash's tap comes first; it was made second.
    let later = tap("s", "p:ash", true, "2026-11-28T10:02:00Z");
    let earlier = tap("s", "w:sam", true, "2026-11-28T10:01:00Z");
    storage.queue_tap(&later).await.unwrap();
    storage.queue_tap(&earlier).await.unwrap();
    storage.close();
    // Half-written records, in the queue and in the refused list.
    let raw = Database::open(name.as_str()).await.unwrap();
    let tx = raw.transaction(["taps", "refused"]).with_mode(TransactionMode::Readwrite).build().unwrap();
    for store in ["taps", "refused"] {
        let value: JsValue = js_sys::JSON::parse(r#"{"key":"s|p:bo","session_id":"half-written"}"#).unwrap();
        tx.object_store(store).unwrap().put(value).primitive().unwrap().await.unwrap();
    }
    tx.commit().await.unwrap();
    raw.close();

    let storage = StaffStorage::open_named(&name).await.unwrap();
    let taps = storage.taps().await.unwrap();
    assert_eq!(taps.records, [earlier.clone(), later.clone()], "the readable taps, oldest first");
    assert_eq!(taps.unreadable.len(), 1);
    assert!(taps.unreadable[0].contains("half-written"), "the raw record is kept for export");
    let refused = storage.refused().await.unwrap();
    assert!(refused.records.is_empty());
    assert_eq!(refused.unreadable.len(), 1);

    storage.acknowledge(&taps.records).await.unwrap();
    let left = storage.taps().await.unwrap();
    assert!(left.records.is_empty());
    assert_eq!(left.unreadable.len(), 1, "sending the others deleted nothing unreadable");
}
