//! Referrals into the programme, before anyone is enrolled: what a GP practice, a probation delivery
//! unit or the person themselves sends, the contact clock (first contact due within a number of
//! working days), each contact attempt, and the outcome. The staff pages and the server parse with
//! these rules, and the JSON of every referral endpoint is defined here.
//!
//! Endpoints (all under `/api/v1`): `POST /referrals` ([`ReferralForm`] → [`ReferralDetail`]),
//! `GET /referrals` ([`Inbox`]), `GET /referrals/{id}` ([`ReferralDetail`]),
//! `GET /referrals/assignees` (the link workers, as [`StaffRef`]s),
//! `POST /referrals/{id}/assignment` ([`AssignmentForm`]), `POST /referrals/{id}/attempts`
//! ([`AttemptForm`] → [`ReferralDetail`]), `POST /referrals/{id}/outcome` ([`OutcomeForm`] →
//! [`OutcomeRecorded`]), `GET /referrals/{id}/gp-bundle` (FHIR), and `GET /reports/referrals`
//! ([`crate::funnel::Funnel`]).

use crate::enrolment::{DisplayName, Enrolled, ReferralSource};
use crate::note::Note;
use crate::time::{Day, Timestamp};
use crate::working_days::WorkingCalendar;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Working days within which first contact is due, unless the service sets another number.
pub const DEFAULT_FIRST_CONTACT_WORKING_DAYS: u32 = 5;
/// "Unable to contact" can be recorded after this many attempts without reaching the person…
pub const UNABLE_TO_CONTACT_ATTEMPTS: usize = 3;
/// …spread over at least this many days (first attempt to last).
pub const UNABLE_TO_CONTACT_DAYS: i64 = 10;

