//! The app service: every action a page can ask for (save or delete an entry, link the phone, start or
//! stop sharing, join a group, check in with a session code, …). Each action stores what changed through
//! [`crate::storage`], reports it to the shared state as an [`Action`], and wakes the [`SyncEngine`] when
//! something is waiting to be sent. Pages reach it through [`crate::hooks::use_app`].
//!
//! A change that follows a network call is written with [`Storage::update_sharing`], so it applies to the
//! settings as they are when the answer comes, not as they were when the call was made.

use crate::browser;
use crate::state::{Action, SyncStatus};
use crate::storage::{Connection, Link, Preferences, SharingSettings, Storage, StorageError};
use crate::sync::{self, engine::SyncEngine};
use steady_domain::attendance::SessionCode;
use steady_domain::enrolment::PairingCode;
use steady_domain::journal::Journal;
use steady_domain::{CheckIn, Entry, EntryBody};
use yew::Callback;

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

/// The actions, over one database and one sync engine. Clones share both.
#[derive(Clone)]
pub struct AppService {
    pub(crate) db: Connection,
    pub(crate) notify: Callback<Action>,
    pub(crate) engine: SyncEngine,
}

impl PartialEq for AppService {
    fn eq(&self, other: &Self) -> bool {
        self.engine == other.engine
    }
}

impl AppService {
    /// The service over the database called `db_name`, reporting every change through `notify`.
    pub fn new(db_name: &str, notify: Callback<Action>) -> Self {
        let db = Connection::new(db_name);
        AppService { engine: SyncEngine::new(db.clone(), notify.clone()), db, notify }
    }

