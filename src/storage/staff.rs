//! What Steady for staff keeps in the browser, in its own IndexedDB database (`steady-staff`): the
//! leader's sessions and registers as last seen, and register taps waiting to be sent. Separate from
//! the participant's database, so a shared or borrowed phone never mixes the two.

use super::{Decoded, StorageError};
use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use serde::{Deserialize, Serialize};
use steady_domain::attendance::{LedSession, Mark, Register};
use wasm_bindgen::JsValue;

const DB_NAME: &str = "steady-staff";
const VERSION: u32 = 1;
const CACHE: &str = "cache";
const TAPS: &str = "taps";
const LEADER_SESSIONS: &str = "leader_sessions";

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

#[derive(Debug, Clone)]
pub struct StaffStorage {
    db: Database,
}

fn register_key(session_id: &str) -> String {
    format!("register:{session_id}")
}

impl StaffStorage {
    pub async fn open() -> Result<Self, StorageError> {
        let db = Database::open(DB_NAME)
            .with_version(VERSION)
            .with_on_upgrade_needed(|event, db| {
                if (event.old_version() as u32) < 1 {
                    db.create_object_store(CACHE).with_key_path("key".into()).build()?;
                    db.create_object_store(TAPS).with_key_path("key".into()).build()?;
                }
                Ok(())
            })
            .await?;
        Ok(StaffStorage { db })
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

    /// Queues a tap, replacing an older one for the same person.
    pub async fn queue_tap(&self, tap: &QueuedTap) -> Result<(), StorageError> {
        self.put(TAPS, tap).await
    }

    pub async fn taps(&self) -> Result<Decoded<QueuedTap>, StorageError> {
        let tx = self.db.transaction(TAPS).build()?;
        let raw = tx.object_store(TAPS)?.get_all::<JsValue>().primitive()?.await?;
        let mut decoded = Decoded { records: Vec::new(), unreadable: Vec::new() };
        for value in raw {
            let value = value?;
            match serde_wasm_bindgen::from_value::<QueuedTap>(value.clone()) {
                Ok(tap) => decoded.records.push(tap),
                Err(_) => decoded.unreadable.push(super::raw_json(&value)),
            }
        }
        Ok(decoded)
    }

    /// Removes sent taps, unless a newer tap for the same person was queued meanwhile.
    pub async fn acknowledge(&self, sent: &[QueuedTap]) -> Result<(), StorageError> {
        let tx = self.db.transaction(TAPS).with_mode(TransactionMode::Readwrite).build()?;
        let store = tx.object_store(TAPS)?;
        for tap in sent {
            let current: Option<QueuedTap> = store.get(tap.key.as_str()).serde()?.await?;
            if current.is_some_and(|c| c.mark.tapped_at <= tap.mark.tapped_at) {
                store.delete(tap.key.as_str()).primitive()?.await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }
}
