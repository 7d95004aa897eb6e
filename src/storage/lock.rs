//! The optional lock on the participant's database: setting it (which encrypts every personal record in
//! place), unlocking, wrong tries, changing the PIN (which re-wraps the data key only), and turning it off
//! (which decrypts them again).
//!
//! The lock's own record (`meta` key "lock", in clear: salt, rounds, the wrapped key, wrong tries, idle
//! time, quick exit) is the migration marker too: while records are being sealed or opened it says
//! which, so a run cut short (the page closed, the phone died) carries on after the next unlock. Records
//! are converted in small batches, each read and written holding the database's lock; every record is
//! always either plain or sealed, and both are read, so nothing is lost at any point.
//!
//! Unlocking with the phone's fingerprint or face is a second wrap of the same data key, kept in the same
//! record ([`crypto::PasskeyWrap`]): changing the PIN leaves it working, removing it leaves the PIN, and
//! turning the lock off removes both. A passkey that does not open the key is never a wrong try.

use super::blocks::{self, Writes};
use super::codec::{self, Keys};
use super::crypto::{self, CryptoError, DataKey};
use super::schema::{ENTRIES, LOCK, META, OUTBOX};
use super::{raw_all, Storage, StorageError};
use indexed_db_futures::prelude::*;
use std::future::Future;
use std::pin::Pin;
use steady_domain::lock::{iterations_for, Secret, Tries, DEFAULT_RELOCK_MINUTES};
use steady_domain::Timestamp;
use wasm_bindgen::JsValue;
use web_sys::CryptoKey;

mod record;

pub(super) use record::{LockRecord, Migration};

/// A change of the lock's record, run holding the database's lock: true if it began turning the lock on
/// or off, so the records are then converted (see [`Storage::change_lock`]).
type LockChange<'a> = Pin<Box<dyn Future<Output = Result<bool, UnlockError>> + 'a>>;

/// What the app may know about the lock without unlocking: nothing personal.
#[derive(Debug, Clone, PartialEq)]
pub struct LockStatus {
    pub on: bool,
    pub tries: Tries,
    /// Minutes in the background before Steady locks again.
    pub relock_minutes: u32,
    /// Show "Quick exit" on every page (and let Escape three times leave).
    pub quick_exit: bool,
    /// Steady can be unlocked with the phone's fingerprint or face too.
    pub passkey: bool,
}

impl Default for LockStatus {
    fn default() -> Self {
        LockStatus {
            on: false,
            tries: Tries::default(),
            relock_minutes: DEFAULT_RELOCK_MINUTES,
            quick_exit: false,
            passkey: false,
        }
    }
}

impl From<Option<LockRecord>> for LockStatus {
    fn from(record: Option<LockRecord>) -> Self {
        record.map_or_else(LockStatus::default, |r| LockStatus {
            on: true,
            tries: r.tries,
            relock_minutes: r.relock_minutes,
            quick_exit: r.quick_exit,
            passkey: r.passkey.is_some(),
        })
    }
}

/// Why unlocking (or a change that needs the PIN) did not happen.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum UnlockError {
    #[error("That PIN or passphrase is not right.")]
    Wrong { tries: Tries },
    #[error("Too many tries. Wait a little, then try again.")]
    Wait { until: Timestamp },
    /// The phone's fingerprint or face did not open Steady (cancelled, not recognised, or not possible
    /// here), in words for the person. Never counted as a wrong try.
    #[error("{0}")]
    Passkey(String),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// What the phone's authenticator answered when a passkey was made for the lock.
#[derive(Debug, Clone, PartialEq)]
pub struct NewPasskey {
    /// The passkey's credential id, to ask for the same one when unlocking.
    pub credential: Vec<u8>,
    /// Its `prf` output for the salt it was given.
    pub prf: Vec<u8>,
}

impl From<CryptoError> for StorageError {
    fn from(e: CryptoError) -> Self {
        StorageError::Failed(e.to_string())
    }
}

