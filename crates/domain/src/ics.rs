//! "Add to calendar": one session as an iCalendar (RFC 5545) file any phone calendar can import.

use crate::group::Session;
use crate::time::Timestamp;

/// How long before a session the phone's calendar reminds the participant.
pub const REMINDER_MINUTES: i64 = 60;

/// How often a calendar app should fetch a group's feed again, so moves and cancellations show.
const FEED_REFRESH: &str = "PT6H";

/// The `.ics` text for one session ("Add to calendar"), with a reminder an hour before. Times are UTC,
/// so every calendar shows them in its own zone.
pub fn session_calendar(session: &Session, now: Timestamp) -> String {
    calendar(Vec::new(), std::slice::from_ref(session), now)
}

/// A group's subscription feed: every session given, with the same reminder, under the group's name.
/// A calendar app subscribed to it fetches it again every few hours, so a moved session moves and a
/// cancelled one shows as cancelled. It holds nothing about any person.
pub fn group_calendar(group_name: &str, sessions: &[Session], now: Timestamp) -> String {
    let name = format!("{group_name} (Steady)");
    let header = vec![
        format!("X-WR-CALNAME:{}", escape(&name)),
        format!("NAME:{}", escape(&name)),
        format!("REFRESH-INTERVAL;VALUE=DURATION:{FEED_REFRESH}"),
        format!("X-PUBLISHED-TTL:{FEED_REFRESH}"),
    ];
    calendar(header, sessions, now)
}

fn calendar(header: Vec<String>, sessions: &[Session], now: Timestamp) -> String {
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".into(),
        "PRODID:-//Steady//Steady schedule//EN".into(),
        "CALSCALE:GREGORIAN".into(),
        "METHOD:PUBLISH".into(),
    ];
    lines.extend(header);
    for session in sessions {
        lines.extend(event(session, now));
    }
    lines.push("END:VCALENDAR".into());
    lines.iter().map(|l| fold(l)).collect::<Vec<_>>().join("\r\n") + "\r\n"
}

/// One session as a VEVENT; a session still on carries a reminder, a cancelled one none.
fn event(session: &Session, now: Timestamp) -> Vec<String> {
    let mut description = session.kind.label().to_string();
    if let Some(d) = &session.description {
        description.push_str(". ");
        description.push_str(d);
    }
    if let Some(a) = &session.accessibility {
        description.push_str(". Access: ");
        description.push_str(a);
    }
    let mut lines = vec![
        "BEGIN:VEVENT".to_string(),
        format!("UID:{}@steady", escape(&session.id.0)),
        format!("DTSTAMP:{}", now.ical_utc()),
        format!("DTSTART:{}", session.starts_at.ical_utc()),
        format!("DTEND:{}", session.ends_at.ical_utc()),
        format!("SUMMARY:{}", escape(&session.group_name)),
        format!("LOCATION:{}", escape(&session.meeting_point)),
        format!("DESCRIPTION:{}", escape(&description)),
        format!("STATUS:{}", if session.cancelled { "CANCELLED" } else { "CONFIRMED" }),
    ];
    if !session.cancelled {
        lines.extend([
            "BEGIN:VALARM".to_string(),
            "ACTION:DISPLAY".into(),
            format!("DESCRIPTION:{}", escape(&format!("{} in an hour", session.group_name))),
            format!("TRIGGER:-PT{REMINDER_MINUTES}M"),
            "END:VALARM".into(),
        ]);
    }
    lines.push("END:VEVENT".into());
    lines
}

/// The address a phone's calendar subscribes to for a group's sessions: `webcal://` so the phone
/// offers its own calendar app, which fetches the feed again every few hours (moves and cancellations
/// show there). `host` is the page's own host and port; the group id is percent-encoded.
pub fn feed_url(host: &str, group_id: &str) -> String {
    let id: String = group_id
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    format!("webcal://{host}/api/v1/groups/{id}/calendar.ics")
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

    #[test]
    fn the_feed_address_is_webcal_on_the_page_host_with_the_group_id_encoded() {
        assert_eq!(
            feed_url("steady.example:8080", "g-1"),
            "webcal://steady.example:8080/api/v1/groups/g-1/calendar.ics"
        );
        assert_eq!(feed_url("h", "a b/c"), "webcal://h/api/v1/groups/a%20b%2Fc/calendar.ics");
    }
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
    fn a_session_on_carries_a_reminder_an_hour_before_and_a_cancelled_one_none() {
        let now = Timestamp::parse("2026-11-20T08:00:00Z").unwrap();
        let ics = session_calendar(&session(), now);
        let alarm = "BEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:Riverside walk\\, Tuesdays in an hour\r\nTRIGGER:-PT60M\r\nEND:VALARM\r\nEND:VEVENT";
        assert!(ics.contains(alarm), "{ics}");
        let cancelled = session_calendar(&Session { cancelled: true, ..session() }, now);
        assert!(cancelled.contains("STATUS:CANCELLED") && !cancelled.contains("VALARM"));
    }

    #[test]
    fn a_groups_feed_lists_its_sessions_under_its_name_and_asks_to_be_refreshed() {
        let now = Timestamp::parse("2026-11-20T08:00:00Z").unwrap();
        let next = Session { id: SessionId("def".into()), starts_at: session().starts_at.plus_days(7), ..session() };
        let feed = group_calendar("Riverside walk", &[session(), next], now);
        assert_eq!(feed.matches("BEGIN:VEVENT").count(), 2);
        assert!(feed.contains("\r\nUID:abc@steady\r\n") && feed.contains("\r\nUID:def@steady\r\n"));
        assert!(feed.contains("\r\nX-WR-CALNAME:Riverside walk (Steady)\r\n"));
        assert!(feed.contains("\r\nREFRESH-INTERVAL;VALUE=DURATION:PT6H\r\n"));
        assert_eq!(feed.matches("BEGIN:VCALENDAR").count(), 1);
        assert!(feed.split("\r\n").all(|l| l.len() <= 75), "{feed}");
    }

    #[test]
    fn file_names_are_tidy() {
        assert_eq!(file_name(&session()), "riverside-walk-tuesdays-2026-11-25.ics");
    }
}