/// A newtype over text with a parser, its error, and serde through `String`.
macro_rules! text_newtype {
    ($(#[$doc:meta])* $name:ident, $error:ident, $message:literal, $parse:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        #[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
        #[error($message)]
        pub struct $error;

        impl $name {
            pub fn parse(text: &str) -> Result<Self, $error> {
                let parse: fn(&str) -> Option<String> = $parse;
                parse(text).map($name).ok_or($error)
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = $error;
            fn try_from(value: String) -> Result<Self, Self::Error> {
                $name::parse(&value)
            }
        }

        impl From<$name> for String {
            fn from(v: $name) -> String {
                v.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

text_newtype!(
    /// An organisation's code in the NHS Organisation Data Service (a GP practice is like `A81001`):
    /// 3 to 10 letters and digits, held upper case.
    OdsCode,
    OdsCodeError,
    "An ODS code has 3 to 10 letters and numbers, like A81001.",
    |text| {
        let code = text.trim().to_ascii_uppercase();
        ((3..=10).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_alphanumeric())).then_some(code)
    }
);

text_newtype!(
    /// A phone number as people write it (`07700 900123`, `+44 7700 900123`): held as digits, with a
    /// leading `+` if given; 10 to 15 digits.
    PhoneNumber,
    PhoneNumberError,
    "Enter a phone number like 07700 900123.",
    |text| {
        let trimmed = text.trim();
        let (plus, rest) = match trimmed.strip_prefix('+') {
            Some(rest) => ("+", rest),
            None => ("", trimmed),
        };
        let digits: String = rest.chars().filter(|c| !matches!(c, ' ' | '-' | '(' | ')')).collect();
        ((10..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()))
            .then(|| format!("{plus}{digits}"))
    }
);

text_newtype!(
    /// An NHS number: 10 digits whose last is the modulus 11 check digit of the first nine
    /// (NHS Data Dictionary, "NHS Number"). Spaces are ignored; held as 10 digits.
    NhsNumber,
    NhsNumberError,
    "An NHS number has 10 digits, like 943 476 5919. Check it against a letter from the NHS.",
    |text| {
        let digits: Vec<u32> = text.chars().filter(|c| *c != ' ').map(|c| c.to_digit(10)).collect::<Option<_>>()?;
        if digits.len() != 10 {
            return None;
        }
        let sum: u32 = digits[..9].iter().zip((2..=10).rev()).map(|(d, w)| d * w).sum();
        let check = match 11 - sum % 11 {
            11 => 0,
            10 => return None,
            c => c,
        };
        (check == digits[9]).then(|| digits.iter().map(|d| char::from(b'0' + *d as u8)).collect())
    }
);

/// A way of contacting someone, as the referral says is safe and as an attempt records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ContactChannel {
    Phone,
    Text,
    Letter,
    InPerson,
    /// Through their probation officer.
    Probation,
}

impl ContactChannel {
    pub const ALL: [ContactChannel; 5] = [
        ContactChannel::Phone,
        ContactChannel::Text,
        ContactChannel::Letter,
        ContactChannel::InPerson,
        ContactChannel::Probation,
    ];

    pub fn label(self) -> &'static str {
        match self {
            ContactChannel::Phone => "Phone call",
            ContactChannel::Text => "Text message",
            ContactChannel::Letter => "Letter",
            ContactChannel::InPerson => "In person",
            ContactChannel::Probation => "Through probation",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            ContactChannel::Phone => "phone",
            ContactChannel::Text => "text",
            ContactChannel::Letter => "letter",
            ContactChannel::InPerson => "in_person",
            ContactChannel::Probation => "probation",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        ContactChannel::ALL.into_iter().find(|c| c.code() == code)
    }
}

/// What happened when someone tried to make contact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AttemptResult {
    Reached,
    NoAnswer,
    LeftMessage,
}

impl AttemptResult {
    pub const ALL: [AttemptResult; 3] = [AttemptResult::Reached, AttemptResult::NoAnswer, AttemptResult::LeftMessage];

    pub fn label(self) -> &'static str {
        match self {
            AttemptResult::Reached => "Reached them",
            AttemptResult::NoAnswer => "No answer",
            AttemptResult::LeftMessage => "Left a message",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            AttemptResult::Reached => "reached",
            AttemptResult::NoAnswer => "no_answer",
            AttemptResult::LeftMessage => "left_message",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        AttemptResult::ALL.into_iter().find(|c| c.code() == code)
    }
}

/// Why someone is referred (choose any; "Other" needs a note).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReferralReason {
    Isolation,
    LowMood,
    Stress,
    PhysicalActivity,
    LeavingCustody,
    Routine,
    Other,
}

impl ReferralReason {
    pub const ALL: [ReferralReason; 7] = [
        ReferralReason::Isolation,
        ReferralReason::LowMood,
        ReferralReason::Stress,
        ReferralReason::PhysicalActivity,
        ReferralReason::LeavingCustody,
        ReferralReason::Routine,
        ReferralReason::Other,
    ];

    pub fn label(self) -> &'static str {
        match self {
            ReferralReason::Isolation => "Lonely or isolated",
            ReferralReason::LowMood => "Low mood or anxiety",
            ReferralReason::Stress => "Stress",
            ReferralReason::PhysicalActivity => "Wants to be more active",
            ReferralReason::LeavingCustody => "Recently left custody",
            ReferralReason::Routine => "Needs routine and structure",
            ReferralReason::Other => "Other",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            ReferralReason::Isolation => "isolation",
            ReferralReason::LowMood => "low_mood",
            ReferralReason::Stress => "stress",
            ReferralReason::PhysicalActivity => "physical_activity",
            ReferralReason::LeavingCustody => "leaving_custody",
            ReferralReason::Routine => "routine",
            ReferralReason::Other => "other",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        ReferralReason::ALL.into_iter().find(|c| c.code() == code)
    }
}

/// `POST /api/v1/referrals`: the staff referral form as sent. [`NewReferral::parse`] applies the
/// rules that join fields together.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReferralForm {
    /// The person's name, or a reference the referrer and link worker recognise.
    pub name: DisplayName,
    /// Helps make sure the right person is contacted.
    #[serde(default)]
    pub date_of_birth: Option<Day>,
    #[serde(default)]
    pub nhs_number: Option<NhsNumber>,
    /// Who referred: a GP practice (`primary_care`, with its ODS code), a probation delivery unit
    /// (`probation`), the person themselves, or someone else.
    pub referral_source: ReferralSource,
    /// The practice, probation delivery unit or other referrer's name.
    #[serde(default)]
    pub referrer_name: Option<DisplayName>,
    /// Needed for a GP practice.
    #[serde(default)]
    pub ods_code: Option<OdsCode>,
    /// The person is in contact with the justice system (on probation, recently released, …).
    pub justice_contact: bool,
    pub reasons: Vec<ReferralReason>,
    #[serde(default)]
    pub reason_note: Option<Note>,
    #[serde(default)]
    pub phone: Option<PhoneNumber>,
    /// A postal address, for letters.
    #[serde(default)]
    pub address: Option<Note>,
    /// The ways it is safe to contact them; attempts any other way are refused.
    pub safe_channels: Vec<ContactChannel>,
    /// When (and how) it is safe to contact them, in words: "Weekdays after 2pm. No voicemail."
    #[serde(default)]
    pub safe_times: Option<Note>,
    /// The person agreed to be contacted by the service.
    pub consent_to_contact: bool,
}

/// Why a referral form cannot be accepted, each with a stable code for the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ReferralFormError {
    #[error("The person must agree to be contacted before they can be referred.")]
    NoConsent,
    #[error("Choose at least one reason for the referral.")]
    NoReason,
    #[error("Say more about the reason in the note when you choose 'Other'.")]
    OtherNeedsNote,
    #[error("Choose at least one way it is safe to contact them.")]
    NoSafeChannel,
    #[error("Add a phone number to contact them by phone or text.")]
    PhoneNeeded,
    #[error("Add an address to contact them by letter.")]
    AddressNeeded,
    #[error("Give the GP practice's ODS code, like A81001.")]
    OdsCodeNeeded,
    #[error("The date of birth cannot be in the future.")]
    BornInFuture,
}

