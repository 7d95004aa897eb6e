//! Early-warning flags for a link worker's caseload: who has gone quiet, whose stress is climbing,
//! who rated their stress 9 or 10. Pure functions over a participant's shared history, so the rules
//! are tested on hand-made histories and the server and app agree on them.
//!
//! Each flag has the moment it was raised. "Mark reviewed" at time T clears every flag raised at or
//! before T; new evidence after T raises it again.

use crate::entry::Entry;
use crate::facts::EntryFacts;
use crate::rating::Rating;
use crate::time::Timestamp;
use serde::{Deserialize, Serialize};

/// Days without shared activity before "gone quiet" is raised, unless configured otherwise.
pub const DEFAULT_QUIET_DAYS: i64 = 7;
/// The recent window and the baseline before it, in days.
pub const RECENT_DAYS: i64 = 7;
pub const BASELINE_DAYS: i64 = 28;
/// How many points above baseline counts as rising.
pub const RISE_POINTS: f32 = 2.0;
/// Readings needed in each window before comparing them.
pub const MIN_READINGS: usize = 3;

/// One reason a participant may need a call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "flag", rename_all = "snake_case")]
pub enum Flag {
    GoneQuiet { since: Timestamp, days: i64 },
    StressRising { recent_mean: f32, baseline_mean: f32 },
    HighStress { at: Timestamp, rating: u8 },
    MissingSessions { missed: u32, last: Timestamp },
}

/// A flag with when it was raised.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(try_from = "RaisedFields")]
pub struct Raised {
    #[serde(flatten)]
    pub flag: Flag,
    pub raised_at: Timestamp,
}

crate::wire::read_flat! {
    Flag from RaisedFields { flag: FlagName, raised_at: Timestamp }
    options {
        since: Timestamp,
        days: i64,
        recent_mean: f32,
        baseline_mean: f32,
        at: Timestamp,
        rating: u8,
        missed: u32,
        last: Timestamp,
    }
    variants {
        GoneQuiet { since, days },
        StressRising { recent_mean, baseline_mean },
        HighStress { at, rating },
        MissingSessions { missed, last },
    }
}

/// A raised flag is read as its flag's fields and `raised_at` in one object.
impl TryFrom<RaisedFields> for Raised {
    type Error = crate::wire::MissingField;

    fn try_from(f: RaisedFields) -> Result<Self, Self::Error> {
        Ok(Raised { raised_at: f.raised_at, flag: Flag::try_from(f)? })
    }
}

impl Flag {
    /// The reason in words, for the caseload row.
    pub fn reason(&self) -> String {
        match self {
            Flag::GoneQuiet { days, .. } => format!("Gone quiet: nothing shared for {days} days"),
            Flag::StressRising { recent_mean, baseline_mean } => format!(
                "Stress rising: averaging {recent_mean:.1} this week, up from {baseline_mean:.1} over the 4 weeks before"
            ),
            Flag::MissingSessions { missed, last } => {
                format!("Missing sessions: missed the last {missed} sessions of their groups, most recently on {}", last.uk_day().short_label())
            }
            Flag::HighStress { at, rating } => {
                format!("High stress: rated {rating} out of 10 on {} at {}", at.uk_day().short_label(), at.uk().clock())
            }
        }
    }
}

/// What the rules need to know about one participant.
pub struct History<'a> {
    /// Shared entries; at least the last [`RECENT_DAYS`] + [`BASELINE_DAYS`] days of them.
    pub entries: &'a [EntryFacts],
    /// The latest shared activity ever ([`last_activity`] of all entries).
    pub last_activity: Option<Timestamp>,
    /// When they were enrolled: the start of "quiet" if nothing was ever shared.
    pub enrolled_at: Timestamp,
    pub last_reviewed_at: Option<Timestamp>,
    pub quiet_days: i64,
    /// Past sessions of groups they joined whose register was taken: (start, present).
    pub attendance: &'a [(Timestamp, bool)],
    /// Sessions a leader's register marks them present at (or they checked in to with a code).
    pub registered: &'a [(crate::group::SessionId, Timestamp)],
}

