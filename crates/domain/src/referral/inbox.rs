//! The inbox: where each open referral stands on the contact clock (first contact due within a
//! number of working days), why it is where it is in words, and the order link workers see them in:
//! overdue first, then justice contact.

use super::{ContactAttempt, Intake, Outcome, RecordedOutcome, ReferralForm, StaffRef};
use crate::enrolment::ReferralSource;
use crate::time::{Day, Timestamp};
use crate::working_days::WorkingCalendar;
use serde::{Deserialize, Serialize};

/// Where a referral stands on the contact clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "state", rename_all = "snake_case", try_from = "ClockFields")]
pub enum ContactClock {
    /// Reached on `on`, `working_days` after the referral arrived.
    Contacted { on: Day, working_days: u32, within_target: bool },
    /// Not reached yet; first contact due by the end of `by`.
    Due { by: Day, working_days_left: u32 },
    /// Not reached, and `by` has passed.
    Overdue { by: Day, working_days_over: u32 },
}

crate::wire::read_flat! {
    ContactClock from ClockFields { state: ClockState }
    options { on: Day, working_days: u32, within_target: bool, by: Day, working_days_left: u32, working_days_over: u32 }
    variants {
        Contacted { on, working_days, within_target },
        Due { by, working_days_left },
        Overdue { by, working_days_over },
    }
}

impl ContactClock {
    /// The clock of a referral received at `received_at`, first reached at `first_contact_at`,
    /// seen at `now`, with first contact due within `target` working days (UK days).
    pub fn at(
        received_at: Timestamp,
        first_contact_at: Option<Timestamp>,
        now: Timestamp,
        calendar: &WorkingCalendar,
        target: u32,
    ) -> Self {
        let received = received_at.uk_day();
        let by = calendar.add_working_days(received, target);
        match first_contact_at {
            Some(at) => {
                let working_days = calendar.working_days_between(received, at.uk_day());
                ContactClock::Contacted { on: at.uk_day(), working_days, within_target: working_days <= target }
            }
            None => {
                let today = now.uk_day();
                if today > by {
                    ContactClock::Overdue { by, working_days_over: calendar.working_days_between(by, today) }
                } else {
                    ContactClock::Due { by, working_days_left: calendar.working_days_between(today, by) }
                }
            }
        }
    }

    pub fn is_overdue(self) -> bool {
        matches!(self, ContactClock::Overdue { .. })
    }

    /// The clock in words, for the inbox and the referral page.
    pub fn reason(self) -> String {
        let days = |n: u32| if n == 1 { "1 working day".to_string() } else { format!("{n} working days") };
        match self {
            ContactClock::Contacted { on, working_days, .. } => {
                format!("Reached on {}, {} after the referral", on.short_label(), days(working_days))
            }
            ContactClock::Due { by, working_days_left: 0 } => {
                format!("First contact due today ({})", by.short_label())
            }
            ContactClock::Due { by, working_days_left } => {
                format!("First contact due by {} ({} left)", by.short_label(), days(working_days_left))
            }
            ContactClock::Overdue { by, working_days_over } => {
                format!("Overdue: first contact was due by {}, {} ago", by.short_label(), days(working_days_over))
            }
        }
    }
}

/// A referral as the inbox lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReferralSummary {
    pub id: String,
    pub name: String,
    pub referral_source: ReferralSource,
    pub referrer_name: Option<String>,
    pub justice_contact: bool,
    pub received_at: Timestamp,
    pub intake: Intake,
    pub assigned_to: Option<StaffRef>,
    pub attempts: u32,
    pub last_attempt_at: Option<Timestamp>,
    /// The first attempt that reached them.
    pub first_contact_at: Option<Timestamp>,
    pub outcome: Option<Outcome>,
}

/// One line of the inbox: the referral, its clock, and why it is where it is, in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InboxItem {
    pub referral: ReferralSummary,
    pub clock: ContactClock,
    /// Most pressing first: "Overdue: …", "Justice-system contact", "First contact due by …".
    pub reasons: Vec<String>,
    pub suggest_unable_to_contact: bool,
}

