//! "Add to calendar": one session as an iCalendar (RFC 5545) file any phone calendar can import.

use crate::group::Session;
use crate::time::Timestamp;

/// The `.ics` text for one session. Times are UTC, so every calendar shows them in its own zone.
pub fn session_calendar(session: &Session, now: Timestamp) -> String {
    let mut description = session.kind.label().to_string();
    if let Some(d) = &session.description {
        description.push_str(". ");
        description.push_str(d);
    }
    if let Some(a) = &session.accessibility {
        description.push_str(". Access: ");
        description.push_str(a);
    }
    let lines = [
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".into(),
        "PRODID:-//Steady//Steady schedule//EN".into(),
        "CALSCALE:GREGORIAN".into(),
        "METHOD:PUBLISH".into(),
        "BEGIN:VEVENT".into(),
        format!("UID:{}@steady", escape(&session.id.0)),
        format!("DTSTAMP:{}", now.ical_utc()),
        format!("DTSTART:{}", session.starts_at.ical_utc()),
        format!("DTEND:{}", session.ends_at.ical_utc()),
        format!("SUMMARY:{}", escape(&session.group_name)),
        format!("LOCATION:{}", escape(&session.meeting_point)),
        format!("DESCRIPTION:{}", escape(&description)),
        format!("STATUS:{}", if session.cancelled { "CANCELLED" } else { "CONFIRMED" }),
        "END:VEVENT".into(),
        "END:VCALENDAR".into(),
    ];
    lines.iter().map(|l| fold(l)).collect::<Vec<_>>().join("\r\n") + "\r\n"
}

/// A file name for the download: "riverside-walk-2026-11-25.ics".
pub fn file_name(session: &Session) -> String {
    let slug: String =
        session.group_name.to_lowercase().chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
    let slug = slug.split('-').filter(|p| !p.is_empty()).collect::<Vec<_>>().join("-");
    format!("{slug}-{}.ics", session.starts_at.uk_day())
}

fn escape(text: &str) -> String {
    text.replace('\\', "\\\\").replace(';', "\\;").replace(',', "\\,").replace('\n', "\\n").replace('\r', "")
}

/// Folds a content line at 75 octets, never inside a UTF-8 character.
fn fold(line: &str) -> String {
    let mut out = String::new();
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::group::{GroupKind, SessionId};

    fn session() -> Session {
        let starts_at = Timestamp::parse("2026-11-25T10:00:00Z").unwrap();
        Session {
            id: SessionId("abc".into()),
            group_id: "g".into(),
            group_name: "Riverside walk, Tuesdays".into(),
            kind: GroupKind::Walking,
            starts_at,
            ends_at: starts_at.plus_minutes(90),
            meeting_point: "Bandstand; Victoria Park".into(),
            accessibility: Some("Flat paths, benches every 500 metres and an accessible toilet at the cafe".into()),
            description: None,
            cancelled: false,
        }
    }

    #[test]
    fn an_event_with_utc_times_and_escaped_text() {
        let ics = session_calendar(&session(), Timestamp::parse("2026-11-20T08:00:00Z").unwrap());
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"));
        assert!(ics.contains("\r\nDTSTART:20261125T100000Z\r\n"));
        assert!(ics.contains("\r\nDTEND:20261125T113000Z\r\n"));
        assert!(ics.contains("\r\nSUMMARY:Riverside walk\\, Tuesdays\r\n"));
        assert!(ics.contains("\r\nLOCATION:Bandstand\\; Victoria Park\r\n"));
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
        assert!(ics.split("\r\n").all(|l| l.len() <= 75), "{ics}");
    }

    #[test]
    fn file_names_are_tidy() {
        assert_eq!(file_name(&session()), "riverside-walk-tuesdays-2026-11-25.ics");
    }
}
