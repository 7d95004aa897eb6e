//! The sharing protocol: what a paired phone sends to `POST /api/v1/sync`, what the server answers,
//! and the limits both sides enforce. Changes are keyed by the entry's client-made id, so a replayed
//! or duplicated batch changes nothing.

use crate::entry::{Entry, EntryId};
use crate::tagged::{required, Tagged};
use crate::time::{ImplausibleTime, Timestamp};
use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Serialize};

/// The most changes one request may carry.
pub const MAX_CHANGES: usize = 500;
/// The largest request body, in bytes.
pub const MAX_BODY_BYTES: usize = 256 * 1024;

/// One change to one shared entry. Written in serde's internally tagged form, and read in one pass as
/// `CHANGE` says.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "op", rename_all = "snake_case", deny_unknown_fields)]
pub enum Change {
    /// Create or update: the server keeps the copy with the latest `updated_at`.
    Upsert { entry: Entry },
    /// Delete: final; a later upsert of the same id is ignored.
    Delete { id: EntryId, deleted_at: Timestamp },
}

/// A change on the wire and in the phone's outbox: `op`, then the change's fields.
const CHANGE: Tagged =
    Tagged { tag: "op", kinds: &["upsert", "delete"], fields: &["entry", "id", "deleted_at"], runs: &[0..1, 1..3] };

/// Read in one pass (`Tagged::read`), as serde's derived reading of the tagged form read it.
impl<'de> Deserialize<'de> for Change {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(ChangeVisitor)
    }
}

struct ChangeVisitor;

impl<'de> Visitor<'de> for ChangeVisitor {
    type Value = Change;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        // As the derived reading says it, so a refusal reads the same.
        f.write_str("internally tagged enum Change")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Change, A::Error> {
        let (mut entry, mut id, mut deleted_at) = (None, None, None);
        let op = CHANGE.read(map, |map, i| {
            match i {
                0 => entry = Some(map.next_value()?),
                1 => id = Some(map.next_value()?),
                _ => deleted_at = Some(map.next_value()?),
            }
            Ok(())
        })?;
        Ok(match op {
            0 => Change::Upsert { entry: required(entry, "entry")? },
            _ => Change::Delete { id: required(id, "id")?, deleted_at: required(deleted_at, "deleted_at")? },
        })
    }
}

impl Change {
    pub fn id(&self) -> &EntryId {
        match self {
            Change::Upsert { entry } => &entry.id,
            Change::Delete { id, .. } => id,
        }
    }

    /// When the participant made this change.
    pub fn changed_at(&self) -> Timestamp {
        match self {
            Change::Upsert { entry } => entry.updated_at,
            Change::Delete { deleted_at, .. } => *deleted_at,
        }
    }
}

/// `POST /api/v1/sync` body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SyncBatch {
    pub changes: Vec<Change>,
}

/// What the server holds for one entry id, as far as applying a change is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stored {
    pub updated_at: Timestamp,
    pub deleted: bool,
}

impl Change {
    /// What applying this change over `stored` does. Deletes are final; an upsert replaces only an
    /// older copy, so replays and out-of-order arrivals change nothing.
    pub fn outcome_over(&self, stored: Option<Stored>) -> Outcome {
        match (self, stored) {
            (_, Some(Stored { deleted: true, .. })) => Outcome::AlreadyApplied,
            (Change::Upsert { entry }, Some(held)) if held.updated_at >= entry.updated_at => Outcome::AlreadyApplied,
            _ => Outcome::Applied,
        }
    }
}

/// What became of one change. Every outcome but `Rejected` means "done, stop sending it".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Stored or deleted now.
    Applied,
    /// The server already had this change or a newer one (a replay, a duplicate, or a delete).
    AlreadyApplied,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Acknowledgement {
    pub id: EntryId,
    pub outcome: Outcome,
}

/// `POST /api/v1/sync` answer: one acknowledgement per change, in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SyncResponse {
    pub acknowledged: Vec<Acknowledgement>,
}

/// `DELETE /api/v1/sync/shared` answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WithdrawResponse {
    pub deleted: u64,
}

/// Why a batch was refused as a whole (nothing in it is stored).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BatchError {
    #[error("A batch can carry at most {MAX_CHANGES} changes; this one has {0}.")]
    TooManyChanges(usize),
    #[error("Entry {0} is marked private and cannot be shared.")]
    PrivateEntry(String),
    #[error("Entry {0}: {1}")]
    Implausible(String, ImplausibleTime),
    #[error("Entry {0} checks out before it checks in, or more than a day after. Check the phone's date and time.")]
    CheckOutOutOfOrder(String),
    #[error("Entry {0} appears more than once in this batch.")]
    Duplicate(String),
}

