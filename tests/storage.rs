//! Browser tests of the phone's storage (IndexedDB in real Chromium): saving and reading entries,
//! the schema upgrade from version 1, unreadable records, the schedule cache, deleting everything (with
//! or without the shared copies), restoring a copy, the outbox, a link the link worker ended, and the
//! sharing settings (changed in one step, even when changes overlap).
#![cfg(target_arch = "wasm32")]

use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use steady::storage::outbox::Outbox;
use steady::storage::{upgrade, EndedLink, Link, Preferences, QueuedChange, SharingSettings, Storage, VERSION};
use steady_domain::backup::Restored;
use steady_domain::entry::QuickLog;
use steady_domain::sync::Change;
use steady_domain::{Entry, EntryBody, EntryId, GroupKind, Rating, Session, SessionId, Timestamp};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A database name no other test uses, so tests never see each other's data.
fn fresh_name(test: &str) -> String {
    format!("steady-test-{test}-{}", js_sys::Math::random())
}

fn at(text: &str) -> Timestamp {
    Timestamp::parse(text).unwrap()
}

fn quick_log(id: &str, when: &str, stress: i64) -> Entry {
    let log = QuickLog::new(None, Some(Rating::new(stress).unwrap()), None).unwrap();
    Entry::new(EntryId::parse(id).unwrap(), at(when), false, EntryBody::QuickLog(log))
}

/// Writes raw JSON records into a store, as an older app (or a bug) might have left them.
async fn put_raw(db: &Database, store: &str, records: &[&str]) {
    let tx = db.transaction(store).with_mode(TransactionMode::Readwrite).build().unwrap();
    let object_store = tx.object_store(store).unwrap();
    for json in records {
        let value: JsValue = js_sys::JSON::parse(json).unwrap();
        object_store.put(value).primitive().unwrap().await.unwrap();
    }
    tx.commit().await.unwrap();
}

fn link() -> Link {
    Link {
        device_token: "ab".repeat(32),
        participant_name: "Alex".into(),
        link_worker_name: "Lin".into(),
        linked_at: at("2026-11-25T10:00:00Z"),
    }
}

/// Links the phone and turns sharing on, as the participant would before anything is queued.
async fn share(storage: &Storage) {
    storage.update_sharing(|s| s.link = Some(link())).await.unwrap();
    storage.start_sharing().await.unwrap();
}

async fn count(db: &Database, store: &str) -> u32 {
    let tx = db.transaction(store).build().unwrap();
    tx.object_store(store).unwrap().count().primitive().unwrap().await.unwrap()
}

#[wasm_bindgen_test]
async fn entries_are_saved_and_read_back_and_updates_replace_by_id() {
    let storage = Storage::open(&fresh_name("entries")).await.unwrap();
    let first = quick_log("00000000-0000-4000-8000-000000000001", "2026-11-25T10:00:00Z", 7);
    storage.put_entry(&first).await.unwrap();
    storage.put_entry(&quick_log("00000000-0000-4000-8000-000000000002", "2026-11-25T11:00:00Z", 4)).await.unwrap();
    let mut changed = first.clone();
    changed.keep_private = true;
    storage.put_entry(&changed).await.unwrap();

    let read = storage.entries().await.unwrap();
    assert_eq!(read.records.len(), 2);
    assert!(read.unreadable.is_empty());
    assert!(read.records.contains(&changed));
}

