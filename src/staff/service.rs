//! What staff pages can ask for, and the only staff code that calls the server ([`crate::sync::staff`])
//! or the device's staff database ([`crate::storage::staff`]). Reads that no other page shares are
//! plain functions (pages load them with [`super::hooks::use_api`]); actions that change the shared
//! [`super::state`] are methods of [`StaffHandle`].
//!
//! The register works with no signal: every tap is kept on the device first, and sent with the rest
//! of its session's queue whenever the register refreshes. The server answers per tap: accepted taps
//! leave the queue, refused ones move to the "Could not be saved" list ([`super::taps`]).

use super::state::{LeaderSessions, RegisterView, StaffAction, StaffState};
use super::taps::{refuse_all, refuses_batch, settle};
use crate::browser;
use crate::storage::staff::{QueuedTap, RefusedTap, StaffStorage};
use crate::storage::StorageError;
use crate::sync::http::HttpError;
use crate::sync::staff;
use steady_domain::accounts::{AccessRecord, LeaderAccount, StaffMember};
use steady_domain::attendance::{CodeForSession, LedGroup, Mark, Register, SessionChange};
use steady_domain::enrolment::{Enrolled, IssuedCode, NewParticipant};
use steady_domain::funnel::Funnel;
use steady_domain::referral::{AttemptForm, NewReferral, OutcomeForm, OutcomeRecorded, StaffRef};
use steady_domain::report::Report;
use steady_domain::review::{CaseloadRow, ParticipantDetail};
use steady_domain::{Note, Session};
use yew::UseReducerHandle;

/// Why something a staff page asked for did not happen.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum StaffError {
    #[error("{}", .0.message())]
    Http(HttpError),
    #[error(transparent)]
    Storage(#[from] StorageError),
    #[error("There is no signal, and this register has not been opened on this device before.")]
    NoSavedRegister,
}

impl From<HttpError> for StaffError {
    fn from(e: HttpError) -> Self {
        StaffError::Http(e)
    }
}

impl StaffError {
    /// The server does not know this person (never signed in, or signed out elsewhere).
    pub fn signed_out(&self) -> bool {
        matches!(self, StaffError::Http(HttpError::Status { status: 401, .. }))
    }
}

type Answer<T> = Result<T, StaffError>;

pub async fn set_password(token: String, password: String) -> Answer<()> {
    Ok(staff::set_password(token, password).await?)
}

pub async fn caseload() -> Answer<Vec<CaseloadRow>> {
    Ok(staff::caseload_with_flags().await?)
}

pub async fn enrol(new: &NewParticipant) -> Answer<Enrolled> {
    Ok(staff::enrol(new).await?)
}

pub async fn participant(id: String) -> Answer<ParticipantDetail> {
    Ok(staff::participant(&id).await?)
}

pub async fn new_code(participant: &str) -> Answer<IssuedCode> {
    Ok(staff::new_code(participant).await?)
}

pub async fn unlink(participant: &str) -> Answer<()> {
    Ok(staff::unlink(participant).await?)
}

pub async fn mark_reviewed(participant: &str, note: Option<Note>) -> Answer<()> {
    Ok(staff::mark_reviewed(participant, note).await?)
}

/// A report; `query` is the query string (`from=…&to=…&kind=…`).
pub async fn report(query: String) -> Answer<Report> {
    Ok(staff::report(&query).await?)
}

/// The referral funnel; `query` is the query string (`from=…&to=…`).
pub async fn referral_funnel(query: String) -> Answer<Funnel> {
    Ok(staff::referral_funnel(&query).await?)
}

/// The link workers an administrator can give a referral to.
pub async fn referral_assignees() -> Answer<Vec<StaffRef>> {
    Ok(staff::referral_assignees().await?)
}

pub async fn access_log() -> Answer<Vec<AccessRecord>> {
    Ok(staff::access_log().await?)
}

/// Every group with a session in the next four weeks, as (id, name), by name.
pub async fn groups() -> Answer<Vec<(String, String)>> {
    let schedule = staff::schedule().await?;
    let mut list: Vec<(String, String)> = schedule.sessions.into_iter().map(|s| (s.group_id, s.group_name)).collect();
    steady_domain::order::sort_by(&mut list, |a, b| a.1.cmp(&b.1));
    list.dedup();
    Ok(list)
}

pub async fn leaders() -> Answer<Vec<LeaderAccount>> {
    Ok(staff::leaders().await?)
}

pub async fn assign_leader(group: &str, email: String) -> Answer<()> {
    Ok(staff::assign_leader(group, email).await?)
}

