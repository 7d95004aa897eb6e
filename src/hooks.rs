//! `use_app`: how pages read the shared state and ask for things to be saved or fetched.

use crate::browser;
use crate::state::{Action, AppState};
use crate::storage::{Preferences, Storage, StorageError};
use crate::sync;
use steady_domain::Entry;
use yew::prelude::*;

/// The context the root component provides.
pub type AppContext = UseReducerHandle<AppState>;

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
            Ok::<_, StorageError>((storage.entries().await?, storage.schedule().await?, storage.preferences().await?))
        };
        match loaded.await {
            Ok((entries, schedule, prefs)) => self.dispatch(Action::Loaded { entries, schedule, prefs }),
            Err(e) => self.dispatch(Action::LoadFailed(e.to_string())),
        }
    }

    /// Saves an entry on the phone; the state changes only once it is stored.
    pub async fn save_entry(&self, entry: Entry) -> Result<(), StorageError> {
        Storage::shared().await?.put_entry(&entry).await?;
        self.dispatch(Action::EntrySaved(entry));
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
}
