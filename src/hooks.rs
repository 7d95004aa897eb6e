//! `use_app`: how pages read the shared state and ask for things to be saved, fetched or shared.
//!
//! Sharing rules live here, in one place: an entry reaches the outbox only when this phone is linked,
//! sharing is on, and the entry is not marked "keep private". The outbox is pushed on start, after each
//! change, when the browser comes back online, on a timer, and after a failure with growing delays.

use crate::browser;
use crate::state::{Action, AppState, SyncStatus};
use crate::storage::{Link, Preferences, SharingSettings, Storage, StorageError};
use crate::sync::{self, http::HttpError};
use std::cell::Cell;
use steady_domain::attendance::SessionCode;
use steady_domain::enrolment::PairingCode;
use steady_domain::sync::{next_batch, retry_delay_secs, shareable, SyncBatch, MAX_BODY_BYTES};
use steady_domain::{CheckIn, Entry, EntryBody};
use yew::prelude::*;

/// The context the root component provides.
pub type AppContext = UseReducerHandle<AppState>;

thread_local! {
    static SYNCING: Cell<bool> = const { Cell::new(false) };
    static FAILURES: Cell<u32> = const { Cell::new(0) };
}

/// A page's handle on the app.
///
/// ```text
/// let app = use_app();
/// let entries = app.state().journal.entries();
/// wasm_bindgen_futures::spawn_local(async move { app.save_entry(entry).await });
/// ```
#[derive(Clone, PartialEq)]
pub struct AppHandle {
    inner: AppContext,
}

#[hook]
pub fn use_app() -> AppHandle {
    let inner = use_context::<AppContext>().expect("use_app is used inside <App>");
    AppHandle { inner }
}

