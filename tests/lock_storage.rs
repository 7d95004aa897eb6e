//! Browser tests of the lock on the phone's storage (IndexedDB and Web Crypto in real Chromium): with the
//! lock on, no store holds a rating, note or name in clear; the right PIN shows everything and a wrong
//! one nothing; wrong tries are counted across reloads; turning the lock on and off with 1,000 entries
//! loses none, even when cut short half-way; changing the PIN leaves the records as they are; an old
//! unencrypted database can be locked; an entry a tab of an earlier version saved unencrypted is sealed
//! at the next unlock; a tab opened before the lock was set, or unlocked when another turns it off or
//! sets it again, writes nothing in the wrong shape or with the wrong key; "Forgot PIN" erases the
//! phone's data. Unlocking with the phone's fingerprint or face is a second wrap of the same data key:
//! here the authenticator's `prf` output is a fixed one (wasm-bindgen-test cannot drive a virtual
//! authenticator; the lock journey does, in tests/e2e/lock.mjs). Entries are sealed in blocks of many:
//! changes and deletions with the lock on, and changes while it is being turned off, each leave one
//! copy of every entry; a damaged block is kept and never written over; the lock's record keeps the
//! shape earlier versions stored.
#![cfg(target_arch = "wasm32")]

use futures::future::{select, Either};
use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use serde::Serialize;
use std::cell::Cell;
use std::pin::pin;
use steady::storage::lock::{NewPasskey, UnlockError};
use steady::storage::{upgrade, Link, Preferences, Storage, StorageError};
use steady_domain::entry::QuickLog;
use steady_domain::lock::{Secret, MIN_ITERATIONS};
use steady_domain::{Entry, EntryBody, EntryId, Note, Rating, Timestamp};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const NOTE: &str = "walked past the heron pond with Zebedee";
const NAME: &str = "Philomena";
const WORKER: &str = "Bartholomew";

fn fresh_name(test: &str) -> String {
    format!("steady-lock-test-{test}-{}", js_sys::Math::random())
}

fn at(text: &str) -> Timestamp {
    Timestamp::parse(text).unwrap()
}

fn now() -> Timestamp {
    Timestamp::from_millis(js_sys::Date::now() as i64)
}

fn pin(text: &str) -> Secret {
    Secret::parse(text).unwrap()
}

fn entry(n: u32, note: Option<&str>) -> Entry {
    let note = note.map(|n| Note::parse(n).unwrap());
    let log =
        QuickLog::new(Some(Rating::new(i64::from(n % 11)).unwrap()), Some(Rating::new(7).unwrap()), note).unwrap();
    let id = EntryId::parse(&format!("00000000-0000-4000-8000-{n:012}")).unwrap();
    Entry::new(id, Timestamp::from_millis(1_764_000_000_000 + i64::from(n) * 60_000), false, EntryBody::QuickLog(log))
}

fn link() -> Link {
    Link {
        device_token: "cd".repeat(32),
        participant_name: NAME.into(),
        link_worker_name: WORKER.into(),
        linked_at: at("2026-11-25T10:00:00Z"),
    }
}

/// A phone with an entry carrying [`NOTE`], sharing on with [`NAME`]'s link (so the outbox holds it
/// too), and a preference set.
async fn phone_with_personal_data(name: &str) -> Storage {
    let storage = Storage::open(name).await.unwrap();
    storage.update_sharing(|s| s.link = Some(link())).await.unwrap();
    storage.start_sharing().await.unwrap();
    storage.put_entry(&entry(1, Some(NOTE))).await.unwrap();
    storage.set_preferences(&Preferences { ons4_dismissed_at: Some(at("2026-11-20T09:00:00Z")) }).await.unwrap();
    storage
}

/// Every record of every store as the browser holds it, as JSON text.
async fn raw_dump(name: &str) -> String {
    let db = Database::open(name).await.unwrap();
    let mut text = String::new();
    for store in db.object_store_names().collect::<Vec<_>>() {
        let tx = db.transaction(store.as_str()).build().unwrap();
        let values = tx.object_store(store.as_str()).unwrap().get_all::<JsValue>().primitive().unwrap().await.unwrap();
        for value in values {
            text.push_str(&js_sys::JSON::stringify(&value.unwrap()).unwrap().as_string().unwrap());
            text.push('\n');
        }
    }
    db.close();
    text
}

