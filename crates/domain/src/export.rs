//! "My data": everything on the phone as one CSV table (one row per entry) that opens in a
//! spreadsheet, and the shape of the JSON export.

use crate::entry::{Entry, EntryBody};
use crate::time::Timestamp;
use serde::Serialize;

/// The JSON export: entries as stored, plus the JSON text of any records the app could not read,
/// kept verbatim so that exporting never loses anything.
#[derive(Debug, Serialize)]
pub struct ExportFile<'a> {
    pub app: &'static str,
    pub format_version: u32,
    pub exported_at: Timestamp,
    pub entries: &'a [Entry],
    pub unreadable_records: &'a [String],
}

pub const CSV_HEADER: [&str; 17] = [
    "id",
    "kind",
    "at_utc",
    "uk_date",
    "uk_time",
    "keep_private",
    "wellbeing",
    "stress",
    "group_name",
    "group_kind",
    "stress_before",
    "stress_after",
    "checked_out_at_utc",
    "life_satisfaction",
    "worthwhile",
    "happy",
    "anxious",
];

/// All entries as CSV (RFC 4180, CRLF line ends), oldest first, with the note last.
pub fn to_csv(entries: &[Entry]) -> String {
    let mut sorted: Vec<&Entry> = entries.iter().collect();
    crate::order::sort_by_key(&mut sorted, |e| e.at);
    let mut out = String::new();
    push_row(&mut out, CSV_HEADER.iter().map(|h| h.to_string()).chain(["note".to_string()]));
    for e in sorted {
        push_row(&mut out, row(e));
    }
    out
}

fn row(e: &Entry) -> Vec<String> {
    let opt = |v: Option<String>| v.unwrap_or_default();
    let local = e.at.uk();
    let mut cells = vec![
        e.id.as_str().to_string(),
        e.body.kind_code().to_string(),
        e.at.to_string(),
        local.day.to_string(),
        local.clock(),
        e.keep_private.to_string(),
    ];
    let mut rest = vec![String::new(); 11];
    let note;
    match &e.body {
        EntryBody::QuickLog(q) => {
            rest[0] = opt(q.wellbeing().map(|r| r.to_string()));
            rest[1] = opt(q.stress().map(|r| r.to_string()));
            note = q.note().map(|n| n.to_string());
        }
        EntryBody::CheckIn(c) => {
            rest[2] = c.group_name.clone();
            rest[3] = c.group_kind.code().into();
            rest[4] = opt(c.stress_before.map(|r| r.to_string()));
            rest[5] = opt(c.stress_after.map(|r| r.to_string()));
            rest[6] = opt(c.checked_out_at.map(|t| t.to_string()));
            note = c.how_was_it.as_ref().map(|n| n.to_string());
        }
        EntryBody::Ons4(o) => {
            rest[7] = o.life_satisfaction.to_string();
            rest[8] = o.worthwhile.to_string();
            rest[9] = o.happy.to_string();
            rest[10] = o.anxious.to_string();
            note = None;
        }
    }
    cells.extend(rest);
    cells.push(opt(note));
    cells
}

fn push_row(out: &mut String, cells: impl IntoIterator<Item = String>) {
    let line: Vec<String> = cells.into_iter().map(|c| escape(&c)).collect();
    out.push_str(&line.join(","));
    out.push_str("\r\n");
}

/// Quotes a cell when it needs it, and defuses text a spreadsheet would run as a formula (a signed
/// decimal number such as a fall in stress, "-3", is left as it is).
fn escape(cell: &str) -> String {
    let defused = if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && !is_signed_decimal(cell) {
        format!("'{cell}")
    } else {
        cell.to_string()
    };
    if defused.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", defused.replace('"', "\"\""))
    } else {
        defused
    }
}

/// "-3", "+0.5": a sign, digits and at most one decimal point, nothing else. Read by hand, not by
/// `f64::from_str`, which also takes "-inf" and "+1e9" and brings 4.7 KB of number parsing into the app.
fn is_signed_decimal(cell: &str) -> bool {
    let unsigned = cell.strip_prefix(['-', '+']).unwrap_or(cell);
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    !whole.is_empty() && whole.bytes().chain(fraction.bytes()).all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entry::tests::{at, check_in, id, quick, r};
    use crate::entry::QuickLog;
    use crate::group::GroupKind;
    use crate::note::Note;

    #[test]
    fn one_row_per_entry_oldest_first_with_a_header() {
        let entries = [
            quick(2, "2026-11-25T10:00:00Z", Some(6), Some(3)),
            check_in(1, "2026-11-24T10:00:00Z", GroupKind::Walking, 7, 4),
        ];
        let csv = to_csv(&entries);
        let lines: Vec<_> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
        assert_eq!(lines.len(), 3);
        assert!(lines[0].starts_with("id,kind,at_utc,uk_date,uk_time"));
        assert!(lines[1].contains(",check_in,2026-11-24T10:00:00Z,2026-11-24,10:00,false,,,A group,walking,7,4,"));
        assert!(lines[2].contains(",quick_log,2026-11-25T10:00:00Z,2026-11-25,10:00,false,6,3,"));
    }

    #[test]
    fn notes_are_quoted_and_formulas_defused() {
        let log = QuickLog::new(Some(r(5)), None, Note::parse("=HYPERLINK(\"x\"), then \"rest\"").ok()).unwrap();
        let e = Entry::new(id(1), at("2026-11-25T10:00:00Z"), true, EntryBody::QuickLog(log));
        let csv = to_csv(&[e]);
        assert!(csv.contains(r#","'=HYPERLINK(""x""), then ""rest""""#), "{csv}");
        assert!(csv.contains(",true,5,"));
    }

    #[test]
    fn signed_numbers_stay_numbers_and_lookalike_text_is_defused() {
        assert_eq!(escape("-3"), "-3");
        assert_eq!(escape("+0.5"), "+0.5");
        assert_eq!(escape("-inf"), "'-inf");
        assert_eq!(escape("+1e9"), "'+1e9");
        assert_eq!(escape("-"), "'-");
        assert_eq!(escape("-3-2"), "'-3-2");
    }
}
