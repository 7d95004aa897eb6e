//! Staff accounts: roles and the sign-in messages.

use serde::{Deserialize, Serialize};

/// What a staff member may do. Participants are not staff: their phones hold device tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Manages staff accounts; sees no participant's data.
    Admin,
    /// Enrols participants and reviews what their own caseload shares.
    LinkWorker,
    /// Runs groups and takes attendance.
    Leader,
}

/// Why a text is not a role.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a role. Use admin, link-worker or leader.")]
pub struct RoleError(pub String);

impl Role {
    pub fn code(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::LinkWorker => "link_worker",
            Role::Leader => "leader",
        }
    }

    /// Accepts `link-worker` as well as `link_worker`, as people type it on a command line.
    pub fn parse(text: &str) -> Result<Self, RoleError> {
        match text.trim().to_ascii_lowercase().replace('-', "_").as_str() {
            "admin" => Ok(Role::Admin),
            "link_worker" => Ok(Role::LinkWorker),
            "leader" => Ok(Role::Leader),
            _ => Err(RoleError(text.chars().take(40).collect())),
        }
    }
}

/// `POST /api/v1/staff/sign-in`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SignIn {
    pub email: String,
    pub password: String,
}

/// `POST /api/v1/staff/set-password`: the one-time token from the link, and the new password.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SetPassword {
    pub token: String,
    pub password: String,
}

/// The shortest password accepted (NCSC: length beats complexity rules).
pub const MIN_PASSWORD_CHARS: usize = 12;

/// Why a password is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    #[error("Use at least 12 characters. Three random words work well.")]
    TooShort,
    #[error("Use at most 200 characters.")]
    TooLong,
}

/// Checks a new password's length (in characters, not bytes).
pub fn check_new_password(password: &str) -> Result<(), PasswordError> {
    match password.chars().count() {
        n if n < MIN_PASSWORD_CHARS => Err(PasswordError::TooShort),
        n if n > 200 => Err(PasswordError::TooLong),
        _ => Ok(()),
    }
}

/// `GET /api/v1/staff/me` and the sign-in answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffMember {
    pub id: String,
    pub name: String,
    pub email: String,
    pub role: Role,
}

/// One line of the access log: a staff member viewed a participant's data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccessRecord {
    pub at: crate::time::Timestamp,
    pub staff_name: String,
    pub staff_email: String,
    pub participant_id: String,
    /// Whom the view showed, by name: a participant as enrolled, a referral's person as referred;
    /// `None` if the server no longer knows them.
    pub participant_name: Option<String>,
    pub view: String,
}

/// A group leader's account and the groups they lead, for an administrator choosing who leads what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LeaderAccount {
    pub id: String,
    pub name: String,
    pub email: String,
    /// By name.
    pub groups: Vec<crate::attendance::LedGroup>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_parse_as_typed_on_a_command_line() {
        assert_eq!(Role::parse("link-worker"), Ok(Role::LinkWorker));
        assert_eq!(Role::parse("Leader"), Ok(Role::Leader));
        assert!(Role::parse("participant").is_err());
    }

    #[test]
    fn passwords_need_twelve_characters() {
        assert_eq!(check_new_password("short"), Err(PasswordError::TooShort));
        assert_eq!(check_new_password("correct horse battery"), Ok(()));
    }
}