/// How many sealed records hold entries (blocks of many, or one on its own) and how many entries are
/// stored plain.
async fn sealed_and_plain(name: &str) -> (usize, usize) {
    let dump = raw_dump(name).await;
    let entries = dump.lines().filter(|l| l.contains("00000000-0000-4000-8000-") || l.contains("\"block-"));
    let entries: Vec<&str> = entries.filter(|l| !l.contains("\"change\"")).collect();
    let sealed = entries.iter().filter(|l| l.contains("\"sealed\"")).count();
    (sealed, entries.len() - sealed)
}

/// Every entry read, in id order.
async fn entries_by_id(storage: &Storage) -> Vec<Entry> {
    let mut read = storage.entries().await.unwrap();
    assert!(read.unreadable.is_empty(), "{:?}", read.unreadable);
    read.records.sort_by(|a, b| a.id.as_str().cmp(b.id.as_str()));
    read.records
}

/// Stores 1,000 entries as an app without the lock left them.
async fn thousand_entries(storage: &Storage) {
    for n in 0..1000 {
        storage.put_entry(&entry(n, Some(&format!("note number {n}")))).await.unwrap();
    }
}

/// A phone with 40 entries noted "before", locked with PIN 4821.
async fn forty_entries_locked(name: &str) -> Storage {
    let storage = Storage::open(name).await.unwrap();
    for n in 0..40 {
        storage.put_entry(&entry(n, Some("before"))).await.unwrap();
    }
    storage.turn_lock_on(&pin("4821"), MIN_ITERATIONS).await.unwrap();
    storage
}

/// Runs `change` until `halfway` says enough was done, then drops it, as closing the page would.
async fn cut_short<F: std::future::Future>(change: F, name: &str, halfway: impl Fn((usize, usize)) -> bool) {
    let watch = async {
        while !halfway(sealed_and_plain(name).await) {
            gloo::timers::future::TimeoutFuture::new(1).await;
        }
    };
    match select(pin!(change), pin!(watch)).await {
        Either::Left(_) => panic!("the change finished before it could be cut short"),
        Either::Right(_) => {}
    }
}

#[wasm_bindgen_test]
async fn with_the_lock_on_no_store_holds_a_plaintext_rating_note_or_name() {
    let name = fresh_name("raw");
    let storage = phone_with_personal_data(&name).await;
    let before = raw_dump(&name).await;
    assert!(before.contains(NOTE) && before.contains(NAME) && before.contains("\"stress\""), "{before}");

    storage.turn_lock_on(&pin("4821"), MIN_ITERATIONS).await.unwrap();

    let after = raw_dump(&name).await;
    for secret in [NOTE, "heron", NAME, WORKER, &"cd".repeat(32), "\"stress\"", "\"wellbeing\"", "2026-11-20"] {
        assert!(!after.contains(secret), "{secret} is readable in:\n{after}");
    }
    // Still all there for the person who set the lock.
    assert_eq!(storage.entries().await.unwrap().records, [entry(1, Some(NOTE))]);
    assert_eq!(storage.outbox().await.unwrap().records.len(), 1);
    assert_eq!(storage.sharing().await.unwrap().link, Some(link()));
}

#[wasm_bindgen_test]
async fn the_right_pin_shows_everything_and_a_wrong_pin_shows_nothing() {
    let name = fresh_name("unlock");
    let storage = phone_with_personal_data(&name).await;
    storage.turn_lock_on(&pin("4821"), MIN_ITERATIONS).await.unwrap();
    storage.close();

    // As after a reload: the lock is on and no key is in memory.
    let reopened = Storage::open(&name).await.unwrap();
    assert!(reopened.is_locked());
    assert_eq!(reopened.entries().await, Err(StorageError::Locked));
    assert_eq!(reopened.sharing().await, Err(StorageError::Locked));

    let wrong = reopened.unlock(&pin("1111"), now()).await;
    assert!(matches!(wrong, Err(UnlockError::Wrong { tries }) if tries.failed == 1), "{wrong:?}");
    assert!(reopened.is_locked());
    assert_eq!(reopened.outbox().await, Err(StorageError::Locked));

    reopened.unlock(&pin("4821"), now()).await.unwrap();
    assert_eq!(reopened.entries().await.unwrap().records, [entry(1, Some(NOTE))]);
    assert_eq!(reopened.sharing().await.unwrap().link, Some(link()));
    assert_eq!(reopened.lock_status().await.unwrap().tries.failed, 0, "a right PIN clears the wrong tries");

    reopened.lock_now();
    assert_eq!(reopened.entries().await, Err(StorageError::Locked));
}

