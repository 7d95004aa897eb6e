//! Groups and their scheduled sessions: what a participant can go to.

use crate::time::Timestamp;
use serde::{Deserialize, Serialize};

/// The kinds of regulating community activity Steady's programmes run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum GroupKind {
    Walking,
    Gardening,
    PeerRecovery,
    PhysicalActivity,
    CleanUp,
    Other,
}

/// Why a text is not a group kind.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a kind of group. Use walking, gardening, peer_recovery, physical_activity, clean_up or other.")]
pub struct GroupKindError(pub String);

impl GroupKind {
    pub const ALL: [GroupKind; 6] = [
        GroupKind::Walking,
        GroupKind::Gardening,
        GroupKind::PeerRecovery,
        GroupKind::PhysicalActivity,
        GroupKind::CleanUp,
        GroupKind::Other,
    ];

    /// The name a person reads: "Walking group".
    pub fn label(self) -> &'static str {
        match self {
            GroupKind::Walking => "Walking group",
            GroupKind::Gardening => "Community gardening",
            GroupKind::PeerRecovery => "Peer recovery group",
            GroupKind::PhysicalActivity => "Group physical activity",
            GroupKind::CleanUp => "Clean-up group",
            GroupKind::Other => "Other activity",
        }
    }

    /// The stable machine name used in storage, the API and exports.
    pub fn code(self) -> &'static str {
        match self {
            GroupKind::Walking => "walking",
            GroupKind::Gardening => "gardening",
            GroupKind::PeerRecovery => "peer_recovery",
            GroupKind::PhysicalActivity => "physical_activity",
            GroupKind::CleanUp => "clean_up",
            GroupKind::Other => "other",
        }
    }

    pub fn parse(code: &str) -> Result<Self, GroupKindError> {
        GroupKind::ALL
            .into_iter()
            .find(|k| k.code() == code)
            .ok_or_else(|| GroupKindError(code.chars().take(40).collect()))
    }
}

/// A session's identifier, assigned by the server.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct SessionId(pub String);

/// One scheduled meeting of a group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Session {
    pub id: SessionId,
    pub group_id: String,
    pub group_name: String,
    pub kind: GroupKind,
    pub starts_at: Timestamp,
    pub ends_at: Timestamp,
    pub meeting_point: String,
    #[serde(default)]
    pub accessibility: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub cancelled: bool,
}

/// How long before a session starts, and after it ends, "I'm here" is offered.
pub const CHECK_IN_MARGIN_MINUTES: i64 = 60;

impl Session {
    /// Whether a participant can say "I'm here" at `now`: from an hour before the start to an hour
    /// after the end, and never for a cancelled session.
    pub fn check_in_open(&self, now: Timestamp) -> bool {
        !self.cancelled
            && now >= self.starts_at.plus_minutes(-CHECK_IN_MARGIN_MINUTES)
            && now <= self.ends_at.plus_minutes(CHECK_IN_MARGIN_MINUTES)
    }

    /// Whether a leader's tap at `at` can count on this session's register: from an hour before it
    /// starts until the end of its day (UK time), so no one is counted as attending a session days
    /// ahead, and a register finished late the same evening still counts.
    pub fn register_open(&self, at: Timestamp) -> bool {
        let end_of_day = Timestamp::from_uk(self.starts_at.uk_day().plus(1), 0, 0);
        at >= self.register_opens_at() && at < end_of_day
    }

    /// When the register opens: an hour before the start.
    pub fn register_opens_at(&self) -> Timestamp {
        self.starts_at.plus_minutes(-CHECK_IN_MARGIN_MINUTES)
    }

    /// "Wednesday 25 November 2026, 10:00 to 11:30" in UK time.
    pub fn when_label(&self) -> String {
        let start = self.starts_at.uk();
        let end = self.ends_at.uk();
        format!("{}, {} to {}", start.day.long_label(), start.clock(), end.clock())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn walk(starts: &str, minutes: i64) -> Session {
        let starts_at = Timestamp::parse(starts).unwrap();
        Session {
            id: SessionId("s1".into()),
            group_id: "g1".into(),
            group_name: "Riverside walk".into(),
            kind: GroupKind::Walking,
            starts_at,
            ends_at: starts_at.plus_minutes(minutes),
            meeting_point: "Bandstand, Victoria Park".into(),
            accessibility: None,
            description: None,
            cancelled: false,
        }
    }

    #[test]
    fn kinds_round_trip_through_their_codes() {
        for kind in GroupKind::ALL {
            assert_eq!(GroupKind::parse(kind.code()), Ok(kind));
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(json, format!("\"{}\"", kind.code()));
        }
        assert!(GroupKind::parse("knitting").is_err());
    }

    #[test]
    fn check_in_is_open_from_an_hour_before_to_an_hour_after() {
        let s = walk("2026-11-25T10:00:00Z", 90);
        let at = |t: &str| Timestamp::parse(t).unwrap();
        assert!(!s.check_in_open(at("2026-11-25T08:59:00Z")));
        assert!(s.check_in_open(at("2026-11-25T09:00:00Z")));
        assert!(s.check_in_open(at("2026-11-25T12:30:00Z")));
        assert!(!s.check_in_open(at("2026-11-25T12:31:00Z")));
        let cancelled = Session { cancelled: true, ..s };
        assert!(!cancelled.check_in_open(at("2026-11-25T10:00:00Z")));
    }

    #[test]
    fn when_label_is_in_uk_time() {
        assert_eq!(walk("2026-07-01T09:00:00Z", 90).when_label(), "Wednesday 1 July 2026, 10:00 to 11:30");
    }
}
