//! Every domain parser of text (and the rating parser of numbers). Whatever a parser accepts must
//! print as text it reads back as the same value; a rating exists only from 0 to 10. The first byte
//! picks the parser.

#![no_main]

use libfuzzer_sys::fuzz_target;
use steady_domain::accounts::Role;
use steady_domain::attendance::{PersonKey, SessionCode};
use steady_domain::enrolment::{DisplayName, PairingCode, ReferralSource};
use steady_domain::facts::EntryFacts;
use steady_domain::referral::{
    AttemptResult, ContactChannel, NhsNumber, OdsCode, Outcome, PhoneNumber, ReferralReason,
};
use steady_domain::{Day, EntryId, GroupKind, Note, Rating, Timestamp};
use steady_fuzz::text_round_trip;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    match pick % 18 {
        0 => drop(text_round_trip(text, Timestamp::parse, Timestamp::to_string)),
        1 => drop(text_round_trip(text, |t| Day::parse(t).ok_or(()), Day::to_string)),
        2 => {
            if let Some(at) = Timestamp::parse_uk_local(text) {
                let day = text.split_once('T').and_then(|(day, _)| Day::parse(day));
                assert_eq!(Some(at.uk_day()), day, "a UK wall-clock time falls on the day it names");
            }
        }
        3 => drop(text_round_trip(text, EntryId::parse, |id| id.as_str().to_string())),
        4 => drop(text_round_trip(text, GroupKind::parse, |kind| kind.code().to_string())),
        5 => drop(text_round_trip(text, Role::parse, |role| role.code().to_string())),
        6 => drop(text_round_trip(text, |t| ReferralSource::parse(t).ok_or(()), |r| r.code().to_string())),
        7 => drop(text_round_trip(text, DisplayName::parse, |name| name.as_str().to_string())),
        8 => drop(text_round_trip(text, PairingCode::parse, |code| code.as_str().to_string())),
        9 => drop(text_round_trip(text, PersonKey::parse, |key| key.as_str().to_string())),
        10 => drop(text_round_trip(text, SessionCode::parse, |code| code.as_str().to_string())),
        11 => drop(text_round_trip(text, Note::parse, |note| note.as_str().to_string())),
        12 => drop(text_round_trip(text, EntryFacts::parse, EntryFacts::encode)),
        13 => drop(text_round_trip(text, OdsCode::parse, |code| code.as_str().to_string())),
        14 => drop(text_round_trip(text, PhoneNumber::parse, |number| number.as_str().to_string())),
        15 => drop(text_round_trip(text, NhsNumber::parse, |number| number.as_str().to_string())),
        16 => {
            let _ = text_round_trip(text, |t| ContactChannel::parse(t).ok_or(()), |c| c.code().to_string());
            let _ = text_round_trip(text, |t| AttemptResult::parse(t).ok_or(()), |r| r.code().to_string());
            let _ = text_round_trip(text, |t| ReferralReason::parse(t).ok_or(()), |r| r.code().to_string());
            let _ = text_round_trip(text, |t| Outcome::parse(t).ok_or(()), |o| o.code().to_string());
        }
        _ => {
            let Ok(bytes) = <[u8; 8]>::try_from(rest.get(..8).unwrap_or_default()) else { return };
            let number = i64::from_le_bytes(bytes);
            match Rating::new(number) {
                Ok(rating) => assert_eq!(i64::from(rating.value()), number),
                Err(_) => assert!(!(0..=10).contains(&number), "{number} is a valid rating"),
            }
        }
    }
});
