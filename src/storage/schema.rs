//! The IndexedDB schema and its upgrade steps, one per version.

use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;

pub const DB_NAME: &str = "steady";
pub const VERSION: u32 = 3;

pub const ENTRIES: &str = "entries";
pub const META: &str = "meta";
pub const SCHEDULE: &str = "schedule";
pub const OUTBOX: &str = "outbox";

/// Settings kept in clear under `meta`: the lock's own record, and when the public schedule was fetched.
pub const LOCK: &str = "lock";
pub const SCHEDULE_FETCHED_AT: &str = "schedule_fetched_at";

/// Brings a database from `old_version` to `new_version` (normally [`VERSION`]), step by step,
/// inside the browser's version-change transaction, so a failed step leaves the old version in place.
/// Tests use a lower `new_version` to build a database as an older app left it.
pub fn upgrade(old_version: u32, new_version: u32, db: &Database) -> indexed_db_futures::Result<()> {
    let step = |version: u32| old_version < version && version <= new_version;
    if step(1) {
        db.create_object_store(ENTRIES).with_key_path("id".into()).build()?;
    }
    if step(2) {
        db.create_object_store(META).with_key_path("key".into()).build()?;
        db.create_object_store(SCHEDULE).with_key_path("id".into()).build()?;
    }
    if step(3) {
        db.create_object_store(OUTBOX).with_key_path("id".into()).build()?;
    }
    Ok(())
}
