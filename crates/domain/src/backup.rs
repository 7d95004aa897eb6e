//! Restoring a copy made with "Download a copy" (the JSON of [`crate::export::ExportFile`]), for a new
//! phone or after clearing the browser: what a file must be to count as a Steady backup, the words for
//! one that is not, and the rule that merges it with what the phone holds. The rule is by entry id and
//! keeps the newer change, so restoring the same file twice changes nothing the second time, and
//! nothing on the phone is ever replaced by an older copy.
//!
//! Decoding is the caller's (the app reads with the browser's `JSON.parse`, tests with `serde_json`):
//! it decodes a [`BackupHeader`] first, to tell a file from another app from a damaged one, then the
//! whole [`BackupFile`].

use crate::entry::Entry;
use crate::time::Timestamp;
use serde::Deserialize;

/// The `app` every Steady backup names.
pub const APP: &str = "Steady";
/// The newest backup format this app reads (the one "Download a copy" writes).
pub const FORMAT_VERSION: u32 = 1;

/// The two fields that say whose file it is and in which format; anything else is ignored here.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct BackupHeader {
    #[serde(default)]
    pub app: Option<String>,
    #[serde(default)]
    pub format_version: Option<u32>,
}

/// A whole backup file as written by "Download a copy".
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct BackupFile {
    pub app: String,
    pub format_version: u32,
    pub exported_at: Timestamp,
    pub entries: Vec<Entry>,
    /// Records the old phone could not read, kept in the file word for word.
    #[serde(default)]
    pub unreadable_records: Vec<String>,
}

/// Why a file cannot be restored. Nothing on the phone changes in any of these cases.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BackupError {
    #[error("This file could not be read as a Steady copy. Choose the file Steady saved when you chose \"Download a copy\" (its name starts with steady-my-data and ends with .json).")]
    NotReadable,
    #[error("This file is not a copy of your Steady data. Choose the file Steady saved when you chose \"Download a copy\" (its name starts with steady-my-data and ends with .json).")]
    NotSteady,
    #[error(
        "This copy was made by a newer version of Steady. Close Steady and open it again to update it, then try again."
    )]
    TooNew,
    #[error("This copy is damaged, so nothing was restored: {0} If you still have the phone it came from, download a new copy there.")]
    Damaged(String),
}

/// Checks a decoded file: `header` is `None` when the text is not a JSON object at all, and `file`
/// decodes the whole file (its error in words) once the header says it is a Steady backup this app
/// can read.
pub fn check(
    header: Option<BackupHeader>,
    file: impl FnOnce() -> Result<BackupFile, String>,
) -> Result<BackupFile, BackupError> {
    let header = header.ok_or(BackupError::NotReadable)?;
    if header.app.as_deref() != Some(APP) {
        return Err(BackupError::NotSteady);
    }
    match header.format_version {
        Some(v) if v > FORMAT_VERSION => Err(BackupError::TooNew),
        Some(_) => file().map_err(|e| BackupError::Damaged(sentence(&e))),
        None => Err(BackupError::Damaged("it does not say which format it is in.".into())),
    }
}

/// A decoder's message as the end of a sentence.
fn sentence(detail: &str) -> String {
    let detail = detail.trim().trim_end_matches('.');
    if detail.is_empty() {
        "part of it could not be read.".into()
    } else {
        format!("part of it could not be read ({detail}).")
    }
}

/// Whether a restored entry is stored over what the phone holds for its id: only when the phone holds
/// none, or an older change of it.
pub fn restores_over(held: Option<&Entry>, restored: &Entry) -> bool {
    held.is_none_or(|h| restored.updated_at > h.updated_at)
}

/// What a restore did, for telling the participant.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Restored {
    /// Entries the phone did not have.
    pub added: usize,
    /// Entries the phone had in an older version.
    pub updated: usize,
    /// Entries the phone already had as they are (or newer).
    pub unchanged: usize,
    /// Records the old phone could not read: still in the file, not restored.
    pub unreadable: usize,
}

