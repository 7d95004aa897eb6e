//! What the caseload's flags need from one shared entry (its stress and wellbeing readings, and
//! whether it was a check-in and to which session) as a short line of text. The server stores it
//! beside each entry when the entry is synced, so a caseload of thousands of entries is read
//! without decoding each entry's JSON.
//!
//! The text is space-separated tokens: `a<ms>` (the entry's time, first), then `s<ms>:<rating>` per
//! stress reading and `w<ms>:<rating>` per wellbeing reading, and last, for a check-in, `c` alone
//! (no session) or `c=` followed by the session id percent-encoded (every byte but ASCII letters,
//! digits, `-` and `_` as `%XX`, so no space, control character or separator can break the line).

use crate::entry::Entry;
use crate::group::SessionId;
use crate::rating::Rating;
use crate::time::Timestamp;

/// One shared entry, as the flags see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryFacts {
    /// When the entry happened (a check-in's arrival).
    pub at: Timestamp,
    pub stress: Vec<(Timestamp, Rating)>,
    pub wellbeing: Vec<(Timestamp, Rating)>,
    /// `Some` for a check-in, holding the session it was for, if any.
    pub check_in: Option<Option<SessionId>>,
}

/// Why a stored facts line could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FactsError {
    #[error("the facts line does not start with the entry's time")]
    NoTime,
    #[error("unreadable token in a facts line: {0:?}")]
    BadToken(String),
}

impl From<&Entry> for EntryFacts {
    fn from(entry: &Entry) -> Self {
        EntryFacts {
            at: entry.at,
            stress: entry.stress_readings(),
            wellbeing: entry.wellbeing_readings(),
            check_in: entry.as_check_in().map(|c| c.session_id.clone()),
        }
    }
}

impl EntryFacts {
    /// The line stored beside the entry; [`EntryFacts::parse`] reads it back.
    pub fn encode(&self) -> String {
        let mut line = format!("a{}", self.at.millis());
        for (tag, readings) in [('s', &self.stress), ('w', &self.wellbeing)] {
            for (t, r) in readings {
                line.push_str(&format!(" {tag}{}:{}", t.millis(), r.value()));
            }
        }
        match &self.check_in {
            None => {}
            Some(None) => line.push_str(" c"),
            Some(Some(session)) => {
                line.push_str(" c=");
                for byte in session.0.bytes() {
                    if byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_' {
                        line.push(char::from(byte));
                    } else {
                        line.push_str(&format!("%{byte:02X}"));
                    }
                }
            }
        }
        line
    }

    /// Reads a line written by [`EntryFacts::encode`].
    pub fn parse(line: &str) -> Result<Self, FactsError> {
        let (head, check_in) = match line.find(" c") {
            Some(i) => (&line[..i], Some(&line[i + 2..])),
            None => (line, None),
        };
        let mut tokens = head.split(' ');
        let at =
            tokens.next().and_then(|t| t.strip_prefix('a')).and_then(|t| t.parse().ok()).ok_or(FactsError::NoTime)?;
        let mut facts =
            EntryFacts { at: Timestamp::from_millis(at), stress: Vec::new(), wellbeing: Vec::new(), check_in: None };
        for token in tokens {
            let bad = || FactsError::BadToken(token.to_string());
            let (tag, rest) = token.split_at_checked(1).ok_or_else(bad)?;
            let (t, r) = rest.split_once(':').ok_or_else(bad)?;
            let reading = (
                Timestamp::from_millis(t.parse().map_err(|_| bad())?),
                Rating::new(r.parse().map_err(|_| bad())?).map_err(|_| bad())?,
            );
            match tag {
                "s" => facts.stress.push(reading),
                "w" => facts.wellbeing.push(reading),
                _ => return Err(bad()),
            }
        }
        facts.check_in = match check_in {
            None => None,
            Some("") => Some(None),
            Some(id) => {
                let decoded = id.strip_prefix('=').and_then(percent_decode);
                Some(Some(SessionId(decoded.ok_or_else(|| FactsError::BadToken(id.to_string()))?)))
            }
        };
        Ok(facts)
    }
}

/// Reverses the session id's encoding; `None` for a stray character or broken escape.
fn percent_decode(text: &str) -> Option<String> {
    let mut bytes = Vec::with_capacity(text.len());
    let mut rest = text.as_bytes();
    while let Some((&first, tail)) = rest.split_first() {
        if first == b'%' {
            let hex = tail.get(..2).filter(|h| h.iter().all(u8::is_ascii_hexdigit))?;
            bytes.push(u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?);
            rest = &tail[2..];
        } else if first.is_ascii_alphanumeric() || first == b'-' || first == b'_' {
            bytes.push(first);
            rest = tail;
        } else {
            return None;
        }
    }
    String::from_utf8(bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entry::tests::{at, check_in, quick};
    use crate::group::GroupKind;
    use proptest::prelude::*;

    #[test]
    fn a_quick_log_keeps_its_readings() {
        let facts = EntryFacts::from(&quick(1, "2026-11-24T20:00:00Z", Some(6), Some(9)));
        let t = at("2026-11-24T20:00:00Z");
        assert_eq!(facts.stress, [(t, Rating::new(9).unwrap())]);
        assert_eq!(facts.wellbeing, [(t, Rating::new(6).unwrap())]);
        assert_eq!(facts.check_in, None);
        assert_eq!(facts.encode(), format!("a{0} s{0}:9 w{0}:6", t.millis()));
        assert_eq!(EntryFacts::parse(&facts.encode()), Ok(facts));
    }

    #[test]
    fn a_check_in_keeps_its_session_and_both_ratings() {
        let mut entry = check_in(4, "2026-11-20T10:00:00Z", GroupKind::Walking, 7, 4);
        if let crate::EntryBody::CheckIn(c) = &mut entry.body {
            c.session_id = Some(SessionId("s 4 c\u{1e}\"".into()));
        }
        let facts = EntryFacts::from(&entry);
        assert_eq!(facts.stress.len(), 2);
        let line = facts.encode();
        assert!(!line.contains('\u{1e}'), "no separator character inside the line: {line:?}");
        assert_eq!(EntryFacts::parse(&line), Ok(facts));
    }

    #[test]
    fn damaged_lines_are_refused() {
        for line in [
            "", "s1:5", "a1 s1:11", "a1 x1:5", "a1 s1", "a1 c=%4", "a1 c=%zz", "a1 c=a b", "a1 c=%FF", "a1 c=%+F",
            "a1 cs4", "a1 s:5",
        ] {
            assert!(EntryFacts::parse(line).is_err(), "{line:?}");
        }
    }

    proptest! {
        #[test]
        fn every_line_reads_back(
            at in any::<i64>(),
            stress in prop::collection::vec((any::<i64>(), 0i64..=10), 0..3),
            wellbeing in prop::collection::vec((any::<i64>(), 0i64..=10), 0..2),
            check_in in prop::option::of(prop::option::of(".*")),
        ) {
            let readings = |v: Vec<(i64, i64)>| v.into_iter().map(|(t, r)| (Timestamp::from_millis(t), Rating::new(r).unwrap())).collect();
            let facts = EntryFacts {
                at: Timestamp::from_millis(at),
                stress: readings(stress),
                wellbeing: readings(wellbeing),
                check_in: check_in.map(|s| s.map(SessionId)),
            };
            prop_assert_eq!(EntryFacts::parse(&facts.encode()), Ok(facts));
        }
    }
}
