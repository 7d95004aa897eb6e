//! Every JSON request body the server accepts, and a stored entry: whatever decodes must encode and
//! decode again to the same value. The first byte picks the type.

#![no_main]

use libfuzzer_sys::fuzz_target;
use steady_domain::attendance::{CodeCheckIn, Marks, SessionChange};
use steady_domain::enrolment::{NewParticipant, PairRequest};
use steady_domain::entry::Entry;
use steady_domain::referral::{AssignmentForm, AttemptForm, NewReferral, OutcomeForm, ReferralForm};
use steady_domain::review::NewReview;
use steady_fuzz::json_round_trip;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, json)) = data.split_first() else { return };
    match pick % 12 {
        0 => drop(json_round_trip::<Entry>(json)),
        1 => drop(json_round_trip::<NewParticipant>(json)),
        2 => drop(json_round_trip::<PairRequest>(json)),
        3 => drop(json_round_trip::<SessionChange>(json)),
        4 => drop(json_round_trip::<Marks>(json)),
        5 => drop(json_round_trip::<CodeCheckIn>(json)),
        6 => drop(json_round_trip::<NewReview>(json)),
        7 => {
            // A form that keeps the rules keeps them again, unchanged, once parsed.
            let Some(form) = json_round_trip::<ReferralForm>(json) else { return };
            let today = steady_domain::Day::from_days_since_epoch(20_500);
            if let Ok(referral) = NewReferral::parse(form, today) {
                let again = NewReferral::parse(referral.clone().into_form(), today).expect("still keeps the rules");
                assert_eq!(again, referral);
            }
        }
        8 => drop(json_round_trip::<AttemptForm>(json)),
        9 => drop(json_round_trip::<OutcomeForm>(json)),
        10 => drop(json_round_trip::<AssignmentForm>(json)),
        _ => {
            let _ = serde_json::from_slice::<steady_domain::accounts::SignIn>(json);
            let _ = serde_json::from_slice::<steady_domain::accounts::SetPassword>(json);
        }
    }
});
