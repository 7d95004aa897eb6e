//! Instants and calendar days, and UK local time, without a time-zone database.
//!
//! Data always holds UTC ([`Timestamp`], milliseconds since the Unix epoch). People in Steady's
//! programmes are in the UK, so dates and times are shown in UK local time. The UK's rule is short
//! (British Summer Time runs from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last
//! Sunday of October, the rule since 1996, checked hour by hour against the IANA zone database in the
//! tests), so it lives here as code instead of shipping a whole zone database to the phone.

use serde::{Deserialize, Serialize};
use std::fmt;

const MS_PER_MINUTE: i64 = 60_000;
const MS_PER_HOUR: i64 = 60 * MS_PER_MINUTE;
const MS_PER_DAY: i64 = 24 * MS_PER_HOUR;

/// An instant in UTC, to the millisecond, from 1970 to the end of 9999 (so it always prints as a
/// four-digit-year RFC 3339 date-time, which FHIR and every client can read). On the wire it is an
/// RFC 3339 string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Timestamp(i64);

/// Why a text is not an RFC 3339 date-time.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a date and time like 2026-11-25T10:00:00Z.")]
pub struct TimestampError(pub String);

/// A calendar day, counted from 1970-01-01. On the wire it is `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Day(i32);

/// Why a text is not a date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a date like 2026-11-25.")]
pub struct DayError(pub String);

impl TryFrom<String> for Day {
    type Error = DayError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Day::parse(&value).ok_or_else(|| DayError(value.chars().take(40).collect()))
    }
}

impl From<Day> for String {
    fn from(d: Day) -> String {
        d.to_string()
    }
}

/// A date and time on a wall clock in the UK.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UkDateTime {
    pub day: Day,
    pub hour: u8,
    pub minute: u8,
}

/// Why a time sent from a phone is not believable: its clock is wrong, whatever its owner did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ImplausibleTime {
    #[error("It is dated before 2020. Check the phone's date and time.")]
    TooEarly,
    #[error("It is dated more than a day ahead. Check the phone's date and time.")]
    TooLate,
}

impl Timestamp {
    /// 1970-01-01T00:00:00Z.
    pub const MIN: Timestamp = Timestamp(0);
    /// 9999-12-31T23:59:59.999Z.
    pub const MAX: Timestamp = Timestamp(253_402_300_799_999);
    /// 2020-01-01T00:00:00Z: Steady did not exist before, so a phone saying so has a wrong clock.
    pub const EARLIEST_PLAUSIBLE: Timestamp = Timestamp(1_577_836_800_000);
    /// How far ahead of the server's clock a phone's time may be (phones' clocks drift).
    pub const MAX_AHEAD_MINUTES: i64 = 24 * 60;

    pub fn from_millis(ms: i64) -> Self {
        Timestamp(ms)
    }

    /// Whether a time a phone reports can be believed, by the server's clock `now`: not before 2020
    /// and at most a day ahead.
    pub fn check_plausible(self, now: Timestamp) -> Result<(), ImplausibleTime> {
        if self < Timestamp::EARLIEST_PLAUSIBLE {
            Err(ImplausibleTime::TooEarly)
        } else if self > now.plus_minutes(Timestamp::MAX_AHEAD_MINUTES) {
            Err(ImplausibleTime::TooLate)
        } else {
            Ok(())
        }
    }

    pub fn millis(self) -> i64 {
        self.0
    }

    /// Stays within [`Timestamp::MIN`] and [`Timestamp::MAX`], so arithmetic on a far date (a
    /// report asked for from 9999-12-31) still prints as a valid date-time.
    pub fn plus_minutes(self, minutes: i64) -> Self {
        Timestamp::clamped(self.0.saturating_add(minutes.saturating_mul(MS_PER_MINUTE)))
    }

    pub fn plus_days(self, days: i64) -> Self {
        Timestamp::clamped(self.0.saturating_add(days.saturating_mul(MS_PER_DAY)))
    }

    fn clamped(ms: i64) -> Self {
        Timestamp(ms.clamp(Timestamp::MIN.0, Timestamp::MAX.0))
    }

    /// The UTC calendar day this instant falls on.
    pub fn utc_day(self) -> Day {
        Day(self.0.div_euclid(MS_PER_DAY) as i32)
    }

