//! Working on a referral: who takes it, each contact attempt (only by a channel the referral calls
//! safe; "reached" only once identity is confirmed), and the outcome, with the conditions each
//! outcome needs (for "unable to contact": 3 attempts over at least 10 days).

use super::{
    AttemptResult, ContactChannel, ReferralForm, StaffRef, UNABLE_TO_CONTACT_ATTEMPTS, UNABLE_TO_CONTACT_DAYS,
};
use crate::enrolment::Enrolled;
use crate::note::Note;
use crate::time::{Day, Timestamp};
use serde::{Deserialize, Serialize};

/// How a referral ended (`ReferralOutcome` in the API document, beside a sync change's outcome).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = ReferralOutcome))]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// They joined: enrolled on the accepting link worker's caseload, keeping the link to the referral.
    Accepted,
    /// They said they do not want social prescribing.
    Declined,
    /// Not reached after [`UNABLE_TO_CONTACT_ATTEMPTS`] attempts over [`UNABLE_TO_CONTACT_DAYS`] days.
    UnableToContact,
    NotSuitable,
    ReferredElsewhere,
}

impl Outcome {
    pub const ALL: [Outcome; 5] = [
        Outcome::Accepted,
        Outcome::Declined,
        Outcome::UnableToContact,
        Outcome::NotSuitable,
        Outcome::ReferredElsewhere,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Outcome::Accepted => "Accepted",
            Outcome::Declined => "Declined",
            Outcome::UnableToContact => "Unable to contact",
            Outcome::NotSuitable => "Not suitable",
            Outcome::ReferredElsewhere => "Referred elsewhere",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Outcome::Accepted => "accepted",
            Outcome::Declined => "declined",
            Outcome::UnableToContact => "unable_to_contact",
            Outcome::NotSuitable => "not_suitable",
            Outcome::ReferredElsewhere => "referred_elsewhere",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Outcome::ALL.into_iter().find(|c| c.code() == code)
    }
}

/// What goes back to the GP record, as the person chooses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum GpSharing {
    /// The referral and its outcome as codes, nothing else.
    #[default]
    CodesOnly,
    /// Also the self-ratings the participant shares with their link worker.
    CodesAndSelfRatings,
}

impl GpSharing {
    pub fn code(self) -> &'static str {
        match self {
            GpSharing::CodesOnly => "codes_only",
            GpSharing::CodesAndSelfRatings => "codes_and_self_ratings",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        [GpSharing::CodesOnly, GpSharing::CodesAndSelfRatings].into_iter().find(|c| c.code() == code)
    }
}

/// `POST /api/v1/referrals/{id}/assignment`: who works on the referral. A link worker can take an
/// unassigned referral (their own id); an administrator can give one to any link worker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AssignmentForm {
    pub link_worker_id: String,
}

/// `POST /api/v1/referrals/{id}/attempts`: one try at contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AttemptForm {
    pub channel: ContactChannel,
    pub result: AttemptResult,
    #[serde(default)]
    pub note: Option<Note>,
    /// For `reached`: the link worker checked they were speaking to the person referred (name and
    /// date of birth, or NHS number).
    #[serde(default)]
    pub identity_confirmed: bool,
}

/// Why an attempt cannot be recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AttemptError {
    #[error("The referral says it is not safe to contact them this way. Use one of the ways it lists.")]
    ChannelNotSafe,
    #[error("Check you are speaking to the person referred (name and date of birth) before recording that you reached them.")]
    IdentityNotConfirmed,
}

impl AttemptError {
    pub fn code(self) -> &'static str {
        match self {
            AttemptError::ChannelNotSafe => "channel_not_safe",
            AttemptError::IdentityNotConfirmed => "identity_not_confirmed",
        }
    }
}

impl AttemptForm {
    /// The attempt keeps the referral's safe channels and, when it reached someone, confirmed who.
    pub fn check(&self, referral: &ReferralForm) -> Result<(), AttemptError> {
        if !referral.safe_channels.contains(&self.channel) {
            Err(AttemptError::ChannelNotSafe)
        } else if self.result == AttemptResult::Reached && !self.identity_confirmed {
            Err(AttemptError::IdentityNotConfirmed)
        } else {
            Ok(())
        }
    }
}

