//! What Steady for staff keeps in the browser, in its own IndexedDB database (`steady-staff`): the
//! leader's sessions and registers as last seen, register taps waiting to be sent, and taps the server
//! refused. Separate from the participant's database, so a shared or borrowed phone never mixes the two.
//!
//! Schema versions (bump [`VERSION`] and add a step to [`upgrade`]; never change an old step):
//! 1. `cache` (key path `key`: sessions and registers as last seen) and `taps` (key path `key`, one
//!    per person per session: taps waiting to be sent; the rules are [`Outbox`]'s).
//! 2. adds `refused` (key path `key`, as `taps`): taps the server would not store, kept for the
//!    leader to tap again or discard, and never sent by themselves.

use super::outbox::{Outbox, Pending};
use super::{read_all, Decoded, StorageError};
use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use serde::{Deserialize, Serialize};
use steady_domain::attendance::{LedSession, Mark, MarkRefusal, Register};
use steady_domain::Timestamp;
use wasm_bindgen::JsValue;

pub const DB_NAME: &str = "steady-staff";
pub const VERSION: u32 = 2;
const CACHE: &str = "cache";
const TAPS: &str = "taps";
const REFUSED: &str = "refused";
const LEADER_SESSIONS: &str = "leader_sessions";

/// Brings the staff database from `old_version` to `new_version` (normally [`VERSION`]) step by step,
/// inside the browser's version-change transaction, so a failed step leaves the old version in place.
/// Tests use a lower `new_version` to build a database as an older app left it.
pub fn upgrade(old_version: u32, new_version: u32, db: &Database) -> indexed_db_futures::Result<()> {
    let step = |version: u32| old_version < version && version <= new_version;
    if step(1) {
        db.create_object_store(CACHE).with_key_path("key".into()).build()?;
        db.create_object_store(TAPS).with_key_path("key".into()).build()?;
    }
    if step(2) {
        db.create_object_store(REFUSED).with_key_path("key".into()).build()?;
    }
    Ok(())
}

#[derive(Serialize, Deserialize)]
struct Cached<T> {
    key: String,
    value: T,
}

/// A tap waiting to be sent, one per person per session (a newer tap replaces an older one).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueuedTap {
    pub key: String,
    pub session_id: String,
    pub mark: Mark,
}

impl QueuedTap {
    pub fn new(session_id: &str, mark: Mark) -> Self {
        QueuedTap { key: format!("{session_id}|{}", mark.person.as_str()), session_id: session_id.to_string(), mark }
    }
}

impl Pending for QueuedTap {
    fn key(&self) -> &str {
        &self.key
    }

    /// A later tap for the same person is the newer one.
    fn made_at(&self) -> Timestamp {
        self.mark.tapped_at
    }
}

/// Taps waiting to be sent.
const TAP_OUTBOX: Outbox<QueuedTap> = Outbox::new(TAPS);

/// A tap the server would not store, and why, in words for the leader. Kept until the leader taps
/// again (which queues a new tap) or discards it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RefusedTap {
    pub key: String,
    pub session_id: String,
    pub mark: Mark,
    /// Set when the server refused this one mark; `None` when it refused the whole batch.
    pub reason: Option<MarkRefusal>,
    pub message: String,
}

impl RefusedTap {
    pub fn new(tap: QueuedTap, reason: Option<MarkRefusal>, message: String) -> Self {
        RefusedTap { key: tap.key, session_id: tap.session_id, mark: tap.mark, reason, message }
    }

    /// The tap that was refused, as it waited in the queue.
    fn tap(&self) -> QueuedTap {
        QueuedTap { key: self.key.clone(), session_id: self.session_id.clone(), mark: self.mark.clone() }
    }
}

#[derive(Debug, Clone)]
pub struct StaffStorage {
    db: Database,
}

fn register_key(session_id: &str) -> String {
    format!("register:{session_id}")
}

impl StaffStorage {
    /// Opens the staff database, upgrading its schema if this is a newer app.
    pub async fn open() -> Result<Self, StorageError> {
        Self::open_named(DB_NAME).await
    }