/// Every flag standing now (raised after the last review), most recent first.
pub fn flags(history: &History<'_>, now: Timestamp) -> Vec<Raised> {
    let readings = stress_readings(history.entries);
    let mut raised = Vec::new();
    raised.extend(gone_quiet(history, now));
    raised.extend(stress_rising(&readings, now));
    raised.extend(high_stress(&readings));
    raised.extend(missing_sessions(history.attendance));
    raised.retain(|r| history.last_reviewed_at.is_none_or(|reviewed| r.raised_at > reviewed));
    crate::order::sort_by_key(&mut raised, |r| std::cmp::Reverse(r.raised_at));
    raised
}

/// The latest moment anything was shared (an entry's time, or its last change).
pub fn last_activity(entries: &[Entry]) -> Option<Timestamp> {
    entries.iter().map(|e| e.at.max(e.updated_at)).max()
}

fn gone_quiet(history: &History<'_>, now: Timestamp) -> Option<Raised> {
    let since = history.last_activity.unwrap_or(history.enrolled_at);
    let raised_at = since.plus_days(history.quiet_days);
    (now >= raised_at).then(|| Raised {
        flag: Flag::GoneQuiet { since, days: (now.millis() - since.millis()) / 86_400_000 },
        raised_at,
    })
}

fn missing_sessions(attendance: &[(Timestamp, bool)]) -> Option<Raised> {
    let (missed, last) = crate::attendance::missed_in_a_row(attendance);
    let last = last?;
    (missed >= crate::attendance::MISSED_IN_A_ROW)
        .then_some(Raised { flag: Flag::MissingSessions { missed, last }, raised_at: last })
}

fn stress_readings(entries: &[EntryFacts]) -> Vec<(Timestamp, Rating)> {
    let mut readings: Vec<_> = entries.iter().flat_map(|e| e.stress.iter().copied()).collect();
    crate::order::sort_by_key(&mut readings, |(t, _)| *t);
    readings
}

fn mean(values: &[(Timestamp, Rating)]) -> Option<f32> {
    (!values.is_empty()).then(|| values.iter().map(|(_, r)| f32::from(r.value())).sum::<f32>() / values.len() as f32)
}

/// `readings` oldest first.
fn stress_rising(readings: &[(Timestamp, Rating)], now: Timestamp) -> Option<Raised> {
    let recent_start = now.plus_days(-RECENT_DAYS);
    let baseline_start = recent_start.plus_days(-BASELINE_DAYS);
    let recent: Vec<_> = readings.iter().copied().filter(|(t, _)| *t > recent_start && *t <= now).collect();
    let baseline: Vec<_> =
        readings.iter().copied().filter(|(t, _)| *t > baseline_start && *t <= recent_start).collect();
    if recent.len() < MIN_READINGS || baseline.len() < MIN_READINGS {
        return None;
    }
    let (recent_mean, baseline_mean) = (mean(&recent)?, mean(&baseline)?);
    (recent_mean - baseline_mean >= RISE_POINTS).then(|| Raised {
        flag: Flag::StressRising { recent_mean, baseline_mean },
        raised_at: recent.last().map(|(t, _)| *t).unwrap_or(now),
    })
}

/// `readings` oldest first.
fn high_stress(readings: &[(Timestamp, Rating)]) -> Option<Raised> {
    readings
        .iter()
        .rev()
        .find(|(_, r)| r.value() >= crate::crisis::HIGH_STRESS)
        .map(|&(at, r)| Raised { flag: Flag::HighStress { at, rating: r.value() }, raised_at: at })
}

/// One row of a link worker's caseload.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseloadRow {
    pub participant: crate::enrolment::Participant,
    pub last_activity: Option<Timestamp>,
    /// Sessions attended in the last 4 weeks: on a leader's register, or checked in to and shared.
    pub sessions_last_4_weeks: u32,
    pub latest_stress: Option<u8>,
    pub latest_wellbeing: Option<u8>,
    /// Daily mean stress over the last 14 days, oldest first, for a small trend line.
    pub stress_trend: Vec<Option<f32>>,
    pub flags: Vec<Raised>,
    pub last_reviewed_at: Option<Timestamp>,
}