/// PBKDF2 rounds for this phone: a timed probe, scaled so deriving the key takes about
/// [`steady_domain::lock::TARGET_DERIVE_MS`], never below 600,000.
/// The fastest of three probes counts, so a moment when the phone is busy does not weaken the lock.
pub async fn calibrated_iterations() -> Result<u32, StorageError> {
    const PROBE: u32 = 100_000;
    let mut fastest = f64::MAX;
    for _ in 0..3 {
        fastest = fastest.min(crypto::derivation_ms(PROBE).await?);
    }
    Ok(iterations_for(PROBE, fastest))
}

impl Storage {
    /// Whether the lock is on and the data key is not in memory.
    pub fn is_locked(&self) -> bool {
        self.codec.is_locked()
    }

    pub async fn lock_status(&self) -> Result<LockStatus, StorageError> {
        Ok(self.lock_settings().await?.into())
    }

    pub(super) async fn lock_settings(&self) -> Result<Option<LockRecord>, StorageError> {
        let tx = self.db.transaction(META).build()?;
        let stored: Option<JsValue> = tx.object_store(META)?.get(LOCK).primitive()?.await?;
        Ok(stored.and_then(|stored| read_lock(&stored)))
    }

    /// Brings this handle's view of the lock into line with the lock's record as stored now. Another tab
    /// may have turned the lock on: then this one is locked, having no key (written plain, a deletion
    /// could not reach an entry sealed in a block, and the entry came back); or set it again with a new
    /// key, or changed the PIN: then it is locked too. Or turned it off, or begun to: then records are
    /// written plain, never sealed with a key that goes with the lock. Run at the
    /// start of every change, holding the database's lock, so the change is written in the lock's shape
    /// as it is in that same step.
    pub(super) async fn follow_lock(&self) -> Result<(), StorageError> {
        let record = self.lock_settings().await?;
        let keys = match (self.codec.keys(), record) {
            (_, None) => Keys::Plain,
            (Keys::Open { key, .. }, Some(record)) if key.belongs_to(&record.wrapped) => {
                Keys::Open { key, seal_writes: record.migration != Some(Migration::Opening) }
            }
            // The lock was set again, or the PIN changed, in another tab: this tab asks for it.
            (Keys::Plain | Keys::Open { .. }, Some(_)) => Keys::Locked,
            (Keys::Locked, Some(_)) => return Ok(()),
        };
        self.codec.set(keys);
        Ok(())
    }

    /// Turns the lock on with `secret`: a new data key, wrapped with `iterations` rounds; then every
    /// personal record is encrypted in place.
    pub async fn turn_lock_on(&self, secret: &Secret, iterations: u32) -> Result<(), UnlockError> {
        self.change_lock(Box::pin(async move {
            if self.lock_settings().await?.is_some() {
                return Err(StorageError::Failed("The lock is already on.".into()).into());
            }
            let (key, wrapped) = crypto::new_data_key(secret, iterations).await.map_err(StorageError::from)?;
            let record = LockRecord {
                wrapped,
                migration: Some(Migration::Sealing),
                tries: Tries::default(),
                relock_minutes: DEFAULT_RELOCK_MINUTES,
                quick_exit: false,
                passkey: None,
            };
            self.put_lock(Some(&record)).await?;
            self.codec.set(Keys::Open { key, seal_writes: true });
            Ok(true)
        }))
        .await
    }

    /// Unlocks with `secret` at `now`, then finishes turning the lock on or off if that was cut short.
    /// A wrong secret is counted (kept on the phone); after [`steady_domain::lock::FREE_TRIES`] the
    /// person must wait before the next try.
    pub async fn unlock(&self, secret: &Secret, now: Timestamp) -> Result<(), UnlockError> {
        let Some((record, key)) = self.open_key(secret, false, Some(now)).await? else { return Ok(()) };
        self.open_with(&record, DataKey::opened(key, &record.wrapped)).await
    }