    /// Minutes the UK clock is ahead of UTC at this instant: 60 in British Summer Time, else 0.
    pub fn uk_offset_minutes(self) -> i64 {
        let year = self.utc_day().civil().0;
        let starts = Day::last_sunday(year, 3).start_utc().0 + MS_PER_HOUR;
        let ends = Day::last_sunday(year, 10).start_utc().0 + MS_PER_HOUR;
        if (starts..ends).contains(&self.0) {
            60
        } else {
            0
        }
    }

    /// This instant on a UK wall clock.
    pub fn uk(self) -> UkDateTime {
        let local = self.0 + self.uk_offset_minutes() * MS_PER_MINUTE;
        let ms_of_day = local.rem_euclid(MS_PER_DAY);
        UkDateTime {
            day: Day(local.div_euclid(MS_PER_DAY) as i32),
            hour: (ms_of_day / MS_PER_HOUR) as u8,
            minute: ((ms_of_day % MS_PER_HOUR) / MS_PER_MINUTE) as u8,
        }
    }

    /// The UK calendar day this instant falls on: how entries are grouped "by day".
    pub fn uk_day(self) -> Day {
        self.uk().day
    }

    /// The instant a UK wall clock shows `hour:minute` on `day`. In the hour skipped when clocks go
    /// forward it gives the GMT reading; in the hour repeated when they go back, the earlier (BST) one.
    pub fn from_uk(day: Day, hour: u8, minute: u8) -> Self {
        let naive = day.start_utc().0 + i64::from(hour) * MS_PER_HOUR + i64::from(minute) * MS_PER_MINUTE;
        let if_summer = Timestamp(naive - MS_PER_HOUR);
        if if_summer.uk_offset_minutes() == 60 {
            if_summer
        } else {
            Timestamp(naive)
        }
    }

    /// Parses a UK wall-clock time as a browser's `datetime-local` field gives it: `2026-11-25T10:00`.
    pub fn parse_uk_local(text: &str) -> Option<Self> {
        let (day, time) = text.split_once('T')?;
        let (h, m) = time.split_once(':')?;
        let (h, m): (u8, u8) = (h.parse().ok()?, m.get(..2)?.parse().ok()?);
        let day = Day::parse(day)?;
        (h < 24 && m < 60).then(|| Timestamp::from_uk(day, h, m))
    }

    /// Parses RFC 3339 (`2026-11-25T10:00:00Z`, `2026-11-25T10:00:00.250+01:00`).
    pub fn parse(text: &str) -> Result<Self, TimestampError> {
        parse_rfc3339(text).ok_or_else(|| TimestampError(text.chars().take(40).collect()))
    }

    /// "today at 10:02", "yesterday at 18:30" or "on Wed 25 Nov at 10:02", in UK time.
    pub fn relative_label(self, now: Timestamp) -> String {
        let local = self.uk();
        let today = now.uk_day();
        let day = if local.day == today {
            "today".to_string()
        } else if local.day == today.plus(-1) {
            "yesterday".to_string()
        } else {
            format!("on {}", local.day.short_label())
        };
        format!("{day} at {}", local.clock())
    }

    /// Compact UTC form used by iCalendar: `20261125T100000Z`.
    pub fn ical_utc(self) -> String {
        let (y, m, d) = self.utc_day().civil();
        let s = self.0.rem_euclid(MS_PER_DAY) / 1000;
        format!("{y:04}{m:02}{d:02}T{:02}{:02}{:02}Z", s / 3600, s / 60 % 60, s % 60)
    }
}