impl BatchError {
    /// The error's code in the API's `{code, message}` answer.
    pub fn code(&self) -> &'static str {
        match self {
            BatchError::TooManyChanges(_) => "too_many_changes",
            BatchError::PrivateEntry(_) => "private_entry",
            BatchError::Implausible(_, ImplausibleTime::TooLate) => "in_the_future",
            BatchError::Implausible(_, ImplausibleTime::TooEarly) => "too_early",
            BatchError::CheckOutOutOfOrder(_) => "check_out_out_of_order",
            BatchError::Duplicate(_) => "duplicate_change",
        }
    }
}

impl SyncBatch {
    /// Checks the rules a batch must meet as a whole, against the server's clock.
    pub fn check(&self, now: Timestamp) -> Result<(), BatchError> {
        if self.changes.len() > MAX_CHANGES {
            return Err(BatchError::TooManyChanges(self.changes.len()));
        }
        let mut seen = std::collections::HashSet::new();
        for change in &self.changes {
            let id = change.id().as_str().to_string();
            if !seen.insert(id.clone()) {
                return Err(BatchError::Duplicate(id));
            }
            if let Change::Upsert { entry } = change {
                if entry.keep_private {
                    return Err(BatchError::PrivateEntry(id));
                }
                entry.at.check_plausible(now).map_err(|e| BatchError::Implausible(id.clone(), e))?;
                if !entry.check_out_follows_check_in() {
                    return Err(BatchError::CheckOutOutOfOrder(id));
                }
            }
            change.changed_at().check_plausible(now).map_err(|e| BatchError::Implausible(id, e))?;
        }
        Ok(())
    }
}

/// Seconds to wait before the next try after `failures` failed tries in a row: 5 s doubling to at
/// most 5 minutes, so a phone without signal does not drain its battery or data.
pub fn retry_delay_secs(failures: u32) -> u64 {
    if failures == 0 {
        0
    } else {
        (5u64 << (failures - 1).min(6)).min(300)
    }
}

/// Picks the changes for the next request: oldest first, within [`MAX_CHANGES`] and a byte budget
/// (`size` gives each change's encoded size), always at least one so a large entry still goes.
pub fn next_batch<T>(queued: &[T], size: impl Fn(&T) -> usize, budget: usize) -> &[T] {
    let mut used = 0;
    let mut n = 0;
    for item in queued.iter().take(MAX_CHANGES) {
        used += size(item);
        if n > 0 && used > budget {
            break;
        }
        n += 1;
    }
    &queued[..n]
}

