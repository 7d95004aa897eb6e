//! The referral pathway in numbers: of the referrals received in a range, how many were reached,
//! accepted, came to a first session and were still coming 6 and 12 weeks after they were accepted;
//! the median working days to first contact and the share reached within the target. By referral
//! source and by justice-system contact, so a service sees whether the pathway is proactive for
//! the people the NHS briefing names.

use crate::enrolment::ReferralSource;
use crate::time::Timestamp;
use crate::working_days::WorkingCalendar;
use serde::{Deserialize, Serialize};

/// "Still attending at N weeks": a session attended in the fortnight before N weeks after acceptance.
pub const STILL_ATTENDING_WINDOW_WEEKS: i64 = 2;

/// What the funnel needs to know about one referral.
#[derive(Debug, Clone, PartialEq)]
pub struct FunnelReferral {
    pub referral_source: ReferralSource,
    pub justice_contact: bool,
    pub received_at: Timestamp,
    /// The first attempt that reached them.
    pub first_contact_at: Option<Timestamp>,
    pub accepted_at: Option<Timestamp>,
    /// Sessions the participant enrolled from it attended (registers and shared check-ins).
    pub sessions_attended: Vec<Timestamp>,
}

/// Which referrals a row counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "by", rename_all = "snake_case", try_from = "GroupFields")]
pub enum FunnelGroup {
    All,
    Source { referral_source: ReferralSource },
    JusticeContact { justice_contact: bool },
}

crate::wire::read_flat! {
    FunnelGroup from GroupFields { by: GroupBy }
    options { referral_source: ReferralSource, justice_contact: bool }
    variants { All {}, Source { referral_source }, JusticeContact { justice_contact } }
}

impl FunnelGroup {
    fn holds(self, r: &FunnelReferral) -> bool {
        match self {
            FunnelGroup::All => true,
            FunnelGroup::Source { referral_source } => r.referral_source == referral_source,
            FunnelGroup::JusticeContact { justice_contact } => r.justice_contact == justice_contact,
        }
    }

    /// "All referrals", "GP or primary care", "Justice-system contact", "No justice-system contact".
    pub fn label(self) -> String {
        match self {
            FunnelGroup::All => "All referrals".into(),
            FunnelGroup::Source { referral_source } => referral_source.label().into(),
            FunnelGroup::JusticeContact { justice_contact: true } => "Justice-system contact".into(),
            FunnelGroup::JusticeContact { justice_contact: false } => "No justice-system contact".into(),
        }
    }

    fn code(self) -> String {
        match self {
            FunnelGroup::All => "all".into(),
            FunnelGroup::Source { referral_source } => format!("source_{}", referral_source.code()),
            FunnelGroup::JusticeContact { justice_contact: true } => "justice_contact".into(),
            FunnelGroup::JusticeContact { justice_contact: false } => "no_justice_contact".into(),
        }
    }
}

/// One row of the funnel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FunnelRow {
    pub group: FunnelGroup,
    pub label: String,
    pub referred: u32,
    pub first_contact: u32,
    pub accepted: u32,
    pub first_session: u32,
    pub attending_6_weeks: u32,
    pub attending_12_weeks: u32,
    /// Working days from the referral to first contact, over those reached.
    pub median_working_days_to_first_contact: Option<f32>,
    /// Reached within the target…
    pub contacted_within_target: u32,
    /// …of those reached, or not reached and past their due day.
    pub due_so_far: u32,
    pub share_within_target: Option<f32>,
}

/// `GET /api/v1/reports/referrals?from=&to=&format=csv`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Funnel {
    pub from: Timestamp,
    pub to: Timestamp,
    pub first_contact_working_days: u32,
    /// All referrals, then by source, then by justice contact.
    pub rows: Vec<FunnelRow>,
}

/// The funnel of `referrals` (those received from `from` to before `to`), seen at `now`.
pub fn build(
    referrals: &[FunnelReferral],
    from: Timestamp,
    to: Timestamp,
    now: Timestamp,
    calendar: &WorkingCalendar,
    target: u32,
) -> Funnel {
    let in_range: Vec<&FunnelReferral> =
        referrals.iter().filter(|r| r.received_at >= from && r.received_at < to).collect();
    let groups = std::iter::once(FunnelGroup::All)
        .chain(ReferralSource::ALL.into_iter().map(|referral_source| FunnelGroup::Source { referral_source }))
        .chain([true, false].into_iter().map(|justice_contact| FunnelGroup::JusticeContact { justice_contact }));
    let rows = groups
        .map(|group| {
            let of: Vec<&FunnelReferral> = in_range.iter().copied().filter(|r| group.holds(r)).collect();
            row(group, &of, now, calendar, target)
        })
        .collect();
    Funnel { from, to, first_contact_working_days: target, rows }
}