/// Days in a caseload row's stress trend line.
pub const TREND_DAYS: u32 = 14;

/// The moment a caseload is drawn at, with the days of its trend lines worked out once for every row.
#[derive(Debug, Clone, PartialEq)]
pub struct Today {
    pub now: Timestamp,
    trend_days: crate::summary::DayStarts,
}

impl Today {
    pub fn at(now: Timestamp) -> Self {
        Today { now, trend_days: crate::summary::DayStarts::ending(now.uk_day(), TREND_DAYS) }
    }
}

/// Builds a caseload row from a participant's shared history.
pub fn caseload_row(participant: crate::enrolment::Participant, history: &History<'_>, today: &Today) -> CaseloadRow {
    let (entries, now) = (history.entries, today.now);
    let four_weeks_ago = now.plus_days(-28);
    CaseloadRow {
        last_activity: history.last_activity,
        sessions_last_4_weeks: sessions_attended(entries, history.registered, four_weeks_ago),
        latest_stress: latest(entries.iter().flat_map(|e| &e.stress)),
        latest_wellbeing: latest(entries.iter().flat_map(|e| &e.wellbeing)),
        stress_trend: today
            .trend_days
            .means(entries.iter().flat_map(|e| e.stress.iter().copied()))
            .into_iter()
            .map(|p| p.mean)
            .collect(),
        flags: flags(history, now),
        last_reviewed_at: history.last_reviewed_at,
        participant,
    }
}

/// The most recent of some readings.
fn latest<'a>(readings: impl Iterator<Item = &'a (Timestamp, Rating)>) -> Option<u8> {
    readings.max_by_key(|(t, _)| *t).map(|(_, r)| r.value())
}

/// Distinct sessions since `since`: from registers, and from shared check-ins (a check-in without a
/// session counts on its own).
fn sessions_attended(
    entries: &[EntryFacts],
    registered: &[(crate::group::SessionId, Timestamp)],
    since: Timestamp,
) -> u32 {
    let mut sessions: std::collections::HashSet<&crate::group::SessionId> =
        registered.iter().filter(|(_, at)| *at > since).map(|(id, _)| id).collect();
    let mut unlinked = 0;
    for check_in in entries.iter().filter(|e| e.at > since).filter_map(|e| e.check_in.as_ref()) {
        match check_in {
            Some(id) => {
                sessions.insert(id);
            }
            None => unlinked += 1,
        }
    }
    sessions.len() as u32 + unlinked
}

/// Flagged participants first (most flags, then most recently raised), then everyone else by name.
pub fn sort_caseload(rows: &mut [CaseloadRow]) {
    crate::order::sort_by(rows, |a, b| {
        let newest = |r: &CaseloadRow| r.flags.first().map(|f| f.raised_at);
        b.flags
            .len()
            .cmp(&a.flags.len())
            .then_with(|| newest(b).cmp(&newest(a)))
            .then_with(|| a.participant.display_name.to_lowercase().cmp(&b.participant.display_name.to_lowercase()))
    });
}

/// `POST /api/v1/participants/{id}/reviews`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewReview {
    #[serde(default)]
    pub note: Option<crate::note::Note>,
}

/// A link worker's review of a participant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Review {
    pub reviewed_at: Timestamp,
    pub reviewer: String,
    pub note: Option<String>,
}

