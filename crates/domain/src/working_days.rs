//! Working days: Monday to Friday, less bank holidays. A referral's first contact is due within a
//! number of working days, so a referral made on a Friday before a bank holiday Monday is not
//! overdue on Tuesday. Pure functions over [`Day`]s, so the clock is tested without waiting.

use crate::time::Day;

/// Bank holidays in England and Wales, 2025 to 2027, as published by the UK Government at
/// <https://www.gov.uk/bank-holidays> (also as JSON: <https://www.gov.uk/bank-holidays.json>,
/// division `england-and-wales`). When a holiday falls at a weekend the substitute day is listed,
/// as there: Boxing Day 2026 (Saturday) is Monday 28 December; Christmas Day and Boxing Day 2027
/// (Saturday and Sunday) are Monday 27 and Tuesday 28 December.
pub const ENGLAND_AND_WALES_BANK_HOLIDAYS: [(i32, u32, u32); 24] = [
    (2025, 1, 1),
    (2025, 4, 18),
    (2025, 4, 21),
    (2025, 5, 5),
    (2025, 5, 26),
    (2025, 8, 25),
    (2025, 12, 25),
    (2025, 12, 26),
    (2026, 1, 1),
    (2026, 4, 3),
    (2026, 4, 6),
    (2026, 5, 4),
    (2026, 5, 25),
    (2026, 8, 31),
    (2026, 12, 25),
    (2026, 12, 28),
    (2027, 1, 1),
    (2027, 3, 26),
    (2027, 3, 29),
    (2027, 5, 3),
    (2027, 5, 31),
    (2027, 8, 30),
    (2027, 12, 27),
    (2027, 12, 28),
];

/// Which days are working days.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkingCalendar {
    /// Sorted, without repeats.
    bank_holidays: Vec<Day>,
}

impl Default for WorkingCalendar {
    /// England and Wales ([`ENGLAND_AND_WALES_BANK_HOLIDAYS`]).
    fn default() -> Self {
        WorkingCalendar::new(ENGLAND_AND_WALES_BANK_HOLIDAYS.iter().filter_map(|&(y, m, d)| Day::from_civil(y, m, d)))
    }
}

impl WorkingCalendar {
    /// Weekdays other than these bank holidays are working days.
    pub fn new(bank_holidays: impl IntoIterator<Item = Day>) -> Self {
        let mut days: Vec<Day> = bank_holidays.into_iter().collect();
        days.sort_unstable();
        days.dedup();
        WorkingCalendar { bank_holidays: days }
    }

    pub fn bank_holidays(&self) -> &[Day] {
        &self.bank_holidays
    }

    /// Monday to Friday, and not a bank holiday.
    pub fn is_working_day(&self, day: Day) -> bool {
        (1..=5).contains(&day.weekday()) && self.bank_holidays.binary_search(&day).is_err()
    }

    /// The `n`th working day after `start` (`start` itself never counts, whatever day it is; `n` = 0
    /// is `start`).
    pub fn add_working_days(&self, start: Day, n: u32) -> Day {
        let mut day = start;
        let mut left = n;
        while left > 0 {
            day = day.plus(1);
            if self.is_working_day(day) {
                left -= 1;
            }
        }
        day
    }

    /// The working days after `from`, up to and including `to`: 0 when `to` is not after `from`.
    pub fn working_days_between(&self, from: Day, to: Day) -> u32 {
        let span = to.days_since_epoch() - from.days_since_epoch();
        if span <= 0 {
            return 0;
        }
        let full_weeks = (span / 7) as u32;
        let mut count = full_weeks * 5;
        let mut day = from.plus(full_weeks as i32 * 7);
        while day < to {
            day = day.plus(1);
            count += u32::from((1..=5).contains(&day.weekday()));
        }
        let holidays = self.bank_holidays.iter().filter(|h| **h > from && **h <= to && (1..=5).contains(&h.weekday()));
        count - holidays.count() as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn day(text: &str) -> Day {
        Day::parse(text).unwrap()
    }

    #[test]
    fn the_default_list_is_every_england_and_wales_bank_holiday_on_a_weekday() {
        let calendar = WorkingCalendar::default();
        assert_eq!(calendar.bank_holidays().len(), 24);
        assert!(calendar.bank_holidays().iter().all(|d| (1..=5).contains(&d.weekday())), "substitutes are weekdays");
        assert!(!calendar.is_working_day(day("2026-12-28")), "Boxing Day 2026's substitute");
        assert!(!calendar.is_working_day(day("2027-03-26")), "Good Friday 2027");
        assert!(calendar.is_working_day(day("2026-12-24")));
        assert!(!calendar.is_working_day(day("2026-11-28")), "a Saturday");
    }

    #[test]
    fn five_working_days_skip_weekends_and_bank_holidays() {
        let calendar = WorkingCalendar::default();
        assert_eq!(calendar.add_working_days(day("2026-11-23"), 5), day("2026-11-30"), "Monday to Monday");
        assert_eq!(calendar.add_working_days(day("2026-11-28"), 5), day("2026-12-04"), "from a Saturday");
        // Thursday 24 Dec: Fri 25 and Mon 28 are bank holidays.
        assert_eq!(calendar.add_working_days(day("2026-12-24"), 5), day("2027-01-05"), "Christmas and New Year");
        assert_eq!(calendar.add_working_days(day("2026-04-02"), 1), day("2026-04-07"), "over Easter");
        assert_eq!(calendar.add_working_days(day("2026-11-23"), 0), day("2026-11-23"));
    }

    #[test]
    fn working_days_between_counts_after_the_start_up_to_the_end() {
        let calendar = WorkingCalendar::default();
        assert_eq!(calendar.working_days_between(day("2026-11-23"), day("2026-11-23")), 0);
        assert_eq!(calendar.working_days_between(day("2026-11-23"), day("2026-11-24")), 1);
        assert_eq!(calendar.working_days_between(day("2026-11-27"), day("2026-11-30")), 1, "Friday to Monday");
        assert_eq!(calendar.working_days_between(day("2026-12-24"), day("2027-01-05")), 5);
        assert_eq!(calendar.working_days_between(day("2026-11-30"), day("2026-11-23")), 0, "backwards is none");
    }

    #[test]
    fn an_empty_list_has_only_weekends_off() {
        let calendar = WorkingCalendar::new([]);
        assert!(calendar.is_working_day(day("2026-12-25")));
        assert_eq!(calendar.add_working_days(day("2026-12-24"), 5), day("2026-12-31"));
    }

    proptest! {
        #[test]
        fn counting_back_the_days_added_gives_n(start in 19_000i32..21_000, n in 0u32..400) {
            let calendar = WorkingCalendar::default();
            let start = Day::from_days_since_epoch(start);
            let due = calendar.add_working_days(start, n);
            prop_assert_eq!(calendar.working_days_between(start, due), n);
            prop_assert!(n == 0 || calendar.is_working_day(due));
        }
    }
}