pub async fn leader_groups() -> Answer<Vec<LedGroup>> {
    Ok(staff::leader_groups().await?)
}

pub async fn create_session(group: &str, change: &SessionChange) -> Answer<Session> {
    Ok(staff::create_session(group, change).await?)
}

pub async fn change_session(session: &str, change: &SessionChange) -> Answer<Session> {
    Ok(staff::change_session(session, change).await?)
}

pub async fn session_code(session: String) -> Answer<CodeForSession> {
    Ok(staff::session_code(&session).await?)
}

/// The staff app's handle on its shared state: actions that load, save or send, then say what
/// changed.
#[derive(Clone, PartialEq)]
pub struct StaffHandle {
    inner: UseReducerHandle<StaffState>,
}

impl StaffHandle {
    pub fn new(inner: UseReducerHandle<StaffState>) -> Self {
        StaffHandle { inner }
    }

    pub fn state(&self) -> &StaffState {
        &self.inner
    }

    fn dispatch(&self, action: StaffAction) {
        self.inner.dispatch(action);
    }

    pub async fn sign_in(&self, email: String, password: String) -> Answer<StaffMember> {
        let member = staff::sign_in(email, password).await?;
        self.dispatch(StaffAction::SignedIn(member.clone()));
        Ok(member)
    }

    /// Signs out on the server (if it can be reached) and forgets everything in memory.
    pub async fn sign_out(&self) {
        if let Err(e) = staff::sign_out().await {
            gloo::console::warn!(format!("Signing out on the server did not work: {}", e.message()));
        }
        self.dispatch(StaffAction::SignedOut);
    }

    /// Asks the server who this device is signed in as; quietly nothing if no one, or no signal.
    pub async fn recognise(&self) {
        if let Ok(member) = staff::me().await {
            self.dispatch(StaffAction::Recognised(member));
        }
    }

    /// The leader's sessions from the server, or the copy on the device when there is no signal; and
    /// the device's refused taps, so each session can say if some could not be saved.
    pub async fn load_sessions(&self) {
        let loaded = self.leader_sessions().await.map_err(|e| e.to_string());
        self.dispatch(StaffAction::SessionsLoaded(loaded));
        self.publish_refused().await;
    }

    async fn leader_sessions(&self) -> Answer<LeaderSessions> {
        let storage = StaffStorage::open().await?;
        match staff::leader_sessions().await {
            Ok(list) => {
                storage.set_leader_sessions(&list).await?;
                Ok(LeaderSessions { list, offline: false })
            }
            Err(e) if e.is_transient() => match storage.leader_sessions().await? {
                Some(list) => Ok(LeaderSessions { list, offline: true }),
                None => Err(e.into()),
            },
            Err(e) => Err(e.into()),
        }
    }

    /// Reads the saved register, sends this session's waiting taps (or refreshes the register if none
    /// wait), and shows the result.
    pub async fn refresh_register(&self, session_id: &str) {
        let view = refreshed_register(session_id).await.map_err(|e| e.to_string());
        self.dispatch(StaffAction::RegisterLoaded { session_id: session_id.to_string(), view });
        self.publish_refused().await;
    }

    /// Keeps a tap on the device (shown at once in the saved register), then tries to send it.
    pub async fn tap(&self, session_id: &str, mark: Mark) {
        if let Err(e) = keep_tap(session_id, mark).await {
            self.dispatch(StaffAction::RegisterLoaded { session_id: session_id.to_string(), view: Err(e.to_string()) });
            return;
        }
        self.refresh_register(session_id).await;
    }

    /// "Tap again": the same tap made now, queued in place of the refused one.
    pub async fn tap_again(&self, refused: &RefusedTap) {
        self.tap(&refused.session_id, Mark { tapped_at: browser::now(), ..refused.mark.clone() }).await;
    }

    /// "Discard": forgets a refused tap.
    pub async fn discard(&self, refused: &RefusedTap) {
        match StaffStorage::open().await {
            Ok(storage) => {
                if let Err(e) = storage.discard(&refused.key).await {
                    gloo::console::warn!(e.to_string());
                }
            }
            Err(e) => gloo::console::warn!(e.to_string()),
        }
        self.publish_refused().await;
    }

    /// The referral inbox from the server.
    pub async fn load_inbox(&self) {
        let inbox = staff::referral_inbox().await.map_err(StaffError::from);
        self.dispatch(StaffAction::InboxLoaded(inbox.map_err(|e| e.to_string())));
    }