fn row(
    group: FunnelGroup,
    referrals: &[&FunnelReferral],
    now: Timestamp,
    calendar: &WorkingCalendar,
    target: u32,
) -> FunnelRow {
    let count = |keep: &dyn Fn(&FunnelReferral) -> bool| referrals.iter().filter(|r| keep(r)).count() as u32;
    let attending_at = |weeks: i64| {
        move |r: &FunnelReferral| {
            r.accepted_at.is_some_and(|accepted| {
                let (start, end) =
                    (accepted.plus_days(7 * (weeks - STILL_ATTENDING_WINDOW_WEEKS)), accepted.plus_days(7 * weeks));
                r.sessions_attended.iter().any(|s| *s >= start && *s < end)
            })
        }
    };
    let mut days_to_contact: Vec<u32> = referrals
        .iter()
        .filter_map(|r| r.first_contact_at.map(|c| calendar.working_days_between(r.received_at.uk_day(), c.uk_day())))
        .collect();
    days_to_contact.sort_unstable();
    let within = days_to_contact.iter().filter(|d| **d <= target).count() as u32;
    let overdue = count(&|r| {
        r.first_contact_at.is_none() && now.uk_day() > calendar.add_working_days(r.received_at.uk_day(), target)
    });
    let due_so_far = days_to_contact.len() as u32 + overdue;
    FunnelRow {
        group,
        label: group.label(),
        referred: referrals.len() as u32,
        first_contact: days_to_contact.len() as u32,
        accepted: count(&|r| r.accepted_at.is_some()),
        first_session: count(&|r| r.accepted_at.is_some() && !r.sessions_attended.is_empty()),
        attending_6_weeks: count(&attending_at(6)),
        attending_12_weeks: count(&attending_at(12)),
        median_working_days_to_first_contact: median(&days_to_contact),
        contacted_within_target: within,
        due_so_far,
        share_within_target: (due_so_far > 0).then(|| within as f32 / due_so_far as f32),
    }
}

/// `sorted` ascending.
fn median(sorted: &[u32]) -> Option<f32> {
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2] as f32),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) as f32 / 2.0),
    }
}