#[wasm_bindgen_test]
async fn after_5_wrong_tries_the_next_must_wait_even_after_a_reload() {
    let name = fresh_name("tries");
    let storage = Storage::open(&name).await.unwrap();
    storage.turn_lock_on(&pin("4821"), MIN_ITERATIONS).await.unwrap();
    let start = now();
    for _ in 0..5 {
        assert!(matches!(storage.unlock(&pin("0000"), start).await, Err(UnlockError::Wrong { .. })));
    }
    storage.close();

    let reopened = Storage::open(&name).await.unwrap();
    let waiting = reopened.unlock(&pin("4821"), start).await;
    assert!(matches!(waiting, Err(UnlockError::Wait { .. })), "even the right PIN waits: {waiting:?}");
    assert_eq!(reopened.lock_status().await.unwrap().tries.failed, 5);

    let later = Timestamp::from_millis(start.millis() + 31_000);
    reopened.unlock(&pin("4821"), later).await.unwrap();
    assert!(!reopened.is_locked());
}

#[wasm_bindgen_test]
async fn turning_the_lock_on_and_off_with_1000_entries_loses_none_even_when_cut_short_halfway() {
    let name = fresh_name("thousand");
    let storage = Storage::open(&name).await.unwrap();
    thousand_entries(&storage).await;
    let all = storage.entries().await.unwrap().records;
    assert_eq!(all.len(), 1000);

    // Turning it on, closed when a few hundred are sealed.
    cut_short(storage.turn_lock_on(&pin("correct horse"), MIN_ITERATIONS), &name, |(_, plain)| plain <= 700).await;
    let (sealed, plain) = sealed_and_plain(&name).await;
    assert!(sealed > 0 && plain > 0, "cut short before the end: {sealed} sealed records, {plain} plain entries");

    let reopened = Storage::open(&name).await.unwrap();
    assert!(reopened.is_locked());
    reopened.unlock(&pin("correct horse"), now()).await.unwrap();
    let (sealed, plain) = sealed_and_plain(&name).await;
    assert_eq!(plain, 0, "the next unlock finished the job");
    assert!(sealed <= 16, "sealed in a few blocks, not one record each: {sealed}");
    assert_eq!(entries_by_id(&reopened).await, all);

    // Turning it off, closed half-way too.
    cut_short(reopened.turn_lock_off(&pin("correct horse")), &name, |(_, plain)| plain >= 300).await;
    let again = Storage::open(&name).await.unwrap();
    assert!(again.is_locked(), "still locked until the decrypting is finished");
    again.unlock(&pin("correct horse"), now()).await.unwrap();
    assert_eq!(sealed_and_plain(&name).await, (0, 1000));
    assert!(!again.lock_status().await.unwrap().on);
    let mut read = again.entries().await.unwrap().records;
    read.sort_by(|a, b| a.id.as_str().cmp(b.id.as_str()));
    assert_eq!(read, all);

    let fresh = Storage::open(&name).await.unwrap();
    assert!(!fresh.is_locked(), "with the lock off, Steady opens without a PIN");
    assert_eq!(fresh.entries().await.unwrap().records.len(), 1000);
}

#[wasm_bindgen_test]
async fn changing_the_pin_rewraps_the_key_and_leaves_the_records_as_they_are() {
    let name = fresh_name("change");
    let storage = phone_with_personal_data(&name).await;
    storage.turn_lock_on(&pin("4821"), MIN_ITERATIONS).await.unwrap();
    let records_before: Vec<String> =
        raw_dump(&name).await.lines().filter(|l| !l.contains("wrapped")).map(String::from).collect();

    storage.change_secret(&pin("4821"), &pin("a longer passphrase"), MIN_ITERATIONS).await.unwrap();
    let records_after: Vec<String> =
        raw_dump(&name).await.lines().filter(|l| !l.contains("wrapped")).map(String::from).collect();
    assert_eq!(records_before, records_after);

    let reopened = Storage::open(&name).await.unwrap();
    assert!(matches!(reopened.unlock(&pin("4821"), now()).await, Err(UnlockError::Wrong { .. })));
    reopened.unlock(&pin("a longer passphrase"), now()).await.unwrap();
    assert_eq!(reopened.entries().await.unwrap().records, [entry(1, Some(NOTE))]);
}

