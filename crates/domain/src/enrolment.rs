//! Enrolling a participant and linking their phone: the participant record a link worker creates,
//! and the one-time pairing code the phone exchanges for a device token.

use crate::time::{Day, Timestamp};
use serde::{Deserialize, Serialize};

/// How the participant came to the programme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReferralSource {
    Probation,
    PrimaryCare,
    SelfReferral,
    Other,
}

impl ReferralSource {
    pub const ALL: [ReferralSource; 4] =
        [ReferralSource::Probation, ReferralSource::PrimaryCare, ReferralSource::SelfReferral, ReferralSource::Other];

    pub fn label(self) -> &'static str {
        match self {
            ReferralSource::Probation => "Probation",
            ReferralSource::PrimaryCare => "GP or primary care",
            ReferralSource::SelfReferral => "Self-referral",
            ReferralSource::Other => "Other",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            ReferralSource::Probation => "probation",
            ReferralSource::PrimaryCare => "primary_care",
            ReferralSource::SelfReferral => "self_referral",
            ReferralSource::Other => "other",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        ReferralSource::ALL.into_iter().find(|r| r.code() == code)
    }
}

/// A name or reference the link worker and participant recognise: 1 to 80 characters, no NHS number
/// needed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DisplayName(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DisplayNameError {
    #[error("Enter a name or reference.")]
    Empty,
    #[error("Names can be up to 80 characters.")]
    TooLong,
}

impl DisplayName {
    /// The length limit counts the text as sent, spaces included, as the API document's `maxLength`
    /// does.
    pub fn parse(text: &str) -> Result<Self, DisplayNameError> {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            Err(DisplayNameError::Empty)
        } else if text.chars().count() > 80 {
            Err(DisplayNameError::TooLong)
        } else {
            Ok(DisplayName(trimmed.to_string()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for DisplayName {
    type Error = DisplayNameError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        DisplayName::parse(&value)
    }
}

impl From<DisplayName> for String {
    fn from(n: DisplayName) -> String {
        n.0
    }
}

/// `POST /api/v1/participants`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewParticipant {
    pub display_name: DisplayName,
    pub referral_source: ReferralSource,
    pub justice_contact: bool,
    /// The day consent to share was discussed with the participant.
    pub consent_discussed_on: Day,
}

/// A participant on a link worker's caseload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Participant {
    pub id: String,
    pub display_name: String,
    pub referral_source: ReferralSource,
    pub justice_contact: bool,
    pub consent_discussed_on: Day,
    pub created_at: Timestamp,
    /// Whether a phone is linked now (paired and not revoked).
    pub linked: bool,
    pub shared_entries: u64,
}

/// The letters a pairing code uses: no 0/O, 1/I/L, so it can be read aloud and typed without doubt.
pub const PAIRING_ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
pub const PAIRING_CODE_LEN: usize = 8;
/// How long a pairing code works.
pub const PAIRING_CODE_HOURS: i64 = 72;

/// A one-time code a phone exchanges for a device token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PairingCode(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("A linking code has 8 letters and numbers, like 7KQ4 MZ2P.")]
pub struct PairingCodeError;

impl PairingCode {
    /// Accepts the code as people type it: any case, with spaces or dashes.
    pub fn parse(text: &str) -> Result<Self, PairingCodeError> {
        let code: String =
            text.chars().filter(|c| !c.is_whitespace() && *c != '-').map(|c| c.to_ascii_uppercase()).collect();
        if code.len() == PAIRING_CODE_LEN && code.bytes().all(|b| PAIRING_ALPHABET.contains(&b)) {
            Ok(PairingCode(code))
        } else {
            Err(PairingCodeError)
        }
    }

    /// Makes a code from random bytes (one per character, unbiased by rejection).
    pub fn from_random(mut random_byte: impl FnMut() -> u8) -> Self {
        let n = PAIRING_ALPHABET.len() as u8;
        let limit = u8::MAX - (u8::MAX % n);
        let code = (0..PAIRING_CODE_LEN)
            .map(|_| loop {
                let b = random_byte();
                if b < limit {
                    break PAIRING_ALPHABET[(b % n) as usize] as char;
                }
            })
            .collect();
        PairingCode(code)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// "7KQ4 MZ2P": easier to read aloud.
    pub fn spaced(&self) -> String {
        format!("{} {}", &self.0[..4], &self.0[4..])
    }
}

impl TryFrom<String> for PairingCode {
    type Error = PairingCodeError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        PairingCode::parse(&value)
    }
}

impl From<PairingCode> for String {
    fn from(c: PairingCode) -> String {
        c.0
    }
}

/// A fresh pairing code, as the link worker sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IssuedCode {
    pub code: PairingCode,
    pub expires_at: Timestamp,
    /// The link a phone can open to pair (also in the QR code).
    pub link: String,
    /// The QR code of `link`, as SVG.
    pub qr_svg: String,
}

/// `POST /api/v1/participants` answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Enrolled {
    pub participant: Participant,
    pub pairing: IssuedCode,
}

/// `POST /api/v1/pair`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PairRequest {
    pub code: PairingCode,
}

/// `POST /api/v1/pair` answer: the device token is shown to the phone once and stored only hashed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Paired {
    pub device_token: String,
    pub participant_name: String,
    pub link_worker_name: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_padded_past_80_characters_is_too_long_as_sent() {
        assert_eq!(DisplayName::parse(&format!("Sam{}", " ".repeat(80))), Err(DisplayNameError::TooLong));
        assert_eq!(DisplayName::parse(&format!("Sam{}", " ".repeat(77))).unwrap().as_str(), "Sam");
    }

    #[test]
    fn codes_are_forgiving_to_type_but_strict_in_content() {
        assert_eq!(PairingCode::parse("7kq4 mz2p").unwrap().as_str(), "7KQ4MZ2P");
        assert_eq!(PairingCode::parse("7KQ4-MZ2P").unwrap().spaced(), "7KQ4 MZ2P");
        assert!(PairingCode::parse("7KQ4MZ2").is_err());
        assert!(PairingCode::parse("7KQ4MZ2O").is_err(), "O is not in the alphabet");
        assert!(PairingCode::parse("7KQ4MZ21").is_err(), "1 is not in the alphabet");
    }

    #[test]
    fn random_codes_use_only_the_alphabet() {
        let mut x: u8 = 0;
        let code = PairingCode::from_random(|| {
            x = x.wrapping_add(97);
            x
        });
        assert!(PairingCode::parse(code.as_str()).is_ok());
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(DisplayName::parse("  Sam R ").unwrap().as_str(), "Sam R");
        assert_eq!(DisplayName::parse(" "), Err(DisplayNameError::Empty));
        assert_eq!(DisplayName::parse(&"x".repeat(81)), Err(DisplayNameError::TooLong));
    }

    #[test]
    fn a_new_participant_refuses_unknown_fields_and_bad_dates() {
        let ok = r#"{"display_name":"Sam","referral_source":"probation","justice_contact":true,"consent_discussed_on":"2026-11-20"}"#;
        assert!(serde_json::from_str::<NewParticipant>(ok).is_ok());
        assert!(serde_json::from_str::<NewParticipant>(&ok.replace("2026-11-20", "2026-02-30")).is_err());
        let extra = r#"{"display_name":"Sam","referral_source":"probation","justice_contact":true,"consent_discussed_on":"2026-11-20","nhs_number":"1"}"#;
        assert!(serde_json::from_str::<NewParticipant>(extra).is_err());
    }
}
