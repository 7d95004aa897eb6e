//! Everything Steady keeps on the phone, in IndexedDB. The only module that touches IndexedDB.
//! (Steady for staff has its own database, in [`staff`].)
//!
//! Schema versions (bump [`VERSION`] and add a step to [`upgrade`]; never change an old step):
//! 1. `entries` (key path `id`): the participant's entries. The first prototype had only this.
//! 2. adds `meta` (key path `key`: preferences and bookkeeping) and `schedule` (key path `id`: the
//!    cached sessions, so the schedule shows offline).
//! 3. adds `outbox` (key path `id`, the entry's id): changes waiting to be shared, at most one per
//!    entry (a newer change replaces an older one). Written in the same transaction as the entry.
//!
//! Records are decoded one by one: a record that cannot be read is skipped, counted and kept, never
//! deleted, so a bug or a half-written record never costs a participant their history.

mod schema;
pub mod staff;

use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use steady_domain::sync::Change;
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

/// This phone's link to a link worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Link {
    pub device_token: String,
    pub participant_name: String,
    pub link_worker_name: String,
    pub linked_at: Timestamp,
}

/// A change waiting in the outbox, keyed by its entry's id.
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

thread_local! {
    static SHARED: RefCell<Option<Storage>> = const { RefCell::new(None) };
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

    /// The app's one connection, opened on first use.
    pub async fn shared() -> Result<Self, StorageError> {
        if let Some(s) = SHARED.with(|s| s.borrow().clone()) {
            return Ok(s);
        }
        let opened = Storage::open(DB_NAME).await?;
        SHARED.with(|s| *s.borrow_mut() = Some(opened.clone()));
        Ok(opened)
    }

    pub fn close(self) {
        self.db.close();
    }

    /// Every entry on the phone, plus any record that could not be read.
    pub async fn entries(&self) -> Result<Decoded<Entry>, StorageError> {
        self.read_all(ENTRIES).await
    }

    /// Saves a new or changed entry; done when the browser confirms it is stored. With `share`, the
    /// change is queued for sharing in the same transaction, so it can never be saved but forgotten.
    pub async fn put_entry(&self, entry: &Entry, share: bool) -> Result<(), StorageError> {
        let tx = self.db.transaction([ENTRIES, OUTBOX]).with_mode(TransactionMode::Readwrite).build()?;
        tx.object_store(ENTRIES)?.put(entry).serde()?.await?;
        if share {
            let queued = QueuedChange::new(Change::Upsert { entry: entry.clone() });
            tx.object_store(OUTBOX)?.put(&queued).serde()?.await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Deletes an entry from the phone; with `share_at`, queues the deletion for the link worker's copy.
    pub async fn delete_entry(&self, id: &EntryId, share_at: Option<Timestamp>) -> Result<(), StorageError> {
        let tx = self.db.transaction([ENTRIES, OUTBOX]).with_mode(TransactionMode::Readwrite).build()?;
        tx.object_store(ENTRIES)?.delete(id.as_str()).primitive()?.await?;
        if let Some(deleted_at) = share_at {
            let queued = QueuedChange::new(Change::Delete { id: id.clone(), deleted_at });
            tx.object_store(OUTBOX)?.put(&queued).serde()?.await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Queues many entries at once (when sharing is turned on).
    pub async fn queue_all(&self, entries: &[Entry]) -> Result<(), StorageError> {
        let tx = self.db.transaction(OUTBOX).with_mode(TransactionMode::Readwrite).build()?;
        let store = tx.object_store(OUTBOX)?;
        for entry in entries {
            store.put(&QueuedChange::new(Change::Upsert { entry: entry.clone() })).serde()?.await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Changes waiting to be shared, oldest change first.
    pub async fn outbox(&self) -> Result<Decoded<QueuedChange>, StorageError> {
        let mut queued = self.read_all::<QueuedChange>(OUTBOX).await?;
        queued.records.sort_by_key(|q| q.change.changed_at());
        Ok(queued)
    }

    /// Removes changes the server acknowledged, unless the entry changed again meanwhile (then the
    /// newer change stays queued).
    pub async fn acknowledge(&self, sent: &[Change]) -> Result<(), StorageError> {
        let tx = self.db.transaction(OUTBOX).with_mode(TransactionMode::Readwrite).build()?;
        let store = tx.object_store(OUTBOX)?;
        for change in sent {
            let current: Option<QueuedChange> = store.get(change.id().as_str()).serde()?.await?;
            if current.is_some_and(|q| q.change.changed_at() <= change.changed_at()) {
                store.delete(change.id().as_str()).primitive()?.await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }

    pub async fn clear_outbox(&self) -> Result<(), StorageError> {
        let tx = self.db.transaction(OUTBOX).with_mode(TransactionMode::Readwrite).build()?;
        tx.object_store(OUTBOX)?.clear()?.await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn sharing(&self) -> Result<SharingSettings, StorageError> {
        Ok(self.meta(SHARING).await?.unwrap_or_default())
    }

    pub async fn set_sharing(&self, sharing: &SharingSettings) -> Result<(), StorageError> {
        self.set_meta(SHARING, sharing).await
    }

    pub async fn schedule(&self) -> Result<CachedSchedule, StorageError> {
        let sessions = self.read_all(SCHEDULE).await?;
        let fetched_at = self.meta::<Timestamp>(SCHEDULE_FETCHED_AT).await?;
        Ok(CachedSchedule { sessions, fetched_at })
    }

    /// Replaces the cached schedule with a fresh copy from the server, all or nothing.
    pub async fn replace_schedule(&self, sessions: &[Session], fetched_at: Timestamp) -> Result<(), StorageError> {
        let tx = self.db.transaction([SCHEDULE, META]).with_mode(TransactionMode::Readwrite).build()?;
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
        self.set_meta(PREFERENCES, prefs).await
    }

    async fn set_meta<T: Serialize>(&self, key: &str, value: &T) -> Result<(), StorageError> {
        let tx = self.db.transaction(META).with_mode(TransactionMode::Readwrite).build()?;
        let record = MetaRecord { key: key.to_string(), value };
        tx.object_store(META)?.put(&record).serde()?.await?;
        tx.commit().await?;
        Ok(())
    }

    /// Deletes everything Steady stored on this phone, in one transaction.
    pub async fn delete_everything(&self) -> Result<(), StorageError> {
        let stores = [ENTRIES, META, SCHEDULE, OUTBOX];
        let tx = self.db.transaction(stores).with_mode(TransactionMode::Readwrite).build()?;
        for store in stores {
            tx.object_store(store)?.clear()?.await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn meta<T: for<'de> Deserialize<'de>>(&self, key: &str) -> Result<Option<T>, StorageError> {
        let tx = self.db.transaction(META).build()?;
        let raw: Option<JsValue> = tx.object_store(META)?.get(key).primitive()?.await?;
        Ok(raw.and_then(|v| match serde_wasm_bindgen::from_value::<MetaRecord<T>>(v) {
            Ok(record) => Some(record.value),
            Err(e) => {
                gloo::console::warn!(format!("Ignoring an unreadable '{key}' setting: {e}"));
                None
            }
        }))
    }

    async fn read_all<T: for<'de> Deserialize<'de>>(&self, store: &str) -> Result<Decoded<T>, StorageError> {
        let tx = self.db.transaction(store).build()?;
        let raw = tx.object_store(store)?.get_all::<JsValue>().primitive()?.await?;
        let mut decoded = Decoded { records: Vec::new(), unreadable: Vec::new() };
        for value in raw {
            let value = value?;
            match serde_wasm_bindgen::from_value::<T>(value.clone()) {
                Ok(record) => decoded.records.push(record),
                Err(e) => {
                    gloo::console::warn!(format!("Skipping an unreadable record in '{store}': {e}"));
                    decoded.unreadable.push(raw_json(&value));
                }
            }
        }
        Ok(decoded)
    }
}

/// A record's JSON text, for showing and exporting what could not be decoded.
fn raw_json(value: &JsValue) -> String {
    js_sys::JSON::stringify(value).ok().and_then(|s| s.as_string()).unwrap_or_else(|| format!("{value:?}"))
}