impl Restored {
    /// Counts one entry of the file against what the phone held for its id.
    pub fn count(&mut self, held: Option<&Entry>, restored: &Entry) {
        match held {
            _ if !restores_over(held, restored) => self.unchanged += 1,
            None => self.added += 1,
            Some(_) => self.updated += 1,
        }
    }

    /// The outcome in words: "2 entries restored, 1 updated. 3 were already on this phone."
    pub fn message(&self) -> String {
        let mut parts = Vec::new();
        match (self.added, self.updated) {
            (0, 0) => {
                parts.push("Nothing new to restore: everything in this copy is already on this phone.".to_string())
            }
            (added, 0) => parts.push(format!("{} restored.", entries(added))),
            (0, updated) => parts.push(format!("{} updated from this copy.", entries(updated))),
            (added, updated) => parts.push(format!("{} restored, {updated} updated.", entries(added))),
        }
        if self.unchanged > 0 && self.added + self.updated > 0 {
            let were = if self.unchanged == 1 { "was" } else { "were" };
            parts.push(format!("{} {were} already on this phone.", self.unchanged));
        }
        match self.unreadable {
            0 => {}
            1 => parts.push(
                "1 record in the file could not be read by the phone it came from, so it was not restored. The file still has it."
                    .into(),
            ),
            n => parts.push(format!(
                "{n} records in the file could not be read by the phone they came from, so they were not restored. The file still has them."
            )),
        }
        parts.join(" ")
    }
}

