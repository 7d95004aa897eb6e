//! A short free-text note ("how was it", a quick log's note): trimmed, never empty, at most 500 characters.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A note of 1 to [`Note::MAX_CHARS`] characters, with surrounding spaces removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Note(String);

/// Why a text is not a note.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NoteError {
    #[error("The note is empty.")]
    Empty,
    #[error("Notes can be up to 500 characters. This one has {0}.")]
    TooLong(usize),
}

impl Note {
    pub const MAX_CHARS: usize = 500;

    /// The length limit counts the text as sent, spaces included, as the API document's `maxLength`
    /// does, so a body the document calls too long is never accepted.
    pub fn parse(text: &str) -> Result<Self, NoteError> {
        let trimmed = text.trim();
        let chars = text.chars().count();
        if trimmed.is_empty() {
            Err(NoteError::Empty)
        } else if chars > Self::MAX_CHARS {
            Err(NoteError::TooLong(chars))
        } else {
            Ok(Note(trimmed.to_owned()))
        }
    }

    /// An optional note from a text box: blank means "no note".
    pub fn parse_optional(text: &str) -> Result<Option<Self>, NoteError> {
        match Note::parse(text) {
            Ok(note) => Ok(Some(note)),
            Err(NoteError::Empty) => Ok(None),
            Err(e) => Err(e),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Note {
    type Error = NoteError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Note::parse(&value)
    }
}

impl From<Note> for String {
    fn from(n: Note) -> String {
        n.0
    }
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limit_counts_the_text_as_sent_spaces_and_all() {
        let padded = format!("ok{}", " ".repeat(499));
        assert_eq!(Note::parse(&padded), Err(NoteError::TooLong(501)), "as the API document's maxLength counts");
        assert_eq!(Note::parse(&format!("ok{}", " ".repeat(498))).unwrap().as_str(), "ok");
    }

    #[test]
    fn trims_and_keeps_text() {
        assert_eq!(Note::parse("  a good walk ").unwrap().as_str(), "a good walk");
    }

    #[test]
    fn counts_characters_not_bytes() {
        let five_hundred_emoji = "🌱".repeat(500);
        assert!(Note::parse(&five_hundred_emoji).is_ok());
        assert_eq!(Note::parse(&"a".repeat(501)), Err(NoteError::TooLong(501)));
    }

    #[test]
    fn blank_is_no_note_when_optional() {
        assert_eq!(Note::parse_optional("   "), Ok(None));
        assert_eq!(Note::parse("   "), Err(NoteError::Empty));
    }
}
