//! When to show crisis support, and the UK lines it lists. Showing support never blocks logging: the
//! entry is saved first, then the card appears.

use crate::entry::{Entry, EntryBody};

/// A stress rating at or above this shows crisis support.
pub const HIGH_STRESS: u8 = 9;
/// A wellbeing rating at or below this shows crisis support.
pub const LOW_WELLBEING: u8 = 1;
/// An ONS4 anxiety answer at or above this shows crisis support.
pub const HIGH_ANXIETY: u8 = 9;

/// Whether this entry holds a rating that calls for showing crisis support.
pub fn needs_support(entry: &Entry) -> bool {
    let stress = entry.stress_readings().iter().any(|(_, r)| r.value() >= HIGH_STRESS);
    let wellbeing = entry.wellbeing_readings().iter().any(|(_, r)| r.value() <= LOW_WELLBEING);
    let anxiety = matches!(&entry.body, EntryBody::Ons4(o) if o.anxious.value() >= HIGH_ANXIETY);
    stress || wellbeing || anxiety
}

/// One way to reach help now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CrisisLine {
    pub name: &'static str,
    pub detail: &'static str,
    /// What the button says.
    pub action: &'static str,
    /// A `tel:` or `sms:` link: one tap to call or text.
    pub href: &'static str,
}

/// UK crisis support, in the order the card shows it.
pub const CRISIS_LINES: [CrisisLine; 4] = [
    CrisisLine {
        name: "NHS 111, option 2",
        detail: "Urgent mental health help from the NHS, any time of day or night.",
        action: "Call 111",
        href: "tel:111",
    },
    CrisisLine {
        name: "Samaritans",
        detail: "Talk to someone about anything. Free, 24 hours a day.",
        action: "Call 116 123",
        href: "tel:116123",
    },
    CrisisLine {
        name: "Shout",
        detail: "If you would rather text. Free, 24 hours a day.",
        action: "Text SHOUT to 85258",
        href: "sms:85258?&body=SHOUT",
    },
    CrisisLine {
        name: "999",
        detail: "In an emergency, if your life or someone else's is at risk, call 999 or go to A&E.",
        action: "Call 999",
        href: "tel:999",
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_loading_shell_lists_every_crisis_line_as_the_app_does() {
        // index.html shows these before the app has loaded, and with JavaScript off.
        let shell = include_str!("../../../index.html").replace("&amp;", "&");
        for line in CRISIS_LINES {
            for text in [line.name, line.detail, line.action, line.href] {
                assert!(shell.contains(text), "index.html lacks '{text}' of {}", line.name);
            }
        }
    }
    use crate::entry::tests::{at, check_in, id, quick, r};
    use crate::group::GroupKind;
    use crate::ons4::Ons4Response;

    #[test]
    fn high_stress_or_very_low_wellbeing_shows_support() {
        assert!(needs_support(&quick(1, "2026-11-25T10:00:00Z", None, Some(9))));
        assert!(needs_support(&quick(1, "2026-11-25T10:00:00Z", Some(1), None)));
        assert!(!needs_support(&quick(1, "2026-11-25T10:00:00Z", Some(2), Some(8))));
    }

    #[test]
    fn a_high_stress_before_a_session_shows_support() {
        assert!(needs_support(&check_in(1, "2026-11-25T10:00:00Z", GroupKind::Walking, 10, 5)));
        assert!(!needs_support(&check_in(1, "2026-11-25T10:00:00Z", GroupKind::Walking, 8, 5)));
    }

    #[test]
    fn high_ons4_anxiety_shows_support() {
        let ons4 = |anxious| {
            Entry::new(
                id(1),
                at("2026-11-25T10:00:00Z"),
                false,
                EntryBody::Ons4(Ons4Response {
                    life_satisfaction: r(5),
                    worthwhile: r(5),
                    happy: r(5),
                    anxious: r(anxious),
                }),
            )
        };
        assert!(needs_support(&ons4(9)));
        assert!(!needs_support(&ons4(8)));
    }

    #[test]
    fn every_line_is_one_tap() {
        assert!(CRISIS_LINES.iter().all(|l| l.href.starts_with("tel:") || l.href.starts_with("sms:")));
    }
}