    /// The lock's record as stored and the data key `secret` opens from it (extractable only to be wrapped
    /// again at once): the step that unlocking, changing the PIN, turning the lock off and adding a passkey
    /// share, so the `.wasm` holds it once. `None` if the lock is off. Unlocking passes `now`: then the
    /// wait after wrong tries holds, and a wrong secret is counted; a change in the unlocked app counts none.
    async fn open_key(
        &self,
        secret: &Secret,
        extractable: bool,
        now: Option<Timestamp>,
    ) -> Result<Option<(LockRecord, CryptoKey)>, UnlockError> {
        let Some(record) = self.lock_settings().await? else { return Ok(None) };
        if let Some(until) = now.and_then(|now| record.tries.wait_until(now)) {
            return Err(UnlockError::Wait { until });
        }
        match crypto::unwrap_as(secret, &record.wrapped, extractable).await {
            Ok(key) => Ok(Some((record, key))),
            Err(CryptoError::WrongSecret) => {
                let Some(now) = now else { return Err(UnlockError::Wrong { tries: Tries::default() }) };
                let record = self.update_lock(Box::new(move |r| r.tries = r.tries.failed_at(now))).await?;
                Err(UnlockError::Wrong { tries: record.map(|r| r.tries).unwrap_or_default() })
            }
            Err(e) => Err(UnlockError::Storage(e.into())),
        }
    }

    /// Unlocks with the data key: wrong tries are cleared (the person proved who they are), then a
    /// change of lock that was cut short is finished.
    async fn open_with(&self, record: &LockRecord, key: DataKey) -> Result<(), UnlockError> {
        if record.tries != Tries::default() {
            self.update_lock(Box::new(|r| r.tries = Tries::default())).await?;
        }
        let seal_writes = record.migration != Some(Migration::Opening);
        self.codec.set(Keys::Open { key, seal_writes });
        if record.migration.is_some() {
            self.finish_migration().await?;
        }
        Ok(())
    }

    /// Unlocks with the phone's fingerprint or face: `ask` is given the stored passkey's credential id
    /// and salt and asks the phone's authenticator for its `prf` output, which derives the key that
    /// unwraps the data key. A passkey that does not open it is not counted as a wrong try, and the
    /// wait after wrong PINs does not apply: the phone itself checked the person.
    pub async fn unlock_with_passkey<F, Fut>(&self, ask: F) -> Result<(), UnlockError>
    where
        F: FnOnce(Vec<u8>, Vec<u8>) -> Fut,
        Fut: Future<Output = Result<Vec<u8>, String>>,
    {
        let Some(record) = self.lock_settings().await? else { return Ok(()) };
        let Some(passkey) = &record.passkey else { return Err(passkey_refused()) };
        let prf = ask(passkey.credential.clone(), passkey.salt.clone()).await.map_err(UnlockError::Passkey)?;
        match crypto::unwrap_with_passkey(passkey, &prf, &record.wrapped).await {
            Ok(key) => self.open_with(&record, key).await,
            Err(CryptoError::WrongSecret) => Err(passkey_refused()),
            Err(e) => Err(UnlockError::Storage(e.into())),
        }
    }

    /// Turns on unlocking with the phone's fingerprint or face. `secret` is checked first (a wrong one
    /// is not counted, as when changing it); then `make` asks the phone's authenticator for a new passkey
    /// and its `prf` output for a new random salt, and the same data key is wrapped a second time by a
    /// key derived from that output. The PIN's wrap is untouched.
    pub async fn add_passkey<F, Fut>(&self, secret: &Secret, make: F) -> Result<(), UnlockError>
    where
        F: FnOnce(Vec<u8>) -> Fut,
        Fut: Future<Output = Result<NewPasskey, String>>,
    {
        let Some((_, key)) = self.open_key(secret, true, None).await? else { return Err(lock_is_off()) };
        let salt = crypto::random_bytes(32);
        // No database lock is held while the person answers their phone: the data key never changes
        // while the lock is on, so a PIN changed meanwhile leaves this wrap as good.
        let made = make(salt.clone()).await.map_err(UnlockError::Passkey)?;
        let wrap =
            crypto::wrap_for_passkey(&key, made.credential, salt, &made.prf).await.map_err(StorageError::from)?;
        match self.update_lock(Box::new(move |r| r.passkey = Some(wrap))).await? {
            Some(_) => Ok(()),
            None => Err(lock_is_off()),
        }
    }

