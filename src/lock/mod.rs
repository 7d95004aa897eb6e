//! The lock as the app uses it: unlocking, locking now, setting, changing and turning off the PIN (the
//! actions pages ask [`AppService`] for), unlocking with the phone's fingerprint or face ([`passkey`]),
//! the background relock and "Quick exit" ([`guard`]).
//! The storage side (keys, encryption, wrong tries) is [`crate::storage::lock`].

pub mod guard;
pub mod passkey;

use crate::browser;
use crate::service::AppService;
use crate::state::Action;
use crate::storage::lock::{calibrated_iterations, UnlockError};
use crate::storage::{Storage, StorageError};
use steady_domain::lock::{wait_after, wait_in_words, Secret, Tries, FREE_TRIES};
use steady_domain::Timestamp;

/// Where "Quick exit" goes: an everyday page that says nothing about Steady (as GOV.UK's "Exit this
/// page" does). `location.replace`, so Back does not come back to this page.
pub const NEUTRAL_PAGE: &str = "https://www.bbc.co.uk/weather";

/// What a lock form asks for, with what was typed in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LockAction<'a> {
    Unlock(&'a str),
    /// Set the lock: a new PIN or passphrase, typed twice.
    TurnOn {
        secret: &'a str,
        again: &'a str,
    },
    /// A new PIN or passphrase (typed twice) for the same data key.
    Change {
        old: &'a str,
        new: &'a str,
        again: &'a str,
    },
    /// Turn the lock off (the PIN is asked again): every record is decrypted.
    TurnOff(&'a str),
    /// Turn on unlocking with the phone's fingerprint or face, after checking the PIN or passphrase.
    PasskeyOn(&'a str),
    /// Unlock with the phone's fingerprint or face.
    PasskeyUnlock,
    /// Stop unlocking with the phone's fingerprint or face; the PIN or passphrase stays.
    PasskeyOff,
}

fn text(e: StorageError) -> String {
    e.to_string()
}

/// Parses a new secret typed twice.
fn new_secret(secret: &str, again: &str) -> Result<Secret, String> {
    let parsed = Secret::parse(secret).map_err(|e| e.to_string())?;
    if secret != again {
        return Err("The two do not match. Type the same PIN or passphrase twice.".into());
    }
    Ok(parsed)
}

/// Parses the secret typed to confirm a change: one that cannot be a PIN is simply not the right one.
fn known_secret(typed: &str) -> Result<Secret, String> {
    Secret::parse(typed).map_err(|_| "That PIN or passphrase is not right.".to_string())
}

/// What to tell the person after a wrong try.
fn wrong_message(tries: Tries) -> String {
    if tries.failed < FREE_TRIES {
        let left = FREE_TRIES - tries.failed;
        let plural = if left == 1 { "try" } else { "tries" };
        format!("That PIN or passphrase is not right. You have {left} more {plural} before you need to wait.")
    } else {
        let wait = wait_in_words(i64::from(wait_after(tries.failed)));
        format!("That PIN or passphrase is not right. Wait {wait} before you try again.")
    }
}

fn wait_message(until: Timestamp) -> String {
    let seconds = (until.millis() - browser::now().millis() + 999) / 1000;
    format!("Too many tries. You can try again in {}.", wait_in_words(seconds))
}

impl AppService {
    async fn opened(&self) -> Result<Storage, String> {
        self.db.storage().await.map_err(text)
    }

    async fn publish_lock(&self, storage: &Storage) -> Result<(), String> {
        self.notify.emit(Action::LockStatus(storage.lock_status().await.map_err(text)?));
        Ok(())
    }

    /// Before loading: if the lock is on and Steady is not unlocked, shows the lock screen and answers
    /// true. (A database that cannot open is reported by the load itself.)
    pub(crate) async fn stays_locked(&self) -> bool {
        // A User Timing mark, so `make bench-lock` (and DevTools) can time reading and drawing from here.
        if let Some(performance) = gloo::utils::window().performance() {
            let _ = performance.mark("steady:load");
        }
        let Ok(storage) = self.db.storage().await else { return false };
        let status = storage.lock_status().await.unwrap_or_default();
        let locked = storage.is_locked();
        self.notify.emit(if locked { Action::Locked(status) } else { Action::LockStatus(status) });
        locked
    }

    /// Unlocks with what the person typed, then loads everything and sends what waits to be shared.
    pub async fn unlock(&self, typed: &str) -> Result<(), String> {
        self.lock_action(LockAction::Unlock(typed)).await
    }

    /// Does what a lock form asks, in words for the person if it did not happen. One place for every
    /// action's shared steps (opening the database, showing the lock as it is now, loading after
    /// unlocking, the error's words), so the `.wasm` holds them once, not once per action.
    pub async fn lock_action(&self, action: LockAction<'_>) -> Result<(), String> {
        let storage = self.opened().await?;
        let unlocking = matches!(action, LockAction::Unlock(_) | LockAction::PasskeyUnlock);
        // A changed PIN leaves the lock as it shows.
        let changes_status = !matches!(action, LockAction::Change { .. });
        let done: Result<(), UnlockError> = match action {
            LockAction::Unlock(typed) => {
                let secret = Secret::parse(typed).map_err(|e| e.to_string())?;
                storage.unlock(&secret, browser::now()).await
            }
            // Unlocking with the phone's fingerprint or face: if the phone does not check the person, or
            // the passkey does not open the key, it says so; that is never a wrong try, and the PIN still works.
            LockAction::PasskeyUnlock => storage.unlock_with_passkey(passkey::evaluate).await,
            // The rounds are calibrated on this phone, then every record is encrypted.
            LockAction::TurnOn { secret, again } => {
                let secret = new_secret(secret, again)?;
                let iterations = calibrated_iterations().await.map_err(text)?;
                storage.turn_lock_on(&secret, iterations).await
            }
            LockAction::Change { old, new, again } => {
                let old = known_secret(old)?;
                let new = new_secret(new, again)?;
                let iterations = calibrated_iterations().await.map_err(text)?;
                storage.change_secret(&old, &new, iterations).await
            }
            LockAction::TurnOff(typed) => storage.turn_lock_off(&known_secret(typed)?).await,
            LockAction::PasskeyOn(typed) => storage.add_passkey(&known_secret(typed)?, passkey::create).await,
            LockAction::PasskeyOff => storage.remove_passkey().await.map(drop).map_err(UnlockError::from),
        };
        match done {
            Ok(()) if unlocking => {
                self.unlocked(storage).await;
                Ok(())
            }
            Ok(()) if changes_status => self.publish_lock(&storage).await,
            Ok(()) => Ok(()),
            Err(UnlockError::Wrong { tries }) if unlocking => {
                self.publish_lock(&storage).await?;
                Err(wrong_message(tries))
            }
            Err(UnlockError::Wait { until }) => Err(wait_message(until)),
            Err(e) => Err(e.to_string()),
        }
    }

    /// After unlocking: loads everything, sends what waits to be shared, and seals in the background
    /// anything another tab stored plain.
    async fn unlocked(&self, storage: Storage) {
        self.load().await;
        self.engine.spawn();
        wasm_bindgen_futures::spawn_local(async move {
            if let Err(e) = storage.seal_stragglers().await {
                gloo::console::warn!(e.to_string());
            }
        });
    }

    /// Locks at once: the data key and everything personal leave memory.
    pub async fn lock_now(&self) {
        if let Ok(storage) = self.db.storage().await {
            storage.lock_now();
            let status = storage.lock_status().await.unwrap_or_default();
            self.notify.emit(Action::Locked(status));
        }
    }

    /// When Steady comes back into view: if another tab set the lock or changed the PIN meanwhile, this
    /// one locks as well, so a tab left open never goes on showing what the lock now protects.
    pub async fn catch_up_with_lock(&self) {
        if let Ok(storage) = self.db.storage().await {
            if let Ok(status) = storage.catch_up_with_lock().await {
                self.notify.emit(if storage.is_locked() { Action::Locked(status) } else { Action::LockStatus(status) });
            }
        }
    }

    pub async fn set_lock_options(&self, relock_minutes: u32, quick_exit: bool) -> Result<(), String> {
        let storage = self.opened().await?;
        let status = storage.set_lock_options(relock_minutes, quick_exit).await.map_err(text)?;
        self.notify.emit(Action::LockStatus(status));
        Ok(())
    }

    /// Quick exit: locks at once, hides the page, and replaces it with [`NEUTRAL_PAGE`] without adding
    /// a history entry. The data key lives only in this page's memory, so it goes with the page.
    pub fn quick_exit(&self) {
        self.db.lock_now();
        let document = gloo::utils::document();
        if let Some(root) = document.document_element() {
            // An attribute, not an inline style, which the Content-Security-Policy refuses.
            let _ = root.set_attribute("hidden", "");
        }
        document.set_title("");
        let _ = gloo::utils::window().location().replace(NEUTRAL_PAGE);
    }
}
