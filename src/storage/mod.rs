//! Everything Steady keeps on the phone, in IndexedDB. The only module that touches IndexedDB.
//! (Steady for staff has its own database, in [`staff`].)
//!
//! Schema versions (bump [`VERSION`] and add a step to [`upgrade`]; never change an old step):
//! 1. `entries` (key path `id`): the participant's entries. The first prototype had only this.
//! 2. adds `meta` (key path `key`: preferences and bookkeeping) and `schedule` (key path `id`: the
//!    cached sessions, so the schedule shows offline).
//! 3. adds `outbox` (key path `id`, the entry's id): changes waiting to be shared, at most one per
//!    entry (a newer change replaces an older one; the rules are [`outbox::Outbox`]'s). Written in the
//!    same transaction as the entry.
//!
//! The sharing settings are changed by the participant and by the sync engine, sometimes at the same
//! moment, so every change to them reads, changes and writes in one readwrite transaction
//! ([`Storage::update_sharing`] and the steps that also touch the outbox); nothing writes back a copy
//! read earlier.
//!
//! With the lock on ([`lock`]), personal records are stored encrypted; [`codec`] is the one place a
//! record becomes stored bytes and back, so nothing above this module changes. Web Crypto cannot run
//! inside an IndexedDB transaction, so a read-change-write reads in one transaction and writes in the
//! next while holding a Web Lock that every change takes ([`exclusive`]): nothing can come between.
//!
//! Records are decoded one by one: a record that cannot be read is skipped, counted and kept, never
//! deleted, so a bug or a half-written record never costs a participant their history.

mod blocks;
mod codec;
pub mod crypto;
mod exclusive;
pub mod lock;
pub mod outbox;
mod schema;
pub mod staff;

use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{Transaction, TransactionMode};
use outbox::{Outbox, Pending};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;
use steady_domain::backup::{self, Restored};
use steady_domain::sync::{shareable, Change};
use steady_domain::{Entry, EntryId, Session, Timestamp};
use wasm_bindgen::JsValue;

use codec::Codec;
pub use schema::{upgrade, DB_NAME, VERSION};
use schema::{ENTRIES, META, OUTBOX, SCHEDULE, SCHEDULE_FETCHED_AT};

/// Why the phone's storage could not be used.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum StorageError {
    #[error("This browser cannot store data for Steady (it may be in private mode): {0}")]
    Unavailable(String),
    #[error("Saving on this phone did not work: {0}")]
    Failed(String),
    #[error("Steady is locked. Unlock it to see your data.")]
    Locked,
}

impl From<indexed_db_futures::error::Error> for StorageError {
    fn from(e: indexed_db_futures::error::Error) -> Self {
        StorageError::Failed(e.to_string())
    }
}

impl From<indexed_db_futures::error::OpenDbError> for StorageError {
    fn from(e: indexed_db_futures::error::OpenDbError) -> Self {
        StorageError::Unavailable(e.to_string())
    }
}

/// What was read from a store: the records that decoded, and the raw JSON of those that did not.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded<T> {
    pub records: Vec<T>,
    pub unreadable: Vec<String>,
}

/// Settings the participant chose, kept under `meta`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Preferences {
    /// When "Not now" was last chosen on the ONS4 offer.
    #[serde(default)]
    pub ons4_dismissed_at: Option<Timestamp>,
}

/// The link with a link worker and whether sharing is on, kept under `meta`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SharingSettings {
    #[serde(default)]
    pub link: Option<Link>,
    /// The participant turned sharing on (and has not turned it off).
    #[serde(default)]
    pub on: bool,
    /// The participant asked to delete what was shared, and the server has not confirmed it yet.
    #[serde(default)]
    pub pending_withdrawal: bool,
    #[serde(default)]
    pub last_synced_at: Option<Timestamp>,
    /// Groups this participant joined (on the phone, and with their group leaders when linked).
    #[serde(default)]
    pub joined_groups: Vec<String>,
    /// Session codes entered with no signal, to confirm when there is.
    #[serde(default)]
    pub pending_codes: Vec<String>,
    /// Groups joined before this phone was linked, whose leaders have not been told yet.
    #[serde(default)]
    pub pending_joins: Vec<String>,
    /// The link worker ended this phone's last link, and the person has not yet closed the notice.
    #[serde(default)]
    pub ended: Option<EndedLink>,
}