/// "1 entry", "2 entries".
pub fn entries(n: usize) -> String {
    if n == 1 {
        "1 entry".into()
    } else {
        format!("{n} entries")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entry::tests::{at, check_in, quick};
    use crate::export::ExportFile;
    use crate::group::GroupKind;

    /// Reads a file as the app does: header first, then the whole.
    fn read(text: &str) -> Result<BackupFile, BackupError> {
        let header = serde_json::from_str::<BackupHeader>(text).ok();
        check(header, || serde_json::from_str::<BackupFile>(text).map_err(|e| e.to_string()))
    }

    fn exported(entries: &[Entry], unreadable: &[String]) -> String {
        let file = ExportFile {
            app: "Steady",
            format_version: 1,
            exported_at: at("2026-11-26T09:00:00Z"),
            entries,
            unreadable_records: unreadable,
        };
        serde_json::to_string_pretty(&file).unwrap()
    }

    #[test]
    fn a_downloaded_copy_reads_back_whole() {
        let entries = [
            quick(1, "2026-11-25T10:00:00Z", Some(6), Some(3)),
            check_in(2, "2026-11-24T10:00:00Z", GroupKind::Walking, 7, 4),
        ];
        let kept = vec![r#"{"id":"x","half":"written"}"#.to_string()];
        let file = read(&exported(&entries, &kept)).unwrap();
        assert_eq!(file.entries, entries);
        assert_eq!(file.unreadable_records, kept);
        assert_eq!(file.exported_at, at("2026-11-26T09:00:00Z"));
    }

    #[test]
    fn a_file_that_is_not_a_steady_copy_says_so_in_words() {
        assert_eq!(read("id,kind,at_utc\r\n"), Err(BackupError::NotReadable), "a CSV");
        assert_eq!(read(""), Err(BackupError::NotReadable), "an empty file");
        assert_eq!(read("[1, 2]"), Err(BackupError::NotReadable), "JSON, but not an object");
        assert_eq!(read(r#"{"name":"my playlist","songs":[]}"#), Err(BackupError::NotSteady));
        assert_eq!(read(r#"{"app":"Other","format_version":1,"entries":[]}"#), Err(BackupError::NotSteady));
        assert_eq!(read(r#"{"app":"Steady","format_version":2,"entries":[]}"#), Err(BackupError::TooNew));
        for e in [BackupError::NotReadable, BackupError::NotSteady, BackupError::TooNew] {
            assert!(!e.to_string().contains("JSON"), "plain words: {e}");
        }
    }

    #[test]
    fn a_damaged_copy_is_refused_whole_with_the_reason() {
        let good = exported(&[quick(1, "2026-11-25T10:00:00Z", Some(6), Some(3))], &[]);
        let eleven = good.replace("\"wellbeing\": 6", "\"wellbeing\": 11");
        assert_ne!(eleven, good);
        let Err(BackupError::Damaged(why)) = read(&eleven) else { panic!("a rating of 11 is damage") };
        assert!(why.starts_with("part of it could not be read ("), "{why}");
        let cut = &good[..good.len() / 2];
        assert_eq!(read(cut), Err(BackupError::NotReadable), "a file cut short is not readable at all");
        let no_version = good.replace("\"format_version\": 1,", "");
        assert!(matches!(read(&no_version), Err(BackupError::Damaged(_))));
        let message = BackupError::Damaged(sentence("missing field `at`")).to_string();
        assert!(
            message.starts_with(
                "This copy is damaged, so nothing was restored: part of it could not be read (missing field `at`)."
            ),
            "{message}"
        );
    }

    #[test]
    fn merging_keeps_the_newer_change_and_a_second_restore_changes_nothing() {
        let older = quick(1, "2026-11-25T10:00:00Z", Some(6), Some(3));
        let newer = older
            .edited(
                crate::entry::Edit::QuickLog(
                    crate::QuickLog::new(Some(crate::Rating::new(8).unwrap()), None, None).unwrap(),
                ),
                at("2026-11-26T10:00:00Z"),
            )
            .unwrap();
        assert!(restores_over(None, &older), "an entry the phone lacks is added");
        assert!(restores_over(Some(&older), &newer), "a newer change replaces an older one");
        assert!(!restores_over(Some(&newer), &older), "an older copy never replaces a newer change");
        assert!(!restores_over(Some(&older), &older), "the same change is left alone");

        // The phone has `newer` for 1; the file has `older` for 1 and a new entry 2.
        let file = [older.clone(), quick(2, "2026-11-24T10:00:00Z", None, Some(5))];
        let mut phone: Vec<Entry> = vec![newer.clone()];
        let mut first = Restored::default();
        for e in &file {
            let held = phone.iter().find(|h| h.id == e.id).cloned();
            first.count(held.as_ref(), e);
            if restores_over(held.as_ref(), e) {
                phone.retain(|h| h.id != e.id);
                phone.push(e.clone());
            }
        }
        assert_eq!(first, Restored { added: 1, updated: 0, unchanged: 1, unreadable: 0 });
        assert!(phone.contains(&newer), "the phone's newer change survives");
        let mut second = Restored::default();
        for e in &file {
            second.count(phone.iter().find(|h| h.id == e.id), e);
        }
        assert_eq!(second, Restored { added: 0, updated: 0, unchanged: 2, unreadable: 0 }, "idempotent");
    }

    #[test]
    fn the_outcome_reads_as_a_sentence_with_right_plurals() {
        let said = |added, updated, unchanged, unreadable| Restored { added, updated, unchanged, unreadable }.message();
        assert_eq!(said(1, 0, 0, 0), "1 entry restored.");
        assert_eq!(said(3, 1, 2, 0), "3 entries restored, 1 updated. 2 were already on this phone.");
        assert_eq!(said(0, 1, 1, 0), "1 entry updated from this copy. 1 was already on this phone.");
        assert_eq!(said(0, 0, 4, 0), "Nothing new to restore: everything in this copy is already on this phone.");
        assert_eq!(
            said(2, 0, 0, 1),
            "2 entries restored. 1 record in the file could not be read by the phone it came from, so it was not restored. The file still has it."
        );
    }
}