/// The funnel as CSV: one row per group, a column per step.
pub fn to_csv(funnel: &Funnel) -> String {
    let mut out = String::from(
        "group,referred,first_contact,accepted,first_session,attending_6_weeks,attending_12_weeks,\
         median_working_days_to_first_contact,contacted_within_target,due_so_far,share_within_target\r\n",
    );
    let optional = |v: Option<f32>| v.map(|v| format!("{v:.2}")).unwrap_or_default();
    for r in &funnel.rows {
        out.push_str(&format!(
            "{},{},{},{},{},{},{},{},{},{},{}\r\n",
            r.group.code(),
            r.referred,
            r.first_contact,
            r.accepted,
            r.first_session,
            r.attending_6_weeks,
            r.attending_12_weeks,
            optional(r.median_working_days_to_first_contact),
            r.contacted_within_target,
            r.due_so_far,
            optional(r.share_within_target),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::tests::reads_back;

    #[test]
    fn every_row_group_reads_back_as_written_and_one_missing_a_field_is_refused() {
        reads_back(&FunnelGroup::All, None);
        reads_back(&FunnelGroup::Source { referral_source: ReferralSource::Probation }, Some("referral_source"));
        reads_back(&FunnelGroup::JusticeContact { justice_contact: false }, Some("justice_contact"));
    }

    fn at(text: &str) -> Timestamp {
        Timestamp::parse(text).unwrap()
    }

    fn referral(source: ReferralSource, justice: bool, received: &str) -> FunnelReferral {
        FunnelReferral {
            referral_source: source,
            justice_contact: justice,
            received_at: at(received),
            first_contact_at: None,
            accepted_at: None,
            sessions_attended: Vec::new(),
        }
    }

    /// Five referrals with known answers (received Mondays; report seen on 2027-03-01).
    fn seeded() -> Vec<FunnelReferral> {
        // A: GP, justice; reached in 2 working days, accepted, sessions in weeks 1, 5 and 11.
        let mut a = referral(ReferralSource::PrimaryCare, true, "2026-11-02T09:00:00Z");
        a.first_contact_at = Some(at("2026-11-04T10:00:00Z"));
        a.accepted_at = Some(at("2026-11-04T10:30:00Z"));
        a.sessions_attended = vec![at("2026-11-10T10:00:00Z"), at("2026-12-10T10:00:00Z"), at("2027-01-20T10:00:00Z")];
        // B: probation, justice; reached in 7 working days, accepted, one session in week 1 only.
        let mut b = referral(ReferralSource::Probation, true, "2026-11-02T09:00:00Z");
        b.first_contact_at = Some(at("2026-11-11T10:00:00Z"));
        b.accepted_at = Some(at("2026-11-11T10:00:00Z"));
        b.sessions_attended = vec![at("2026-11-13T10:00:00Z")];
        // C: GP, no justice; reached in 4 working days, declined.
        let mut c = referral(ReferralSource::PrimaryCare, false, "2026-11-09T09:00:00Z");
        c.first_contact_at = Some(at("2026-11-13T10:00:00Z"));
        // D: self, no justice; never reached (overdue).
        let d = referral(ReferralSource::SelfReferral, false, "2026-11-16T09:00:00Z");
        // E: outside the range.
        let e = referral(ReferralSource::PrimaryCare, false, "2026-12-07T09:00:00Z");
        vec![a, b, c, d, e]
    }

    fn funnel() -> Funnel {
        build(
            &seeded(),
            at("2026-11-01T00:00:00Z"),
            at("2026-12-01T00:00:00Z"),
            at("2027-03-01T12:00:00Z"),
            &WorkingCalendar::default(),
            5,
        )
    }

    #[test]
    fn the_funnel_counts_each_step_on_a_seeded_set() {
        let f = funnel();
        let all = &f.rows[0];
        assert_eq!(all.group, FunnelGroup::All);
        assert_eq!(
            (
                all.referred,
                all.first_contact,
                all.accepted,
                all.first_session,
                all.attending_6_weeks,
                all.attending_12_weeks
            ),
            (4, 3, 2, 2, 1, 1)
        );
        assert_eq!(all.median_working_days_to_first_contact, Some(4.0), "2, 4 and 7 working days");
        assert_eq!((all.contacted_within_target, all.due_so_far), (2, 4), "A and C in time; B late; D overdue");
        assert_eq!(all.share_within_target, Some(0.5));
        let gp = f
            .rows
            .iter()
            .find(|r| r.group == FunnelGroup::Source { referral_source: ReferralSource::PrimaryCare })
            .unwrap();
        assert_eq!((gp.referred, gp.first_contact, gp.accepted), (2, 2, 1));
        assert_eq!(gp.median_working_days_to_first_contact, Some(3.0));
        let justice = f.rows.iter().find(|r| r.group == FunnelGroup::JusticeContact { justice_contact: true }).unwrap();
        assert_eq!(
            (justice.referred, justice.accepted, justice.first_session, justice.attending_6_weeks),
            (2, 2, 2, 1)
        );
        assert_eq!(justice.label, "Justice-system contact");
        assert_eq!(f.rows.len(), 1 + 4 + 2);
    }

    #[test]
    fn a_referral_not_yet_due_is_not_counted_against_the_target() {
        let fresh = referral(ReferralSource::Other, false, "2026-11-30T09:00:00Z");
        let f = build(
            &[fresh],
            at("2026-11-01T00:00:00Z"),
            at("2026-12-01T00:00:00Z"),
            at("2026-12-02T12:00:00Z"),
            &WorkingCalendar::default(),
            5,
        );
        assert_eq!((f.rows[0].referred, f.rows[0].due_so_far, f.rows[0].share_within_target), (1, 0, None));
    }

    #[test]
    fn the_csv_has_a_row_per_group() {
        let csv = to_csv(&funnel());
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert!(lines[0].starts_with("group,referred,first_contact,accepted,first_session,attending_6_weeks"));
        assert_eq!(lines[1], "all,4,3,2,2,1,1,4.00,2,4,0.50");
        assert!(lines.contains(&"justice_contact,2,2,2,2,1,1,4.50,1,2,0.50"));
        assert!(lines.contains(&"source_self_referral,1,0,0,0,0,0,,0,1,0.00"));
    }
}
