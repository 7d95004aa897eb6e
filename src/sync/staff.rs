//! The staff side of the API: signing in and out, the caseload, enrolment, what participants share,
//! and the referral inbox.

use super::http::{call, HttpError};
use steady_domain::accounts::{AccessRecord, LeaderAccount, SetPassword, SignIn, StaffMember};
use steady_domain::attendance::{
    CodeForSession, LedGroup, LedSession, Mark, Marks, Register, RegisterReply, SessionChange,
};
use steady_domain::enrolment::{Enrolled, IssuedCode, NewParticipant};
use steady_domain::funnel::Funnel;
use steady_domain::referral::{
    AssignmentForm, AttemptForm, Inbox, NewReferral, OutcomeForm, OutcomeRecorded, ReferralDetail, ReferralForm,
    StaffRef,
};
use steady_domain::report::Report;
use steady_domain::review::{CaseloadRow, NewReview, ParticipantDetail};
use steady_domain::Note;

const NO_BODY: Option<&()> = None;

fn required<T>(answer: Result<Option<T>, HttpError>) -> Result<T, HttpError> {
    answer?.ok_or(HttpError::Unreadable)
}

pub async fn sign_in(email: String, password: String) -> Result<StaffMember, HttpError> {
    required(call("POST", "/api/v1/staff/sign-in", None, Some(&SignIn { email, password })).await)
}

pub async fn sign_out() -> Result<(), HttpError> {
    call::<()>("POST", "/api/v1/staff/sign-out", None, NO_BODY).await.map(|_| ())
}

pub async fn me() -> Result<StaffMember, HttpError> {
    required(call("GET", "/api/v1/staff/me", None, NO_BODY).await)
}

pub async fn set_password(token: String, password: String) -> Result<(), HttpError> {
    call::<()>("POST", "/api/v1/staff/set-password", None, Some(&SetPassword { token, password })).await.map(|_| ())
}

pub async fn enrol(new: &NewParticipant) -> Result<Enrolled, HttpError> {
    required(call("POST", "/api/v1/participants", None, Some(new)).await)
}

pub async fn new_code(participant: &str) -> Result<IssuedCode, HttpError> {
    required(call("POST", &format!("/api/v1/participants/{participant}/pairing-code"), None, NO_BODY).await)
}

pub async fn unlink(participant: &str) -> Result<(), HttpError> {
    call::<()>("POST", &format!("/api/v1/participants/{participant}/unlink"), None, NO_BODY).await.map(|_| ())
}

pub async fn caseload_with_flags() -> Result<Vec<CaseloadRow>, HttpError> {
    required(call("GET", "/api/v1/caseload", None, NO_BODY).await)
}

pub async fn participant(participant: &str) -> Result<ParticipantDetail, HttpError> {
    required(call("GET", &format!("/api/v1/participants/{participant}"), None, NO_BODY).await)
}

pub async fn mark_reviewed(participant: &str, note: Option<Note>) -> Result<(), HttpError> {
    call::<()>("POST", &format!("/api/v1/participants/{participant}/reviews"), None, Some(&NewReview { note }))
        .await
        .map(|_| ())
}

/// A report; `query` is the query string (`from=…&to=…&kind=…`).
pub async fn report(query: &str) -> Result<Report, HttpError> {
    required(call("GET", &format!("/api/v1/reports?{query}"), None, NO_BODY).await)
}

pub async fn access_log() -> Result<Vec<AccessRecord>, HttpError> {
    required(call("GET", "/api/v1/admin/access-log", None, NO_BODY).await)
}

pub async fn leaders() -> Result<Vec<LeaderAccount>, HttpError> {
    required(call("GET", "/api/v1/admin/leaders", None, NO_BODY).await)
}

pub async fn leader_sessions() -> Result<Vec<LedSession>, HttpError> {
    required(call("GET", "/api/v1/leader/sessions", None, NO_BODY).await)
}

pub async fn register(session: &str) -> Result<Register, HttpError> {
    required(call("GET", &format!("/api/v1/sessions/{session}/register"), None, NO_BODY).await)
}

/// Sends taps; answers with the merged register and what became of each tap, in the order sent.
pub async fn send_marks(session: &str, marks: Vec<Mark>) -> Result<RegisterReply, HttpError> {
    required(call("POST", &format!("/api/v1/sessions/{session}/register"), None, Some(&Marks { marks })).await)
}

pub async fn session_code(session: &str) -> Result<CodeForSession, HttpError> {
    required(call("GET", &format!("/api/v1/sessions/{session}/code"), None, NO_BODY).await)
}

pub async fn change_session(session: &str, change: &SessionChange) -> Result<steady_domain::Session, HttpError> {
    required(call("PATCH", &format!("/api/v1/sessions/{session}"), None, Some(change)).await)
}

/// Makes the leader account with this email lead a group.
pub async fn assign_leader(group: &str, email: String) -> Result<(), HttpError> {
    #[derive(serde::Serialize)]
    struct Body {
        email: String,
    }
    call::<()>("POST", &format!("/api/v1/groups/{group}/leaders"), None, Some(&Body { email })).await.map(|_| ())
}

pub async fn leader_groups() -> Result<Vec<LedGroup>, HttpError> {
    required(call("GET", "/api/v1/leader/groups", None, NO_BODY).await)
}

pub async fn create_session(group: &str, change: &SessionChange) -> Result<steady_domain::Session, HttpError> {
    required(call("POST", &format!("/api/v1/groups/{group}/sessions"), None, Some(change)).await)
}

/// The next four weeks of sessions of every group (as participants see them).
pub async fn schedule() -> Result<steady_domain::api::SessionsResponse, HttpError> {
    required(call("GET", "/api/v1/sessions", None, NO_BODY).await)
}

/// Takes a referral in; only a form that keeps every rule can be sent.
pub async fn create_referral(referral: &NewReferral) -> Result<ReferralDetail, HttpError> {
    let form: &ReferralForm = referral;
    required(call("POST", "/api/v1/referrals", None, Some(form)).await)
}

pub async fn referral_inbox() -> Result<Inbox, HttpError> {
    required(call("GET", "/api/v1/referrals", None, NO_BODY).await)
}

pub async fn referral(id: &str) -> Result<ReferralDetail, HttpError> {
    required(call("GET", &format!("/api/v1/referrals/{id}"), None, NO_BODY).await)
}

/// The link workers a referral can be given to, by name.
pub async fn referral_assignees() -> Result<Vec<StaffRef>, HttpError> {
    required(call("GET", "/api/v1/referrals/assignees", None, NO_BODY).await)
}

/// Gives the referral to a link worker (a link worker may take it for themselves).
pub async fn assign_referral(id: &str, link_worker_id: String) -> Result<(), HttpError> {
    let form = AssignmentForm { link_worker_id };
    call::<()>("POST", &format!("/api/v1/referrals/{id}/assignment"), None, Some(&form)).await.map(|_| ())
}

pub async fn add_attempt(id: &str, attempt: &AttemptForm) -> Result<ReferralDetail, HttpError> {
    required(call("POST", &format!("/api/v1/referrals/{id}/attempts"), None, Some(attempt)).await)
}

pub async fn record_outcome(id: &str, outcome: &OutcomeForm) -> Result<OutcomeRecorded, HttpError> {
    required(call("POST", &format!("/api/v1/referrals/{id}/outcome"), None, Some(outcome)).await)
}

/// The referral funnel; `query` is the query string (`from=…&to=…`).
pub async fn referral_funnel(query: &str) -> Result<Funnel, HttpError> {
    required(call("GET", &format!("/api/v1/reports/referrals?{query}"), None, NO_BODY).await)
}