impl ReferralFormError {
    pub fn code(self) -> &'static str {
        match self {
            ReferralFormError::NoConsent => "no_consent",
            ReferralFormError::NoReason => "no_reason",
            ReferralFormError::OtherNeedsNote => "other_needs_note",
            ReferralFormError::NoSafeChannel => "no_safe_channel",
            ReferralFormError::PhoneNeeded => "phone_needed",
            ReferralFormError::AddressNeeded => "address_needed",
            ReferralFormError::OdsCodeNeeded => "ods_code_needed",
            ReferralFormError::BornInFuture => "born_in_future",
        }
    }
}

/// A referral that keeps every rule: consent given, a reason, a safe way to contact them with the
/// details it needs, a GP practice's ODS code. Read its fields through [`std::ops::Deref`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewReferral(ReferralForm);

impl NewReferral {
    /// Checks the form on `today` (UK); repeated reasons and channels are kept once, in order.
    pub fn parse(mut form: ReferralForm, today: Day) -> Result<Self, ReferralFormError> {
        dedup(&mut form.reasons);
        dedup(&mut form.safe_channels);
        let has = |c: ContactChannel| form.safe_channels.contains(&c);
        if !form.consent_to_contact {
            Err(ReferralFormError::NoConsent)
        } else if form.reasons.is_empty() {
            Err(ReferralFormError::NoReason)
        } else if form.reasons.contains(&ReferralReason::Other) && form.reason_note.is_none() {
            Err(ReferralFormError::OtherNeedsNote)
        } else if form.safe_channels.is_empty() {
            Err(ReferralFormError::NoSafeChannel)
        } else if (has(ContactChannel::Phone) || has(ContactChannel::Text)) && form.phone.is_none() {
            Err(ReferralFormError::PhoneNeeded)
        } else if has(ContactChannel::Letter) && form.address.is_none() {
            Err(ReferralFormError::AddressNeeded)
        } else if form.referral_source == ReferralSource::PrimaryCare && form.ods_code.is_none() {
            Err(ReferralFormError::OdsCodeNeeded)
        } else if form.date_of_birth.is_some_and(|d| d > today) {
            Err(ReferralFormError::BornInFuture)
        } else {
            Ok(NewReferral(form))
        }
    }

    pub fn into_form(self) -> ReferralForm {
        self.0
    }
}

impl std::ops::Deref for NewReferral {
    type Target = ReferralForm;
    fn deref(&self) -> &ReferralForm {
        &self.0
    }
}