    /// Reads everything from the phone's storage into the state.
    pub async fn load(&self) {
        if self.stays_locked().await {
            return;
        }
        let loaded = async {
            let storage = self.db.storage().await?;
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
                self.notify.emit(Action::Loaded { entries, schedule, prefs, sharing, outbox_len })
            }
            Err(e) => self.notify.emit(Action::LoadFailed(e.to_string())),
        }
    }

    /// Saves an entry on the phone (queued for sharing if it is shared); the state changes only once it
    /// is stored.
    pub async fn save_entry(&self, entry: Entry) -> Result<(), StorageError> {
        let queued = self.db.storage().await?.put_entry(&entry).await?;
        self.notify.emit(Action::EntrySaved(entry));
        if queued {
            self.engine.spawn();
        }
        Ok(())
    }

    /// Deletes an entry from the phone, and from the link worker's copy if it was shared.
    pub async fn delete_entry(&self, entry: &Entry) -> Result<(), StorageError> {
        let queued = self.db.storage().await?.delete_entry(entry, browser::now()).await?;
        self.notify.emit(Action::EntryDeleted(entry.id.clone()));
        if queued {
            self.engine.spawn();
        }
        Ok(())
    }

    pub async fn save_preferences(&self, prefs: Preferences) -> Result<(), StorageError> {
        self.db.storage().await?.set_preferences(&prefs).await?;
        self.notify.emit(Action::PrefsSaved(prefs));
        Ok(())
    }

    /// Fetches the schedule; on success it replaces the copy kept for offline use.
    pub async fn refresh_schedule(&self) {
        self.notify.emit(Action::ScheduleRefreshing);
        match sync::fetch_schedule().await {
            Ok(response) => {
                let at = browser::now();
                let cached = async { self.db.storage().await?.replace_schedule(&response.sessions, at).await };
                if let Err(e) = cached.await {
                    gloo::console::warn!(e.to_string());
                }
                self.notify.emit(Action::ScheduleFetched { sessions: response.sessions, at });
            }
            Err(e) => self.notify.emit(Action::ScheduleFailed(e.to_string())),
        }
    }

    pub async fn delete_everything(&self) -> Result<(), StorageError> {
        self.db.storage().await?.delete_everything().await?;
        self.notify.emit(Action::EverythingDeleted);
        Ok(())
    }

    /// Links this phone with the code a link worker gave. Sharing stays off until turned on.
    pub async fn link(&self, code: &str) -> Result<(), LinkError> {
        let code = PairingCode::parse(code)?;
        let paired = sync::pair(code).await.map_err(|e| LinkError::Server(e.message()))?;
        let link = Link {
            device_token: paired.device_token,
            participant_name: paired.participant_name,
            link_worker_name: paired.link_worker_name,
            linked_at: browser::now(),
        };
        let storage = self.db.storage().await?;
        storage.update_sharing(|s| *s = SharingSettings { link: Some(link), ..SharingSettings::default() }).await?;
        self.engine.publish(&storage, Some(SyncStatus::Idle)).await?;
        self.notify.emit(Action::SharingNotice(None));
        Ok(())
    }

    /// Turns sharing on: everything shareable on the phone is queued, then sent.
    pub async fn start_sharing(&self) -> Result<(), StorageError> {
        let storage = self.db.storage().await?;
        storage.start_sharing().await?;
        self.engine.publish(&storage, Some(SyncStatus::Sending)).await?;
        self.notify.emit(Action::SharingNotice(None));
        self.engine.spawn();
        Ok(())
    }

    /// Turns sharing off; with `delete_shared`, also asks the server to delete every shared copy (now, or
    /// as soon as there is signal). A push already on its way finishes first; nothing is sent after it.
    pub async fn stop_sharing(&self, delete_shared: bool) -> Result<(), StorageError> {
        let storage = self.db.storage().await?;
        storage.stop_sharing(delete_shared).await?;
        self.engine.publish(&storage, Some(SyncStatus::Idle)).await?;
        let notice = if delete_shared {
            "Sharing is off. Steady is asking for your shared copies to be deleted."
        } else {
            "Sharing is off. Nothing new will be shared."
        };
        self.notify.emit(Action::SharingNotice(Some(notice.into())));
        self.engine.spawn();
        Ok(())
    }

    /// "I'd like to come" (or no longer): needs signal, and a linked phone.
    pub async fn join_group(&self, group_id: &str, join: bool) -> Result<(), String> {
        let storage = self.db.storage().await.map_err(|e| e.to_string())?;
        let token = linked_token(&storage, "Link your phone to your link worker first.").await?;
        sync::join_group(&token, group_id, join).await.map_err(|e| e.message())?;
        storage
            .update_sharing(|s| {
                if s.is_linked_with(&token) {
                    s.joined_groups.retain(|g| g != group_id);
                    if join {
                        s.joined_groups.push(group_id.to_string());
                    }
                }
            })
            .await
            .map_err(|e| e.to_string())?;
        self.engine.publish(&storage, None).await.map_err(|e| e.to_string())
    }

    /// Checks in with a group leader's session code: confirmed now, or as soon as there is signal.
    /// Also records the check-in on the phone, so it can be checked out of with a stress rating.
    pub async fn check_in_with_code(&self, code: &str) -> Result<String, String> {
        let code = SessionCode::parse(code).map_err(|e| e.to_string())?;
        let storage = self.db.storage().await.map_err(|e| e.to_string())?;
        let token = linked_token(&storage, "Link your phone to your link worker to use session codes.").await?;
        match sync::check_in_with_code(&token, &code).await {
            Ok(session) => {
                let entries = storage.entries().await.map_err(|e| e.to_string())?.records;
                if Journal::new(entries).check_in_for(&session.id).is_none() {
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
                let code = code.as_str().to_string();
                storage
                    .update_sharing(|s| {
                        if s.is_linked_with(&token) && !s.pending_codes.contains(&code) {
                            s.pending_codes.push(code);
                        }
                    })
                    .await
                    .map_err(|e| e.to_string())?;
                Ok("Saved. Your check-in will be confirmed when you have signal.".into())
            }
            Err(e) => Err(e.message()),
        }
    }

    /// Starts sending what is waiting, in the background.
    pub fn spawn_sync(&self) {
        self.engine.spawn();
    }

    /// Sends what is waiting; done when the engine's run is (or, if one was running, once it has been
    /// asked to go round again).
    pub async fn sync_now(&self) {
        self.engine.run().await;
    }
}

/// The device token of a linked phone, or `unlinked` as the error to show.
async fn linked_token(storage: &Storage, unlinked: &str) -> Result<String, String> {
    let settings = storage.sharing().await.map_err(|e| e.to_string())?;
    settings.device_token().map(str::to_string).ok_or_else(|| unlinked.to_string())
}
