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
//! Records are decoded one by one: a record that cannot be read is skipped, counted and kept, never
//! deleted, so a bug or a half-written record never costs a participant their history.

pub mod outbox;
mod schema;
pub mod staff;

use indexed_db_futures::database::Database;
use indexed_db_futures::object_store::ObjectStore;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{Transaction, TransactionMode};
use outbox::{Outbox, Pending};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;
use steady_domain::sync::{shareable, Change};
use steady_domain::{Entry, EntryId, Session, Timestamp};
use wasm_bindgen::JsValue;

pub use schema::{upgrade, DB_NAME, VERSION};
use schema::{ENTRIES, META, OUTBOX, SCHEDULE};

/// Why the phone's storage could not be used.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum StorageError {
    #[error("This browser cannot store data for Steady (it may be in private mode): {0}")]
    Unavailable(String),
    #[error("Saving on this phone did not work: {0}")]
    Failed(String),
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
    /// Groups this participant said they would like to come to.
    #[serde(default)]
    pub joined_groups: Vec<String>,
    /// Session codes entered with no signal, to confirm when there is.
    #[serde(default)]
    pub pending_codes: Vec<String>,
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
const SCHEDULE_FETCHED_AT: &str = "schedule_fetched_at";

/// An open connection to Steady's database.
#[derive(Debug, Clone)]
pub struct Storage {
    db: Database,
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
}

impl Storage {
    /// Opens the database, upgrading its schema if this is a newer app.
    pub async fn open(name: &str) -> Result<Self, StorageError> {
        let db = Database::open(name)
            .with_version(VERSION)
            .with_on_upgrade_needed(|event, db| upgrade(event.old_version() as u32, VERSION, &db))
            .await?;
        Ok(Storage { db })
    }

    pub fn close(self) {
        self.db.close();
    }

    /// Every entry on the phone, plus any record that could not be read.
    pub async fn entries(&self) -> Result<Decoded<Entry>, StorageError> {
        read_all(&self.db, ENTRIES).await
    }

    /// Saves a new or changed entry; done when the browser confirms it is stored. If the sharing settings,
    /// read in the same transaction, say it is shared, the change is queued there too: it can never be
    /// saved but forgotten, nor queued after sharing was turned off. Answers whether it was queued.
    pub async fn put_entry(&self, entry: &Entry) -> Result<bool, StorageError> {
        let tx = self.write([ENTRIES, OUTBOX, META])?;
        tx.object_store(ENTRIES)?.put(entry).serde()?.await?;
        let queued = meta_in::<SharingSettings>(&tx, SHARING).await?.unwrap_or_default().shares(entry);
        if queued {
            ENTRY_OUTBOX.queue_in(&tx, &QueuedChange::new(Change::Upsert { entry: entry.clone() })).await?;
        }
        tx.commit().await?;
        Ok(queued)
    }

    /// Deletes an entry from the phone and, if it was shared, queues the deletion for the link worker's
    /// copy (in the same transaction). Answers whether the deletion was queued.
    pub async fn delete_entry(&self, entry: &Entry, deleted_at: Timestamp) -> Result<bool, StorageError> {
        let tx = self.write([ENTRIES, OUTBOX, META])?;
        tx.object_store(ENTRIES)?.delete(entry.id.as_str()).primitive()?.await?;
        let queued = meta_in::<SharingSettings>(&tx, SHARING).await?.unwrap_or_default().shares(entry);
        if queued {
            ENTRY_OUTBOX.queue_in(&tx, &QueuedChange::new(Change::Delete { id: entry.id.clone(), deleted_at })).await?;
        }
        tx.commit().await?;
        Ok(queued)
    }

    /// Changes waiting to be shared, oldest change first.
    pub async fn outbox(&self) -> Result<Decoded<QueuedChange>, StorageError> {
        ENTRY_OUTBOX.pending(&self.db).await
    }

    /// Removes changes the server acknowledged, unless the entry changed again meanwhile (then the
    /// newer change stays queued).
    pub async fn acknowledge(&self, sent: &[QueuedChange]) -> Result<(), StorageError> {
        ENTRY_OUTBOX.acknowledge(&self.db, sent).await
    }