fn dedup<T: PartialEq + Copy>(items: &mut Vec<T>) {
    let mut seen = Vec::with_capacity(items.len());
    items.retain(|i| {
        let first = !seen.contains(i);
        seen.push(*i);
        first
    });
}

/// How a referral arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Intake {
    /// Typed in by a link worker or administrator.
    StaffForm,
    /// Sent by a referring organisation's system as a FHIR ServiceRequest.
    Fhir,
}

/// A staff member, as a referral names them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffRef {
    pub id: String,
    pub name: String,
}

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

/// Where a referral stands on the contact clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum ContactClock {
    /// Reached on `on`, `working_days` after the referral arrived.
    Contacted { on: Day, working_days: u32, within_target: bool },
    /// Not reached yet; first contact due by the end of `by`.
    Due { by: Day, working_days_left: u32 },
    /// Not reached, and `by` has passed.
    Overdue { by: Day, working_days_over: u32 },
}

impl ContactClock {
    /// The clock of a referral received at `received_at`, first reached at `first_contact_at`,
    /// seen at `now`, with first contact due within `target` working days (UK days).
    pub fn at(
        received_at: Timestamp,
        first_contact_at: Option<Timestamp>,
        now: Timestamp,
        calendar: &WorkingCalendar,
        target: u32,
    ) -> Self {
        let received = received_at.uk_day();
        let by = calendar.add_working_days(received, target);
        match first_contact_at {
            Some(at) => {
                let working_days = calendar.working_days_between(received, at.uk_day());
                ContactClock::Contacted { on: at.uk_day(), working_days, within_target: working_days <= target }
            }
            None => {
                let today = now.uk_day();
                if today > by {
                    ContactClock::Overdue { by, working_days_over: calendar.working_days_between(by, today) }
                } else {
                    ContactClock::Due { by, working_days_left: calendar.working_days_between(today, by) }
                }
            }
        }
    }

    pub fn is_overdue(self) -> bool {
        matches!(self, ContactClock::Overdue { .. })
    }

    /// The clock in words, for the inbox and the referral page.
    pub fn reason(self) -> String {
        let days = |n: u32| if n == 1 { "1 working day".to_string() } else { format!("{n} working days") };
        match self {
            ContactClock::Contacted { on, working_days, .. } => {
                format!("Reached on {}, {} after the referral", on.short_label(), days(working_days))
            }
            ContactClock::Due { by, working_days_left: 0 } => {
                format!("First contact due today ({})", by.short_label())
            }
            ContactClock::Due { by, working_days_left } => {
                format!("First contact due by {} ({} left)", by.short_label(), days(working_days_left))
            }
            ContactClock::Overdue { by, working_days_over } => {
                format!("Overdue: first contact was due by {}, {} ago", by.short_label(), days(working_days_over))
            }
        }
    }
}

/// A referral as the inbox lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReferralSummary {
    pub id: String,
    pub name: String,
    pub referral_source: ReferralSource,
    pub referrer_name: Option<String>,
    pub justice_contact: bool,
    pub received_at: Timestamp,
    pub intake: Intake,
    pub assigned_to: Option<StaffRef>,
    pub attempts: u32,
    pub last_attempt_at: Option<Timestamp>,
    /// The first attempt that reached them.
    pub first_contact_at: Option<Timestamp>,
    pub outcome: Option<Outcome>,
}

/// One line of the inbox: the referral, its clock, and why it is where it is, in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InboxItem {
    pub referral: ReferralSummary,
    pub clock: ContactClock,
    /// Most pressing first: "Overdue: …", "Justice-system contact", "First contact due by …".
    pub reasons: Vec<String>,
    pub suggest_unable_to_contact: bool,
}

