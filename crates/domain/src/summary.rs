//! Pure summaries of a participant's entries: daily trends for the charts, entries by day for the
//! history, and "what helps me" (the average change in stress by activity kind).

use crate::entry::Entry;
use crate::group::GroupKind;
use crate::rating::Rating;
use crate::time::{Day, Timestamp};
use std::collections::BTreeMap;

/// The mean of a day's ratings, or nothing recorded that day.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DailyPoint {
    pub day: Day,
    pub mean: Option<f32>,
    pub count: u32,
}

/// One point per UK day for the `days` days ending on `last_day`, oldest first.
pub fn daily_means(
    readings: impl IntoIterator<Item = (Timestamp, Rating)>,
    last_day: Day,
    days: u32,
) -> Vec<DailyPoint> {
    DayStarts::ending(last_day, days).means(readings)
}

/// The first instant of each of a run of UK days, and of the day after the last: worked out once
/// (with summer time) and shared by every series drawn over those days, so a reading's day is
/// found by comparing instants rather than by working out a calendar date per reading.
#[derive(Debug, Clone, PartialEq)]
pub struct DayStarts {
    first_day: Day,
    starts: Vec<Timestamp>,
}

impl DayStarts {
    /// The `days` days ending on `last_day`.
    pub fn ending(last_day: Day, days: u32) -> Self {
        let first_day = last_day.plus(1 - days as i32);
        DayStarts {
            first_day,
            starts: (0..=days as i32).map(|i| Timestamp::from_uk(first_day.plus(i), 0, 0)).collect(),
        }
    }

    /// One point per day, oldest first.
    pub fn means(&self, readings: impl IntoIterator<Item = (Timestamp, Rating)>) -> Vec<DailyPoint> {
        let days = self.starts.len() - 1;
        let mut sums = vec![(0u32, 0u32); days];
        for (at, rating) in readings {
            let day = self.starts.partition_point(|start| *start <= at);
            if (1..=days).contains(&day) {
                let slot = &mut sums[day - 1];
                slot.0 += u32::from(rating.value());
                slot.1 += 1;
            }
        }
        sums.into_iter()
            .enumerate()
            .map(|(i, (sum, count))| DailyPoint {
                day: self.first_day.plus(i as i32),
                mean: (count > 0).then(|| sum as f32 / count as f32),
                count,
            })
            .collect()
    }
}

/// Daily stress and wellbeing series from entries, as both the participant's history and the link
/// worker's participant page draw them.
pub fn stress_and_wellbeing(entries: &[Entry], last_day: Day, days: u32) -> (Vec<DailyPoint>, Vec<DailyPoint>) {
    (
        daily_means(entries.iter().flat_map(Entry::stress_readings), last_day, days),
        daily_means(entries.iter().flat_map(Entry::wellbeing_readings), last_day, days),
    )
}

/// The mean of every reading behind a series, for a one-line summary beside its chart.
pub fn overall_mean(points: &[DailyPoint]) -> Option<f32> {
    let (sum, count) = points
        .iter()
        .filter_map(|p| p.mean.map(|m| (m * p.count as f32, p.count)))
        .fold((0.0, 0), |(s, c), (ps, pc)| (s + ps, c + pc));
    (count > 0).then(|| sum / count as f32)
}

/// Entries grouped by UK day, newest day first and newest entry first within a day.
pub fn entries_by_day(entries: &[Entry]) -> Vec<(Day, Vec<&Entry>)> {
    let mut days: BTreeMap<Day, Vec<&Entry>> = BTreeMap::new();
    for e in entries {
        days.entry(e.at.uk_day()).or_default().push(e);
    }
    days.into_iter()
        .rev()
        .map(|(day, mut list)| {
            crate::order::sort_by_key(&mut list, |e| std::cmp::Reverse(e.at));
            (day, list)
        })
        .collect()
}

/// Days History draws at a time (at first, then per "Show earlier entries").
pub const DAYS_AT_A_TIME: usize = 30;
/// Entries History draws at a time, at most, in whole days: someone who logs many times a day would
/// otherwise wait for hundreds to be drawn before the page shows (720 took a third of a second).
pub const ENTRIES_AT_A_TIME: usize = 100;