/// A link the link worker ended, and with whom.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EndedLink {
    pub link_worker_name: String,
}

impl SharingSettings {
    /// Whether a change to this entry goes to the outbox: the one sharing rule. Only when this phone is
    /// linked, sharing is on, and the entry is not marked "keep private".
    pub fn shares(&self, entry: &Entry) -> bool {
        self.on && self.link.is_some() && shareable(entry)
    }

    pub fn device_token(&self) -> Option<&str> {
        self.link.as_ref().map(|l| l.device_token.as_str())
    }

    /// Still linked through the same token: a change worked out for one link must not land on another.
    pub fn is_linked_with(&self, token: &str) -> bool {
        self.device_token() == Some(token)
    }
}

/// This phone's link to a link worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Link {
    pub device_token: String,
    pub participant_name: String,
    pub link_worker_name: String,
    pub linked_at: Timestamp,
}

/// A change waiting in the entries outbox, keyed by its entry's id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueuedChange {
    pub id: EntryId,
    pub change: Change,
}

impl QueuedChange {
    pub fn new(change: Change) -> Self {
        QueuedChange { id: change.id().clone(), change }
    }
}

impl Pending for QueuedChange {
    fn key(&self) -> &str {
        self.id.as_str()
    }

    fn made_at(&self) -> Timestamp {
        self.change.changed_at()
    }
}

/// Changes to entries waiting to be shared.
const ENTRY_OUTBOX: Outbox<QueuedChange> = Outbox::new(OUTBOX);

/// The cached schedule and when it was fetched.
#[derive(Debug, Clone, PartialEq)]
pub struct CachedSchedule {
    pub sessions: Decoded<Session>,
    pub fetched_at: Option<Timestamp>,
}

#[derive(Serialize, Deserialize)]
struct MetaRecord<T> {
    key: String,
    value: T,
}

const PREFERENCES: &str = "preferences";
const SHARING: &str = "sharing";

/// An open connection to Steady's database. Clones share the connection and the lock's keys.
#[derive(Debug, Clone)]
pub struct Storage {
    db: Database,
    name: Rc<str>,
    codec: Codec,
}

/// The app's way to its database: opened on first use, then the same connection every time.
#[derive(Debug, Clone)]
pub struct Connection {
    name: Rc<str>,
    opened: Rc<RefCell<Option<Storage>>>,
}

impl Connection {
    pub fn new(name: &str) -> Self {
        Connection { name: name.into(), opened: Rc::default() }
    }

    pub async fn storage(&self) -> Result<Storage, StorageError> {
        if let Some(storage) = self.opened.borrow().clone() {
            return Ok(storage);
        }
        let storage = Storage::open(&self.name).await?;
        *self.opened.borrow_mut() = Some(storage.clone());
        Ok(storage)
    }

    /// Locks the open database at once (no waiting: for "Quick exit").
    pub fn lock_now(&self) {
        if let Some(storage) = self.opened.borrow().as_ref() {
            storage.lock_now();
        }
    }
}

impl Storage {
    /// Opens the database, upgrading its schema if this is a newer app. If the lock is on, it opens
    /// locked: nothing personal can be read until [`Storage::unlock`].
    pub async fn open(name: &str) -> Result<Self, StorageError> {
        let db = Database::open(name)
            .with_version(VERSION)
            .with_on_upgrade_needed(|event, db| upgrade(event.old_version() as u32, VERSION, &db))
            .await?;
        let storage = Storage { db, name: name.into(), codec: Codec::default() };
        if storage.lock_settings().await?.is_some() {
            storage.codec.set(codec::Keys::Locked);
        }
        Ok(storage)
    }

    pub fn close(self) {
        self.db.close();
    }

    /// Every entry on the phone, plus any record that could not be read.
    pub async fn entries(&self) -> Result<Decoded<Entry>, StorageError> {
        Ok(codec::decode_all(ENTRIES, self.read_opened(ENTRIES).await?))
    }

    /// Saves a new or changed entry; done when the browser confirms it is stored. If the sharing settings,
    /// read in the same step, say it is shared, the change is queued there too: it can never be saved but
    /// forgotten, nor queued after sharing was turned off. Answers whether it was queued.
    pub async fn put_entry(&self, entry: &Entry) -> Result<bool, StorageError> {
        self.change_entry(entry, Change::Upsert { entry: entry.clone() }).await
    }