impl InboxItem {
    /// The line for `referral`; `suggest_unable_to_contact` from [`unable_to_contact_suggested`].
    pub fn new(referral: ReferralSummary, clock: ContactClock, suggest_unable_to_contact: bool) -> Self {
        let mut reasons = Vec::new();
        if clock.is_overdue() {
            reasons.push(clock.reason());
        }
        if referral.justice_contact {
            reasons.push("Justice-system contact".to_string());
        }
        if !clock.is_overdue() {
            reasons.push(clock.reason());
        }
        if referral.first_contact_at.is_none() && referral.attempts > 0 {
            let tries = if referral.attempts == 1 {
                "1 attempt".to_string()
            } else {
                format!("{} attempts", referral.attempts)
            };
            reasons.push(format!("{tries} so far, not reached yet"));
        }
        if suggest_unable_to_contact {
            reasons.push("You can record 'unable to contact'".to_string());
        }
        InboxItem { referral, clock, reasons, suggest_unable_to_contact }
    }
}

/// `GET /api/v1/referrals`: open referrals (no outcome yet), unassigned first, then assigned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Inbox {
    pub first_contact_working_days: u32,
    pub unassigned: Vec<InboxItem>,
    pub assigned: Vec<InboxItem>,
}

impl Inbox {
    /// Splits and orders the items: overdue first (longest overdue first), then justice contact,
    /// then by due day and time received.
    pub fn new(first_contact_working_days: u32, items: Vec<InboxItem>) -> Self {
        let (mut unassigned, mut assigned): (Vec<_>, Vec<_>) =
            items.into_iter().partition(|i| i.referral.assigned_to.is_none());
        sort_inbox(&mut unassigned);
        sort_inbox(&mut assigned);
        Inbox { first_contact_working_days, unassigned, assigned }
    }
}