    /// Turns off unlocking with the phone's fingerprint or face: its wrap of the data key is deleted.
    pub async fn remove_passkey(&self) -> Result<LockStatus, StorageError> {
        Ok(self.update_lock(Box::new(|r| r.passkey = None)).await?.into())
    }

    /// Brings this tab's view of the lock up to date with the lock as stored, holding the database's
    /// lock as a change would (so never in the middle of one here), and answers it: a tab left open
    /// while another set the lock, or changed the PIN, is locked by this (see [`Storage::follow_lock`]).
    pub async fn catch_up_with_lock(&self) -> Result<LockStatus, StorageError> {
        let _held = self.hold().await;
        self.lock_status().await
    }

    /// Forgets the data key: nothing personal can be read until the next unlock.
    pub fn lock_now(&self) {
        if matches!(self.codec.keys(), Keys::Open { .. }) {
            self.codec.set(Keys::Locked);
        }
    }

    /// Wraps the same data key with a new secret; the records are not touched.
    pub async fn change_secret(&self, old: &Secret, new: &Secret, iterations: u32) -> Result<(), UnlockError> {
        self.change_lock(Box::pin(async move {
            let Some((mut record, key)) = self.open_key(old, true, None).await? else { return Ok(false) };
            record.wrapped = crypto::wrap(&key, new, iterations).await.map_err(StorageError::from)?;
            self.put_lock(Some(&record)).await?;
            if let Keys::Open { key, seal_writes } = self.codec.keys() {
                self.codec.set(Keys::Open { key: key.rewrapped(&record.wrapped), seal_writes });
            }
            Ok(false)
        }))
        .await
    }

    /// Turns the lock off (the secret is asked again): every record is decrypted in place, then the
    /// lock's record is removed.
    pub async fn turn_lock_off(&self, secret: &Secret) -> Result<(), UnlockError> {
        self.change_lock(Box::pin(async move {
            let Some((mut record, key)) = self.open_key(secret, false, None).await? else { return Ok(true) };
            record.migration = Some(Migration::Opening);
            self.put_lock(Some(&record)).await?;
            self.codec.set(Keys::Open { key: DataKey::opened(key, &record.wrapped), seal_writes: false });
            Ok(true)
        }))
        .await
    }

    /// Runs `change` holding the database's lock; then, if it began turning the lock on or off, converts
    /// every record and marks that done. Boxed, so the `.wasm` holds these steps once for every change of
    /// the lock.
    async fn change_lock(&self, change: LockChange<'_>) -> Result<(), UnlockError> {
        let migrating = {
            let _held = self.hold().await;
            change.await?
        };
        // After the database's lock is released: each step of converting takes it again.
        if migrating {
            self.finish_migration().await?;
        }
        Ok(())
    }

    /// Chooses the idle time before locking again and whether "Quick exit" shows.
    pub async fn set_lock_options(&self, relock_minutes: u32, quick_exit: bool) -> Result<LockStatus, StorageError> {
        let record = self
            .update_lock(Box::new(|r| {
                r.relock_minutes = relock_minutes;
                r.quick_exit = quick_exit;
            }))
            .await?;
        Ok(record.into())
    }

    /// Seals any personal record still stored plain (written by another tab opened before the lock was
    /// set), without a pass that was cut short pending. Run in the background after unlocking.
    pub async fn seal_stragglers(&self) -> Result<(), StorageError> {
        if matches!(self.codec.keys(), Keys::Open { seal_writes: true, .. }) {
            self.convert_everything().await?;
        }
        Ok(())
    }