impl InboxItem {
    /// The line for `referral`; `suggest_unable_to_contact` from [`unable_to_contact_suggested`].
    pub fn new(referral: ReferralSummary, clock: ContactClock, suggest_unable_to_contact: bool) -> Self {
        let mut reasons = Vec::new();
        if clock.is_overdue() {
            reasons.push(clock.reason());
        }
        if referral.justice_contact {
            reasons.push("Justice-system contact".to_string());
        }
        if !clock.is_overdue() {
            reasons.push(clock.reason());
        }
        if referral.first_contact_at.is_none() && referral.attempts > 0 {
            let tries = if referral.attempts == 1 {
                "1 attempt".to_string()
            } else {
                format!("{} attempts", referral.attempts)
            };
            reasons.push(format!("{tries} so far, not reached yet"));
        }
        if suggest_unable_to_contact {
            reasons.push("You can record 'unable to contact'".to_string());
        }
        InboxItem { referral, clock, reasons, suggest_unable_to_contact }
    }
}

/// `GET /api/v1/referrals`: open referrals (no outcome yet), unassigned first, then assigned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Inbox {
    pub first_contact_working_days: u32,
    pub unassigned: Vec<InboxItem>,
    pub assigned: Vec<InboxItem>,
}

impl Inbox {
    /// Splits and orders the items: overdue first (longest overdue first), then justice contact,
    /// then by due day and time received.
    pub fn new(first_contact_working_days: u32, items: Vec<InboxItem>) -> Self {
        let (mut unassigned, mut assigned): (Vec<_>, Vec<_>) =
            items.into_iter().partition(|i| i.referral.assigned_to.is_none());
        sort_inbox(&mut unassigned);
        sort_inbox(&mut assigned);
        Inbox { first_contact_working_days, unassigned, assigned }
    }
}