    /// Opens a referral: its details, clock, attempts and outcome.
    pub async fn open_referral(&self, id: &str) {
        let detail = staff::referral(id).await.map_err(|e| StaffError::from(e).to_string());
        self.dispatch(StaffAction::ReferralLoaded { id: id.to_string(), detail: Box::new(detail) });
    }

    /// Takes a referral in; answers with its id, and it is the referral open now.
    pub async fn create_referral(&self, referral: &NewReferral) -> Answer<String> {
        let detail = staff::create_referral(referral).await?;
        let id = detail.item.referral.id.clone();
        self.dispatch(StaffAction::ReferralLoaded { id: id.clone(), detail: Box::new(Ok(detail)) });
        Ok(id)
    }

    /// Gives a referral to a link worker (or a link worker takes it), then shows the inbox and the
    /// referral as they now stand.
    pub async fn assign_referral(&self, id: &str, link_worker_id: String) -> Answer<()> {
        staff::assign_referral(id, link_worker_id).await?;
        self.load_inbox().await;
        if self.state().referral(id).is_some() {
            self.open_referral(id).await;
        }
        Ok(())
    }

    /// Records a contact attempt; the referral and its inbox line show it.
    pub async fn add_attempt(&self, id: &str, attempt: &AttemptForm) -> Answer<()> {
        let detail = staff::add_attempt(id, attempt).await?;
        self.dispatch(StaffAction::ReferralLoaded { id: id.to_string(), detail: Box::new(Ok(detail)) });
        Ok(())
    }

    /// Records how the referral ends; for "accepted", the answer holds the enrolment and its first
    /// linking code.
    pub async fn record_outcome(&self, id: &str, outcome: &OutcomeForm) -> Answer<OutcomeRecorded> {
        let recorded = staff::record_outcome(id, outcome).await?;
        self.dispatch(StaffAction::OutcomeRecorded { id: id.to_string(), recorded: recorded.clone() });
        Ok(recorded)
    }

    async fn publish_refused(&self) {
        let refused = async { Ok::<_, StorageError>(StaffStorage::open().await?.refused().await?.records) };
        match refused.await {
            Ok(list) => self.dispatch(StaffAction::Refused(list)),
            Err(e) => gloo::console::warn!(e.to_string()),
        }
    }
}

async fn keep_tap(session_id: &str, mark: Mark) -> Answer<()> {
    let storage = StaffStorage::open().await?;
    storage.queue_tap(&QueuedTap::new(session_id, mark.clone())).await?;
    if let Some(mut register) = storage.register(session_id).await? {
        register.apply(mark);
        storage.set_register(&register).await?;
    }
    Ok(())
}

async fn queued(storage: &StaffStorage, session_id: &str) -> Answer<Vec<QueuedTap>> {
    Ok(storage.taps().await?.records.into_iter().filter(|t| t.session_id == session_id).collect())
}

/// Sends the session's waiting taps and settles the answer per tap; with none waiting, fetches the
/// register. A batch the server refused whole moves to the refused list, then the register is fetched.
async fn send_or_fetch(storage: &StaffStorage, session_id: &str, taps: &[QueuedTap]) -> Answer<Register> {
    if taps.is_empty() {
        return Ok(staff::register(session_id).await?);
    }
    let marks: Vec<Mark> = taps.iter().map(|t| t.mark.clone()).collect();
    match staff::send_marks(session_id, marks).await {
        Ok(reply) => {
            let settled = settle(taps, &reply.outcomes);
            storage.acknowledge(&settled.accepted).await?;
            storage.refuse(&settled.refused).await?;
            Ok(reply.register)
        }
        Err(e) if refuses_batch(&e) => {
            storage.refuse(&refuse_all(taps, &e)).await?;
            Ok(staff::register(session_id).await?)
        }
        Err(e) => Err(e.into()),
    }
}

async fn refreshed_register(session_id: &str) -> Answer<RegisterView> {
    let storage = StaffStorage::open().await?;
    let taps = queued(&storage, session_id).await?;
    let (mut register, offline) = match send_or_fetch(&storage, session_id, &taps).await {
        Ok(register) => (register, false),
        Err(StaffError::Http(e)) if e.is_transient() => match storage.register(session_id).await? {
            Some(register) => (register, true),
            None => return Err(StaffError::NoSavedRegister),
        },
        Err(e) => return Err(e),
    };
    let left = queued(&storage, session_id).await?;
    for tap in &left {
        register.apply(tap.mark.clone());
    }
    storage.set_register(&register).await?;
    let waiting = if offline { taps.len().max(left.len()) } else { left.len() };
    Ok(RegisterView { register, waiting, offline })
}