fn parse_rfc3339(text: &str) -> Option<Timestamp> {
    let b = text.as_bytes();
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') {
        return None;
    }
    if b[13] != b':' || b[16] != b':' {
        return None;
    }
    let num = |range: std::ops::Range<usize>| -> Option<i64> {
        let part = text.get(range)?;
        if part.bytes().all(|c| c.is_ascii_digit()) {
            part.parse().ok()
        } else {
            None
        }
    };
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&month)
        || day < 1
        || day > i64::from(days_in_month(year as i32, month as u32))
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    let mut rest = &text[19..];
    let mut millis = 0;
    if let Some(frac) = rest.strip_prefix('.') {
        let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        let padded = format!("{:0<3}", &frac[..digits.min(3)]);
        millis = padded.parse::<i64>().ok()?;
        rest = &frac[digits..];
    }
    let offset_minutes = match rest {
        "Z" | "z" => 0,
        _ => {
            let ob = rest.as_bytes();
            if ob.len() != 6 || ob[3] != b':' || !matches!(ob[0], b'+' | b'-') {
                return None;
            }
            let sign = if ob[0] == b'-' { -1 } else { 1 };
            let hh: i64 = rest[1..3].parse().ok()?;
            let mm: i64 = rest[4..6].parse().ok()?;
            if hh > 23 || mm > 59 {
                return None;
            }
            sign * (hh * 60 + mm)
        }
    };
    let day = Day::from_civil(year as i32, month as u32, day as u32)?;
    let local = day.start_utc().0 + hour * MS_PER_HOUR + minute * MS_PER_MINUTE + second.min(59) * 1000 + millis;
    let utc = local - offset_minutes * MS_PER_MINUTE;
    (Timestamp::MIN.0..=Timestamp::MAX.0).contains(&utc).then_some(Timestamp(utc))
}

impl TryFrom<String> for Timestamp {
    type Error = TimestampError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Timestamp::parse(&value)
    }
}

impl From<Timestamp> for String {
    fn from(t: Timestamp) -> String {
        t.to_string()
    }
}

impl fmt::Display for Timestamp {
    /// RFC 3339 in UTC, with milliseconds only when there are some.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.utc_day().civil();
        let ms = self.0.rem_euclid(MS_PER_DAY);
        let s = ms / 1000;
        write!(f, "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)?;
        if ms % 1000 != 0 {
            write!(f, ".{:03}", ms % 1000)?;
        }
        f.write_str("Z")
    }
}

