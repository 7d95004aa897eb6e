//! The recent entry facts of each participant a caseload showed, kept in this process's memory so
//! the next view of the caseload needn't read and parse thousands of entries again. Every lookup
//! names the participant's `entries_version` as the database holds it now (it counts each change
//! to their shared entries, in the change's own transaction), and only a copy read at that same
//! version is used: several server processes, each with its own cache, stay as correct as one.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use steady_domain::facts::EntryFacts;
use steady_domain::Timestamp;

/// Participants kept at most; past this the cache starts again empty (a caseload refills it).
const CAPACITY: usize = 20_000;

/// Facts by participant, shared by every request of this process.
#[derive(Clone, Default)]
pub struct FactsCache {
    kept: Arc<Mutex<HashMap<String, Kept>>>,
}

struct Kept {
    version: i64,
    /// Every live entry from this moment on is in `facts`.
    since: Timestamp,
    facts: Arc<[EntryFacts]>,
}

impl FactsCache {
    /// The participant's facts of entries from `since` on (and perhaps a few older ones), if kept
    /// at `version`.
    pub fn get(&self, participant: &str, version: i64, since: Timestamp) -> Option<Arc<[EntryFacts]>> {
        let kept = self.kept.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        kept.get(participant).filter(|k| k.version == version && k.since <= since).map(|k| k.facts.clone())
    }

    /// Keeps facts read at `version`, of every live entry from `since` on.
    pub fn put(&self, participant: &str, version: i64, since: Timestamp, facts: Arc<[EntryFacts]>) {
        let mut kept = self.kept.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if kept.len() >= CAPACITY && !kept.contains_key(participant) {
            kept.clear();
        }
        kept.insert(participant.to_string(), Kept { version, since, facts });
    }
}

/// Records, inside the transaction that changed them, that a participant's shared entries changed.
pub async fn entries_changed(tx: &mut sqlx::AnyConnection, participant: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE participants SET entries_version = entries_version + 1 WHERE id = $1").bind(participant).execute(tx).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(at: i64) -> Arc<[EntryFacts]> {
        Arc::from(vec![EntryFacts { at: Timestamp::from_millis(at), stress: vec![], wellbeing: vec![], check_in: None }])
    }

    #[test]
    fn a_copy_is_used_only_at_its_version_and_for_a_window_it_covers() {
        let cache = FactsCache::default();
        cache.put("p", 3, Timestamp::from_millis(1_000), facts(5_000));
        assert!(cache.get("p", 3, Timestamp::from_millis(2_000)).is_some(), "a later window is covered");
        assert!(cache.get("p", 4, Timestamp::from_millis(2_000)).is_none(), "the entries changed since");
        assert!(cache.get("p", 3, Timestamp::from_millis(500)).is_none(), "an earlier window is not covered");
        assert!(cache.get("q", 3, Timestamp::from_millis(2_000)).is_none());
    }
}