    /// Opens a staff database by name (tests use their own).
    pub async fn open_named(name: &str) -> Result<Self, StorageError> {
        let db = Database::open(name)
            .with_version(VERSION)
            .with_on_upgrade_needed(|event, db| upgrade(event.old_version() as u32, VERSION, &db))
            .await?;
        Ok(StaffStorage { db })
    }

    pub fn close(self) {
        self.db.close();
    }

    async fn put<T: Serialize>(&self, store: &str, value: &T) -> Result<(), StorageError> {
        let tx = self.db.transaction(store).with_mode(TransactionMode::Readwrite).build()?;
        tx.object_store(store)?.put(value).serde()?.await?;
        tx.commit().await?;
        Ok(())
    }

    async fn cached<T: for<'de> Deserialize<'de>>(&self, key: &str) -> Result<Option<T>, StorageError> {
        let tx = self.db.transaction(CACHE).build()?;
        let raw: Option<JsValue> = tx.object_store(CACHE)?.get(key).primitive()?.await?;
        Ok(raw.and_then(|v| serde_wasm_bindgen::from_value::<Cached<T>>(v).ok()).map(|c| c.value))
    }

    pub async fn leader_sessions(&self) -> Result<Option<Vec<LedSession>>, StorageError> {
        self.cached(LEADER_SESSIONS).await
    }

    pub async fn set_leader_sessions(&self, sessions: &[LedSession]) -> Result<(), StorageError> {
        self.put(CACHE, &Cached { key: LEADER_SESSIONS.to_string(), value: sessions }).await
    }

    pub async fn register(&self, session_id: &str) -> Result<Option<Register>, StorageError> {
        self.cached(&register_key(session_id)).await
    }

    pub async fn set_register(&self, register: &Register) -> Result<(), StorageError> {
        self.put(CACHE, &Cached { key: register_key(&register.session.id.0), value: register }).await
    }

    /// Queues a tap, replacing an older one for the same person; a refused tap for that person is
    /// settled by it (the new tap says what the leader wants now), in the same transaction.
    pub async fn queue_tap(&self, tap: &QueuedTap) -> Result<(), StorageError> {
        let tx = self.db.transaction([TAPS, REFUSED]).with_mode(TransactionMode::Readwrite).build()?;
        TAP_OUTBOX.queue_in(&tx, tap).await?;
        tx.object_store(REFUSED)?.delete(tap.key.as_str()).primitive()?.await?;
        tx.commit().await?;
        Ok(())
    }

    /// Taps waiting to be sent, oldest first, plus any that could not be read (kept).
    pub async fn taps(&self) -> Result<Decoded<QueuedTap>, StorageError> {
        TAP_OUTBOX.pending(&self.db).await
    }

    /// Removes sent taps, unless a newer tap for the same person was queued meanwhile.
    pub async fn acknowledge(&self, sent: &[QueuedTap]) -> Result<(), StorageError> {
        TAP_OUTBOX.acknowledge(&self.db, sent).await
    }

    /// Moves taps the server refused out of the queue into the refused list, in one transaction, so
    /// they are never sent again by themselves. A refused tap already replaced by a newer one in the
    /// queue is dropped instead: the newer tap is what the leader wants.
    pub async fn refuse(&self, refused: &[RefusedTap]) -> Result<(), StorageError> {
        let tx = self.db.transaction([TAPS, REFUSED]).with_mode(TransactionMode::Readwrite).build()?;
        let kept = tx.object_store(REFUSED)?;
        for refusal in refused {
            if TAP_OUTBOX.acknowledge_in(&tx, &refusal.tap()).await? {
                kept.put(refusal).serde()?.await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }

    pub async fn refused(&self) -> Result<Decoded<RefusedTap>, StorageError> {
        read_all(&self.db, REFUSED).await
    }

    /// Forgets a refused tap (the leader chose "Discard").
    pub async fn discard(&self, key: &str) -> Result<(), StorageError> {
        let tx = self.db.transaction(REFUSED).with_mode(TransactionMode::Readwrite).build()?;
        tx.object_store(REFUSED)?.delete(key).primitive()?.await?;
        tx.commit().await?;
        Ok(())
    }
}