    /// Deletes an entry from the phone and, if it was shared, queues the deletion for the link worker's
    /// copy (in the same step). Answers whether the deletion was queued.
    pub async fn delete_entry(&self, entry: &Entry, deleted_at: Timestamp) -> Result<bool, StorageError> {
        self.change_entry(entry, Change::Delete { id: entry.id.clone(), deleted_at }).await
    }

    /// Makes `change` to `entry` on the phone and queues it if the entry is shared, in one step (see
    /// [`Storage::put_entry`]).
    async fn change_entry(&self, entry: &Entry, change: Change) -> Result<bool, StorageError> {
        let _held = self.hold().await;
        let queued = self.sharing().await?.shares(entry);
        let (put, removed) = match &change {
            Change::Upsert { entry } => (vec![codec::plain(entry)?], Vec::new()),
            Change::Delete { id, .. } => (Vec::new(), vec![id.as_str().to_string()]),
        };
        let writes = self.entry_writes(put, removed, &[]).await?;
        let change = if queued { vec![codec::plain(&QueuedChange::new(change))?] } else { Vec::new() };
        let change = blocks::Writes::puts(self.codec.seal_values(OUTBOX, change).await?);
        let tx = self.write([ENTRIES, OUTBOX])?;
        writes.apply(&tx.object_store(ENTRIES)?)?;
        change.apply(&tx.object_store(OUTBOX)?)?;
        tx.commit().await?;
        Ok(queued)
    }

    /// Restores entries from a downloaded copy, merged by id ([`backup::restores_over`]: only what the
    /// phone lacks or holds an older change of), in one step, each queued for sharing as
    /// [`Storage::put_entry`] would. A stored record that cannot be read is never written over. Answers
    /// what it did, and the entries it stored.
    pub async fn restore_entries(&self, entries: &[Entry]) -> Result<(Restored, Vec<Entry>), StorageError> {
        let _held = self.hold().await;
        let sharing = self.sharing().await?;
        // Each entry's own record and its block: a stored entry is in one or the other.
        let mut keys: Vec<String> = entries.iter().map(|e| e.id.as_str().to_string()).collect();
        keys.extend(blocks::blocks_of(&keys));
        let raw = self.raw_by_keys(ENTRIES, &keys).await?;
        let present: Vec<String> = raw.iter().map(|r| codec::key_of(ENTRIES, r)).collect();
        let held = codec::decode_all::<Entry>(ENTRIES, self.codec.open_records(ENTRIES, raw).await?).records;
        let mut restored = Restored::default();
        let mut stored = Vec::new();
        for entry in entries {
            let on_phone = held.iter().find(|h| h.id == entry.id);
            if on_phone.is_none() && present.iter().any(|id| id == entry.id.as_str()) {
                // Held, but unreadable: kept as it is.
                restored.unchanged += 1;
                continue;
            }
            restored.count(on_phone, entry);
            if backup::restores_over(on_phone, entry) {
                stored.push(entry.clone());
            }
        }
        let changes: Vec<QueuedChange> = stored
            .iter()
            .filter(|entry| sharing.shares(entry))
            .map(|entry| QueuedChange::new(Change::Upsert { entry: entry.clone() }))
            .collect();
        let plain = codec::plain_all(&stored)?;
        let writes = self.entry_writes(plain, Vec::new(), &[]).await?;
        let changes = blocks::Writes::puts(self.codec.seal_values(OUTBOX, codec::plain_all(&changes)?).await?);
        let tx = self.write([ENTRIES, OUTBOX])?;
        writes.apply(&tx.object_store(ENTRIES)?)?;
        changes.apply(&tx.object_store(OUTBOX)?)?;
        tx.commit().await?;
        Ok((restored, stored))
    }

    /// Changes waiting to be shared, oldest change first.
    pub async fn outbox(&self) -> Result<Decoded<QueuedChange>, StorageError> {
        let mut waiting = codec::decode_all(OUTBOX, self.read_opened(OUTBOX).await?);
        outbox::oldest_first(&mut waiting);
        Ok(waiting)
    }