/// Why linking a phone failed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LinkError {
    #[error("{0}")]
    Code(#[from] steady_domain::enrolment::PairingCodeError),
    #[error("{0}")]
    Server(String),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

impl AppHandle {
    pub fn new(inner: AppContext) -> Self {
        AppHandle { inner }
    }

    pub fn state(&self) -> &AppState {
        &self.inner
    }

    pub fn dispatch(&self, action: Action) {
        self.inner.dispatch(action);
    }

    /// Reads everything from the phone's storage into the state.
    pub async fn load(&self) {
        let loaded = async {
            let storage = Storage::shared().await?;
            Ok::<_, StorageError>((
                storage.entries().await?,
                storage.schedule().await?,
                storage.preferences().await?,
                storage.sharing().await?,
                storage.outbox().await?.records.len(),
            ))
        };
        match loaded.await {
            Ok((entries, schedule, prefs, sharing, outbox_len)) => {
                self.dispatch(Action::Loaded { entries, schedule, prefs, sharing, outbox_len })
            }
            Err(e) => self.dispatch(Action::LoadFailed(e.to_string())),
        }
    }

    /// Saves an entry on the phone (queued for sharing if sharing is on); the state changes only once
    /// it is stored.
    pub async fn save_entry(&self, entry: Entry) -> Result<(), StorageError> {
        let storage = Storage::shared().await?;
        let share = sharing_on(&storage.sharing().await?) && shareable(&entry);
        storage.put_entry(&entry, share).await?;
        self.dispatch(Action::EntrySaved(entry));
        if share {
            self.spawn_sync();
        }
        Ok(())
    }

    /// Deletes an entry from the phone, and from the link worker's copy if it was shared.
    pub async fn delete_entry(&self, entry: &Entry) -> Result<(), StorageError> {
        let storage = Storage::shared().await?;
        let share = sharing_on(&storage.sharing().await?) && shareable(entry);
        storage.delete_entry(&entry.id, share.then(browser::now)).await?;
        self.dispatch(Action::EntryDeleted(entry.id.clone()));
        if share {
            self.spawn_sync();
        }
        Ok(())
    }

    pub async fn save_preferences(&self, prefs: Preferences) -> Result<(), StorageError> {
        Storage::shared().await?.set_preferences(&prefs).await?;
        self.dispatch(Action::PrefsSaved(prefs));
        Ok(())
    }

    /// Fetches the schedule; on success it replaces the copy kept for offline use.
    pub async fn refresh_schedule(&self) {
        self.dispatch(Action::ScheduleRefreshing);
        match sync::fetch_schedule().await {
            Ok(response) => {
                let at = browser::now();
                let cached = async { Storage::shared().await?.replace_schedule(&response.sessions, at).await };
                if let Err(e) = cached.await {
                    gloo::console::warn!(e.to_string());
                }
                self.dispatch(Action::ScheduleFetched { sessions: response.sessions, at });
            }
            Err(e) => self.dispatch(Action::ScheduleFailed(e.to_string())),
        }
    }

    pub async fn delete_everything(&self) -> Result<(), StorageError> {
        Storage::shared().await?.delete_everything().await?;
        self.dispatch(Action::EverythingDeleted);
        Ok(())
    }

    /// Links this phone with the code a link worker gave. Sharing stays off until turned on.
    pub async fn link(&self, code: &str) -> Result<(), LinkError> {
        let code = PairingCode::parse(code)?;
        let paired = sync::pair(code).await.map_err(|e| LinkError::Server(e.message()))?;
        let settings = SharingSettings {
            link: Some(Link {
                device_token: paired.device_token,
                participant_name: paired.participant_name,
                link_worker_name: paired.link_worker_name,
                linked_at: browser::now(),
            }),
            ..SharingSettings::default()
        };
        let storage = Storage::shared().await?;
        storage.set_sharing(&settings).await?;
        self.publish(&storage, settings, SyncStatus::Idle).await?;
        self.dispatch(Action::SharingNotice(None));
        Ok(())
    }

    /// Turns sharing on: everything shareable on the phone is queued, then sent.
    pub async fn start_sharing(&self) -> Result<(), StorageError> {
        let storage = Storage::shared().await?;
        let mut settings = storage.sharing().await?;
        settings.on = true;
        let entries = storage.entries().await?.records;
        let shareable: Vec<Entry> = entries.into_iter().filter(shareable).collect();
        storage.queue_all(&shareable).await?;
        storage.set_sharing(&settings).await?;
        self.publish(&storage, settings, SyncStatus::Sending).await?;
        self.dispatch(Action::SharingNotice(None));
        self.spawn_sync();
        Ok(())
    }

    /// Turns sharing off; with `delete_shared`, also asks the server to delete every shared copy
    /// (now, or as soon as there is signal).
    pub async fn stop_sharing(&self, delete_shared: bool) -> Result<(), StorageError> {
        let storage = Storage::shared().await?;
        let mut settings = storage.sharing().await?;
        settings.on = false;
        settings.pending_withdrawal |= delete_shared;
        storage.clear_outbox().await?;
        storage.set_sharing(&settings).await?;
        self.publish(&storage, settings, SyncStatus::Idle).await?;
        let notice = if delete_shared {
            "Sharing is off. Steady is asking for your shared copies to be deleted."
        } else {
            "Sharing is off. Nothing new will be shared."
        };
        self.dispatch(Action::SharingNotice(Some(notice.into())));
        self.spawn_sync();
        Ok(())
    }

    /// "I'd like to come" (or no longer): needs signal, and a linked phone.
    pub async fn join_group(&self, group_id: &str, join: bool) -> Result<(), String> {
        let storage = Storage::shared().await.map_err(|e| e.to_string())?;
        let mut settings = storage.sharing().await.map_err(|e| e.to_string())?;
        let token = settings
            .link
            .as_ref()
            .map(|l| l.device_token.clone())
            .ok_or("Link your phone to your link worker first.")?;
        sync::join_group(&token, group_id, join).await.map_err(|e| e.message())?;
        settings.joined_groups.retain(|g| g != group_id);
        if join {
            settings.joined_groups.push(group_id.to_string());
        }
        storage.set_sharing(&settings).await.map_err(|e| e.to_string())?;
        self.publish(&storage, settings, self.state().sync_status.clone()).await.map_err(|e| e.to_string())
    }

    /// Checks in with a group leader's session code: confirmed now, or as soon as there is signal.
    /// Also records the check-in on the phone, so it can be checked out of with a stress rating.
    pub async fn check_in_with_code(&self, code: &str) -> Result<String, String> {
        let code = SessionCode::parse(code).map_err(|e| e.to_string())?;
        let storage = Storage::shared().await.map_err(|e| e.to_string())?;
        let mut settings = storage.sharing().await.map_err(|e| e.to_string())?;
        let token = settings
            .link
            .as_ref()
            .map(|l| l.device_token.clone())
            .ok_or("Link your phone to your link worker to use session codes.")?;
        match sync::check_in_with_code(&token, &code).await {
            Ok(session) => {
                if self.state().journal.check_in_for(&session.id).is_none() {
                    let entry = Entry::new(
                        browser::new_entry_id(),
                        browser::now(),
                        false,
                        EntryBody::CheckIn(CheckIn::at_session(&session, None)),
                    );
                    self.save_entry(entry).await.map_err(|e| e.to_string())?;
                }
                Ok(format!(
                    "You are checked in to {}. Your group leader's register shows you there.",
                    session.group_name
                ))
            }
            Err(e) if e.is_transient() => {
                settings.pending_codes.push(code.as_str().to_string());
                storage.set_sharing(&settings).await.map_err(|e| e.to_string())?;
                Ok("Saved. Your check-in will be confirmed when you have signal.".into())
            }
            Err(e) => Err(e.message()),
        }
    }

    /// Starts a sync in the background (if one is not already running).
    pub fn spawn_sync(&self) {
        let app = self.clone();
        wasm_bindgen_futures::spawn_local(async move { app.sync_now().await });
    }

    /// Sends a pending withdrawal, then the outbox in batches, until done or a failure.
    pub async fn sync_now(&self) {
        if SYNCING.with(|s| s.replace(true)) {
            return;
        }
        if let Err(e) = self.sync_steps().await {
            gloo::console::warn!(e.to_string());
        }
        SYNCING.with(|s| s.set(false));
    }

    async fn sync_steps(&self) -> Result<(), StorageError> {
        let storage = Storage::shared().await?;
        let mut settings = storage.sharing().await?;
        let Some(token) = settings.link.as_ref().map(|l| l.device_token.clone()) else { return Ok(()) };
        if settings.pending_withdrawal {
            match sync::withdraw(&token).await {
                Ok(_) => {
                    settings.pending_withdrawal = false;
                    storage.set_sharing(&settings).await?;
                    self.dispatch(Action::SharingNotice(Some(
                        "Your shared copies have been deleted. Your link worker can no longer see anything you shared."
                            .into(),
                    )));
                }
                Err(e) => return self.failed(&storage, settings, e).await,
            }
        }
        for code in std::mem::take(&mut settings.pending_codes) {
            let Ok(parsed) = SessionCode::parse(&code) else { continue };
            match sync::check_in_with_code(&token, &parsed).await {
                Ok(session) => self.dispatch(Action::SharingNotice(Some(format!(
                    "Your check-in to {} is confirmed.",
                    session.group_name
                )))),
                Err(e) if e.is_transient() => settings.pending_codes.push(code),
                Err(e) => self.dispatch(Action::SharingNotice(Some(format!(
                    "A session code could not be used: {}",
                    e.message()
                )))),
            }
        }
        storage.set_sharing(&settings).await?;
        if !settings.on {
            return self.publish(&storage, settings, SyncStatus::Idle).await;
        }
        loop {
            let queued = storage.outbox().await?.records;
            if queued.is_empty() {
                break;
            }
            let sizes =
                |q: &crate::storage::QueuedChange| browser::json(&q.change).map(|j| j.len()).unwrap_or(MAX_BODY_BYTES);
            let batch = SyncBatch {
                changes: next_batch(&queued, sizes, MAX_BODY_BYTES * 3 / 4).iter().map(|q| q.change.clone()).collect(),
            };
            self.publish(&storage, settings.clone(), SyncStatus::Sending).await?;
            match sync::push(&token, &batch).await {
                Ok(_) => {
                    storage.acknowledge(&batch.changes).await?;
                    settings.last_synced_at = Some(browser::now());
                    storage.set_sharing(&settings).await?;
                    FAILURES.with(|f| f.set(0));
                }
                Err(e) => return self.failed(&storage, settings, e).await,
            }
        }
        if settings.last_synced_at.is_none() {
            settings.last_synced_at = Some(browser::now());
            storage.set_sharing(&settings).await?;
        }
        self.publish(&storage, settings, SyncStatus::Idle).await
    }

    /// After a failed call: end the link on 401, retry later on no signal or a server problem, or
    /// show what the server refused.
    async fn failed(&self, storage: &Storage, settings: SharingSettings, e: HttpError) -> Result<(), StorageError> {
        if sync::link_ended(&e) {
            storage.clear_outbox().await?;
            let cleared = SharingSettings::default();
            storage.set_sharing(&cleared).await?;
            self.dispatch(Action::SharingNotice(Some(e.message())));
            return self.publish(storage, cleared, SyncStatus::Idle).await;
        }
        if e.is_transient() {
            let failures = FAILURES.with(|f| {
                f.set(f.get() + 1);
                f.get()
            });
            let app = self.clone();
            gloo::timers::callback::Timeout::new((retry_delay_secs(failures) * 1000) as u32, move || app.spawn_sync())
                .forget();
            return self.publish(storage, settings, SyncStatus::Waiting).await;
        }
        self.publish(storage, settings, SyncStatus::Problem(e.message())).await
    }

    async fn publish(
        &self,
        storage: &Storage,
        settings: SharingSettings,
        status: SyncStatus,
    ) -> Result<(), StorageError> {
        let outbox_len = storage.outbox().await?.records.len();
        self.dispatch(Action::Sharing { settings, outbox_len, status });
        Ok(())
    }
}

fn sharing_on(settings: &SharingSettings) -> bool {
    settings.on && settings.link.is_some()
}
