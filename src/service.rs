//! The app service: every action a page can ask for (save, change or delete an entry, restore a copy,
//! link the phone, start or stop sharing, join a group, check in with an optional session code, …).
//! Each action stores what changed through [`crate::storage`], reports it to the shared state as an
//! [`Action`], and wakes the [`SyncEngine`] when something is waiting to be sent. Pages reach it
//! through [`crate::hooks::use_app`].
//!
//! A change that follows a network call is written with [`crate::storage::Storage::update_sharing`], so
//! it applies to the settings as they are when the answer comes, not as they were when the call was
//! made.

use crate::browser;
use crate::state::{Action, SyncStatus};
use crate::storage::{Connection, Link, Preferences, SharingSettings, StorageError};
use crate::sync::{self, engine::SyncEngine};
use steady_domain::attendance::SessionCode;
use steady_domain::backup::{self, BackupFile, BackupHeader};
use steady_domain::enrolment::PairingCode;
use steady_domain::{CheckIn, Entry, EntryBody, Rating, Session};
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

    /// Deletes everything on the phone; with `delete_shared` (and a linked phone), also asks for the
    /// shared copies to be deleted, through the same request as turning sharing off does: the link is
    /// kept, with sharing off, until the server confirms.
    pub async fn delete_everything(&self, delete_shared: bool) -> Result<(), StorageError> {
        let storage = self.db.storage().await?;
        if delete_shared {
            storage.delete_everything_and_shared_copies().await?;
        } else {
            storage.delete_everything().await?;
        }
        self.notify.emit(Action::EverythingDeleted);
        self.engine.publish(&storage, Some(SyncStatus::Idle)).await?;
        self.engine.spawn();
        Ok(())
    }

    /// Restores a file made with "Download a copy": read, checked ([`backup::check`]), then merged with
    /// what is on the phone by entry id. Answers what happened in words; a wrong or damaged file changes
    /// nothing and says why.
    pub async fn restore_backup(&self, file: web_sys::File) -> Result<String, String> {
        let text = browser::read_text(&file).await.map_err(|_| backup::BackupError::NotReadable.to_string())?;
        let json = js_sys::JSON::parse(&text).ok().filter(|v| v.is_object() && !js_sys::Array::is_array(v));
        // Two fields read straight from the object: a second serde decoder would cost the `.wasm` more.
        let field = |v: &wasm_bindgen::JsValue, name: &str| js_sys::Reflect::get(v, &name.into()).ok();
        let header = json.as_ref().map(|v| BackupHeader {
            app: field(v, "app").and_then(|a| a.as_string()),
            format_version: field(v, "format_version").and_then(|n| n.as_f64()).map(|n| n as u32),
        });
        let read = || {
            let json = json.unwrap_or_default();
            serde_wasm_bindgen::from_value::<BackupFile>(json).map_err(|e| e.to_string())
        };
        let copy = backup::check(header, read).map_err(|e| e.to_string())?;
        let storage = self.db.storage().await.map_err(|e| e.to_string())?;
        let (mut restored, stored) = storage.restore_entries(&copy.entries).await.map_err(|e| e.to_string())?;
        restored.unreadable = copy.unreadable_records.len();
        self.notify.emit(Action::EntriesRestored(stored));
        self.engine.publish(&storage, None).await.map_err(|e| e.to_string())?;
        self.engine.spawn();
        Ok(restored.message())
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
        storage
            .update_sharing(|s| {
                // Groups joined before linking stay joined, and their leaders are told (by the sync engine).
                let joined_groups = std::mem::take(&mut s.joined_groups);
                let pending_joins = joined_groups.clone();
                *s = SharingSettings { link: Some(link), joined_groups, pending_joins, ..SharingSettings::default() }
            })
            .await?;
        self.engine.publish(&storage, Some(SyncStatus::Idle)).await?;
        self.notify.emit(Action::SharingNotice(None));
        Ok(())
    }

    /// Closes the notice that the link worker ended the link.
    pub async fn dismiss_link_ended(&self) -> Result<(), StorageError> {
        let storage = self.db.storage().await?;
        storage.update_sharing(|s| s.ended = None).await?;
        self.engine.publish(&storage, None).await
    }

    /// Finds out whether the link worker ended this phone's link (see [`SyncEngine::check_link`]).
    pub async fn check_link(&self) {
        if let Err(e) = self.engine.check_link().await {
            gloo::console::warn!(e.to_string());
        }
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

    /// Joins a group (`join = true`) or leaves it: all its sessions, not one. On a linked phone the group
    /// leader is told first (this needs signal), so their register lists this person; otherwise it is
    /// kept on the phone only. Answers what happened in words.
    pub async fn join_group(&self, group_id: &str, join: bool) -> Result<&'static str, String> {
        let storage = self.db.storage().await.map_err(|e| e.to_string())?;
        let token = storage.sharing().await.map_err(|e| e.to_string())?.device_token().map(str::to_string);
        if let Some(token) = &token {
            sync::join_group(token, group_id, join).await.map_err(|e| {
                // Not retried by itself, so not the usual "Steady will try again".
                if e.is_transient() {
                    "No signal, so nothing changed. Try again when you have signal.".to_string()
                } else {
                    e.message()
                }
            })?;
        }
        storage
            .update_sharing(|s| {
                if s.device_token() == token.as_deref() {
                    s.joined_groups.retain(|g| g != group_id);
                    s.pending_joins.retain(|g| g != group_id);
                    if join {
                        s.joined_groups.push(group_id.to_string());
                    }
                }
            })
            .await
            .map_err(|e| e.to_string())?;
        self.engine.publish(&storage, None).await.map_err(|e| e.to_string())?;
        Ok(match (join, token.is_some()) {
            (true, true) => "You have joined this group. Your group leader will expect you.",
            (true, false) => "You have joined this group. Its sessions show under \"Your next group\".",
            (false, _) => "You have left this group.",
        })
    }

    /// "I'm here": saves the check-in on the phone with the stress rating given (an error here means
    /// nothing was saved); then, with a session code on a linked phone that shares, tells the group
    /// leader's register, now or as soon as there is signal. Answers what became of the code, in words.
    /// The check-in itself is sent to the link worker after the code, so the code goes first.
    pub async fn check_in(
        &self,
        session: &Session,
        stress_before: Option<Rating>,
        code: Option<SessionCode>,
    ) -> Result<Option<Result<String, String>>, StorageError> {
        let body = EntryBody::CheckIn(CheckIn::at_session(session, stress_before));
        let entry = Entry::new(browser::new_entry_id(), browser::now(), false, body);
        let queued = self.db.storage().await?.put_entry(&entry).await?;
        self.notify.emit(Action::EntrySaved(entry));
        let said = match code {
            Some(code) => self.send_session_code(code).await,
            None => Ok(None),
        };
        if queued {
            self.engine.spawn();
        }
        said
    }

    /// Sends a session code for the register (with "I'm here") if this phone is linked and shares; one
    /// that meets no signal waits with the sharing settings for the sync engine. Answers what became of
    /// it, in words (`None`: not sent, as this phone does not share).
    async fn send_session_code(&self, code: SessionCode) -> Result<Option<Result<String, String>>, StorageError> {
        let storage = self.db.storage().await?;
        let settings = storage.sharing().await?;
        let Some(token) = settings.device_token().filter(|_| settings.on).map(str::to_string) else {
            return Ok(None);
        };
        Ok(Some(match sync::check_in_with_code(&token, &code).await {
            Ok(confirmed) => Ok(format!("Your group leader's register shows you at {}.", confirmed.group_name)),
            Err(e) if e.is_transient() => {
                let code = code.as_str().to_string();
                storage
                    .update_sharing(|s| {
                        if s.is_linked_with(&token) && !s.pending_codes.contains(&code) {
                            s.pending_codes.push(code);
                        }
                    })
                    .await?;
                Ok("Your group leader's register will show you when you have signal.".into())
            }
            Err(e) => {
                Err(format!("You are checked in on this phone, but the session code did not work: {}", e.message()))
            }
        }))
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
