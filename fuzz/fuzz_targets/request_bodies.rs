//! Every JSON request body the server accepts, and a stored entry: whatever decodes must encode and
//! decode again to the same value. The first byte picks the type.

#![no_main]

use libfuzzer_sys::fuzz_target;
use steady_domain::attendance::{CodeCheckIn, Marks, SessionChange};
use steady_domain::enrolment::{NewParticipant, PairRequest};
use steady_domain::entry::Entry;
use steady_domain::review::NewReview;
use steady_fuzz::json_round_trip;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, json)) = data.split_first() else { return };
    match pick % 8 {
        0 => drop(json_round_trip::<Entry>(json)),
        1 => drop(json_round_trip::<NewParticipant>(json)),
        2 => drop(json_round_trip::<PairRequest>(json)),
        3 => drop(json_round_trip::<SessionChange>(json)),
        4 => drop(json_round_trip::<Marks>(json)),
        5 => drop(json_round_trip::<CodeCheckIn>(json)),
        6 => drop(json_round_trip::<NewReview>(json)),
        _ => {
            let _ = serde_json::from_slice::<steady_domain::accounts::SignIn>(json);
            let _ = serde_json::from_slice::<steady_domain::accounts::SetPassword>(json);
        }
    }
});