#[wasm_bindgen_test]
async fn a_version_1_database_upgrades_without_losing_entries() {
    let name = fresh_name("upgrade");
    let v1 = Database::open(name.as_str())
        .with_version(1u32)
        .with_on_upgrade_needed(|event, db| upgrade(event.old_version() as u32, 1, &db))
        .await
        .unwrap();
    assert_eq!(v1.object_store_names().collect::<Vec<_>>(), ["entries"]);
    // Version 1's entries had no keep_private flag.
    put_raw(&v1, "entries", &[r#"{"id":"00000000-0000-4000-8000-00000000000a","at":"2026-10-01T09:00:00Z",
        "updated_at":"2026-10-01T09:00:00Z","body":{"kind":"quick_log","wellbeing":3,"stress":8,"note":"first week"}}"#]).await;
    v1.close();

    let storage = Storage::open(&name).await.unwrap();
    let read = storage.entries().await.unwrap();
    assert_eq!(read.records.len(), 1);
    let entry = &read.records[0];
    assert!(!entry.keep_private);
    assert_eq!(entry.stress_readings()[0].1.value(), 8);
    // The stores version 2 added work straight away.
    storage.set_preferences(&Preferences { ons4_dismissed_at: Some(at("2026-11-01T09:00:00Z")) }).await.unwrap();
    assert_eq!(storage.preferences().await.unwrap().ons4_dismissed_at, Some(at("2026-11-01T09:00:00Z")));
}

#[wasm_bindgen_test]
async fn an_unreadable_record_is_skipped_reported_and_kept() {
    let name = fresh_name("corrupt");
    let storage = Storage::open(&name).await.unwrap();
    storage.put_entry(&quick_log("00000000-0000-4000-8000-000000000003", "2026-11-25T10:00:00Z", 5)).await.unwrap();
    storage.close();
    let raw = Database::open(name.as_str()).with_version(VERSION).await.unwrap();
    put_raw(&raw, "entries", &[r#"{"id":"half-written","body":{"kind":"quick_log","stress":11}}"#]).await;

    let storage = Storage::open(&name).await.unwrap();
    let read = storage.entries().await.unwrap();
    assert_eq!(read.records.len(), 1, "the good entry still loads");
    assert_eq!(read.unreadable.len(), 1);
    assert!(read.unreadable[0].contains("half-written"), "the raw record is kept for export");
    assert_eq!(count(&raw, "entries").await, 2, "nothing was deleted");
}

#[wasm_bindgen_test]
async fn the_schedule_cache_is_replaced_whole_with_when_it_was_fetched() {
    let storage = Storage::open(&fresh_name("schedule")).await.unwrap();
    let session = |id: &str| Session {
        id: SessionId(id.into()),
        group_id: "g".into(),
        group_name: "Riverside walk".into(),
        kind: GroupKind::Walking,
        starts_at: at("2026-11-26T10:00:00Z"),
        ends_at: at("2026-11-26T11:30:00Z"),
        meeting_point: "Bandstand".into(),
        accessibility: None,
        description: None,
        cancelled: false,
    };
    assert_eq!(storage.schedule().await.unwrap().fetched_at, None);
    storage.replace_schedule(&[session("a"), session("b")], at("2026-11-25T08:00:00Z")).await.unwrap();
    storage.replace_schedule(&[session("c")], at("2026-11-25T09:00:00Z")).await.unwrap();
    let cached = storage.schedule().await.unwrap();
    assert_eq!(cached.sessions.records, vec![session("c")]);
    assert_eq!(cached.fetched_at, Some(at("2026-11-25T09:00:00Z")));
}

#[wasm_bindgen_test]
async fn delete_everything_leaves_nothing() {
    let storage = Storage::open(&fresh_name("delete")).await.unwrap();
    share(&storage).await;
    storage.put_entry(&quick_log("00000000-0000-4000-8000-000000000004", "2026-11-25T10:00:00Z", 5)).await.unwrap();
    assert_eq!(storage.outbox().await.unwrap().records.len(), 1);
    storage.set_preferences(&Preferences { ons4_dismissed_at: Some(at("2026-11-01T09:00:00Z")) }).await.unwrap();
    storage.delete_everything().await.unwrap();
    assert!(storage.entries().await.unwrap().records.is_empty());
    assert!(storage.outbox().await.unwrap().records.is_empty());
    assert_eq!(storage.preferences().await.unwrap(), Preferences::default());
    assert_eq!(storage.sharing().await.unwrap(), SharingSettings::default());
}

#[wasm_bindgen_test]
async fn a_version_2_database_gains_the_outbox_and_keeps_its_settings() {
    let name = fresh_name("upgrade-v2");
    let v2 = Database::open(name.as_str())
        .with_version(2u32)
        .with_on_upgrade_needed(|event, db| upgrade(event.old_version() as u32, 2, &db))
        .await
        .unwrap();
    put_raw(&v2, "meta", &[r#"{"key":"preferences","value":{"ons4_dismissed_at":"2026-11-02T09:00:00Z"}}"#]).await;
    put_raw(&v2, "entries", &[r#"{"id":"00000000-0000-4000-8000-00000000000b","at":"2026-11-01T09:00:00Z",
        "updated_at":"2026-11-01T09:00:00Z","keep_private":true,"body":{"kind":"quick_log","wellbeing":7,"stress":null,"note":null}}"#]).await;
    v2.close();

    let storage = Storage::open(&name).await.unwrap();
    assert_eq!(storage.preferences().await.unwrap().ons4_dismissed_at, Some(at("2026-11-02T09:00:00Z")));
    assert!(storage.entries().await.unwrap().records[0].keep_private);
    assert!(storage.outbox().await.unwrap().records.is_empty());
    assert_eq!(storage.sharing().await.unwrap(), SharingSettings::default(), "sharing starts off");
}

#[wasm_bindgen_test]
async fn a_shared_save_and_its_queued_change_are_one_and_acknowledging_keeps_newer_changes() {
    let storage = Storage::open(&fresh_name("outbox")).await.unwrap();
    share(&storage).await;
    let entry = quick_log("00000000-0000-4000-8000-000000000005", "2026-11-25T10:00:00Z", 6);
    assert!(storage.put_entry(&entry).await.unwrap(), "queued");
    let sent = storage.outbox().await.unwrap().records;
    assert_eq!(sent, vec![QueuedChange::new(Change::Upsert { entry: entry.clone() })]);

    // The entry changes again while the first copy is on its way.
    let mut edited = entry.clone();
    edited.updated_at = at("2026-11-25T10:05:00Z");
    storage.put_entry(&edited).await.unwrap();
    storage.acknowledge(&sent).await.unwrap();
    let left = storage.outbox().await.unwrap().records;
    assert_eq!(left.len(), 1, "the newer change is still queued");
    assert_eq!(left[0].change, Change::Upsert { entry: edited.clone() });

    assert!(storage.delete_entry(&edited, at("2026-11-25T10:10:00Z")).await.unwrap(), "the deletion is queued");
    assert!(storage.entries().await.unwrap().records.is_empty());
    let left = storage.outbox().await.unwrap().records;
    assert!(matches!(left[0].change, Change::Delete { .. }), "the delete replaced the upsert");
    storage.acknowledge(&left).await.unwrap();
    assert!(storage.outbox().await.unwrap().records.is_empty());
}

#[wasm_bindgen_test]
async fn nothing_is_queued_while_sharing_is_off_nor_an_entry_kept_private() {
    let storage = Storage::open(&fresh_name("not-shared")).await.unwrap();
    storage.update_sharing(|s| s.link = Some(link())).await.unwrap();
    let before = quick_log("00000000-0000-4000-8000-000000000006", "2026-11-25T10:00:00Z", 3);
    assert!(!storage.put_entry(&before).await.unwrap(), "linked but sharing off: not queued");
    let mut private = quick_log("00000000-0000-4000-8000-000000000007", "2026-11-25T10:01:00Z", 4);
    private.keep_private = true;
    storage.put_entry(&private).await.unwrap();

    storage.start_sharing().await.unwrap();
    let queued: Vec<EntryId> = storage.outbox().await.unwrap().records.into_iter().map(|q| q.id).collect();
    assert_eq!(
        queued,
        std::slice::from_ref(&before.id),
        "turning sharing on queues what was saved before, not the private one"
    );
    assert!(!storage.put_entry(&private).await.unwrap(), "a private entry is never queued");
    assert!(!storage.delete_entry(&private, at("2026-11-25T10:02:00Z")).await.unwrap());

    let settings = storage.stop_sharing(true).await.unwrap();
    assert!(!settings.on && settings.pending_withdrawal);
    assert!(storage.outbox().await.unwrap().records.is_empty(), "turning sharing off empties the outbox");
    assert!(!storage.put_entry(&before).await.unwrap(), "and nothing more is queued");
}

#[wasm_bindgen_test]
async fn the_outbox_keeps_one_change_per_key_oldest_first_and_keeps_what_was_replaced_after_sending() {
    let name = fresh_name("outbox-generic");
    Storage::open(&name).await.unwrap().close();
    let db = Database::open(name.as_str()).with_version(VERSION).await.unwrap();
    let outbox: Outbox<QueuedChange> = Outbox::new("outbox");
    let upsert = |id: &str, when: &str| QueuedChange::new(Change::Upsert { entry: quick_log(id, when, 5) });
    let a = "00000000-0000-4000-8000-0000000000a1";
    let b = "00000000-0000-4000-8000-0000000000b2";
    outbox.queue(&db, &upsert(a, "2026-11-25T10:05:00Z")).await.unwrap();
    outbox.queue(&db, &upsert(b, "2026-11-25T10:00:00Z")).await.unwrap();
    let sent = outbox.pending(&db).await.unwrap().records;
    assert_eq!(sent, [upsert(b, "2026-11-25T10:00:00Z"), upsert(a, "2026-11-25T10:05:00Z")], "oldest first");

    outbox.queue(&db, &upsert(a, "2026-11-25T10:09:00Z")).await.unwrap();
    assert_eq!(outbox.pending(&db).await.unwrap().records.len(), 2, "a newer change replaces the queued one");
    let tx = db.transaction("outbox").with_mode(TransactionMode::Readwrite).build().unwrap();
    assert!(!outbox.acknowledge_in(&tx, &sent[1]).await.unwrap(), "the replaced change is not what waits");
    tx.commit().await.unwrap();
    outbox.acknowledge(&db, &sent).await.unwrap();
    assert_eq!(outbox.pending(&db).await.unwrap().records, [upsert(a, "2026-11-25T10:09:00Z")]);
}

#[wasm_bindgen_test]
async fn sharing_settings_round_trip() {
    let storage = Storage::open(&fresh_name("sharing")).await.unwrap();
    let settings = SharingSettings {
        link: Some(link()),
        on: true,
        pending_withdrawal: false,
        last_synced_at: Some(at("2026-11-25T10:01:00Z")),
        joined_groups: vec!["group-1".into()],
        pending_codes: vec!["123456".into()],
        pending_joins: vec!["group-2".into()],
        ended: None,
    };
    let stored = storage.update_sharing(|s| *s = settings.clone()).await.unwrap();
    assert_eq!(stored, settings);
    assert_eq!(storage.sharing().await.unwrap(), settings);
}

#[wasm_bindgen_test]
async fn overlapping_changes_to_the_sharing_settings_all_land() {
    let storage = Storage::open(&fresh_name("sharing-burst")).await.unwrap();
    let codes: Vec<String> = (0..40).map(|i| format!("{:06}", 100_000 + i)).collect();
    // All started before any finishes, as taps, the sync engine and answers from the server can overlap.
    let changes = codes.iter().map(|code| storage.update_sharing(move |s| s.pending_codes.push(code.clone())));
    let turn_on = storage.update_sharing(|s| s.on = true);
    let withdraw = storage.update_sharing(|s| s.pending_withdrawal = true);
    let (changed, turned_on, withdrawn) =
        futures::future::join3(futures::future::join_all(changes), turn_on, withdraw).await;
    assert!(changed.into_iter().chain([turned_on, withdrawn]).all(|r| r.is_ok()), "every change was stored");

    let stored = storage.sharing().await.unwrap();
    let mut seen = stored.pending_codes.clone();
    seen.sort();
    assert_eq!(seen, codes, "every code that was added is there");
    assert!(stored.on && stored.pending_withdrawal, "and so are the changes made alongside them");
}

#[wasm_bindgen_test]
async fn restoring_a_copy_adds_what_is_missing_keeps_newer_changes_and_a_second_restore_changes_nothing() {
    let name = fresh_name("restore");
    let storage = Storage::open(&name).await.unwrap();
    share(&storage).await;
    let older = quick_log("00000000-0000-4000-8000-000000000001", "2026-11-20T10:00:00Z", 7);
    let mut newer = older.clone();
    newer.updated_at = at("2026-11-21T10:00:00Z");
    storage.put_entry(&newer).await.unwrap();
    storage.acknowledge(&storage.outbox().await.unwrap().records).await.unwrap();
    storage.close();
    let raw = Database::open(name.as_str()).with_version(VERSION).await.unwrap();
    put_raw(&raw, "entries", &[r#"{"id":"00000000-0000-4000-8000-000000000003","body":"half-written"}"#]).await;
    let storage = Storage::open(&name).await.unwrap();

    let missing = quick_log("00000000-0000-4000-8000-000000000002", "2026-11-19T10:00:00Z", 4);
    let over_unreadable = quick_log("00000000-0000-4000-8000-000000000003", "2026-11-18T10:00:00Z", 5);
    let copy = [older, missing.clone(), over_unreadable];
    let (restored, stored) = storage.restore_entries(&copy).await.unwrap();
    assert_eq!(restored, Restored { added: 1, updated: 0, unchanged: 2, unreadable: 0 });
    assert_eq!(stored, std::slice::from_ref(&missing), "only the missing entry was stored");
    let read = storage.entries().await.unwrap();
    assert!(read.records.contains(&newer), "the phone's newer change was not replaced by the older copy");
    assert!(read.records.contains(&missing));
    assert_eq!(read.unreadable.len(), 1, "a record the phone cannot read is never written over");
    let queued: Vec<_> = storage.outbox().await.unwrap().records.into_iter().map(|q| q.id).collect();
    assert_eq!(queued, std::slice::from_ref(&missing.id), "a restored entry is shared like any other, and only it");

    let (again, stored) = storage.restore_entries(&copy).await.unwrap();
    assert_eq!((again.added, again.updated, stored.len()), (0, 0, 0), "restoring twice changes nothing");
    assert_eq!(count(&raw, "entries").await, 3);
}

#[wasm_bindgen_test]
async fn deleting_everything_and_the_shared_copies_keeps_only_the_link_with_sharing_off_and_the_request() {
    let storage = Storage::open(&fresh_name("delete-shared")).await.unwrap();
    share(&storage).await;
    storage.update_sharing(|s| s.joined_groups.push("group-1".into())).await.unwrap();
    storage.put_entry(&quick_log("00000000-0000-4000-8000-000000000001", "2026-11-25T10:00:00Z", 6)).await.unwrap();

    let settings = storage.delete_everything_and_shared_copies().await.unwrap();
    let expected = SharingSettings { link: Some(link()), pending_withdrawal: true, ..SharingSettings::default() };
    assert_eq!(settings, expected, "linked, sharing off, the deletion asked for, nothing else");
    assert_eq!(storage.sharing().await.unwrap(), expected);
    assert!(storage.entries().await.unwrap().records.is_empty());
    assert!(storage.outbox().await.unwrap().records.is_empty(), "nothing more will be sent");

    let unlinked = Storage::open(&fresh_name("delete-shared-unlinked")).await.unwrap();
    unlinked.put_entry(&quick_log("00000000-0000-4000-8000-000000000001", "2026-11-25T10:00:00Z", 6)).await.unwrap();
    assert_eq!(unlinked.delete_everything_and_shared_copies().await.unwrap(), SharingSettings::default());
    assert!(unlinked.entries().await.unwrap().records.is_empty());
}

#[wasm_bindgen_test]
async fn a_link_the_link_worker_ended_is_remembered_in_words_and_the_joined_groups_stay() {
    let storage = Storage::open(&fresh_name("link-ended")).await.unwrap();
    share(&storage).await;
    storage.update_sharing(|s| s.joined_groups.push("group-1".into())).await.unwrap();
    storage.put_entry(&quick_log("00000000-0000-4000-8000-000000000001", "2026-11-25T10:00:00Z", 6)).await.unwrap();

    assert_eq!(storage.end_link("another-token").await.unwrap().link, Some(link()), "another link is left alone");
    let settings = storage.end_link(&link().device_token).await.unwrap();
    assert_eq!(
        settings,
        SharingSettings {
            ended: Some(EndedLink { link_worker_name: "Lin".into() }),
            joined_groups: vec!["group-1".into()],
            ..SharingSettings::default()
        }
    );
    assert!(storage.outbox().await.unwrap().records.is_empty(), "nothing waits to be sent for the ended link");
    assert_eq!(storage.entries().await.unwrap().records.len(), 1, "the person's entries stay");
}