#[wasm_bindgen_test]
async fn an_old_unencrypted_version_1_database_upgrades_and_can_be_locked() {
    let name = fresh_name("old");
    let v1 = Database::open(name.as_str())
        .with_version(1u32)
        .with_on_upgrade_needed(|event, db| upgrade(event.old_version() as u32, 1, &db))
        .await
        .unwrap();
    let tx = v1.transaction("entries").with_mode(TransactionMode::Readwrite).build().unwrap();
    let record = js_sys::JSON::parse(&format!(
        r#"{{"id":"00000000-0000-4000-8000-00000000000a","at":"2026-10-01T09:00:00Z",
        "updated_at":"2026-10-01T09:00:00Z","body":{{"kind":"quick_log","wellbeing":3,"stress":8,"note":"{NOTE}"}}}}"#
    ))
    .unwrap();
    tx.object_store("entries").unwrap().put(record).primitive().unwrap().await.unwrap();
    tx.commit().await.unwrap();
    v1.close();

    let storage = Storage::open(&name).await.unwrap();
    assert!(!storage.is_locked());
    storage.turn_lock_on(&pin("4821"), MIN_ITERATIONS).await.unwrap();
    assert!(!raw_dump(&name).await.contains("heron"));

    let reopened = Storage::open(&name).await.unwrap();
    reopened.unlock(&pin("4821"), now()).await.unwrap();
    let read = reopened.entries().await.unwrap().records;
    assert_eq!(read.len(), 1);
    assert_eq!(read[0].stress_readings()[0].1.value(), 8);
}

#[wasm_bindgen_test]
async fn forgot_pin_erases_this_phones_data_without_unlocking() {
    let name = fresh_name("forgot");
    let storage = phone_with_personal_data(&name).await;
    storage.turn_lock_on(&pin("4821"), MIN_ITERATIONS).await.unwrap();
    storage.close();

    let reopened = Storage::open(&name).await.unwrap();
    reopened.delete_everything().await.unwrap();
    assert!(!reopened.is_locked());
    assert!(reopened.entries().await.unwrap().records.is_empty());
    assert_eq!(reopened.sharing().await.unwrap().link, None, "linking again needs a new code");
    assert_eq!(raw_dump(&name).await, "");
}

#[wasm_bindgen_test]
async fn an_entry_saved_plain_by_a_tab_of_an_earlier_version_is_sealed_at_the_next_unlock() {
    let name = fresh_name("straggler");
    let storage = Storage::open(&name).await.unwrap();
    storage.turn_lock_on(&pin("4821"), MIN_ITERATIONS).await.unwrap();
    // As a tab still running a version of Steady that did not look for the lock before each change.
    let plain = entry(2, Some(NOTE)).serialize(&serde_wasm_bindgen::Serializer::json_compatible()).unwrap();
    let db = Database::open(name.as_str()).await.unwrap();
    let tx = db.transaction("entries").with_mode(TransactionMode::Readwrite).build().unwrap();
    tx.object_store("entries").unwrap().put(plain).primitive().unwrap().await.unwrap();
    tx.commit().await.unwrap();
    db.close();
    assert!(raw_dump(&name).await.contains("heron"), "the other tab did not know about the lock");

    let reopened = Storage::open(&name).await.unwrap();
    reopened.unlock(&pin("4821"), now()).await.unwrap();
    reopened.seal_stragglers().await.unwrap();
    assert!(!raw_dump(&name).await.contains("heron"));
    assert_eq!(reopened.entries().await.unwrap().records, [entry(2, Some(NOTE))]);
}

#[wasm_bindgen_test]
async fn a_tab_opened_before_the_lock_was_set_deletes_nothing_until_unlocked_and_then_the_entry_stays_deleted() {
    let name = fresh_name("two-tabs-delete");
    let other_tab = Storage::open(&name).await.unwrap();
    let storage = Storage::open(&name).await.unwrap();
    for n in 0..3 {
        storage.put_entry(&entry(n, Some("before"))).await.unwrap();
    }
    storage.turn_lock_on(&pin("4821"), MIN_ITERATIONS).await.unwrap();

    // The other tab has no key: it cannot take the entry out of its sealed block, so it must not say
    // it deleted it.
    assert_eq!(other_tab.delete_entry(&entry(1, Some("before")), now()).await, Err(StorageError::Locked));
    assert!(other_tab.is_locked());
    other_tab.unlock(&pin("4821"), now()).await.unwrap();
    other_tab.delete_entry(&entry(1, Some("before")), now()).await.unwrap();

    let reopened = Storage::open(&name).await.unwrap();
    reopened.unlock(&pin("4821"), now()).await.unwrap();
    assert_eq!(entries_by_id(&reopened).await, [entry(0, Some("before")), entry(2, Some("before"))]);
}

