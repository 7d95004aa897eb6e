//! Referrals into the programme, before anyone is enrolled: what a GP practice, a probation delivery
//! unit or the person themselves sends, the contact clock (first contact due within a number of
//! working days), each contact attempt, and the outcome. The staff pages and the server parse with
//! these rules, and the JSON of every referral endpoint is defined here.
//!
//! Endpoints (all under `/api/v1`): `POST /referrals` ([`ReferralForm`] → [`ReferralDetail`]),
//! `GET /referrals` ([`Inbox`]), `GET /referrals/{id}` ([`ReferralDetail`]),
//! `GET /referrals/assignees` (the link workers, as [`StaffRef`]s), `GET /referrals/closed` (those with an
//! outcome in the last 92 days, as [`ReferralSummary`]s, latest first),
//! `POST /referrals/{id}/assignment` ([`AssignmentForm`]), `POST /referrals/{id}/attempts`
//! ([`AttemptForm`] → [`ReferralDetail`]), `POST /referrals/{id}/outcome` ([`OutcomeForm`] →
//! [`OutcomeRecorded`]), `GET /referrals/{id}/gp-bundle` (FHIR), and `GET /reports/referrals`
//! ([`crate::funnel::Funnel`]).

mod contact;
mod inbox;

pub use contact::*;
pub use inbox::*;

use crate::enrolment::{DisplayName, ReferralSource};
use crate::note::Note;
use crate::time::Day;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::Timestamp;
    use proptest::prelude::*;

    pub(super) fn at(text: &str) -> Timestamp {
        Timestamp::parse(text).unwrap()
    }

    pub(super) fn day(text: &str) -> Day {
        Day::parse(text).unwrap()
    }

    pub(super) fn form() -> ReferralForm {
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
}
