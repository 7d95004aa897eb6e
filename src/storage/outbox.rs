//! One outbox for everything waiting to be sent: the participant's entry changes and, in Steady for staff,
//! a leader's register taps. Both need the same three rules, so they live here once:
//!
//! - one pending change per key: queuing a change for a key replaces whatever was queued for it;
//! - changes go oldest first;
//! - when the server confirms a change, it leaves the outbox only if nothing newer was queued for the
//!   same key meanwhile (that newer change still has to go).
//!
//! An outbox is one object store whose key path is the record's key. Its operations come in two forms:
//! `…_in(&tx, …)` works inside the caller's readwrite transaction (so an entry and its queued change
//! are written together or not at all), and the plain form opens its own.
//!
//! To put a new kind of record in an outbox, implement [`Pending`] for it and name its store: the
//! entries outbox holds `QueuedChange`s (key: the entry's id), Steady for staff's holds `QueuedTap`s
//! (key `session|person`, a later tap is newer), and `StaffStorage::refuse` shows
//! [`Outbox::acknowledge_in`] moving a refused tap to another store in the same transaction.

use super::{read_all, Decoded, StorageError};
use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{Transaction, TransactionMode};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::marker::PhantomData;
use steady_domain::Timestamp;

/// A change that can wait in an [`Outbox`].
pub trait Pending: Serialize + DeserializeOwned {
    /// The record's key: the value at the outbox store's key path. At most one change per key waits.
    fn key(&self) -> &str;

    /// When the change was made. Changes are sent oldest first, and an acknowledgement removes a queued
    /// change only if it was made no later than the one the server confirmed.
    fn made_at(&self) -> Timestamp;
}

/// The outbox kept in one object store (named at construction) of records of type `T`.
#[derive(Debug)]
pub struct Outbox<T> {
    store: &'static str,
    records: PhantomData<fn() -> T>,
}

impl<T: Pending> Outbox<T> {
    pub const fn new(store: &'static str) -> Self {
        Outbox { store, records: PhantomData }
    }

    /// Queues a change inside the caller's readwrite transaction, replacing any queued for the same key.
    pub async fn queue_in(&self, tx: &Transaction<'_>, change: &T) -> Result<(), StorageError> {
        tx.object_store(self.store)?.put(change).serde()?.await?;
        Ok(())
    }

    pub async fn queue(&self, db: &Database, change: &T) -> Result<(), StorageError> {
        let tx = self.write(db)?;
        self.queue_in(&tx, change).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Everything waiting, oldest first, plus the raw JSON of any record that could not be read (kept).
    pub async fn pending(&self, db: &Database) -> Result<Decoded<T>, StorageError> {
        let mut waiting = read_all::<T>(db, self.store).await?;
        oldest_first(&mut waiting);
        Ok(waiting)
    }

    /// Removes the changes the server confirmed, except where a newer change for the same key was
    /// queued since they were read.
    pub async fn acknowledge(&self, db: &Database, sent: &[T]) -> Result<(), StorageError> {
        let tx = self.write(db)?;
        for change in sent {
            self.acknowledge_in(&tx, change).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Removes `sent` inside the caller's readwrite transaction if it is still what waits for its key
    /// (nothing newer was queued since); answers whether it did. For moving a change elsewhere in the
    /// same step, such as a register tap the server refused into the list the leader sees.
    pub async fn acknowledge_in(&self, tx: &Transaction<'_>, sent: &T) -> Result<bool, StorageError> {
        let store = tx.object_store(self.store)?;
        let current: Option<T> = store.get(sent.key()).serde()?.await?;
        let waiting = still_waiting(current.as_ref(), sent);
        if waiting {
            store.delete(sent.key()).primitive()?.await?;
        }
        Ok(waiting)
    }

    /// Drops everything waiting, inside the caller's readwrite transaction. Not awaited (so not async,
    /// which saves the `.wasm` a state machine): if it fails, the transaction aborts and the caller's
    /// commit reports it.
    pub fn clear_in(&self, tx: &Transaction<'_>) -> Result<(), StorageError> {
        drop(tx.object_store(self.store)?.clear()?);
        Ok(())
    }

    fn write<'db>(&self, db: &'db Database) -> Result<Transaction<'db>, StorageError> {
        Ok(db.transaction(self.store).with_mode(TransactionMode::Readwrite).build()?)
    }
}

/// Puts what waits in the order it is sent: oldest change first.
pub fn oldest_first<T: Pending>(waiting: &mut Decoded<T>) {
    steady_domain::order::sort_by_key(&mut waiting.records, Pending::made_at);
}

/// Whether `sent` is still what waits for its key, given what waits now (`current`): nothing newer
/// was queued since it was read, so the server's confirmation removes it.
pub fn still_waiting<T: Pending>(current: Option<&T>, sent: &T) -> bool {
    current.is_some_and(|c| c.made_at() <= sent.made_at())
}