    /// Removes changes the server acknowledged, unless the entry changed again meanwhile (then the
    /// newer change stays queued).
    pub async fn acknowledge(&self, sent: &[QueuedChange]) -> Result<(), StorageError> {
        let _held = self.hold().await;
        let raw = self.raw_by_keys(OUTBOX, &sent.iter().map(|c| c.key().to_string()).collect::<Vec<_>>()).await?;
        let current = codec::decode_all::<QueuedChange>(OUTBOX, self.codec.open_records(OUTBOX, raw).await?).records;
        let done = sent
            .iter()
            .filter(|change| outbox::still_waiting(current.iter().find(|c| c.key() == change.key()), change))
            .map(|change| change.key().to_string())
            .collect();
        let tx = self.write([OUTBOX])?;
        blocks::Writes::deletes(done).apply(&tx.object_store(OUTBOX)?)?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn sharing(&self) -> Result<SharingSettings, StorageError> {
        Ok(setting(self.meta_value(SHARING).await?).unwrap_or_default())
    }

    /// Changes the sharing settings in one step: reads them, applies `change`, and writes them back
    /// holding the database's lock, so two changes can never overwrite each other. Answers the settings
    /// as stored now.
    pub fn update_sharing<'a>(
        &'a self,
        change: impl FnOnce(&mut SharingSettings) + 'a,
    ) -> impl Future<Output = Result<SharingSettings, StorageError>> + 'a {
        self.change_sharing(Box::new(change), OutboxStep::Keep)
    }

    /// Turns sharing on and queues every entry it now shares, in one step.
    pub async fn start_sharing(&self) -> Result<SharingSettings, StorageError> {
        self.change_sharing(Box::new(|s| s.on = true), OutboxStep::QueueShared).await
    }

    /// Turns sharing off and empties the outbox, in one step; with `delete_shared`, also records the
    /// request to delete the shared copies (kept until the server confirms it).
    pub async fn stop_sharing(&self, delete_shared: bool) -> Result<SharingSettings, StorageError> {
        let change = move |s: &mut SharingSettings| {
            s.on = false;
            s.pending_withdrawal |= delete_shared;
        };
        self.change_sharing(Box::new(change), OutboxStep::EmptyIf(|_| true)).await
    }

    /// Forgets the link made with `token` (the server ended it) and everything waiting to be sent for it,
    /// in one step, and notes that it ended, so the phone can say so in words until the person has read
    /// it. The groups they joined stay theirs. A newer link, made meanwhile, is left alone.
    pub async fn end_link(&self, token: &str) -> Result<SharingSettings, StorageError> {
        let change = |s: &mut SharingSettings| {
            if s.is_linked_with(token) {
                let link_worker_name = s.link.take().map(|l| l.link_worker_name).unwrap_or_default();
                let joined_groups = std::mem::take(&mut s.joined_groups);
                let ended = Some(EndedLink { link_worker_name });
                *s = SharingSettings { ended, joined_groups, ..SharingSettings::default() };
            }
        };
        self.change_sharing(Box::new(change), OutboxStep::EmptyIf(|s| s.link.is_none())).await
    }

    /// Every change to the sharing settings: reads them, applies `change`, and writes them and what
    /// `outbox` says to the outbox in one step, holding the database's lock. A missing record reads as
    /// the default, so a change that leaves the default writes no settings. Answers the settings as
    /// stored now.
    async fn change_sharing(
        &self,
        change: SharingChange<'_>,
        outbox: OutboxStep,
    ) -> Result<SharingSettings, StorageError> {
        let _held = self.hold().await;
        let was = setting::<SharingSettings>(self.meta_value(SHARING).await?);
        let mut settings = was.clone().unwrap_or_default();
        change(&mut settings);
        let stored = if *was.as_ref().unwrap_or(&SharingSettings::default()) == settings {
            Vec::new()
        } else {
            vec![codec::plain(&MetaRecord { key: SHARING.to_string(), value: &settings })?]
        };
        let stored = blocks::Writes::puts(self.codec.seal_values(META, stored).await?);
        let queued = match outbox {
            OutboxStep::QueueShared => {
                let entries = self.entries().await?.records;
                let changes: Vec<QueuedChange> = entries
                    .into_iter()
                    .filter(|entry| settings.shares(entry))
                    .map(|entry| QueuedChange::new(Change::Upsert { entry }))
                    .collect();
                self.codec.seal_values(OUTBOX, codec::plain_all(&changes)?).await?
            }
            _ => Vec::new(),
        };
        let tx = self.write([OUTBOX, META])?;
        stored.apply(&tx.object_store(META)?)?;
        if matches!(outbox, OutboxStep::EmptyIf(empties) if empties(&settings)) {
            ENTRY_OUTBOX.clear_in(&tx)?;
        }
        blocks::Writes::puts(queued).apply(&tx.object_store(OUTBOX)?)?;
        tx.commit().await?;
        Ok(settings)
    }

    pub async fn schedule(&self) -> Result<CachedSchedule, StorageError> {
        let sessions = codec::decode_all(SCHEDULE, self.read_opened(SCHEDULE).await?);
        let fetched_at = setting(self.meta_value(SCHEDULE_FETCHED_AT).await?);
        Ok(CachedSchedule { sessions, fetched_at })
    }

    /// Replaces the cached schedule with a fresh copy from the server, all or nothing. The schedule is
    /// public, so it is never sealed.
    pub async fn replace_schedule(&self, sessions: &[Session], fetched_at: Timestamp) -> Result<(), StorageError> {
        let tx = self.write([SCHEDULE, META])?;
        let store = tx.object_store(SCHEDULE)?;
        // The requests are not awaited one by one (see [`blocks::Writes::apply`]): one that fails aborts
        // the transaction, which the commit reports.
        drop(store.clear()?);
        for session in sessions {
            drop(store.put(session).serde()?);
        }
        let record = MetaRecord { key: SCHEDULE_FETCHED_AT.to_string(), value: fetched_at };
        drop(tx.object_store(META)?.put(&record).serde()?);
        tx.commit().await?;
        Ok(())
    }

    pub async fn preferences(&self) -> Result<Preferences, StorageError> {
        Ok(setting(self.meta_value(PREFERENCES).await?).unwrap_or_default())
    }

    pub async fn set_preferences(&self, prefs: &Preferences) -> Result<(), StorageError> {
        let stored = vec![codec::plain(&MetaRecord { key: PREFERENCES.to_string(), value: prefs })?];
        let stored = blocks::Writes::puts(self.codec.seal_values(META, stored).await?);
        let tx = self.write([META])?;
        stored.apply(&tx.object_store(META)?)?;
        tx.commit().await?;
        Ok(())
    }

    /// Deletes everything Steady stored on this phone, the lock included, in one transaction. Works while
    /// locked (for "Forgot PIN"): nothing needs to be read.
    pub async fn delete_everything(&self) -> Result<(), StorageError> {
        self.clear_everything(false).await.map(|_| ())
    }

    /// Deletes everything on this phone as [`Storage::delete_everything`] does (the lock included), but
    /// keeps the link, with sharing off and a request to delete the shared copies, so the sync engine can
    /// still send it; all in one transaction. Without a link it is the same as deleting everything.
    pub async fn delete_everything_and_shared_copies(&self) -> Result<SharingSettings, StorageError> {
        self.clear_everything(true).await
    }

    /// Empties every store in one transaction; with `keep_link`, then stores the link alone, asking for
    /// the shared copies to be deleted. Answers the sharing settings as stored now.
    async fn clear_everything(&self, keep_link: bool) -> Result<SharingSettings, StorageError> {
        let _held = self.hold().await;
        let link = if keep_link { self.sharing().await?.link } else { None };
        let settings = SharingSettings { pending_withdrawal: link.is_some(), link, ..SharingSettings::default() };
        let stores = [ENTRIES, META, SCHEDULE, OUTBOX];
        let tx = self.write(stores)?;
        // The requests are not awaited one by one (see [`blocks::Writes::apply`]): one that fails aborts
        // the transaction, which the commit reports.
        for store in stores {
            drop(tx.object_store(store)?.clear()?);
        }
        if settings.link.is_some() {
            // Stored plain: the lock goes with everything else.
            let record = MetaRecord { key: SHARING.to_string(), value: &settings };
            drop(tx.object_store(META)?.put(&record).serde()?);
        }
        tx.commit().await?;
        self.codec.set(codec::Keys::Plain);
        Ok(settings)
    }

    /// A readwrite transaction over `stores`.
    fn write<const N: usize>(&self, stores: [&str; N]) -> Result<Transaction<'_>, StorageError> {
        self.write_to(&stores)
    }

    /// [`Storage::write`] for a slice: not generic, so the `.wasm` holds it once, not once per count.
    fn write_to(&self, stores: &[&str]) -> Result<Transaction<'_>, StorageError> {
        Ok(self.db.transaction(stores).with_mode(TransactionMode::Readwrite).build()?)
    }

    /// Waits for this database's lock (see [`exclusive`]), then brings this handle's view of the lock up
    /// to date (another tab may have turned it on or off: [`Storage::follow_lock`]), so the change is
    /// written in the shape the lock wants as stored now. Every change begins with
    /// `let _held = self.hold().await;` and holds the lock until it returns: no generic wrapper, so the
    /// `.wasm` holds no state machine per change for it. Never nested (the inner wait would never end).
    async fn hold(&self) -> Option<exclusive::Held> {
        let (granted, held) = exclusive::request(&["steady-db:", &self.name].concat()).unzip();
        if let Some(granted) = granted {
            let _ = granted.await;
        }
        if let Err(e) = self.follow_lock().await {
            web_sys::console::warn_1(&e.to_string().into());
        }
        held
    }

    /// The stored records under `keys` (those that exist), as stored.
    async fn raw_by_keys(&self, store: &str, keys: &[String]) -> Result<Vec<JsValue>, StorageError> {
        let tx = self.db.transaction(store).build()?;
        let object_store = tx.object_store(store)?;
        // Every read is asked for before the first answer is awaited, so the browser does them one after
        // another without waiting on the app in between (10,000 awaited one by one took seconds).
        let reads: Vec<_> = keys
            .iter()
            .map(|key| object_store.get::<JsValue, _, _>(key.as_str()).primitive())
            .collect::<Result<_, _>>()?;
        let mut raw = Vec::new();
        for read in reads {
            raw.extend(read.await?);
        }
        Ok(raw)
    }

    /// Every record of a store, opened, for [`codec::decode_all`] to decode. (The callers decode: a generic
    /// async step would put a state machine in the `.wasm` for each record type.)
    async fn read_opened(&self, store: &str) -> Result<codec::Opened, StorageError> {
        self.codec.open_records(store, raw_all(&self.db, store).await?).await
    }

    /// A setting's stored record, opened, as its value alone (a [`MetaRecord`]'s `value`), for [`setting`]
    /// to decode.
    async fn meta_value(&self, key: &str) -> Result<codec::Opened, StorageError> {
        let raw = self.raw_by_keys(META, &[key.to_string()]).await?;
        let opened = self.codec.open_records(META, raw).await?;
        let value = |record: JsValue| js_sys::Reflect::get(&record, &"value".into()).map_err(|e| format!("{e:?}"));
        Ok(opened.into_iter().map(|(stored, record)| (stored, record.and_then(value))).collect())
    }
}