const WEEKDAYS: [&str; 7] = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl Day {
    pub fn from_days_since_epoch(days: i32) -> Self {
        Day(days)
    }

    pub fn days_since_epoch(self) -> i32 {
        self.0
    }

    /// The day with this year, month (1–12) and day of month, if it exists.
    pub fn from_civil(year: i32, month: u32, day: u32) -> Option<Self> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        // Howard Hinnant's days_from_civil.
        let y = i64::from(year) - i64::from(month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Some(Day((era * 146_097 + doe - 719_468) as i32))
    }

    /// (year, month 1–12, day of month).
    pub fn civil(self) -> (i32, u32, u32) {
        let z = i64::from(self.0) + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        ((yoe + era * 400 + i64::from(m <= 2)) as i32, m, d)
    }

    /// 0 = Sunday … 6 = Saturday.
    pub fn weekday(self) -> u32 {
        (self.0 + 4).rem_euclid(7) as u32
    }

    pub fn plus(self, days: i32) -> Self {
        Day(self.0 + days)
    }

    /// Midnight UTC at the start of this day.
    pub fn start_utc(self) -> Timestamp {
        Timestamp(i64::from(self.0) * MS_PER_DAY)
    }

    fn last_sunday(year: i32, month: u32) -> Day {
        let last = Day::from_civil(year, month, days_in_month(year, month)).unwrap_or(Day(0));
        last.plus(-(last.weekday() as i32))
    }

    /// "Wednesday 25 November 2026": how the app heads a day.
    pub fn long_label(self) -> String {
        let (y, m, d) = self.civil();
        format!("{} {d} {} {y}", WEEKDAYS[self.weekday() as usize], MONTHS[m as usize - 1])
    }

    /// "Wed 25 Nov": for chart axes and compact lists.
    pub fn short_label(self) -> String {
        let (_, m, d) = self.civil();
        format!("{} {d} {}", &WEEKDAYS[self.weekday() as usize][..3], &MONTHS[m as usize - 1][..3])
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Option<Self> {
        let mut parts = text.splitn(3, '-');
        let y = parts.next()?;
        let m = parts.next()?;
        let d = parts.next()?;
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return None;
        }
        Day::from_civil(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
    }
}

impl fmt::Display for Day {
    /// ISO 8601: `2026-11-25`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.civil();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

impl UkDateTime {
    /// "10:00".
    pub fn clock(&self) -> String {
        format!("{:02}:{:02}", self.hour, self.minute)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ts(text: &str) -> Timestamp {
        Timestamp::parse(text).unwrap()
    }

    #[test]
    fn parses_and_prints_rfc3339() {
        assert_eq!(ts("1970-01-01T00:00:00Z").millis(), 0);
        assert_eq!(ts("2026-11-25T10:00:00Z").to_string(), "2026-11-25T10:00:00Z");
        assert_eq!(ts("2026-11-25T10:00:00.25Z").to_string(), "2026-11-25T10:00:00.250Z");
        assert_eq!(ts("2026-07-01T11:00:00+01:00"), ts("2026-07-01T10:00:00Z"));
    }

    #[test]
    fn refuses_impossible_dates_with_a_readable_error() {
        for bad in ["2026-02-29T10:00:00Z", "2026-13-01T00:00:00Z", "2026-11-25", "yesterday", "2026-11-25T25:00:00Z"] {
            assert!(Timestamp::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(
            Timestamp::parse("soon").unwrap_err().to_string(),
            "'soon' is not a date and time like 2026-11-25T10:00:00Z."
        );
    }

    #[test]
    fn times_outside_1970_to_9999_are_refused_and_arithmetic_stays_inside() {
        for bad in ["0000-01-01T00:00:00Z", "1969-12-31T23:59:59Z", "9999-12-31T23:00:00-05:00"] {
            assert!(Timestamp::parse(bad).is_err(), "{bad}");
        }
        let far = ts("9999-12-31T00:00:00Z");
        assert_eq!(far.plus_days(28).to_string(), "9999-12-31T23:59:59.999Z", "a report's end stays RFC 3339");
        assert_eq!(ts("1970-01-02T00:00:00Z").plus_days(-28), Timestamp::MIN);
    }

    #[test]
    fn a_phone_time_before_2020_or_over_a_day_ahead_is_not_believed() {
        let now = ts("2026-11-25T10:00:00Z");
        assert_eq!(ts("2019-12-31T23:59:59Z").check_plausible(now), Err(ImplausibleTime::TooEarly));
        assert_eq!(ts("2020-01-01T00:00:00Z").check_plausible(now), Ok(()));
        assert_eq!(ts("2026-11-26T10:00:00Z").check_plausible(now), Ok(()));
        assert_eq!(ts("2026-11-26T10:00:01Z").check_plausible(now), Err(ImplausibleTime::TooLate));
    }

    #[test]
    fn uk_clocks_follow_british_summer_time() {
        // 2026: BST from 29 March 01:00 UTC to 25 October 01:00 UTC.
        assert_eq!(ts("2026-03-29T00:59:00Z").uk().clock(), "00:59");
        assert_eq!(ts("2026-03-29T01:00:00Z").uk().clock(), "02:00");
        assert_eq!(ts("2026-10-25T00:59:00Z").uk().clock(), "01:59");
        assert_eq!(ts("2026-10-25T01:00:00Z").uk().clock(), "01:00");
        assert_eq!(ts("2026-11-25T10:00:00Z").uk().clock(), "10:00");
    }

    #[test]
    fn a_late_summer_evening_belongs_to_the_uk_day_not_the_utc_day() {
        let t = ts("2026-07-01T23:30:00Z");
        assert_eq!(t.utc_day().to_string(), "2026-07-01");
        assert_eq!(t.uk_day().to_string(), "2026-07-02");
    }

    #[test]
    fn from_uk_reverses_uk() {
        let day = Day::parse("2026-07-01").unwrap();
        assert_eq!(Timestamp::from_uk(day, 10, 30), ts("2026-07-01T09:30:00Z"));
        let winter = Day::parse("2026-12-01").unwrap();
        assert_eq!(Timestamp::from_uk(winter, 10, 30), ts("2026-12-01T10:30:00Z"));
    }

    #[test]
    fn datetime_local_fields_are_uk_time() {
        assert_eq!(Timestamp::parse_uk_local("2026-07-01T10:30"), Some(ts("2026-07-01T09:30:00Z")));
        assert_eq!(Timestamp::parse_uk_local("2026-12-01T10:30"), Some(ts("2026-12-01T10:30:00Z")));
        assert_eq!(Timestamp::parse_uk_local("2026-12-01T25:00"), None);
        assert_eq!(Timestamp::parse_uk_local("tomorrow"), None);
    }

    #[test]
    fn labels_read_like_a_person_writes_them() {
        let day = Day::parse("2026-11-25").unwrap();
        assert_eq!(day.long_label(), "Wednesday 25 November 2026");
        assert_eq!(day.short_label(), "Wed 25 Nov");
        assert_eq!(ts("2026-11-25T10:05:09Z").ical_utc(), "20261125T100509Z");
    }

    #[test]
    fn relative_labels_say_today_and_yesterday() {
        let now = ts("2026-11-25T18:00:00Z");
        assert_eq!(ts("2026-11-25T10:02:00Z").relative_label(now), "today at 10:02");
        assert_eq!(ts("2026-11-24T18:30:00Z").relative_label(now), "yesterday at 18:30");
        assert_eq!(ts("2026-11-20T09:00:00Z").relative_label(now), "on Fri 20 Nov at 09:00");
    }

    proptest! {
        #[test]
        fn display_then_parse_is_identity(ms in Timestamp::MIN.0..=Timestamp::MAX.0) {
            let t = Timestamp::from_millis(ms);
            prop_assert_eq!(Timestamp::parse(&t.to_string()), Ok(t));
        }

        #[test]
        fn civil_round_trips(days in -500_000i32..500_000) {
            let d = Day::from_days_since_epoch(days);
            let (y, m, dd) = d.civil();
            prop_assert_eq!(Day::from_civil(y, m, dd), Some(d));
        }

        #[test]
        fn uk_wall_clock_round_trips_outside_the_autumn_repeat(ms in 0i64..4_000_000_000_000) {
            let t = Timestamp::from_millis(ms - ms % MS_PER_MINUTE);
            let local = t.uk();
            let back = Timestamp::from_uk(local.day, local.hour, local.minute);
            // In the repeated autumn hour the wall clock is ambiguous; both readings show the same time.
            prop_assert_eq!(back.uk(), local);
        }
    }
}

/// The coded BST rule against the IANA zone database (jiff's bundled copy, a dev-dependency only).
#[cfg(test)]
mod against_the_zone_database {
    use super::*;
    use proptest::prelude::*;

    fn london() -> jiff::tz::TimeZone {
        jiff::tz::TimeZone::get("Europe/London").expect("the bundled database has Europe/London")
    }

    fn database_offset_minutes(tz: &jiff::tz::TimeZone, ms: i64) -> i64 {
        let instant = jiff::Timestamp::from_millisecond(ms).expect("in jiff's range");
        i64::from(tz.to_offset(instant).seconds()) / 60
    }

    /// Today's rule has held since 1996 (before, Parliament set the dates year by year: the third
    /// Sunday of March, the day after the fourth Saturday of October, …), so the check starts there.
    /// Steady believes no time before 2020 ([`Timestamp::EARLIEST_PLAUSIBLE`]), so older rules never
    /// matter to it. 1996-01-01T00:00:00Z:
    const FROM_1996: i64 = 820_454_400_000;
    /// 2101-01-01T00:00:00Z.
    const TO_2100: i64 = 4_133_980_800_000;

    #[test]
    fn every_hour_from_1996_to_2100_has_the_offset_the_zone_database_gives() {
        let tz = london();
        let mut ms = FROM_1996;
        while ms < TO_2100 {
            let t = Timestamp::from_millis(ms);
            assert_eq!(t.uk_offset_minutes(), database_offset_minutes(&tz, ms), "at {t}");
            ms += MS_PER_HOUR;
        }
    }

    proptest! {
        #[test]
        fn any_instant_shows_the_wall_clock_the_zone_database_gives(ms in FROM_1996..TO_2100) {
            let t = Timestamp::from_millis(ms);
            let instant = jiff::Timestamp::from_millisecond(ms).unwrap();
            let local = instant.to_zoned(london()).datetime();
            let ours = t.uk();
            let (y, m, d) = ours.day.civil();
            prop_assert_eq!(
                (y, m, d, ours.hour, ours.minute),
                (i32::from(local.year()), local.month() as u32, local.day() as u32, local.hour() as u8, local.minute() as u8)
            );
        }
    }
}