    /// Converts every record in the wrong shape for the lock as it is now (sealed or plain): each store
    /// is scanned once, then converted in batches; passes repeat until one converts nothing (a record
    /// written meanwhile by another tab is caught by the next pass; one that cannot be read stays).
    async fn convert_everything(&self) -> Result<(), StorageError> {
        loop {
            let mut converted = 0;
            for store in [ENTRIES, OUTBOX, META] {
                let raw = raw_all(&self.db, store).await?;
                let mut batches = Vec::new();
                let mut records = Vec::new();
                for value in raw.iter().filter(|v| self.codec.needs_conversion(store, v)) {
                    let key = codec::key_of(store, value);
                    // A block holds many entries: opened one per step, so each step stays small.
                    if blocks::is_block(store, &key) {
                        batches.push(vec![key]);
                    } else {
                        records.push(key);
                    }
                }
                // The rest go a block's worth at a time (a sixteenth), so each block is opened and sealed
                // once, not once for every 500 entries (10,000 entries took 20 steps, each opening and
                // sealing all 16 blocks as they grew).
                batches.extend(blocks::by_block(records));
                for batch in &batches {
                    converted += self.convert(store, batch).await?;
                }
            }
            if converted == 0 {
                return Ok(());
            }
        }
    }

    /// Converts the records under `keys`, read afresh holding the database's lock.
    async fn convert(&self, store: &str, keys: &[String]) -> Result<usize, StorageError> {
        let _held = self.hold().await;
        let raw = self.raw_by_keys(store, keys).await?;
        let writes = match store {
            ENTRIES => self.entry_conversion(raw).await?,
            _ => Writes::puts(self.codec.convert_all(store, raw).await?),
        };
        let tx = self.write([store])?;
        writes.apply(&tx.object_store(store)?)?;
        tx.commit().await?;
        Ok(writes.len())
    }

    /// Converts every record still in the wrong shape, then marks the change of lock done.
    async fn finish_migration(&self) -> Result<(), StorageError> {
        self.convert_everything().await?;
        let _held = self.hold().await;
        let Some(mut record) = self.lock_settings().await? else { return Ok(()) };
        let Some(migration) = record.migration.take() else { return Ok(()) };
        // Sealing done, the lock stays on; opening done, its record goes.
        let opened = migration == Migration::Opening;
        self.put_lock((!opened).then_some(&record)).await?;
        if opened {
            self.codec.set(Keys::Plain);
        }
        Ok(())
    }

    /// Stores the lock's record, or deletes it (`None`: the lock is off).
    async fn put_lock(&self, record: Option<&LockRecord>) -> Result<(), StorageError> {
        let tx = self.write([META])?;
        let store = tx.object_store(META)?;
        match record {
            Some(record) => store.put(record.to_js()).primitive()?.await?,
            None => store.delete(LOCK).primitive()?.await?,
        }
        drop(store);
        tx.commit().await?;
        Ok(())
    }

    /// Changes the lock's record in one readwrite transaction (it is in clear, so no crypto is needed
    /// between reading and writing), holding the database's lock. Answers the record as stored now.
    /// (`change` is boxed so its callers share one copy of this code in the `.wasm`.)
    async fn update_lock(
        &self,
        change: Box<dyn FnOnce(&mut LockRecord) + '_>,
    ) -> Result<Option<LockRecord>, StorageError> {
        let _held = self.hold().await;
        let tx = self.write([META])?;
        let store = tx.object_store(META)?;
        let stored: Option<JsValue> = store.get(LOCK).primitive()?.await?;
        let Some(mut record) = stored.and_then(|stored| read_lock(&stored)) else { return Ok(None) };
        change(&mut record);
        store.put(record.to_js()).primitive()?.await?;
        drop(store);
        tx.commit().await?;
        Ok(Some(record))
    }
}

/// The lock's record from its stored form; one that cannot be read counts as no lock (and is logged),
/// as any unreadable setting does.
fn read_lock(stored: &JsValue) -> Option<LockRecord> {
    let record = LockRecord::from_js(stored);
    if record.is_none() {
        gloo::console::warn!("Skipping an unreadable record in 'meta': the lock's record");
    }
    record
}

fn passkey_refused() -> UnlockError {
    UnlockError::Passkey("Your fingerprint or face did not unlock Steady. Use your PIN or passphrase.".into())
}

fn lock_is_off() -> UnlockError {
    UnlockError::Storage(StorageError::Failed("The lock is off.".into()))
}