/// A change to the sharing settings, boxed so that each caller's closure does not get its own copy of the
/// reading and writing code in the `.wasm`.
type SharingChange<'a> = Box<dyn FnOnce(&mut SharingSettings) + 'a>;

/// What a change to the sharing settings does to the outbox, in the same step.
enum OutboxStep {
    Keep,
    /// Empties it if the function says so of the settings as changed.
    EmptyIf(fn(&SharingSettings) -> bool),
    /// Queues every entry the settings as changed share.
    QueueShared,
}

/// A setting, from what [`Storage::meta_value`] opened; an unreadable one counts as unset (and is logged).
/// Not async, so the `.wasm` holds no state machine for each setting's type.
fn setting<T: DeserializeOwned>(opened: codec::Opened) -> Option<T> {
    codec::decode_all(META, opened).records.pop()
}

/// Every record of a store as stored, read in a transaction of its own.
async fn raw_all(db: &Database, store: &str) -> Result<Vec<JsValue>, StorageError> {
    let tx = db.transaction(store).build()?;
    let raw = tx.object_store(store)?.get_all::<JsValue>().primitive()?.await?;
    Ok(raw.collect::<Result<Vec<_>, _>>()?)
}

/// Every record of a store, decoded one by one (see [`Codec::open_records`]), never sealed. Steady for
/// staff's database reads through here, so an unreadable record is kept and reported as in the
/// participant's.
async fn read_all<T: DeserializeOwned>(db: &Database, store: &str) -> Result<Decoded<T>, StorageError> {
    Ok(codec::decode_all(store, Codec::default().open_records(store, raw_all(db, store).await?).await?))
}

/// A record's JSON text, for showing and exporting what could not be decoded.
fn raw_json(value: &JsValue) -> String {
    js_sys::JSON::stringify(value).ok().and_then(|s| s.as_string()).unwrap_or_else(|| format!("{value:?}"))
}
