//! The state many pages read, in one reducer: entries, the cached schedule, preferences, and what
//! the app is telling the person right now. `reduce` is pure; saving and fetching are effects in
//! [`crate::service`] and [`crate::sync::engine`], which report what changed as [`Action`]s.

use crate::storage::lock::LockStatus;
use crate::storage::{CachedSchedule, Decoded, Preferences, SharingSettings};
use std::rc::Rc;
use steady_domain::journal::Journal;
use steady_domain::{crisis, Entry, EntryId, Session, Timestamp};
use yew::Reducible;

/// Where the app is in reading the phone's storage.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Phase {
    #[default]
    Loading,
    Ready,
    /// The lock is on and Steady is not unlocked: nothing personal is in memory.
    Locked,
    /// Storage could not be opened; the message says why.
    Unavailable(String),
}

/// How the last attempt to refresh the schedule went.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum ScheduleStatus {
    #[default]
    Idle,
    Refreshing,
    Failed(String),
}

/// How sharing with the link worker is going.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum SyncStatus {
    #[default]
    Idle,
    Sending,
    /// No signal or a server problem: Steady will try again by itself.
    Waiting,
    /// The server refused something; the message says what.
    Problem(String),
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct AppState {
    pub phase: Phase,
    pub journal: Journal,
    /// Raw JSON of stored entries that could not be read: kept, counted, exported.
    pub unreadable: Vec<String>,
    pub schedule: Vec<Session>,
    pub schedule_fetched_at: Option<Timestamp>,
    pub schedule_status: ScheduleStatus,
    pub prefs: Preferences,
    pub sharing: SharingSettings,
    /// Changes waiting to be shared.
    pub outbox_len: usize,
    pub sync_status: SyncStatus,
    /// A message about sharing for the person (the link ended, shared copies deleted).
    pub sharing_notice: Option<String>,
    /// Show the crisis support card (a just-saved entry had a very high stress or very low rating).
    pub show_crisis: bool,
    /// The lock's settings and wrong tries (nothing personal, so known while locked too).
    pub lock: LockStatus,
}

pub enum Action {
    Loaded {
        entries: Decoded<Entry>,
        schedule: CachedSchedule,
        prefs: Preferences,
        sharing: SharingSettings,
        outbox_len: usize,
    },
    LoadFailed(String),
    EntrySaved(Entry),
    EntryDeleted(EntryId),
    /// Entries stored from a restored copy (no crisis card: they are not new ratings).
    EntriesRestored(Vec<Entry>),
    /// The sharing settings and the outbox, as stored now.
    Sharing {
        settings: SharingSettings,
        outbox_len: usize,
    },
    SyncStatus(SyncStatus),
    SharingNotice(Option<String>),
    ScheduleRefreshing,
    ScheduleFetched {
        sessions: Vec<Session>,
        at: Timestamp,
    },
    ScheduleFailed(String),
    PrefsSaved(Preferences),
    EverythingDeleted,
    CloseCrisis,
    /// Steady locked: everything personal leaves memory.
    Locked(LockStatus),
    LockStatus(LockStatus),
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Loaded { entries, schedule, prefs, sharing, outbox_len } => {
                next.sharing = sharing;
                next.outbox_len = outbox_len;
                next.phase = Phase::Ready;
                next.journal = Journal::new(entries.records);
                next.unreadable = entries.unreadable;
                next.schedule = sorted(schedule.sessions.records);
                next.schedule_fetched_at = schedule.fetched_at;
                next.prefs = prefs;
            }
            Action::LoadFailed(message) => next.phase = Phase::Unavailable(message),
            Action::EntrySaved(entry) => {
                next.show_crisis = crisis::needs_support(&entry);
                next.journal.upsert(entry);
            }
            Action::EntryDeleted(id) => next.journal.remove(&id),
            Action::EntriesRestored(entries) => entries.into_iter().for_each(|e| next.journal.upsert(e)),
            Action::Sharing { settings, outbox_len } => {
                next.sharing = settings;
                next.outbox_len = outbox_len;
            }
            Action::SyncStatus(status) => next.sync_status = status,
            Action::SharingNotice(notice) => next.sharing_notice = notice,
            Action::ScheduleRefreshing => next.schedule_status = ScheduleStatus::Refreshing,
            Action::ScheduleFetched { sessions, at } => {
                next.schedule = sorted(sessions);
                next.schedule_fetched_at = Some(at);
                next.schedule_status = ScheduleStatus::Idle;
            }
            Action::ScheduleFailed(message) => next.schedule_status = ScheduleStatus::Failed(message),
            Action::PrefsSaved(prefs) => next.prefs = prefs,
            Action::EverythingDeleted => {
                next = AppState { phase: Phase::Ready, ..AppState::default() };
            }
            Action::CloseCrisis => next.show_crisis = false,
            Action::Locked(lock) => next = AppState { phase: Phase::Locked, lock, ..AppState::default() },
            Action::LockStatus(lock) => next.lock = lock,
        }
        Rc::new(next)
    }
}

fn sorted(mut sessions: Vec<Session>) -> Vec<Session> {
    steady_domain::order::sort_by(&mut sessions, |a, b| {
        a.starts_at.cmp(&b.starts_at).then_with(|| a.group_name.cmp(&b.group_name))
    });
    sessions
}