    pub async fn sharing(&self) -> Result<SharingSettings, StorageError> {
        Ok(self.meta(SHARING).await?.unwrap_or_default())
    }

    /// Changes the sharing settings in one step: reads them, applies `change`, and writes them back in one
    /// transaction, so two changes can never overwrite each other. Answers the settings as stored now.
    pub fn update_sharing<'a>(
        &'a self,
        change: impl FnOnce(&mut SharingSettings) + 'a,
    ) -> impl Future<Output = Result<SharingSettings, StorageError>> + 'a {
        self.update_sharing_boxed(Box::new(change))
    }

    async fn update_sharing_boxed(&self, change: SharingChange<'_>) -> Result<SharingSettings, StorageError> {
        let tx = self.write([META])?;
        let settings = update_sharing_in(&tx, change).await?;
        tx.commit().await?;
        Ok(settings)
    }

    /// Turns sharing on and queues every entry it now shares, in one transaction.
    pub async fn start_sharing(&self) -> Result<SharingSettings, StorageError> {
        let tx = self.write([ENTRIES, OUTBOX, META])?;
        let settings = update_sharing_in(&tx, Box::new(|s| s.on = true)).await?;
        for entry in decode_all::<Entry>(&tx.object_store(ENTRIES)?).await?.records {
            if settings.shares(&entry) {
                ENTRY_OUTBOX.queue_in(&tx, &QueuedChange::new(Change::Upsert { entry })).await?;
            }
        }
        tx.commit().await?;
        Ok(settings)
    }

    /// Turns sharing off and empties the outbox, in one transaction; with `delete_shared`, also records
    /// the request to delete the shared copies (kept until the server confirms it).
    pub async fn stop_sharing(&self, delete_shared: bool) -> Result<SharingSettings, StorageError> {
        let tx = self.write([OUTBOX, META])?;
        let settings = update_sharing_in(
            &tx,
            Box::new(|s| {
                s.on = false;
                s.pending_withdrawal |= delete_shared;
            }),
        )
        .await?;
        ENTRY_OUTBOX.clear_in(&tx).await?;
        tx.commit().await?;
        Ok(settings)
    }

    /// Forgets the link made with `token` (the server ended it) and everything waiting to be sent for it,
    /// in one transaction. A newer link, made meanwhile, is left alone.
    pub async fn end_link(&self, token: &str) -> Result<SharingSettings, StorageError> {
        let tx = self.write([OUTBOX, META])?;
        let settings = update_sharing_in(
            &tx,
            Box::new(|s| {
                if s.is_linked_with(token) {
                    *s = SharingSettings::default();
                }
            }),
        )
        .await?;
        if settings.link.is_none() {
            ENTRY_OUTBOX.clear_in(&tx).await?;
        }
        tx.commit().await?;
        Ok(settings)
    }

    pub async fn schedule(&self) -> Result<CachedSchedule, StorageError> {
        let sessions = read_all(&self.db, SCHEDULE).await?;
        let fetched_at = self.meta::<Timestamp>(SCHEDULE_FETCHED_AT).await?;
        Ok(CachedSchedule { sessions, fetched_at })
    }

    /// Replaces the cached schedule with a fresh copy from the server, all or nothing.
    pub async fn replace_schedule(&self, sessions: &[Session], fetched_at: Timestamp) -> Result<(), StorageError> {
        let tx = self.write([SCHEDULE, META])?;
        let store = tx.object_store(SCHEDULE)?;
        store.clear()?.await?;
        for session in sessions {
            store.put(session).serde()?.await?;
        }
        let record = MetaRecord { key: SCHEDULE_FETCHED_AT.to_string(), value: fetched_at };
        tx.object_store(META)?.put(&record).serde()?.await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn preferences(&self) -> Result<Preferences, StorageError> {
        Ok(self.meta(PREFERENCES).await?.unwrap_or_default())
    }

    pub async fn set_preferences(&self, prefs: &Preferences) -> Result<(), StorageError> {
        let tx = self.write([META])?;
        let record = MetaRecord { key: PREFERENCES.to_string(), value: prefs };
        tx.object_store(META)?.put(&record).serde()?.await?;
        tx.commit().await?;
        Ok(())
    }

    /// Deletes everything Steady stored on this phone, in one transaction.
    pub async fn delete_everything(&self) -> Result<(), StorageError> {
        let stores = [ENTRIES, META, SCHEDULE, OUTBOX];
        let tx = self.write(stores)?;
        for store in stores {
            tx.object_store(store)?.clear()?.await?;
        }
        tx.commit().await?;
        Ok(())
    }

    fn write<const N: usize>(&self, stores: [&str; N]) -> Result<Transaction<'_>, StorageError> {
        Ok(self.db.transaction(stores).with_mode(TransactionMode::Readwrite).build()?)
    }

    async fn meta<T: DeserializeOwned>(&self, key: &str) -> Result<Option<T>, StorageError> {
        let tx = self.db.transaction(META).build()?;
        meta_in(&tx, key).await
    }
}

