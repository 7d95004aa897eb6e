//! The sync batch decoder, as the server runs it on `POST /api/v1/sync`: JSON into a `SyncBatch`,
//! then `check`. A batch that passes is within the limits and keeps nothing private.

#![no_main]

use libfuzzer_sys::fuzz_target;
use steady_domain::sync::{Change, SyncBatch, MAX_CHANGES};
use steady_domain::Timestamp;

fuzz_target!(|data: &[u8]| {
    let Some(batch) = steady_fuzz::json_round_trip::<SyncBatch>(data) else { return };
    let now = Timestamp::from_millis(1_795_000_000_000);
    if batch.check(now).is_ok() {
        assert!(batch.changes.len() <= MAX_CHANGES);
        for change in &batch.changes {
            if let Change::Upsert { entry } = change {
                assert!(!entry.keep_private, "a private entry passed the check");
            }
        }
    }
});