/// A recorded contact attempt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactAttempt {
    pub at: Timestamp,
    pub by: StaffRef,
    pub channel: ContactChannel,
    pub result: AttemptResult,
    pub note: Option<String>,
    pub identity_confirmed: bool,
}

/// `POST /api/v1/referrals/{id}/outcome`: how the referral ends (once).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct OutcomeForm {
    pub outcome: Outcome,
    /// Needed for "not suitable" (why) and "referred elsewhere" (where).
    #[serde(default)]
    pub note: Option<Note>,
    /// What the GP record receives, as the person chose.
    #[serde(default)]
    pub gp_sharing: GpSharing,
    /// For "accepted": the day consent to share was discussed (as when enrolling).
    #[serde(default)]
    pub consent_discussed_on: Option<Day>,
}

/// Why an outcome cannot be recorded (yet).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum OutcomeError {
    #[error("Record reaching the person before recording that they accepted or declined.")]
    NotReached,
    #[error("Give the day consent to share was discussed with them.")]
    ConsentDayNeeded,
    #[error("The day consent was discussed cannot be in the future.")]
    ConsentDayInFuture,
    #[error("'Unable to contact' can be recorded after 3 attempts over at least 10 days without reaching them.")]
    TooSoonToGiveUp,
    #[error("Add a note saying why, or where they were referred.")]
    NoteNeeded,
}

impl OutcomeError {
    pub fn code(self) -> &'static str {
        match self {
            OutcomeError::NotReached => "not_reached",
            OutcomeError::ConsentDayNeeded => "consent_day_needed",
            OutcomeError::ConsentDayInFuture => "consent_in_future",
            OutcomeError::TooSoonToGiveUp => "too_soon_to_give_up",
            OutcomeError::NoteNeeded => "note_needed",
        }
    }
}

impl OutcomeForm {
    /// Whether this outcome can be recorded after these attempts, on `today` (UK).
    pub fn check(&self, attempts: &[ContactAttempt], today: Day) -> Result<(), OutcomeError> {
        let reached = attempts.iter().any(|a| a.result == AttemptResult::Reached);
        match self.outcome {
            Outcome::Accepted | Outcome::Declined if !reached => Err(OutcomeError::NotReached),
            Outcome::Accepted => match self.consent_discussed_on {
                None => Err(OutcomeError::ConsentDayNeeded),
                Some(day) if day > today => Err(OutcomeError::ConsentDayInFuture),
                Some(_) => Ok(()),
            },
            Outcome::UnableToContact if !unable_to_contact_suggested(attempts) => Err(OutcomeError::TooSoonToGiveUp),
            Outcome::NotSuitable | Outcome::ReferredElsewhere if self.note.is_none() => Err(OutcomeError::NoteNeeded),
            _ => Ok(()),
        }
    }
}

/// "Unable to contact" is suggested (and allowed) once [`UNABLE_TO_CONTACT_ATTEMPTS`] attempts,
/// none reaching the person, span at least [`UNABLE_TO_CONTACT_DAYS`] days.
pub fn unable_to_contact_suggested(attempts: &[ContactAttempt]) -> bool {
    if attempts.len() < UNABLE_TO_CONTACT_ATTEMPTS || attempts.iter().any(|a| a.result == AttemptResult::Reached) {
        return false;
    }
    let first = attempts.iter().map(|a| a.at).min();
    let last = attempts.iter().map(|a| a.at).max();
    matches!((first, last), (Some(f), Some(l)) if l >= f.plus_days(UNABLE_TO_CONTACT_DAYS))
}

/// A recorded outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecordedOutcome {
    pub outcome: Outcome,
    pub at: Timestamp,
    pub by: StaffRef,
    pub note: Option<String>,
    pub gp_sharing: GpSharing,
}

