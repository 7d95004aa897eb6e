//! The sharing engine: sends a requested withdrawal, confirms session codes entered with no signal, tells
//! group leaders about groups joined before the phone was linked, then pushes the entries outbox in
//! batches, retrying after a failure with growing delays.
//!
//! The participant can change their mind while a request is on its way (stop sharing, ask for the shared
//! copies to be deleted, unlink). So the engine never keeps the sharing settings across a network wait:
//! it reads them afresh after every answer, and writes only the fields it owns (`pending_withdrawal`
//! once the server confirmed it, `pending_codes`, `pending_joins`, `last_synced_at`) through
//! [`Storage::update_sharing`], each write checking that the phone is still linked the same way.

use crate::browser;
use crate::state::{Action, SyncStatus};
use crate::storage::{Connection, QueuedChange, Storage, StorageError};
use crate::sync::{self, http::HttpError};
use std::cell::Cell;
use std::rc::Rc;
use steady_domain::attendance::SessionCode;
use steady_domain::sync::{next_batch, retry_delay_secs, SyncBatch, MAX_BODY_BYTES};
use yew::Callback;

/// Pushes what is waiting, one run at a time. Clones share the same run.
#[derive(Clone)]
pub struct SyncEngine {
    db: Connection,
    notify: Callback<Action>,
    runs: Rc<Runs>,
}

impl PartialEq for SyncEngine {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.runs, &other.runs)
    }
}

#[derive(Default)]
struct Runs {
    running: Cell<bool>,
    /// Asked to run while running: the run goes round again, so nothing asked for waits for the timer.
    again: Cell<bool>,
    /// Failures in a row, for the retry delay.
    failures: Cell<u32>,
}

/// What a pass found still to do.
enum Next {
    Done,
    /// Something changed during a network wait that needs a fresh pass (a withdrawal was asked for).
    Again,
}

impl SyncEngine {
    /// An engine that reports what it does to the app's state through `notify`.
    pub fn new(db: Connection, notify: Callback<Action>) -> Self {
        SyncEngine { db, notify, runs: Rc::default() }
    }

    /// Starts a run in the background.
    pub fn spawn(&self) {
        let engine = self.clone();
        wasm_bindgen_futures::spawn_local(async move { engine.run().await });
    }

    /// Sends what is waiting until done or a failure. If a run is already going, it goes round once more
    /// instead (the caller does not wait for that).
    pub async fn run(&self) {
        if self.runs.running.replace(true) {
            self.runs.again.set(true);
            return;
        }
        loop {
            self.runs.again.set(false);
            let again = match self.pass().await {
                Ok(Next::Again) => true,
                Ok(Next::Done) => false,
                // Locked: nothing can be read or sent until the person unlocks (which starts a run).
                Err(StorageError::Locked) => false,
                Err(e) => {
                    gloo::console::warn!(e.to_string());
                    false
                }
            };
            if !(again || self.runs.again.get()) {
                break;
            }
        }
        self.runs.running.set(false);
    }

