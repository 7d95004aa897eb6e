//! Who is calling: a signed-in staff member (session cookie), a linked phone (device token) or a
//! referring organisation (API key).
//! Handlers ask for the caller they need as an extractor, so an endpoint cannot forget to check.

use crate::db::Pool;
use crate::error::ApiError;
use crate::secrets::hash_token;
use crate::state::{now, AppState};
use crate::store;
use axum::extract::FromRequestParts;
use axum::http::header::{AUTHORIZATION, COOKIE};
use axum::http::request::Parts;
use axum::http::HeaderMap;
use steady_domain::accounts::{Role, StaffMember};
use steady_domain::enrolment::Participant;
use steady_domain::Session;

pub const SESSION_COOKIE: &str = "steady_staff";
/// A staff session lasts a working day.
pub const SESSION_HOURS: i64 = 8;

/// A signed-in staff member of any role.
pub struct Staff(pub StaffMember);

/// A linked phone: the participant its device token belongs to.
pub struct Device {
    pub participant_id: String,
}

/// The staff session token from the request's cookies, if it carries one (also read by [`crate::csrf`]).
pub fn staff_session_token(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == SESSION_COOKIE)
        .map(|(_, v)| v)
}

const NOT_SIGNED_IN: ApiError =
    ApiError::Unauthorized { code: "not_signed_in", message: "Sign in to continue. Your session may have ended." };

impl FromRequestParts<AppState> for Staff {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let token = staff_session_token(&parts.headers).ok_or(NOT_SIGNED_IN)?;
        let member = store::staff::signed_in(&state.pool, &hash_token(token), now()).await?;
        Ok(Staff(member.ok_or(NOT_SIGNED_IN)?))
    }
}

/// An extractor for a signed-in staff member of the given roles; any other role gets 403, so a
/// handler that takes one cannot forget the check.
macro_rules! staff_of_role {
    ($(#[$doc:meta])* $name:ident: $($role:path)|+) => {
        $(#[$doc])*
        pub struct $name(pub StaffMember);

        impl FromRequestParts<AppState> for $name {
            type Rejection = ApiError;

            async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
                let Staff(member) = Staff::from_request_parts(parts, state).await?;
                match member.role {
                    $($role)|+ => Ok($name(member)),
                    _ => Err(ApiError::Forbidden),
                }
            }
        }
    };
}

staff_of_role!(
    /// A signed-in link worker.
    LinkWorker: Role::LinkWorker
);
staff_of_role!(
    /// A signed-in group leader.
    Leader: Role::Leader
);
staff_of_role!(
    /// A signed-in administrator.
    Admin: Role::Admin
);
staff_of_role!(
    /// A signed-in link worker or administrator: those who decide who leads a group.
    LinkWorkerOrAdmin: Role::LinkWorker | Role::Admin
);

impl LinkWorker {
    /// A participant on this link worker's caseload, or 404: whether anyone else's exists is not revealed.
    pub async fn participant(&self, pool: &Pool, id: &str) -> Result<Participant, ApiError> {
        store::participants::on_caseload(pool, &self.0.id, id).await?.ok_or(NOT_ON_CASELOAD)
    }
}

impl Leader {
    /// A session of a group this leader leads, or 404: whether any other exists is not revealed.
    pub async fn session(&self, pool: &Pool, id: &str) -> Result<Session, ApiError> {
        store::sessions::led(pool, &self.0.id, id).await?.ok_or(NOT_YOURS)
    }

    /// Refuses with 404 unless this leader leads the group.
    pub async fn check_leads(&self, pool: &Pool, group_id: &str) -> Result<(), ApiError> {
        store::groups::leads(pool, &self.0.id, group_id).await?.then_some(()).ok_or(NOT_YOURS)
    }
}

const NOT_YOURS: ApiError = ApiError::NotFound("There is no such session or group among the groups you lead.");

const NOT_ON_CASELOAD: ApiError = ApiError::NotFound("There is no such participant on your caseload.");

/// The token of an `Authorization: Bearer <token>` header.
fn bearer(parts: &Parts) -> Option<&str> {
    parts.headers.get(AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "))
}

/// A referring organisation, by the API key `steady-server referrer add` printed for it.
pub struct Referrer(pub store::referrers::Referrer);

impl FromRequestParts<AppState> for Referrer {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        const NOT_A_REFERRER: ApiError = ApiError::Unauthorized {
            code: "not_a_referrer",
            message: "Send your organisation's API key as Authorization: Bearer <key>.",
        };
        let key = bearer(parts).ok_or(NOT_A_REFERRER)?;
        let referrer = store::referrers::by_key_hash(&state.pool, &hash_token(key.trim())).await?;
        Ok(Referrer(referrer.ok_or(NOT_A_REFERRER)?))
    }
}

impl FromRequestParts<AppState> for Device {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let token = bearer(parts).ok_or(ApiError::Unauthorized {
            code: "not_linked",
            message: "This phone is not linked to a link worker.",
        })?;
        let participant = store::devices::participant_for_token(&state.pool, &hash_token(token.trim())).await?;
        let participant_id = participant.ok_or(ApiError::Unauthorized {
            code: "link_ended",
            message: "The link with your link worker has ended. Everything on your phone is still here.",
        })?;
        Ok(Device { participant_id })
    }
}