/// Whether an entry may ever leave the phone.
pub fn shareable(entry: &Entry) -> bool {
    !entry.keep_private
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entry::tests::{at, id, quick};
    use crate::EntryBody;

    fn now() -> Timestamp {
        at("2026-11-25T10:00:00Z")
    }

    /// Serde's derived reading of a change, as Steady had it before [`ChangeVisitor`]: the reference.
    /// (In a module of its own, so it has the same name, which serde's messages say.)
    mod derived {
        use super::*;

        #[derive(Deserialize)]
        #[serde(tag = "op", rename_all = "snake_case", deny_unknown_fields)]
        pub enum Change {
            Upsert { entry: Entry },
            Delete { id: EntryId, deleted_at: Timestamp },
        }
    }

    #[test]
    fn a_change_reads_as_the_derived_reading_read_it() {
        let entry = serde_json::to_string(&quick(1, "2026-11-25T10:00:00Z", Some(6), None)).unwrap();
        // For each field: absent, null, a good value, a bad one.
        let values = [
            ("entry", [entry.as_str(), r#"{"id":"x"}"#]),
            ("id", [r#""00000000-0000-4000-8000-000000000002""#, r#""nope""#]),
            ("deleted_at", [r#""2026-11-25T11:00:00Z""#, r#""later""#]),
            ("note", ["1", "2"]),
        ];
        let mut read = 0;
        for shape in 0..4usize.pow(4) {
            for op in [r#""upsert""#, r#""delete""#, r#""rename""#, ""] {
                for op_last in [false, true] {
                    let mut fields: Vec<String> = values
                        .iter()
                        .enumerate()
                        .filter_map(|(i, (name, [good, bad]))| match shape / 4usize.pow(i as u32) % 4 {
                            0 => None,
                            1 => Some(format!(r#""{name}":null"#)),
                            2 => Some(format!(r#""{name}":{good}"#)),
                            _ => Some(format!(r#""{name}":{bad}"#)),
                        })
                        .collect();
                    if !op.is_empty() {
                        let tag = format!(r#""op":{op}"#);
                        if op_last {
                            fields.push(tag)
                        } else {
                            fields.insert(0, tag)
                        }
                    }
                    let json = format!("{{{}}}", fields.join(","));
                    let ours = serde_json::from_str::<Change>(&json);
                    let derived = serde_json::from_str::<derived::Change>(&json).map(|c| match c {
                        derived::Change::Upsert { entry } => Change::Upsert { entry },
                        derived::Change::Delete { id, deleted_at } => Change::Delete { id, deleted_at },
                    });
                    let message =
                        |e: serde_json::Error| e.to_string().split(" at line ").next().unwrap_or("").to_string();
                    match (ours, derived) {
                        (Ok(ours), Ok(derived)) => {
                            assert_eq!(ours, derived, "{json}");
                            read += 1;
                        }
                        // With `op` first, as Steady and serde write it, the same message too.
                        (Err(ours), Err(derived)) if !op_last && !op.is_empty() => {
                            assert_eq!(message(ours), message(derived), "{json}")
                        }
                        (Err(_), Err(_)) => {}
                        (ours, derived) => panic!("{json}: ours {ours:?}, derived {derived:?}"),
                    }
                }
            }
        }
        assert_eq!(read, 4, "an upsert and a delete, each with op first or last");
        for json in ["5", r#""upsert""#, "null", "true"] {
            let ours = serde_json::from_str::<Change>(json).map(|_| ()).unwrap_err().to_string();
            let derived = serde_json::from_str::<derived::Change>(json).map(|_| ()).unwrap_err().to_string();
            assert_eq!(ours, derived, "not an object: {json}");
        }
    }

    #[test]
    fn a_good_batch_passes() {
        let batch = SyncBatch {
            changes: vec![
                Change::Upsert { entry: quick(1, "2026-11-25T09:00:00Z", Some(5), Some(6)) },
                Change::Delete { id: id(2), deleted_at: at("2026-11-25T09:30:00Z") },
            ],
        };
        assert_eq!(batch.check(now()), Ok(()));
    }

    #[test]
    fn only_newer_upserts_and_first_deletes_change_what_the_server_holds() {
        let entry = quick(1, "2026-11-25T09:00:00Z", Some(5), Some(6));
        let upsert = Change::Upsert { entry: entry.clone() };
        let delete = Change::Delete { id: id(1), deleted_at: at("2026-11-25T09:30:00Z") };
        let held = |updated_at: &str, deleted| Some(Stored { updated_at: at(updated_at), deleted });
        assert_eq!(upsert.outcome_over(None), Outcome::Applied, "new");
        assert_eq!(upsert.outcome_over(held("2026-11-25T08:00:00Z", false)), Outcome::Applied, "an edit");
        assert_eq!(upsert.outcome_over(held("2026-11-25T09:00:00Z", false)), Outcome::AlreadyApplied, "a replay");
        assert_eq!(
            upsert.outcome_over(held("2026-11-25T09:10:00Z", false)),
            Outcome::AlreadyApplied,
            "older than held"
        );
        assert_eq!(
            upsert.outcome_over(held("2026-11-25T08:00:00Z", true)),
            Outcome::AlreadyApplied,
            "deletes are final"
        );
        assert_eq!(delete.outcome_over(None), Outcome::Applied, "a tombstone for an entry never shared");
        assert_eq!(
            delete.outcome_over(held("2026-11-25T10:00:00Z", false)),
            Outcome::Applied,
            "even over a newer edit"
        );
        assert_eq!(
            delete.outcome_over(held("2026-11-25T08:00:00Z", true)),
            Outcome::AlreadyApplied,
            "a replayed delete"
        );
    }

    #[test]
    fn private_future_duplicate_and_oversized_batches_are_refused() {
        let mut private = quick(1, "2026-11-25T09:00:00Z", Some(5), None);
        private.keep_private = true;
        let refuse = |changes| SyncBatch { changes }.check(now()).unwrap_err();
        assert!(matches!(refuse(vec![Change::Upsert { entry: private }]), BatchError::PrivateEntry(_)));
        let future = quick(2, "2026-11-26T10:01:00Z", Some(5), None);
        assert!(matches!(
            refuse(vec![Change::Upsert { entry: future }]),
            BatchError::Implausible(_, ImplausibleTime::TooLate)
        ));
        let year_zero = r#"{"changes":[{"op":"delete","id":"1b4e28ba-2fa1-41d2-883f-0016d3cca427","deleted_at":"0000-01-01T00:00:00Z"}]}"#;
        assert!(serde_json::from_str::<SyncBatch>(year_zero).is_err(), "year 0 is not a time Steady can hold");
        let before_2020 = Change::Delete { id: id(4), deleted_at: at("2019-06-01T00:00:00Z") };
        assert!(matches!(refuse(vec![before_2020]), BatchError::Implausible(_, ImplausibleTime::TooEarly)));
        let twice = quick(3, "2026-11-25T09:00:00Z", Some(5), None);
        assert!(matches!(
            refuse(vec![Change::Upsert { entry: twice.clone() }, Change::Upsert { entry: twice }]),
            BatchError::Duplicate(_)
        ));
        let many = (0..501).map(|n| Change::Delete { id: id(n), deleted_at: now() }).collect();
        assert_eq!(refuse(many), BatchError::TooManyChanges(501));
    }

    #[test]
    fn a_check_out_before_its_check_in_or_days_later_is_refused() {
        let refuse = |entry| SyncBatch { changes: vec![Change::Upsert { entry }] }.check(now());
        let mut entry = crate::entry::tests::check_in(5, "2026-11-25T08:00:00Z", crate::GroupKind::Walking, 6, 4);
        assert_eq!(refuse(entry.clone()), Ok(()));
        let EntryBody::CheckIn(c) = &mut entry.body else { unreachable!() };
        c.checked_out_at = Some(at("2026-11-25T07:59:00Z"));
        assert!(matches!(refuse(entry.clone()), Err(BatchError::CheckOutOutOfOrder(_))));
        let EntryBody::CheckIn(c) = &mut entry.body else { unreachable!() };
        c.checked_out_at = Some(at("2026-11-26T08:01:00Z"));
        assert!(matches!(refuse(entry), Err(BatchError::CheckOutOutOfOrder(_))));
    }

    #[test]
    fn retries_back_off_to_five_minutes() {
        let delays: Vec<u64> = (0..10).map(retry_delay_secs).collect();
        assert_eq!(delays, [0, 5, 10, 20, 40, 80, 160, 300, 300, 300]);
    }

    #[test]
    fn batches_respect_count_and_size() {
        let items: Vec<usize> = vec![100; 800];
        assert_eq!(next_batch(&items, |s| *s, 1_000_000).len(), MAX_CHANGES);
        assert_eq!(next_batch(&items, |s| *s, 1_000).len(), 10);
        let huge = vec![5_000usize, 10];
        assert_eq!(next_batch(&huge, |s| *s, 1_000).len(), 1, "one oversized change still goes alone");
        assert!(next_batch::<usize>(&[], |s| *s, 1_000).is_empty());
    }

    #[test]
    fn unknown_fields_are_refused() {
        let json = r#"{"changes":[],"extra":1}"#;
        assert!(serde_json::from_str::<SyncBatch>(json).is_err());
        let json = r#"{"changes":[{"op":"delete","id":"00000000-0000-4000-8000-000000000001","deleted_at":"2026-11-25T09:00:00Z","why":"x"}]}"#;
        assert!(serde_json::from_str::<SyncBatch>(json).is_err());
        let json = r#"{"changes":[{"op":"delete","id":"00000000-0000-4000-8000-000000000001","deleted_at":"2026-11-25T09:00:00Z"}]}"#;
        assert!(serde_json::from_str::<SyncBatch>(json).is_ok());
    }

    #[test]
    fn unknown_fields_inside_an_entry_are_refused() {
        let entry = serde_json::to_value(quick(1, "2026-11-25T09:00:00Z", Some(5), None)).unwrap();
        let mut with_extra = entry.clone();
        with_extra["body"]["mood"] = serde_json::json!("fine");
        let batch =
            |e: serde_json::Value| serde_json::json!({ "changes": [{ "op": "upsert", "entry": e }] }).to_string();
        assert!(serde_json::from_str::<SyncBatch>(&batch(entry)).is_ok());
        assert!(serde_json::from_str::<SyncBatch>(&batch(with_extra)).is_err());
    }
}