/// `POST /api/v1/referrals/{id}/outcome` answer: the outcome, and for "accepted" the enrolment
/// (participant and first pairing code), as `POST /api/v1/participants` gives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OutcomeRecorded {
    pub outcome: RecordedOutcome,
    pub enrolled: Option<Enrolled>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::referral::tests::{at, day, form};

    fn attempt(when: &str, result: AttemptResult) -> ContactAttempt {
        ContactAttempt {
            at: at(when),
            by: StaffRef { id: "lw".into(), name: "Lin".into() },
            channel: ContactChannel::Phone,
            result,
            note: None,
            identity_confirmed: result == AttemptResult::Reached,
        }
    }

    #[test]
    fn an_attempt_keeps_to_safe_channels_and_confirms_who_was_reached() {
        let referral = form();
        let mut attempt = AttemptForm {
            channel: ContactChannel::Letter,
            result: AttemptResult::NoAnswer,
            note: None,
            identity_confirmed: false,
        };
        assert_eq!(attempt.check(&referral), Err(AttemptError::ChannelNotSafe));
        attempt.channel = ContactChannel::Phone;
        assert_eq!(attempt.check(&referral), Ok(()));
        attempt.result = AttemptResult::Reached;
        assert_eq!(attempt.check(&referral), Err(AttemptError::IdentityNotConfirmed));
        attempt.identity_confirmed = true;
        assert_eq!(attempt.check(&referral), Ok(()));
    }

    #[test]
    fn unable_to_contact_needs_three_unanswered_attempts_over_ten_days() {
        let two = [
            attempt("2026-11-02T10:00:00Z", AttemptResult::NoAnswer),
            attempt("2026-11-20T10:00:00Z", AttemptResult::LeftMessage),
        ];
        assert!(!unable_to_contact_suggested(&two));
        let mut three = two.to_vec();
        three.push(attempt("2026-11-05T10:00:00Z", AttemptResult::NoAnswer));
        assert!(unable_to_contact_suggested(&three));
        let quick = [
            attempt("2026-11-02T10:00:00Z", AttemptResult::NoAnswer),
            attempt("2026-11-05T10:00:00Z", AttemptResult::NoAnswer),
            attempt("2026-11-12T09:59:59Z", AttemptResult::NoAnswer),
        ];
        assert!(!unable_to_contact_suggested(&quick), "just under 10 days");
        let mut reached = three.clone();
        reached.push(attempt("2026-11-21T10:00:00Z", AttemptResult::Reached));
        assert!(!unable_to_contact_suggested(&reached));
    }

    #[test]
    fn each_outcome_has_its_own_conditions() {
        let today = day("2026-11-25");
        let outcome = |outcome, note: Option<&str>, consent: Option<&str>| OutcomeForm {
            outcome,
            note: note.map(|n| Note::parse(n).unwrap()),
            gp_sharing: GpSharing::CodesOnly,
            consent_discussed_on: consent.map(day),
        };
        let none: [ContactAttempt; 0] = [];
        let reached = [attempt("2026-11-24T10:00:00Z", AttemptResult::Reached)];
        assert_eq!(
            outcome(Outcome::Accepted, None, Some("2026-11-24")).check(&none, today),
            Err(OutcomeError::NotReached)
        );
        assert_eq!(outcome(Outcome::Declined, None, None).check(&none, today), Err(OutcomeError::NotReached));
        assert_eq!(outcome(Outcome::Declined, None, None).check(&reached, today), Ok(()));
        assert_eq!(outcome(Outcome::Accepted, None, None).check(&reached, today), Err(OutcomeError::ConsentDayNeeded));
        assert_eq!(
            outcome(Outcome::Accepted, None, Some("2026-11-26")).check(&reached, today),
            Err(OutcomeError::ConsentDayInFuture)
        );
        assert_eq!(outcome(Outcome::Accepted, None, Some("2026-11-25")).check(&reached, today), Ok(()));
        assert_eq!(
            outcome(Outcome::UnableToContact, None, None).check(&none, today),
            Err(OutcomeError::TooSoonToGiveUp)
        );
        assert_eq!(outcome(Outcome::NotSuitable, None, None).check(&none, today), Err(OutcomeError::NoteNeeded));
        assert_eq!(outcome(Outcome::ReferredElsewhere, Some("Housing team"), None).check(&none, today), Ok(()));
    }
}