#[wasm_bindgen_test]
async fn a_tab_still_unlocked_when_another_turns_the_lock_off_saves_entries_that_read_back_plain() {
    let name = fresh_name("two-tabs-off");
    let storage = forty_entries_locked(&name).await;
    let other_tab = Storage::open(&name).await.unwrap();
    other_tab.unlock(&pin("4821"), now()).await.unwrap();
    storage.turn_lock_off(&pin("4821")).await.unwrap();

    // The data key is gone with the lock: an entry sealed with it now could never be read again.
    other_tab.put_entry(&entry(40, Some("after"))).await.unwrap();
    other_tab.delete_entry(&entry(0, Some("before")), now()).await.unwrap();

    let reopened = Storage::open(&name).await.unwrap();
    assert!(!reopened.is_locked());
    let read = entries_by_id(&reopened).await;
    assert_eq!(read.len(), 40);
    assert!(read.contains(&entry(40, Some("after"))) && !read.contains(&entry(0, Some("before"))));
    assert!(!raw_dump(&name).await.contains("\"sealed\""), "nothing is sealed with the lock off");
}

#[wasm_bindgen_test]
async fn a_tab_still_unlocked_when_another_sets_the_lock_again_asks_for_the_new_pin_before_any_change() {
    let name = fresh_name("two-tabs-again");
    let storage = forty_entries_locked(&name).await;
    let other_tab = Storage::open(&name).await.unwrap();
    other_tab.unlock(&pin("4821"), now()).await.unwrap();
    storage.turn_lock_off(&pin("4821")).await.unwrap();
    storage.turn_lock_on(&pin("7305"), MIN_ITERATIONS).await.unwrap();

    // Its key is the old one: what it sealed now, nobody could open.
    assert_eq!(other_tab.put_entry(&entry(40, Some("after"))).await, Err(StorageError::Locked));
    other_tab.unlock(&pin("7305"), now()).await.unwrap();
    other_tab.put_entry(&entry(40, Some("after"))).await.unwrap();
    // Changing the PIN in this tab keeps it unlocked.
    other_tab.change_secret(&pin("7305"), &pin("1946"), MIN_ITERATIONS).await.unwrap();
    other_tab.delete_entry(&entry(0, Some("before")), now()).await.unwrap();

    let reopened = Storage::open(&name).await.unwrap();
    reopened.unlock(&pin("1946"), now()).await.unwrap();
    let read = entries_by_id(&reopened).await;
    assert_eq!(read.len(), 40);
    assert!(read.contains(&entry(40, Some("after"))) && !read.contains(&entry(0, Some("before"))));
}

#[wasm_bindgen_test]
async fn with_the_lock_on_a_restored_copy_is_stored_sealed_and_reads_back_after_unlock() {
    let name = fresh_name("lock-restore");
    let storage = phone_with_personal_data(&name).await;
    storage.turn_lock_on(&pin("4821"), MIN_ITERATIONS).await.unwrap();
    let copy = [entry(2, Some("a restored note")), entry(3, None)];

    let (restored, _) = storage.restore_entries(&copy).await.unwrap();

    assert_eq!((restored.added, restored.updated, restored.unchanged), (2, 0, 0));
    assert!(!raw_dump(&name).await.contains("a restored note"), "the restored note is not stored in the clear");
    assert_eq!(sealed_and_plain(&name).await.1, 0, "no entry is stored plain");
    storage.lock_now();
    storage.unlock(&pin("4821"), now()).await.unwrap();
    let read = storage.entries().await.unwrap().records;
    assert!(copy.iter().all(|e| read.contains(e)), "both restored entries read back");
    assert_eq!(storage.outbox().await.unwrap().records.len(), 3, "queued for sharing, like the first entry");
}

#[wasm_bindgen_test]
async fn with_the_lock_on_deleting_everything_and_the_shared_copies_keeps_the_link_readable_and_the_lock_goes() {
    let name = fresh_name("lock-delete-shared");
    let storage = phone_with_personal_data(&name).await;
    storage.turn_lock_on(&pin("4821"), MIN_ITERATIONS).await.unwrap();

    storage.delete_everything_and_shared_copies().await.unwrap();
    storage.close();

    let reopened = Storage::open(&name).await.unwrap();
    let settings = reopened.sharing().await.expect("readable without a PIN: the lock went with everything else");
    assert_eq!((settings.link, settings.pending_withdrawal, settings.on), (Some(link()), true, false));
    assert!(reopened.entries().await.unwrap().records.is_empty());
    assert!(!raw_dump(&name).await.contains(NOTE), "nothing personal is left");
}

/// What a phone's authenticator would answer for the lock's passkey: one output, whatever the salt.
const PRF: [u8; 32] = [7; 32];
const CREDENTIAL: [u8; 4] = [1, 2, 3, 4];