/// `GET /api/v1/participants/{id}`: everything the participant page shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ParticipantDetail {
    pub row: CaseloadRow,
    pub entries: Vec<Entry>,
    pub reviews: Vec<Review>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entry::tests::{at, quick};
    use crate::wire::tests::reads_back;

    #[test]
    fn every_raised_flag_reads_back_as_written_and_one_missing_a_field_is_refused() {
        let raised = |flag| Raised { flag, raised_at: now() };
        reads_back(&raised(Flag::GoneQuiet { since: now(), days: 9 }), Some("days"));
        reads_back(&raised(Flag::StressRising { recent_mean: 7.5, baseline_mean: 4.25 }), Some("baseline_mean"));
        reads_back(&raised(Flag::HighStress { at: now(), rating: 9 }), Some("at"));
        reads_back(&raised(Flag::MissingSessions { missed: 3, last: now() }), Some("missed"));
        reads_back(&raised(Flag::MissingSessions { missed: 3, last: now() }), Some("raised_at"));
    }

    fn now() -> Timestamp {
        at("2026-11-25T12:00:00Z")
    }

    /// The history of these entries (their facts leaked: a test's few bytes, for a short borrow).
    fn history(entries: &[Entry], reviewed: Option<&str>) -> History<'static> {
        let facts: Vec<EntryFacts> = entries.iter().map(EntryFacts::from).collect();
        History {
            entries: Vec::leak(facts),
            last_activity: last_activity(entries),
            enrolled_at: at("2026-09-01T09:00:00Z"),
            last_reviewed_at: reviewed.map(at),
            quiet_days: DEFAULT_QUIET_DAYS,
            attendance: &[],
            registered: &[],
        }
    }

    /// A stress rating per day for `days` days ending `days_ago` days before now.
    fn daily_stress(first_id: u32, days_ago_from: i64, days: i64, stress: i64) -> Vec<Entry> {
        (0..days)
            .map(|i| {
                let t = now().plus_days(-(days_ago_from + i)).plus_minutes(-60);
                quick(first_id + i as u32, &t.to_string(), None, Some(stress))
            })
            .collect()
    }

    #[test]
    fn nothing_shared_for_seven_days_is_gone_quiet() {
        let entries = [quick(1, "2026-11-17T10:00:00Z", Some(6), Some(4))];
        let f = flags(&history(&entries, None), now());
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].flag, Flag::GoneQuiet { since: at("2026-11-17T10:00:00Z"), days: 8 });
        assert_eq!(f[0].flag.reason(), "Gone quiet: nothing shared for 8 days");
        let recent = [quick(1, "2026-11-20T10:00:00Z", Some(6), Some(4))];
        assert!(flags(&history(&recent, None), now()).is_empty());
    }

    #[test]
    fn someone_who_never_shared_goes_quiet_a_week_after_enrolment() {
        let f = flags(&history(&[], None), now());
        assert!(matches!(f[0].flag, Flag::GoneQuiet { .. }));
        assert_eq!(f[0].raised_at, at("2026-09-08T09:00:00Z"));
    }

    #[test]
    fn a_week_two_points_above_the_baseline_is_stress_rising() {
        let mut entries = daily_stress(1, 8, 28, 4);
        entries.extend(daily_stress(100, 0, 5, 6));
        let f = flags(&history(&entries, None), now());
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].flag, Flag::StressRising { recent_mean: 6.0, baseline_mean: 4.0 });

        let mut slightly = daily_stress(1, 8, 28, 4);
        slightly.extend(daily_stress(100, 0, 5, 5));
        assert!(flags(&history(&slightly, None), now()).is_empty(), "1 point is not a rise");
    }

    #[test]
    fn too_few_readings_are_not_compared() {
        let mut entries = daily_stress(1, 8, 2, 2);
        entries.extend(daily_stress(100, 0, 5, 8));
        assert!(!flags(&history(&entries, None), now()).iter().any(|r| matches!(r.flag, Flag::StressRising { .. })));
    }

    #[test]
    fn a_nine_or_ten_is_high_stress_until_reviewed() {
        let entries =
            [quick(1, "2026-11-24T20:00:00Z", None, Some(9)), quick(2, "2026-11-25T08:00:00Z", None, Some(3))];
        let f = flags(&history(&entries, None), now());
        assert_eq!(f[0].flag, Flag::HighStress { at: at("2026-11-24T20:00:00Z"), rating: 9 });
        assert_eq!(f[0].flag.reason(), "High stress: rated 9 out of 10 on Tue 24 Nov at 20:00");
        assert!(flags(&history(&entries, Some("2026-11-25T09:00:00Z")), now()).is_empty(), "reviewed after it");
        let later = [quick(3, "2026-11-25T10:00:00Z", None, Some(10))];
        let f = flags(&history(&later, Some("2026-11-25T09:00:00Z")), now());
        assert_eq!(f.len(), 1, "new evidence raises it again");
    }

    #[test]
    fn flagged_participants_sort_first() {
        let participant = |name: &str| crate::enrolment::Participant {
            id: name.into(),
            display_name: name.into(),
            referral_source: crate::enrolment::ReferralSource::Probation,
            justice_contact: true,
            consent_discussed_on: crate::time::Day::parse("2026-09-01").unwrap(),
            created_at: at("2026-09-01T09:00:00Z"),
            linked: true,
            shared_entries: 0,
        };
        let calm = [quick(1, "2026-11-25T08:00:00Z", Some(7), Some(3))];
        let quiet: [Entry; 0] = [];
        let high = [quick(2, "2026-11-25T08:00:00Z", Some(7), Some(10))];
        let mut rows = vec![
            caseload_row(participant("Ann"), &history(&calm, None), &Today::at(now())),
            caseload_row(participant("Bea"), &history(&quiet, None), &Today::at(now())),
            caseload_row(participant("Cal"), &history(&high, None), &Today::at(now())),
        ];
        sort_caseload(&mut rows);
        let order: Vec<_> = rows.iter().map(|r| r.participant.display_name.as_str()).collect();
        assert_eq!(order, ["Cal", "Bea", "Ann"]);
        assert_eq!(rows[0].latest_stress, Some(10));
        assert_eq!(rows[2].stress_trend.len(), 14);
        assert_eq!(rows[2].stress_trend[13], Some(3.0));
    }

    #[test]
    fn sessions_attended_count_each_session_once_from_registers_and_check_ins() {
        use crate::entry::tests::check_in;
        use crate::group::{GroupKind, SessionId};
        let entries = [
            check_in(4, "2026-11-20T10:00:00Z", GroupKind::Walking, 7, 4),
            check_in(5, "2026-10-01T10:00:00Z", GroupKind::Walking, 7, 4),
        ];
        let registered = [
            (SessionId("s4".into()), at("2026-11-20T10:00:00Z")),
            (SessionId("s9".into()), at("2026-11-22T10:00:00Z")),
        ];
        let h = History { registered: &registered, ..history(&entries, None) };
        let participant = crate::enrolment::Participant {
            id: "p".into(),
            display_name: "Ann".into(),
            referral_source: crate::enrolment::ReferralSource::Probation,
            justice_contact: false,
            consent_discussed_on: crate::time::Day::parse("2026-09-01").unwrap(),
            created_at: at("2026-09-01T09:00:00Z"),
            linked: true,
            shared_entries: 2,
        };
        assert_eq!(
            caseload_row(participant, &h, &Today::at(now())).sessions_last_4_weeks,
            2,
            "s4 once, s9, not the October one"
        );
    }

    #[test]
    fn two_missed_sessions_in_a_row_flag() {
        let entries = [quick(1, "2026-11-25T08:00:00Z", Some(7), Some(3))];
        let attendance = [
            (at("2026-11-11T10:00:00Z"), true),
            (at("2026-11-18T10:00:00Z"), false),
            (at("2026-11-25T10:00:00Z"), false),
        ];
        let h = History { attendance: &attendance, ..history(&entries, None) };
        let f = flags(&h, now());
        assert_eq!(f[0].flag, Flag::MissingSessions { missed: 2, last: at("2026-11-25T10:00:00Z") });
        assert_eq!(
            f[0].flag.reason(),
            "Missing sessions: missed the last 2 sessions of their groups, most recently on Wed 25 Nov"
        );
        let one = [(at("2026-11-18T10:00:00Z"), true), (at("2026-11-25T10:00:00Z"), false)];
        assert!(flags(&History { attendance: &one, ..history(&entries, None) }, now()).is_empty());
    }

    #[test]
    fn a_review_clears_gone_quiet_raised_before_it() {
        let entries = [quick(1, "2026-11-10T10:00:00Z", Some(6), None)];
        assert!(flags(&history(&entries, Some("2026-11-20T10:00:00Z")), now()).is_empty());
    }
}