    async fn pass(&self) -> Result<Next, StorageError> {
        let storage = self.db.storage().await?;
        let settings = storage.sharing().await?;
        let Some(token) = settings.device_token().map(str::to_string) else { return Ok(Next::Done) };
        if settings.pending_withdrawal {
            match sync::withdraw(&token).await {
                Ok(_) => {
                    self.runs.failures.set(0);
                    storage
                        .update_sharing(|s| {
                            if s.is_linked_with(&token) {
                                s.pending_withdrawal = false;
                            }
                        })
                        .await?;
                    self.notice(
                        "Your shared copies have been deleted. Your link worker can no longer see anything you shared.",
                    );
                }
                Err(e) => return self.failed(&storage, &token, e).await,
            }
        }
        // Session codes go only while sharing is on, as when they were given; otherwise they wait.
        let codes = if settings.on { settings.pending_codes } else { Vec::new() };
        for code in codes {
            // A code kept in an older, unreadable form is dropped without a word, as it cannot be sent.
            if let Ok(parsed) = SessionCode::parse(&code) {
                match sync::check_in_with_code(&token, &parsed).await {
                    Err(e) if e.is_transient() => continue,
                    Ok(session) => self.notice(&format!("Your check-in to {} is confirmed.", session.group_name)),
                    Err(e) => self.notice(&format!("A session code could not be used: {}", e.message())),
                }
            }
            storage.update_sharing(|s| s.pending_codes.retain(|c| *c != code)).await?;
        }
        for group in settings.pending_joins {
            match sync::join_group(&token, &group, true).await {
                Err(e) if e.is_transient() => continue,
                Err(e) => gloo::console::warn!(format!("A group joined before linking was refused: {}", e.message())),
                Ok(()) => {}
            }
            storage.update_sharing(|s| s.pending_joins.retain(|g| *g != group)).await?;
        }
        loop {
            // Read afresh: sharing may have been turned off, or a withdrawal asked for, during the last wait.
            let settings = storage.sharing().await?;
            if !settings.is_linked_with(&token) {
                return Ok(Next::Done);
            }
            if settings.pending_withdrawal {
                return Ok(Next::Again);
            }
            if !settings.on {
                self.publish(&storage, Some(SyncStatus::Idle)).await?;
                return Ok(Next::Done);
            }
            let queued = storage.outbox().await?.records;
            if queued.is_empty() {
                break;
            }
            let size = |q: &QueuedChange| browser::json(&q.change).map(|j| j.len()).unwrap_or(MAX_BODY_BYTES);
            let sent = next_batch(&queued, size, MAX_BODY_BYTES * 3 / 4);
            let batch = SyncBatch { changes: sent.iter().map(|q| q.change.clone()).collect() };
            self.publish(&storage, Some(SyncStatus::Sending)).await?;
            match sync::push(&token, &batch).await {
                Ok(_) => {
                    storage.acknowledge(sent).await?;
                    let now = browser::now();
                    storage
                        .update_sharing(|s| {
                            if s.is_linked_with(&token) {
                                s.last_synced_at = Some(now);
                            }
                        })
                        .await?;
                    self.runs.failures.set(0);
                }
                Err(e) => return self.failed(&storage, &token, e).await,
            }
        }
        let now = browser::now();
        storage
            .update_sharing(|s| {
                if s.is_linked_with(&token) && s.last_synced_at.is_none() {
                    s.last_synced_at = Some(now);
                }
            })
            .await?;
        self.publish(&storage, Some(SyncStatus::Idle)).await?;
        Ok(Next::Done)
    }

    /// After a failed call: end the link on 401, retry later on no signal, a time-out or a server problem,
    /// or show what the server refused.
    async fn failed(&self, storage: &Storage, token: &str, e: HttpError) -> Result<Next, StorageError> {
        let status = if sync::link_ended(&e) {
            // Said in words by the notice the ended link leaves in the settings (components::link_ended).
            storage.end_link(token).await?;
            SyncStatus::Idle
        } else if e.is_transient() {
            let failures = self.runs.failures.get() + 1;
            self.runs.failures.set(failures);
            let engine = self.clone();
            gloo::timers::callback::Timeout::new((retry_delay_secs(failures) * 1000) as u32, move || engine.spawn())
                .forget();
            SyncStatus::Waiting
        } else {
            SyncStatus::Problem(e.message())
        };
        self.publish(storage, Some(status)).await?;
        Ok(Next::Done)
    }

    /// Asks the server whether this phone's link still stands, so a link the link worker ended is known
    /// (and said) even when nothing is waiting to be sent. No signal: asked again next time.
    pub async fn check_link(&self) -> Result<(), StorageError> {
        let storage = self.db.storage().await?;
        let Some(token) = storage.sharing().await?.device_token().map(str::to_string) else { return Ok(()) };
        match sync::device_status(&token).await {
            Err(e) if sync::link_ended(&e) => self.failed(&storage, &token, e).await.map(|_| ()),
            _ => Ok(()),
        }
    }

    /// Tells the app the sharing settings and the outbox as stored now and, if given, how sharing is going.
    pub async fn publish(&self, storage: &Storage, status: Option<SyncStatus>) -> Result<(), StorageError> {
        let settings = storage.sharing().await?;
        let outbox_len = storage.outbox().await?.records.len();
        self.notify.emit(Action::Sharing { settings, outbox_len });
        if let Some(status) = status {
            self.notify.emit(Action::SyncStatus(status));
        }
        Ok(())
    }

    fn notice(&self, text: &str) {
        self.notify.emit(Action::SharingNotice(Some(text.to_string())));
    }
}