/// Overdue (longest first), then justice contact, then the earliest due, then the oldest.
pub fn sort_inbox(items: &mut [InboxItem]) {
    let key = |i: &InboxItem| {
        let (overdue, due) = match i.clock {
            ContactClock::Overdue { by, working_days_over } => (std::cmp::Reverse(working_days_over), by),
            ContactClock::Due { by, .. } => (std::cmp::Reverse(0), by),
            ContactClock::Contacted { on, .. } => (std::cmp::Reverse(0), on),
        };
        (!i.clock.is_overdue(), overdue, !i.referral.justice_contact, due, i.referral.received_at)
    };
    crate::order::sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// `GET /api/v1/referrals/{id}`: everything the referral page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReferralDetail {
    pub item: InboxItem,
    /// What was referred, as received.
    pub details: ReferralForm,
    /// The referring organisation's own identifier, for a FHIR referral.
    pub referrer_identifier: Option<String>,
    pub attempts: Vec<ContactAttempt>,
    pub outcome: Option<RecordedOutcome>,
    /// The participant enrolled from this referral (when accepted).
    pub participant_id: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn at(text: &str) -> Timestamp {
        Timestamp::parse(text).unwrap()
    }

    fn day(text: &str) -> Day {
        Day::parse(text).unwrap()
    }

    fn form() -> ReferralForm {
        ReferralForm {
            name: DisplayName::parse("Sam R").unwrap(),
            date_of_birth: Some(day("1990-04-01")),
            nhs_number: None,
            referral_source: ReferralSource::PrimaryCare,
            referrer_name: Some(DisplayName::parse("Riverside Surgery").unwrap()),
            ods_code: Some(OdsCode::parse("a81001").unwrap()),
            justice_contact: true,
            reasons: vec![ReferralReason::Isolation, ReferralReason::Isolation],
            reason_note: None,
            phone: Some(PhoneNumber::parse("07700 900123").unwrap()),
            address: None,
            safe_channels: vec![ContactChannel::Phone, ContactChannel::Text],
            safe_times: Some(Note::parse("Weekdays after 2pm").unwrap()),
            consent_to_contact: true,
        }
    }

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
    fn small_parsers_accept_what_people_type_and_refuse_the_rest() {
        assert_eq!(OdsCode::parse(" a81001 ").unwrap().as_str(), "A81001");
        assert!(OdsCode::parse("A8-1001").is_err());
        assert!(OdsCode::parse("AB").is_err());
        assert_eq!(PhoneNumber::parse("07700 900-123").unwrap().as_str(), "07700900123");
        assert_eq!(PhoneNumber::parse("+44 (0)7700 900123").unwrap().as_str(), "+4407700900123");
        assert!(PhoneNumber::parse("call me").is_err());
        assert!(PhoneNumber::parse("12345").is_err());
        assert_eq!(NhsNumber::parse("943 476 5919").unwrap().as_str(), "9434765919");
        assert!(NhsNumber::parse("9434765918").is_err(), "wrong check digit");
        assert!(NhsNumber::parse("943476591").is_err());
    }

    /// Whatever `parse` accepts prints as text it reads back as the same value.
    fn reads_back<T: PartialEq + std::fmt::Debug + fmt::Display, E>(text: &str, parse: fn(&str) -> Result<T, E>) {
        if let Ok(value) = parse(text) {
            assert_eq!(parse(&value.to_string()).ok(), Some(value));
        }
    }

    proptest! {
        #[test]
        fn codes_numbers_and_nhs_numbers_read_back_what_they_print(text in "[ +()0-9A-Za-z-]{0,20}") {
            reads_back(&text, OdsCode::parse);
            reads_back(&text, PhoneNumber::parse);
            reads_back(&text, NhsNumber::parse);
        }

        #[test]
        fn an_nhs_number_with_one_digit_changed_is_refused(position in 0usize..10, add in 1u8..10) {
            let mut digits: Vec<u8> = b"9434765919".to_vec();
            digits[position] = b'0' + (digits[position] - b'0' + add) % 10;
            let changed = String::from_utf8(digits).unwrap();
            prop_assert!(NhsNumber::parse(&changed).is_err(), "{changed}");
        }
    }

    #[test]
    fn a_form_keeps_every_rule_or_says_which_it_breaks() {
        let today = day("2026-11-25");
        let ok = NewReferral::parse(form(), today).unwrap();
        assert_eq!(ok.reasons, [ReferralReason::Isolation], "repeats kept once");
        let broken = |change: fn(&mut ReferralForm)| {
            let mut f = form();
            change(&mut f);
            NewReferral::parse(f, today).unwrap_err()
        };
        assert_eq!(broken(|f| f.consent_to_contact = false), ReferralFormError::NoConsent);
        assert_eq!(broken(|f| f.reasons.clear()), ReferralFormError::NoReason);
        assert_eq!(broken(|f| f.reasons = vec![ReferralReason::Other]), ReferralFormError::OtherNeedsNote);
        assert_eq!(broken(|f| f.safe_channels.clear()), ReferralFormError::NoSafeChannel);
        assert_eq!(broken(|f| f.phone = None), ReferralFormError::PhoneNeeded);
        assert_eq!(broken(|f| f.safe_channels = vec![ContactChannel::Letter]), ReferralFormError::AddressNeeded);
        assert_eq!(broken(|f| f.ods_code = None), ReferralFormError::OdsCodeNeeded);
        assert_eq!(broken(|f| f.date_of_birth = Some(day("2026-11-26"))), ReferralFormError::BornInFuture);
        let mut probation = form();
        probation.referral_source = ReferralSource::Probation;
        probation.ods_code = None;
        assert!(NewReferral::parse(probation, today).is_ok(), "only a GP practice needs an ODS code");
    }

    #[test]
    fn the_form_refuses_unknown_fields_and_reads_its_json() {
        let json = r#"{"name":"Sam R","referral_source":"probation","justice_contact":true,"reasons":["stress"],
            "safe_channels":["probation"],"consent_to_contact":true}"#;
        let parsed: ReferralForm = serde_json::from_str(json).unwrap();
        assert_eq!(parsed.safe_channels, [ContactChannel::Probation]);
        assert!(serde_json::from_str::<ReferralForm>(&json.replace("\"name\"", "\"nhs\":1,\"name\"")).is_err());
        assert!(serde_json::from_str::<ReferralForm>(&json.replace("stress", "boredom")).is_err());
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

    #[test]
    fn the_clock_is_due_for_five_working_days_then_overdue() {
        let calendar = WorkingCalendar::default();
        let received = at("2026-11-23T16:00:00Z"); // a Monday
        let clock = |now: &str| ContactClock::at(received, None, at(now), &calendar, 5);
        assert_eq!(clock("2026-11-23T17:00:00Z"), ContactClock::Due { by: day("2026-11-30"), working_days_left: 5 });
        assert_eq!(clock("2026-11-30T23:00:00Z"), ContactClock::Due { by: day("2026-11-30"), working_days_left: 0 });
        assert_eq!(
            clock("2026-12-01T00:00:00Z"),
            ContactClock::Overdue { by: day("2026-11-30"), working_days_over: 1 }
        );
        assert_eq!(
            clock("2026-12-07T09:00:00Z").reason(),
            "Overdue: first contact was due by Mon 30 Nov, 5 working days ago"
        );
        assert_eq!(clock("2026-11-26T09:00:00Z").reason(), "First contact due by Mon 30 Nov (2 working days left)");
        assert_eq!(clock("2026-11-30T09:00:00Z").reason(), "First contact due today (Mon 30 Nov)");
        let reached =
            ContactClock::at(received, Some(at("2026-11-25T10:00:00Z")), at("2026-12-10T10:00:00Z"), &calendar, 5);
        assert_eq!(reached, ContactClock::Contacted { on: day("2026-11-25"), working_days: 2, within_target: true });
        assert_eq!(reached.reason(), "Reached on Wed 25 Nov, 2 working days after the referral");
    }

    #[test]
    fn the_clock_counts_uk_days_and_skips_bank_holidays() {
        let calendar = WorkingCalendar::default();
        // 23:30 UTC on Thursday 24 Dec is still the 24th in the UK (GMT); Fri 25 and Mon 28 are holidays.
        let clock = ContactClock::at(at("2026-12-24T23:30:00Z"), None, at("2027-01-05T12:00:00Z"), &calendar, 5);
        assert_eq!(clock, ContactClock::Due { by: day("2027-01-05"), working_days_left: 0 });
        // In summer time, 23:30 UTC is the next UK day.
        let summer = ContactClock::at(at("2026-06-05T23:30:00Z"), None, at("2026-06-06T12:00:00Z"), &calendar, 1);
        assert_eq!(
            summer,
            ContactClock::Due { by: day("2026-06-08"), working_days_left: 1 },
            "received Sat 6 Jun UK time"
        );
    }

    fn summary(id: &str, justice: bool, received: &str) -> ReferralSummary {
        ReferralSummary {
            id: id.into(),
            name: id.into(),
            referral_source: ReferralSource::PrimaryCare,
            referrer_name: None,
            justice_contact: justice,
            received_at: at(received),
            intake: Intake::StaffForm,
            assigned_to: None,
            attempts: 0,
            last_attempt_at: None,
            first_contact_at: None,
            outcome: None,
        }
    }

    #[test]
    fn the_inbox_puts_overdue_then_justice_contact_first_and_says_why() {
        let calendar = WorkingCalendar::default();
        let now = at("2026-12-03T12:00:00Z");
        let item = |s: ReferralSummary| {
            let clock = ContactClock::at(s.received_at, s.first_contact_at, now, &calendar, 5);
            InboxItem::new(s, clock, false)
        };
        let mut taken = summary("taken", false, "2026-12-02T09:00:00Z");
        taken.assigned_to = Some(StaffRef { id: "lw".into(), name: "Lin".into() });
        let mut tried = summary("overdue-tried", false, "2026-11-20T09:00:00Z");
        tried.attempts = 2;
        let inbox = Inbox::new(
            5,
            vec![
                item(summary("new", false, "2026-12-01T09:00:00Z")),
                item(summary("justice", true, "2026-12-02T09:00:00Z")),
                item(summary("overdue", true, "2026-11-24T09:00:00Z")),
                item(tried),
                item(taken),
            ],
        );
        let order: Vec<&str> = inbox.unassigned.iter().map(|i| i.referral.id.as_str()).collect();
        assert_eq!(order, ["overdue-tried", "overdue", "justice", "new"]);
        assert_eq!(inbox.assigned.len(), 1);
        assert_eq!(
            inbox.unassigned[1].reasons,
            ["Overdue: first contact was due by Tue 1 Dec, 2 working days ago", "Justice-system contact"]
        );
        assert_eq!(inbox.unassigned[0].reasons[1], "2 attempts so far, not reached yet");
        assert_eq!(
            inbox.unassigned[2].reasons,
            ["Justice-system contact", "First contact due by Wed 9 Dec (4 working days left)"]
        );
    }
}