/// Unlocks with the fingerprint or face, the authenticator answering `prf` for the stored passkey.
async fn unlock_with_passkey(storage: &Storage, prf: [u8; 32]) -> Result<(), UnlockError> {
    storage
        .unlock_with_passkey(|credential, salt| async move {
            assert_eq!(credential, CREDENTIAL, "the authenticator is asked for the passkey made for the lock");
            assert_eq!(salt.len(), 32, "with the random salt kept beside its wrap");
            Ok(prf.to_vec())
        })
        .await
}

/// Turns on unlocking with the fingerprint or face, the authenticator answering [`PRF`].
async fn add_passkey(storage: &Storage, secret: &str) -> Result<(), UnlockError> {
    let made = NewPasskey { credential: CREDENTIAL.to_vec(), prf: PRF.to_vec() };
    storage.add_passkey(&pin(secret), |_salt| async move { Ok(made) }).await
}

/// [`phone_with_personal_data`] with the lock on (PIN 4821) and unlocking with the fingerprint or face on.
async fn phone_with_pin_and_passkey(name: &str) -> Storage {
    let storage = phone_with_personal_data(name).await;
    storage.turn_lock_on(&pin("4821"), MIN_ITERATIONS).await.unwrap();
    add_passkey(&storage, "4821").await.unwrap();
    storage
}

#[wasm_bindgen_test]
async fn a_passkey_wraps_the_same_data_key_so_it_or_the_pin_unlocks_and_a_refused_one_is_no_wrong_try() {
    let name = fresh_name("passkey");
    let storage = phone_with_pin_and_passkey(&name).await;
    assert!(storage.lock_status().await.unwrap().passkey);
    assert!(!raw_dump(&name).await.contains(NOTE));
    storage.close();

    let reopened = Storage::open(&name).await.unwrap();
    assert!(reopened.lock_status().await.unwrap().passkey, "the passkey's wrap is kept beside the PIN's");
    let refused = unlock_with_passkey(&reopened, [8; 32]).await;
    assert!(matches!(refused, Err(UnlockError::Passkey(_))), "{refused:?}");
    assert!(reopened.is_locked());
    assert_eq!(reopened.lock_status().await.unwrap().tries.failed, 0, "a refused passkey is not a wrong PIN");

    unlock_with_passkey(&reopened, PRF).await.unwrap();
    assert_eq!(reopened.entries().await.unwrap().records, [entry(1, Some(NOTE))]);
    reopened.lock_now();
    reopened.unlock(&pin("4821"), now()).await.unwrap();
    assert_eq!(reopened.sharing().await.unwrap().link, Some(link()), "the PIN still unlocks the same data");
}

#[wasm_bindgen_test]
async fn a_wrong_pin_adds_no_passkey_and_changing_the_pin_keeps_the_passkey_working() {
    let name = fresh_name("passkey-change");
    let storage = phone_with_personal_data(&name).await;
    storage.turn_lock_on(&pin("4821"), MIN_ITERATIONS).await.unwrap();
    let asked = Cell::new(false);
    let wrong = storage
        .add_passkey(&pin("1111"), |_| async {
            asked.set(true);
            Err("never asked".to_string())
        })
        .await;
    assert!(matches!(wrong, Err(UnlockError::Wrong { .. })), "{wrong:?}");
    assert!(!asked.get(), "the phone is not asked for a passkey before the PIN is right");
    let status = storage.lock_status().await.unwrap();
    assert!(!status.passkey);
    assert_eq!(status.tries.failed, 0, "as when changing the PIN, not counted");
    add_passkey(&storage, "4821").await.unwrap();

    storage.change_secret(&pin("4821"), &pin("a longer passphrase"), MIN_ITERATIONS).await.unwrap();
    let reopened = Storage::open(&name).await.unwrap();
    unlock_with_passkey(&reopened, PRF).await.unwrap();
    assert_eq!(reopened.entries().await.unwrap().records, [entry(1, Some(NOTE))]);
    reopened.lock_now();
    reopened.unlock(&pin("a longer passphrase"), now()).await.unwrap();
    assert!(!reopened.is_locked());
}

#[wasm_bindgen_test]
async fn removing_the_passkey_keeps_the_pin_and_turning_the_lock_off_removes_both() {
    let name = fresh_name("passkey-off");
    let storage = phone_with_pin_and_passkey(&name).await;

    assert!(!storage.remove_passkey().await.unwrap().passkey);
    storage.lock_now();
    assert!(matches!(unlock_with_passkey(&storage, PRF).await, Err(UnlockError::Passkey(_))));
    assert!(storage.is_locked(), "the removed passkey no longer unlocks");
    storage.unlock(&pin("4821"), now()).await.unwrap();

    add_passkey(&storage, "4821").await.unwrap();
    storage.turn_lock_off(&pin("4821")).await.unwrap();
    let status = storage.lock_status().await.unwrap();
    assert!(!status.on && !status.passkey);
    assert!(!raw_dump(&name).await.contains("wrapped"), "neither wrap of the data key is left");
    let reopened = Storage::open(&name).await.unwrap();
    assert!(!reopened.is_locked());
    assert_eq!(reopened.entries().await.unwrap().records, [entry(1, Some(NOTE))]);
}