/// Overdue (longest first), then justice contact, then the earliest due, then the oldest.
pub fn sort_inbox(items: &mut [InboxItem]) {
    let key = |i: &InboxItem| {
        let (overdue, due) = match i.clock {
            ContactClock::Overdue { by, working_days_over } => (std::cmp::Reverse(working_days_over), by),
            ContactClock::Due { by, .. } => (std::cmp::Reverse(0), by),
            ContactClock::Contacted { on, .. } => (std::cmp::Reverse(0), on),
        };
        (!i.clock.is_overdue(), overdue, !i.referral.justice_contact, due, i.referral.received_at)
    };
    crate::order::sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// `GET /api/v1/referrals/{id}`: everything the referral page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReferralDetail {
    pub item: InboxItem,
    /// What was referred, as received.
    pub details: ReferralForm,
    /// The referring organisation's own identifier, for a FHIR referral.
    pub referrer_identifier: Option<String>,
    pub attempts: Vec<ContactAttempt>,
    pub outcome: Option<RecordedOutcome>,
    /// The participant enrolled from this referral (when accepted).
    pub participant_id: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::referral::tests::{at, day};
    use crate::wire::tests::reads_back;

    #[test]
    fn every_clock_reads_back_as_written_and_one_missing_a_field_is_refused() {
        let by = day("2026-11-30");
        reads_back(&ContactClock::Contacted { on: by, working_days: 2, within_target: true }, Some("within_target"));
        reads_back(&ContactClock::Due { by, working_days_left: 3 }, Some("working_days_left"));
        reads_back(&ContactClock::Overdue { by, working_days_over: 1 }, Some("by"));
        let unknown = serde_json::json!({ "state": "paused", "by": "2026-11-30", "working_days_left": 3 });
        assert!(serde_json::from_value::<ContactClock>(unknown).is_err());
    }

    #[test]
    fn the_clock_is_due_for_five_working_days_then_overdue() {
        let calendar = WorkingCalendar::default();
        let received = at("2026-11-23T16:00:00Z"); // a Monday
        let clock = |now: &str| ContactClock::at(received, None, at(now), &calendar, 5);
        assert_eq!(clock("2026-11-23T17:00:00Z"), ContactClock::Due { by: day("2026-11-30"), working_days_left: 5 });
        assert_eq!(clock("2026-11-30T23:00:00Z"), ContactClock::Due { by: day("2026-11-30"), working_days_left: 0 });
        assert_eq!(
            clock("2026-12-01T00:00:00Z"),
            ContactClock::Overdue { by: day("2026-11-30"), working_days_over: 1 }
        );
        assert_eq!(
            clock("2026-12-07T09:00:00Z").reason(),
            "Overdue: first contact was due by Mon 30 Nov, 5 working days ago"
        );
        assert_eq!(clock("2026-11-26T09:00:00Z").reason(), "First contact due by Mon 30 Nov (2 working days left)");
        assert_eq!(clock("2026-11-30T09:00:00Z").reason(), "First contact due today (Mon 30 Nov)");
        let reached =
            ContactClock::at(received, Some(at("2026-11-25T10:00:00Z")), at("2026-12-10T10:00:00Z"), &calendar, 5);
        assert_eq!(reached, ContactClock::Contacted { on: day("2026-11-25"), working_days: 2, within_target: true });
        assert_eq!(reached.reason(), "Reached on Wed 25 Nov, 2 working days after the referral");
    }

    #[test]
    fn the_clock_counts_uk_days_and_skips_bank_holidays() {
        let calendar = WorkingCalendar::default();
        // 23:30 UTC on Thursday 24 Dec is still the 24th in the UK (GMT); Fri 25 and Mon 28 are holidays.
        let clock = ContactClock::at(at("2026-12-24T23:30:00Z"), None, at("2027-01-05T12:00:00Z"), &calendar, 5);
        assert_eq!(clock, ContactClock::Due { by: day("2027-01-05"), working_days_left: 0 });
        // In summer time, 23:30 UTC is the next UK day.
        let summer = ContactClock::at(at("2026-06-05T23:30:00Z"), None, at("2026-06-06T12:00:00Z"), &calendar, 1);
        assert_eq!(
            summer,
            ContactClock::Due { by: day("2026-06-08"), working_days_left: 1 },
            "received Sat 6 Jun UK time"
        );
    }

    fn summary(id: &str, justice: bool, received: &str) -> ReferralSummary {
        ReferralSummary {
            id: id.into(),
            name: id.into(),
            referral_source: ReferralSource::PrimaryCare,
            referrer_name: None,
            justice_contact: justice,
            received_at: at(received),
            intake: Intake::StaffForm,
            assigned_to: None,
            attempts: 0,
            last_attempt_at: None,
            first_contact_at: None,
            outcome: None,
        }
    }

    #[test]
    fn the_inbox_puts_overdue_then_justice_contact_first_and_says_why() {
        let calendar = WorkingCalendar::default();
        let now = at("2026-12-03T12:00:00Z");
        let item = |s: ReferralSummary| {
            let clock = ContactClock::at(s.received_at, s.first_contact_at, now, &calendar, 5);
            InboxItem::new(s, clock, false)
        };
        let mut taken = summary("taken", false, "2026-12-02T09:00:00Z");
        taken.assigned_to = Some(StaffRef { id: "lw".into(), name: "Lin".into() });
        let mut tried = summary("overdue-tried", false, "2026-11-20T09:00:00Z");
        tried.attempts = 2;
        let inbox = Inbox::new(
            5,
            vec![
                item(summary("new", false, "2026-12-01T09:00:00Z")),
                item(summary("justice", true, "2026-12-02T09:00:00Z")),
                item(summary("overdue", true, "2026-11-24T09:00:00Z")),
                item(tried),
                item(taken),
            ],
        );
        let order: Vec<&str> = inbox.unassigned.iter().map(|i| i.referral.id.as_str()).collect();
        assert_eq!(order, ["overdue-tried", "overdue", "justice", "new"]);
        assert_eq!(inbox.assigned.len(), 1);
        assert_eq!(
            inbox.unassigned[1].reasons,
            ["Overdue: first contact was due by Tue 1 Dec, 2 working days ago", "Justice-system contact"]
        );
        assert_eq!(inbox.unassigned[0].reasons[1], "2 attempts so far, not reached yet");
        assert_eq!(
            inbox.unassigned[2].reasons,
            ["Justice-system contact", "First contact due by Wed 9 Dec (4 working days left)"]
        );
    }
}
