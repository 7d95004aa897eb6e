//! What a participant's shared entries say for their caseload row (how many, the latest activity,
//! the recent entries' facts), kept in this process's memory for each participant a caseload
//! showed, so the next view needn't count, seek and parse thousands of entries again. Every lookup
//! names the participant's `entries_version` as the database holds it now (it counts each change
//! to their shared entries, in the change's own transaction), and only a copy read at that same
//! version is used: several server processes, each with its own cache, stay as correct as one.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use steady_domain::facts::EntryFacts;
use steady_domain::Timestamp;

/// Participants kept at most; past this the cache starts again empty (a caseload refills it).
const CAPACITY: usize = 20_000;

/// What a participant's live shared entries say, as of one `entries_version`.
#[derive(Debug, Default)]
pub struct EntriesDigest {
    /// How many live entries they share.
    pub live: u64,
    /// The latest moment anything was shared (an entry's time or its last change).
    pub latest: Option<Timestamp>,
    /// The facts of every live entry from the digest's `since` on (and perhaps a few older).
    pub facts: Vec<EntryFacts>,
}

impl EntriesDigest {
    /// The facts of entries from `since` on: a kept digest may reach back further than the window
    /// asked for now, and the flags must look at that window only.
    pub fn facts_since(&self, since: Timestamp) -> Cow<'_, [EntryFacts]> {
        match self.facts.iter().all(|f| f.at >= since) {
            true => Cow::Borrowed(&self.facts),
            false => Cow::Owned(self.facts.iter().filter(|f| f.at >= since).cloned().collect()),
        }
    }
}

/// Digests by participant, shared by every request of this process.
#[derive(Clone, Default)]
pub struct FactsCache {
    kept: Arc<Mutex<HashMap<String, Kept>>>,
}

struct Kept {
    version: i64,
    /// Every live entry from this moment on is in the digest's facts.
    since: Timestamp,
    digest: Arc<EntriesDigest>,
}

impl FactsCache {
    /// The participant's digest with the facts of entries from `since` on, if kept at `version`.
    pub fn get(&self, participant: &str, version: i64, since: Timestamp) -> Option<Arc<EntriesDigest>> {
        let kept = self.kept.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        kept.get(participant).filter(|k| k.version == version && k.since <= since).map(|k| k.digest.clone())
    }

    /// Keeps a digest read at `version`, with the facts of every live entry from `since` on.
    pub fn put(&self, participant: &str, version: i64, since: Timestamp, digest: Arc<EntriesDigest>) {
        let mut kept = self.kept.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if kept.len() >= CAPACITY && !kept.contains_key(participant) {
            kept.clear();
        }
        kept.insert(participant.to_string(), Kept { version, since, digest });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn digest(at: i64) -> Arc<EntriesDigest> {
        let facts =
            vec![EntryFacts { at: Timestamp::from_millis(at), stress: vec![], wellbeing: vec![], check_in: None }];
        Arc::new(EntriesDigest { live: 1, latest: Some(Timestamp::from_millis(at)), facts })
    }

    #[test]
    fn a_copy_is_used_only_at_its_version_and_for_a_window_it_covers() {
        let cache = FactsCache::default();
        cache.put("p", 3, Timestamp::from_millis(1_000), digest(5_000));
        assert!(cache.get("p", 3, Timestamp::from_millis(2_000)).is_some(), "a later window is covered");
        assert!(cache.get("p", 4, Timestamp::from_millis(2_000)).is_none(), "the entries changed since");
        assert!(cache.get("p", 3, Timestamp::from_millis(500)).is_none(), "an earlier window is not covered");
        assert!(cache.get("q", 3, Timestamp::from_millis(2_000)).is_none());
    }

    #[test]
    fn a_kept_digest_gives_only_the_window_asked_for() {
        let at = |ms| EntryFacts { at: Timestamp::from_millis(ms), stress: vec![], wellbeing: vec![], check_in: None };
        let kept =
            EntriesDigest { live: 2, latest: Some(Timestamp::from_millis(5_000)), facts: vec![at(5_000), at(500)] };
        let window: Vec<i64> = kept.facts_since(Timestamp::from_millis(1_000)).iter().map(|f| f.at.millis()).collect();
        assert_eq!(window, [5_000]);
        assert_eq!(kept.facts_since(Timestamp::from_millis(0)).len(), 2);
    }
}