/// Reads a setting inside a transaction; an unreadable one counts as unset (and is logged).
async fn meta_in<T: DeserializeOwned>(tx: &Transaction<'_>, key: &str) -> Result<Option<T>, StorageError> {
    let raw: Option<JsValue> = tx.object_store(META)?.get(key).primitive()?.await?;
    Ok(raw.and_then(|v| match serde_wasm_bindgen::from_value::<MetaRecord<T>>(v) {
        Ok(record) => Some(record.value),
        Err(e) => {
            gloo::console::warn!(format!("Ignoring an unreadable '{key}' setting: {e}"));
            None
        }
    }))
}

/// A change to the sharing settings, boxed so that each caller's closure does not get its own copy of the
/// reading and writing code in the `.wasm`.
type SharingChange<'a> = Box<dyn FnOnce(&mut SharingSettings) + 'a>;

/// Reads, changes and writes the sharing settings inside the caller's readwrite transaction; writes only
/// if the change changed something. Answers the settings as they are now.
async fn update_sharing_in(tx: &Transaction<'_>, change: SharingChange<'_>) -> Result<SharingSettings, StorageError> {
    let was = meta_in::<SharingSettings>(tx, SHARING).await?;
    let mut settings = was.clone().unwrap_or_default();
    change(&mut settings);
    // A missing record reads as the default, so a change that leaves the default writes nothing.
    if *was.as_ref().unwrap_or(&SharingSettings::default()) != settings {
        let record = MetaRecord { key: SHARING.to_string(), value: &settings };
        tx.object_store(META)?.put(&record).serde()?.await?;
    }
    Ok(settings)
}

/// Every record of a store, read in a transaction of its own (see [`decode_all`]). Both apps' databases
/// read through here, so an unreadable record is kept and reported the same way in each.
async fn read_all<T: DeserializeOwned>(db: &Database, store: &str) -> Result<Decoded<T>, StorageError> {
    let tx = db.transaction(store).build()?;
    decode_all(&tx.object_store(store)?).await
}

/// Decodes every record in a store one by one: what decodes, and the raw JSON of what does not.
async fn decode_all<T: DeserializeOwned>(store: &ObjectStore<'_>) -> Result<Decoded<T>, StorageError> {
    let raw = store.get_all::<JsValue>().primitive()?.await?;
    let mut decoded = Decoded { records: Vec::new(), unreadable: Vec::new() };
    for value in raw {
        let value = value?;
        match serde_wasm_bindgen::from_value::<T>(value.clone()) {
            Ok(record) => decoded.records.push(record),
            Err(e) => {
                gloo::console::warn!(format!("Skipping an unreadable record in '{}': {e}", store.name()));
                decoded.unreadable.push(raw_json(&value));
            }
        }
    }
    Ok(decoded)
}

/// A record's JSON text, for showing and exporting what could not be decoded.
fn raw_json(value: &JsValue) -> String {
    js_sys::JSON::stringify(value).ok().and_then(|s| s.as_string()).unwrap_or_else(|| format!("{value:?}"))
}
