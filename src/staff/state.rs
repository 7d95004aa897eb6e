//! The state many staff pages read, in one reducer: who is signed in, the leader's sessions, the
//! register open now, the taps the server refused, the referral inbox and the referral open now. `reduce` is pure; fetching and saving are
//! effects in [`super::service`], which pages reach through [`super::hooks::use_staff`].

use super::Route;
use crate::storage::staff::RefusedTap;
use std::rc::Rc;
use steady_domain::accounts::{Role, StaffMember};
use steady_domain::attendance::{LedSession, Register};
use steady_domain::referral::{sort_inbox, Inbox, InboxItem, OutcomeRecorded, ReferralDetail};
use yew::Reducible;

/// A leader's sessions, from the server or, with no signal, as saved on this device.
#[derive(Debug, Clone, PartialEq)]
pub struct LeaderSessions {
    pub list: Vec<LedSession>,
    pub offline: bool,
}

/// A register as this device knows it: the last copy from the server with unsent taps applied.
#[derive(Debug, Clone, PartialEq)]
pub struct RegisterView {
    pub register: Register,
    /// Taps for this session kept on the device, not yet sent.
    pub waiting: usize,
    pub offline: bool,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct StaffState {
    /// Who signed in on this device, once known.
    pub me: Option<StaffMember>,
    /// The leader's sessions: `None` until the first load answers.
    pub sessions: Option<Result<LeaderSessions, String>>,
    /// The register opened last, by session id, or why it could not be opened.
    register: Option<(String, Result<RegisterView, String>)>,
    /// Taps the server refused, every session's, in the order stored (by session, then person).
    refused: Vec<RefusedTap>,
    /// The referral inbox: `None` until the first load answers.
    pub inbox: Option<Result<Inbox, String>>,
    /// The referral opened last, by id, or why it could not be opened.
    referral: Option<(String, Result<ReferralDetail, String>)>,
}

pub enum StaffAction {
    /// Someone signed in with the form: a fresh start, nothing kept from before.
    SignedIn(StaffMember),
    /// The server said whose session this device holds (when the app starts).
    Recognised(StaffMember),
    /// Forgets everything in memory, so the next person on a shared device sees nothing of it.
    SignedOut,
    SessionsLoaded(Result<LeaderSessions, String>),
    RegisterLoaded {
        session_id: String,
        view: Result<RegisterView, String>,
    },
    /// Every refused tap on this device, as stored now.
    Refused(Vec<RefusedTap>),
    InboxLoaded(Result<Inbox, String>),
    /// A referral as the server shows it now (opened, taken in, or after an attempt); its inbox
    /// line changes with it.
    ReferralLoaded {
        id: String,
        detail: Box<Result<ReferralDetail, String>>,
    },
    /// The referral has its outcome: it is closed, so it leaves the inbox.
    OutcomeRecorded {
        id: String,
        recorded: OutcomeRecorded,
    },
}

impl StaffState {
    /// The register of this session, if it is the one opened last.
    pub fn register(&self, session_id: &str) -> Option<&Result<RegisterView, String>> {
        self.register.as_ref().filter(|(id, _)| id == session_id).map(|(_, view)| view)
    }

    /// The refused taps of one session.
    pub fn refused(&self, session_id: &str) -> Vec<&RefusedTap> {
        self.refused.iter().filter(|t| t.session_id == session_id).collect()
    }

    /// The referral with this id, if it is the one opened last.
    pub fn referral(&self, id: &str) -> Option<&Result<ReferralDetail, String>> {
        self.referral.as_ref().filter(|(open, _)| open == id).map(|(_, detail)| detail)
    }

    /// Where "Steady for staff" in the header leads: the signed-in person's first page, or sign-in.
    pub fn home(&self) -> Route {
        match self.me.as_ref().map(|m| m.role) {
            Some(role) => home_of(role),
            None => Route::StaffSignIn,
        }
    }
}

/// The first page for each role.
pub fn home_of(role: Role) -> Route {
    match role {
        Role::Admin => Route::AccessLog,
        Role::LinkWorker => Route::Caseload,
        Role::Leader => Route::Leader,
    }
}

impl Reducible for StaffState {
    type Action = StaffAction;

    fn reduce(self: Rc<Self>, action: StaffAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            StaffAction::SignedIn(member) => next = StaffState { me: Some(member), ..StaffState::default() },
            StaffAction::Recognised(member) => next.me = Some(member),
            StaffAction::SignedOut => next = StaffState::default(),
            StaffAction::SessionsLoaded(sessions) => next.sessions = Some(sessions),
            StaffAction::RegisterLoaded { session_id, view } => next.register = Some((session_id, view)),
            StaffAction::Refused(refused) => next.refused = refused,
            StaffAction::InboxLoaded(inbox) => next.inbox = Some(inbox),
            StaffAction::ReferralLoaded { id, detail } => {
                if let (Some(Ok(inbox)), Ok(detail)) = (&mut next.inbox, &*detail) {
                    place(inbox, &id, detail.outcome.is_none().then(|| detail.item.clone()));
                }
                next.referral = Some((id, *detail));
            }
            StaffAction::OutcomeRecorded { id, recorded } => {
                if let Some(Ok(inbox)) = &mut next.inbox {
                    place(inbox, &id, None);
                }
                if let Some((open, Ok(detail))) = &mut next.referral {
                    if *open == id {
                        detail.item.referral.outcome = Some(recorded.outcome.outcome);
                        detail.participant_id = recorded.enrolled.map(|e| e.participant.id);
                        detail.outcome = Some(recorded.outcome);
                    }
                }
            }
        }
        Rc::new(next)
    }
}

/// Puts a referral's new inbox line where it now belongs (unassigned or assigned, in the inbox's
/// order), or takes it out when it has closed (`None`).
fn place(inbox: &mut Inbox, id: &str, line: Option<InboxItem>) {
    inbox.unassigned.retain(|i| i.referral.id != id);
    inbox.assigned.retain(|i| i.referral.id != id);
    if let Some(line) = line {
        let list = if line.referral.assigned_to.is_some() { &mut inbox.assigned } else { &mut inbox.unassigned };
        list.push(line);
        sort_inbox(list);
    }
}
