//! Steady's domain: the types a participant's data is made of, parsed so that invalid values cannot
//! exist, and the pure summaries (trends, "what helps me", crisis checks, exports) built from them.
//!
//! No I/O lives here: the PWA (compiled to wasm) and the server (native) both depend on this crate, so
//! both validate and summarise the same way, and everything here is unit-tested natively.

pub mod accounts;
pub mod api;
pub mod attendance;
pub mod backup;
pub mod crisis;
pub mod decimal;
pub mod enrolment;
pub mod entry;
pub mod export;
pub mod facts;
pub mod funnel;
pub mod group;
pub mod ics;
pub mod journal;
pub mod lock;
pub mod note;
pub mod ons4;
#[cfg(feature = "openapi")]
mod openapi;
pub mod order;
pub mod rating;
pub mod referral;
pub mod report;
pub mod review;
pub mod summary;
pub mod sync;
mod tagged;
pub mod time;
pub mod wire;
pub mod words;
pub mod working_days;

pub use entry::{CheckIn, Edit, Entry, EntryBody, EntryId, QuickLog};
pub use group::{GroupKind, Session, SessionId};
pub use note::Note;
pub use ons4::Ons4Response;
pub use rating::Rating;
pub use time::{Day, Timestamp};