#[wasm_bindgen_test]
async fn during_the_wait_after_5_wrong_pins_the_passkey_still_unlocks_and_clears_the_tries() {
    let name = fresh_name("passkey-wait");
    let storage = phone_with_pin_and_passkey(&name).await;
    storage.lock_now();
    for _ in 0..5 {
        assert!(matches!(storage.unlock(&pin("0000"), now()).await, Err(UnlockError::Wrong { .. })));
    }
    assert!(matches!(storage.unlock(&pin("4821"), now()).await, Err(UnlockError::Wait { .. })));

    unlock_with_passkey(&storage, PRF).await.unwrap();
    assert_eq!(storage.entries().await.unwrap().records, [entry(1, Some(NOTE))]);
    assert_eq!(storage.lock_status().await.unwrap().tries.failed, 0, "the phone checked the person");
}

#[wasm_bindgen_test]
async fn with_the_lock_on_changed_and_deleted_entries_read_back_once_each_with_the_lock_on_and_off() {
    let name = fresh_name("lock-changes");
    let storage = forty_entries_locked(&name).await;

    for n in 0..10 {
        storage.put_entry(&entry(n, Some("changed with the lock on"))).await.unwrap();
    }
    for n in 10..20 {
        storage.delete_entry(&entry(n, None), now()).await.unwrap();
    }
    storage.put_entry(&entry(40, Some("new with the lock on"))).await.unwrap();
    let mut expected: Vec<Entry> = (0..10).map(|n| entry(n, Some("changed with the lock on"))).collect();
    expected.extend((20..40).map(|n| entry(n, Some("before"))));
    expected.push(entry(40, Some("new with the lock on")));
    assert!(!raw_dump(&name).await.contains("with the lock on"), "the changes are sealed");

    let reopened = Storage::open(&name).await.unwrap();
    reopened.unlock(&pin("4821"), now()).await.unwrap();
    assert_eq!(entries_by_id(&reopened).await, expected);
    reopened.turn_lock_off(&pin("4821")).await.unwrap();
    assert_eq!(sealed_and_plain(&name).await, (0, 31));
    assert_eq!(entries_by_id(&Storage::open(&name).await.unwrap()).await, expected);
}

#[wasm_bindgen_test]
async fn entries_changed_while_the_lock_is_being_turned_off_keep_their_changes() {
    let name = fresh_name("lock-off-changes");
    let storage = Storage::open(&name).await.unwrap();
    thousand_entries(&storage).await;
    storage.turn_lock_on(&pin("4821"), MIN_ITERATIONS).await.unwrap();
    let changed: Vec<Entry> = (0..1000).step_by(25).map(|n| entry(n, Some("changed while opening"))).collect();

    // The changes wait for the database's lock between the steps of turning the lock off, so some land
    // in blocks already opened and some in blocks not opened yet.
    let changes = async {
        while sealed_and_plain(&name).await.1 == 0 {
            gloo::timers::future::TimeoutFuture::new(1).await;
        }
        for e in &changed {
            storage.put_entry(e).await.unwrap();
        }
    };
    let secret = pin("4821");
    let (off, ()) = futures::join!(storage.turn_lock_off(&secret), changes);
    off.unwrap();

    assert_eq!(sealed_and_plain(&name).await, (0, 1000));
    let read = entries_by_id(&Storage::open(&name).await.unwrap()).await;
    assert_eq!(read.len(), 1000);
    for e in &changed {
        assert!(read.contains(e), "{} kept its change", e.id.as_str());
    }
}