/// How many of the days from [`entries_by_day`] History draws after `steps` lots (the first, and one per
/// "Show earlier entries"): [`DAYS_AT_A_TIME`] days a lot, fewer if they hold more than
/// [`ENTRIES_AT_A_TIME`] entries a lot; always at least one day, never part of one.
pub fn days_to_draw(by_day: &[(Day, Vec<&Entry>)], steps: usize) -> usize {
    let mut drawn = 0;
    let days = by_day
        .iter()
        .take_while(|(_, list)| {
            let more = drawn < steps * ENTRIES_AT_A_TIME;
            drawn += list.len();
            more
        })
        .count();
    days.min(steps * DAYS_AT_A_TIME)
}

/// How stress changed, on average, across sessions of one kind.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KindChange {
    pub kind: GroupKind,
    /// Check-ins with both a before and an after rating.
    pub sessions: u32,
    /// Mean of (after − before): negative means stress went down.
    pub mean_change: f32,
}

/// "What helps me": for each activity kind with at least one before/after pair, the mean change in
/// stress, the kinds with the largest fall first.
pub fn what_helps(entries: &[Entry]) -> Vec<KindChange> {
    let mut by_kind: BTreeMap<GroupKind, (i32, u32)> = BTreeMap::new();
    for check_in in entries.iter().filter_map(Entry::as_check_in) {
        if let Some(change) = check_in.stress_change() {
            let slot = by_kind.entry(check_in.group_kind).or_default();
            slot.0 += i32::from(change);
            slot.1 += 1;
        }
    }
    let mut changes: Vec<KindChange> = by_kind
        .into_iter()
        .map(|(kind, (sum, n))| KindChange { kind, sessions: n, mean_change: sum as f32 / n as f32 })
        .collect();
    crate::order::sort_by(&mut changes, |a, b| {
        a.mean_change.total_cmp(&b.mean_change).then(b.sessions.cmp(&a.sessions))
    });
    changes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entry::tests::{at, check_in, quick};
    use proptest::prelude::*;

    #[test]
    fn daily_means_average_each_uk_day_and_leave_gaps() {
        let entries = [
            quick(1, "2026-11-24T09:00:00Z", None, Some(6)),
            quick(2, "2026-11-24T18:00:00Z", None, Some(8)),
            quick(3, "2026-11-22T09:00:00Z", None, Some(2)),
            quick(4, "2026-11-01T09:00:00Z", None, Some(10)),
        ];
        let readings = entries.iter().flat_map(Entry::stress_readings);
        let points = daily_means(readings, at("2026-11-25T12:00:00Z").uk_day(), 7);
        assert_eq!(points.len(), 7);
        assert_eq!(points[0].day.to_string(), "2026-11-19");
        let by_day: Vec<_> = points.iter().map(|p| p.mean).collect();
        assert_eq!(by_day, [None, None, None, Some(2.0), None, Some(7.0), None]);
        assert_eq!(overall_mean(&points), Some((6.0 + 8.0 + 2.0) / 3.0));
    }

    #[test]
    fn what_helps_ranks_the_biggest_fall_first() {
        let entries = [
            check_in(1, "2026-11-20T10:00:00Z", GroupKind::Walking, 7, 4),
            check_in(2, "2026-11-21T10:00:00Z", GroupKind::Walking, 6, 5),
            check_in(3, "2026-11-22T10:00:00Z", GroupKind::Gardening, 8, 3),
            check_in(4, "2026-11-23T10:00:00Z", GroupKind::CleanUp, 3, 4),
            quick(5, "2026-11-23T12:00:00Z", Some(5), Some(5)),
        ];
        let helps = what_helps(&entries);
        assert_eq!(
            helps,
            [
                KindChange { kind: GroupKind::Gardening, sessions: 1, mean_change: -5.0 },
                KindChange { kind: GroupKind::Walking, sessions: 2, mean_change: -2.0 },
                KindChange { kind: GroupKind::CleanUp, sessions: 1, mean_change: 1.0 },
            ]
        );
    }

    #[test]
    fn entries_by_day_is_newest_first() {
        let entries = [
            quick(1, "2026-11-24T09:00:00Z", Some(5), None),
            quick(2, "2026-11-25T09:00:00Z", Some(5), None),
            quick(3, "2026-11-24T19:00:00Z", Some(5), None),
        ];
        let days = entries_by_day(&entries);
        assert_eq!(days[0].0.to_string(), "2026-11-25");
        let ids: Vec<_> = days[1].1.iter().map(|e| e.id.as_str().to_string()).collect();
        assert!(ids[0].ends_with('3') && ids[1].ends_with('1'));
    }

    /// `per_day` quick logs (a minute apart from midnight UTC) on each of `days` days from 1 November 2026.
    fn logs(days: u32, per_day: u32) -> Vec<Entry> {
        (0..days * per_day)
            .map(|n| {
                let (day, minute) = (n / per_day, n % per_day);
                let (month, date) = (11 + day / 30, 1 + day % 30);
                let when = format!("2026-{month:02}-{date:02}T{:02}:{:02}:00Z", minute / 60, minute % 60);
                quick(n, &when, Some(5), None)
            })
            .collect()
    }

    #[test]
    fn history_draws_30_days_at_a_time_when_there_are_few_entries_a_day() {
        let entries = logs(45, 2);
        let days = entries_by_day(&entries);
        assert_eq!(days_to_draw(&days, 1), 30);
        assert_eq!(days_to_draw(&days, 2), 45);
    }

    #[test]
    fn history_draws_fewer_whole_days_when_they_hold_more_than_100_entries() {
        let entries = logs(20, 24);
        let days = entries_by_day(&entries);
        // 4 days hold 96 entries, so a fifth is drawn whole (120); then 8 days hold 192, and a ninth.
        assert_eq!(days_to_draw(&days, 1), 5);
        assert_eq!(days_to_draw(&days, 2), 9);
        assert_eq!(days_to_draw(&entries_by_day(&logs(2, 150)), 1), 1, "a busy day is drawn whole");
        assert_eq!(days_to_draw(&[], 1), 0);
    }

    fn arb_kind() -> impl Strategy<Value = GroupKind> {
        prop::sample::select(GroupKind::ALL.to_vec())
    }

    proptest! {
        #[test]
        fn daily_means_stay_on_the_scale_and_count_every_reading_in_range(
            readings in prop::collection::vec((0i64..(90 * 86_400_000), 0i64..=10), 0..200),
            days in 1u32..120,
        ) {
            let base = at("2026-08-01T00:00:00Z").millis();
            let readings: Vec<_> = readings.into_iter()
                .map(|(offset, v)| (Timestamp::from_millis(base + offset), Rating::new(v).unwrap()))
                .collect();
            let last_day = Timestamp::from_millis(base + 90 * 86_400_000).uk_day();
            let points = daily_means(readings.clone(), last_day, days);
            prop_assert_eq!(points.len(), days as usize);
            let first = points[0].day;
            let in_range = readings.iter().filter(|(t, _)| t.uk_day() >= first && t.uk_day() <= last_day).count();
            prop_assert_eq!(points.iter().map(|p| p.count as usize).sum::<usize>(), in_range);
            for p in &points {
                let on_day = readings.iter().filter(|(t, _)| t.uk_day() == p.day).count();
                prop_assert_eq!(p.count as usize, on_day, "readings on {}", p.day);
            }
            for p in &points {
                if let Some(m) = p.mean { prop_assert!((0.0..=10.0).contains(&m)); }
            }
        }

        #[test]
        fn what_helps_counts_every_pair_once_and_stays_in_range(
            pairs in prop::collection::vec((arb_kind(), 0i64..=10, 0i64..=10), 0..60),
        ) {
            let entries: Vec<_> = pairs.iter().enumerate()
                .map(|(i, (k, b, a))| check_in(i as u32, "2026-11-20T10:00:00Z", *k, *b, *a))
                .collect();
            let helps = what_helps(&entries);
            prop_assert_eq!(helps.iter().map(|h| h.sessions as usize).sum::<usize>(), pairs.len());
            for w in helps.windows(2) { prop_assert!(w[0].mean_change <= w[1].mean_change); }
            for h in &helps { prop_assert!((-10.0..=10.0).contains(&h.mean_change)); }
        }
    }
}