#[wasm_bindgen_test]
async fn a_damaged_block_is_kept_and_an_entry_that_belongs_in_it_is_saved_sealed_on_its_own() {
    let name = fresh_name("lock-damaged");
    let storage = forty_entries_locked(&name).await;
    // Damage one block: its bytes no longer decrypt.
    let db = Database::open(name.as_str()).await.unwrap();
    let tx = db.transaction("entries").with_mode(TransactionMode::Readwrite).build().unwrap();
    let store = tx.object_store("entries").unwrap();
    let block = store.get_all::<JsValue>().primitive().unwrap().await.unwrap().next().unwrap().unwrap();
    let sealed: js_sys::Uint8Array = js_sys::Reflect::get(&block, &"sealed".into()).unwrap().into();
    sealed.fill(7, 20, 30);
    store.put(&block).primitive().unwrap().await.unwrap();
    drop(store);
    tx.commit().await.unwrap();
    db.close();
    let damaged = js_sys::JSON::stringify(&block).unwrap().as_string().unwrap();

    let read = storage.entries().await.unwrap();
    assert_eq!(read.unreadable.len(), 1, "the damaged block is reported");
    let lost = (0..40).find(|&n| !read.records.contains(&entry(n, Some("before")))).unwrap();
    let saved = entry(lost, Some("saved again"));
    storage.put_entry(&saved).await.unwrap();

    let read = storage.entries().await.unwrap();
    assert!(read.records.contains(&saved), "the entry saved again reads back");
    assert_eq!(read.unreadable.len(), 1, "the damaged block is kept, not written over");
    let dump = raw_dump(&name).await;
    assert!(dump.contains(&damaged), "the damaged block is stored as it was");
    assert!(!dump.contains("saved again"), "the entry is sealed on its own");
}

/// The lock's record as IndexedDB holds it, as JSON text; `replacement`, JSON text, is stored instead.
async fn lock_record(name: &str, replacement: Option<&str>) -> String {
    let db = Database::open(name).await.unwrap();
    let tx = db.transaction("meta").with_mode(TransactionMode::Readwrite).build().unwrap();
    let store = tx.object_store("meta").unwrap();
    let stored: JsValue = store.get("lock").primitive().unwrap().await.unwrap().unwrap();
    if let Some(json) = replacement {
        store.put(js_sys::JSON::parse(json).unwrap()).primitive().unwrap().await.unwrap();
    }
    drop(store);
    tx.commit().await.unwrap();
    db.close();
    js_sys::JSON::stringify(&stored).unwrap().as_string().unwrap()
}

/// `json` with the numbers inside its arrays left out.
fn without_array_items(json: &str) -> String {
    let mut depth = 0;
    json.chars()
        .filter(|&c| {
            depth += i32::from(c == '[') - i32::from(c == ']');
            depth == 0 || c == '['
        })
        .collect()
}

#[wasm_bindgen_test]
async fn the_lock_record_keeps_the_shape_earlier_versions_stored_and_theirs_still_unlock() {
    let name = fresh_name("lock-record");
    forty_entries_locked(&name).await.close();
    let stored = lock_record(&name, None).await;
    // Bytes as arrays of numbers; a value that is not there is undefined, which JSON leaves out.
    assert_eq!(
        without_array_items(&stored),
        r#"{"key":"lock","value":{"wrapped":{"salt":[],"iterations":600000,"iv":[],"wrapped":[]},"tries":{"failed":0},"relock_minutes":5,"quick_exit":false}}"#
    );
    let settings = r#","tries":{"failed":0},"relock_minutes":5,"quick_exit":false"#;

    // Cut short while turning on, after 3 wrong tries, with other choices made.
    let chosen = r#","migration":"Sealing","tries":{"failed":3,"last_failed_at":"2026-11-25T10:00:00Z"},"relock_minutes":15,"quick_exit":true"#;
    lock_record(&name, Some(&stored.replace(settings, chosen))).await;
    let reopened = Storage::open(&name).await.unwrap();
    let status = reopened.lock_status().await.unwrap();
    assert_eq!((status.on, status.tries.failed, status.relock_minutes, status.quick_exit), (true, 3, 15, true));
    reopened.unlock(&pin("4821"), now()).await.unwrap();
    assert_eq!(entries_by_id(&reopened).await.len(), 40);
    reopened.close();
    let finished = lock_record(&name, None).await;
    assert!(finished.contains(r#""tries":{"failed":0},"relock_minutes":15,"quick_exit":true}"#), "{finished}");
    assert!(!finished.contains("migration"), "the pass cut short is finished: {finished}");

    // A record with only the wrapped key: the rest reads as the defaults.
    lock_record(&name, Some(&stored.replace(settings, ""))).await;
    let reopened = Storage::open(&name).await.unwrap();
    let status = reopened.lock_status().await.unwrap();
    assert_eq!((status.on, status.tries.failed, status.relock_minutes, status.quick_exit), (true, 0, 5, false));
    reopened.unlock(&pin("4821"), now()).await.unwrap();
    assert_eq!(entries_by_id(&reopened).await.len(), 40);
}
