//! The rules of Steady's optional lock, kept apart from the browser's crypto so they are tested natively:
//! what counts as a PIN or a passphrase, how many PBKDF2 rounds a phone uses, how long to wait after
//! wrong tries, when to offer erasing the phone's data, and when to lock again in the background.

use crate::Timestamp;
use std::fmt;

/// The fewest PBKDF2-SHA256 rounds Steady accepts (OWASP's advice for PBKDF2-HMAC-SHA256).
pub const MIN_ITERATIONS: u32 = 600_000;
/// The most: a fast desktop must not make unlocking on the same data slow later.
pub const MAX_ITERATIONS: u32 = 5_000_000;
/// How long deriving the key should take on the phone the lock is set on; about half the one-second
/// budget, so a slower moment (a busy phone, a cold start) still unlocks within a second.
pub const TARGET_DERIVE_MS: f64 = 400.0;

/// Wrong tries allowed before Steady makes the person wait.
pub const FREE_TRIES: u32 = 5;
/// From this many wrong tries in a row, Steady offers (never forces) to erase this phone's data.
pub const OFFER_ERASE_AFTER: u32 = 10;

/// The idle times in the background a person can choose before Steady locks again, in minutes.
pub const RELOCK_CHOICES: [u32; 4] = [1, 5, 15, 60];
pub const DEFAULT_RELOCK_MINUTES: u32 = 5;

/// What the person types to unlock: a PIN of 4 to 8 numbers, or a passphrase of 8 characters or more.
/// Kept as typed (a passphrase's spaces count), and never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

/// Why a text cannot be a PIN or passphrase, in words for the person.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SecretError {
    #[error("Enter a PIN or passphrase.")]
    Empty,
    #[error("A PIN needs 4 to 8 numbers.")]
    PinLength,
    #[error("A passphrase needs at least 8 characters.")]
    ShortPassphrase,
    #[error("A passphrase can be up to 128 characters.")]
    LongPassphrase,
}

impl Secret {
    pub const MAX_CHARS: usize = 128;

    pub fn parse(text: &str) -> Result<Self, SecretError> {
        let chars = text.chars().count();
        if text.is_empty() {
            Err(SecretError::Empty)
        } else if text.chars().all(|c| c.is_ascii_digit()) {
            if (4..=8).contains(&chars) {
                Ok(Secret(text.to_owned()))
            } else {
                Err(SecretError::PinLength)
            }
        } else if chars < 8 {
            Err(SecretError::ShortPassphrase)
        } else if chars > Self::MAX_CHARS {
            Err(SecretError::LongPassphrase)
        } else {
            Ok(Secret(text.to_owned()))
        }
    }

    /// Only numbers: a PIN (weaker than a passphrase, and the app says so).
    pub fn is_pin(&self) -> bool {
        self.0.chars().all(|c| c.is_ascii_digit())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(…)")
    }
}

/// PBKDF2 rounds for this phone, from a timed probe: `probe_iterations` rounds took `probe_ms`.
/// Scaled to [`TARGET_DERIVE_MS`], rounded down to 10,000, and held within the limits.
pub fn iterations_for(probe_iterations: u32, probe_ms: f64) -> u32 {
    let per_ms = probe_iterations as f64 / probe_ms.max(1.0);
    let wanted = (per_ms * TARGET_DERIVE_MS / 10_000.0).floor() * 10_000.0;
    wanted.clamp(MIN_ITERATIONS as f64, MAX_ITERATIONS as f64) as u32
}

/// How long to wait, in seconds, after `failed` wrong tries in a row: none for the first
/// [`FREE_TRIES`], then 30 seconds, doubling with each wrong try, at most 15 minutes.
pub fn wait_after(failed: u32) -> u32 {
    if failed < FREE_TRIES {
        0
    } else {
        let doublings = (failed - FREE_TRIES).min(5);
        (30 * (1 << doublings)).min(15 * 60)
    }
}

/// Whether to offer erasing this phone's data after `failed` wrong tries in a row.
pub fn offers_erase(failed: u32) -> bool {
    failed >= OFFER_ERASE_AFTER
}

/// Wrong tries so far, and when the last one was: kept on the phone, so reloading does not reset them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Tries {
    pub failed: u32,
    pub last_failed_at: Option<Timestamp>,
}

impl Tries {
    /// After another wrong try at `now`.
    pub fn failed_at(self, now: Timestamp) -> Self {
        Tries { failed: self.failed.saturating_add(1), last_failed_at: Some(now) }
    }

    /// Until when the person must wait before trying again, if they must. A phone clock set back
    /// before the last wrong try starts the wait again from now, so it cannot be skipped that way.
    pub fn wait_until(&self, now: Timestamp) -> Option<Timestamp> {
        let wait_ms = i64::from(wait_after(self.failed)) * 1000;
        let last = self.last_failed_at?.millis().min(now.millis());
        let until = last + wait_ms;
        (wait_ms > 0 && until > now.millis()).then(|| Timestamp::from_millis(until))
    }
}

/// Whether Steady should lock again after being in the background from `hidden_at` to `now`.
pub fn relock_due(hidden_at: Timestamp, now: Timestamp, relock_minutes: u32) -> bool {
    now.millis() - hidden_at.millis() >= i64::from(relock_minutes) * 60_000 || now < hidden_at
}

/// "30 seconds", "2 minutes": a wait in words.
pub fn wait_in_words(seconds: i64) -> String {
    if seconds < 60 {
        let s = seconds.max(1);
        if s == 1 {
            "1 second".into()
        } else {
            format!("{s} seconds")
        }
    } else {
        let m = (seconds + 59) / 60;
        if m == 1 {
            "1 minute".into()
        } else {
            format!("{m} minutes")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(ms: i64) -> Timestamp {
        Timestamp::from_millis(ms)
    }

    #[test]
    fn a_pin_has_4_to_8_numbers_and_a_passphrase_at_least_8_characters() {
        assert!(Secret::parse("1234").unwrap().is_pin());
        assert!(Secret::parse("12345678").is_ok());
        assert_eq!(Secret::parse("123"), Err(SecretError::PinLength));
        assert_eq!(Secret::parse("123456789"), Err(SecretError::PinLength));
        assert_eq!(Secret::parse(""), Err(SecretError::Empty));
        assert_eq!(Secret::parse("blue cat"), Ok(Secret("blue cat".into())));
        assert!(!Secret::parse("blue cat").unwrap().is_pin());
        assert_eq!(Secret::parse("cat 12"), Err(SecretError::ShortPassphrase));
        assert_eq!(Secret::parse(&"a".repeat(129)), Err(SecretError::LongPassphrase));
    }

    #[test]
    fn a_secret_is_never_printed() {
        assert_eq!(format!("{:?}", Secret::parse("4821").unwrap()), "Secret(…)");
    }

    #[test]
    fn iterations_scale_to_the_target_and_never_go_below_owasp_advice() {
        // 100,000 rounds in 20 ms: 5,000 per ms, so 2,000,000 for 400 ms.
        assert_eq!(iterations_for(100_000, 20.0), 2_000_000);
        // A slow phone still gets the minimum; a very fast machine the maximum.
        assert_eq!(iterations_for(100_000, 500.0), MIN_ITERATIONS);
        assert_eq!(iterations_for(100_000, 0.0), MAX_ITERATIONS);
        assert_eq!(iterations_for(100_000, 61.0) % 10_000, 0);
    }

    #[test]
    fn the_wait_grows_after_5_wrong_tries_up_to_15_minutes() {
        let waits: Vec<u32> = (0..=12).map(wait_after).collect();
        assert_eq!(waits, [0, 0, 0, 0, 0, 30, 60, 120, 240, 480, 900, 900, 900]);
        assert!(!offers_erase(9));
        assert!(offers_erase(10));
    }

    #[test]
    fn a_wait_counts_from_the_last_wrong_try_and_a_clock_set_back_cannot_skip_it() {
        let mut tries = Tries::default();
        for _ in 0..5 {
            tries = tries.failed_at(at(1_000_000));
        }
        assert_eq!(tries.wait_until(at(1_000_000)), Some(at(1_030_000)));
        assert_eq!(tries.wait_until(at(1_030_000)), None);
        // The clock moved back an hour: the wait starts again from now.
        assert_eq!(tries.wait_until(at(1_000_000 - 3_600_000)), Some(at(1_000_000 - 3_600_000 + 30_000)));
        assert_eq!(Tries::default().wait_until(at(5)), None);
    }

    #[test]
    fn steady_locks_again_after_the_chosen_idle_time_or_a_clock_set_back() {
        assert!(!relock_due(at(0), at(299_999), 5));
        assert!(relock_due(at(0), at(300_000), 5));
        assert!(relock_due(at(10_000), at(0), 5));
    }

    #[test]
    fn waits_read_in_words() {
        assert_eq!(wait_in_words(30), "30 seconds");
        assert_eq!(wait_in_words(1), "1 second");
        assert_eq!(wait_in_words(61), "2 minutes");
        assert_eq!(wait_in_words(60), "1 minute");
    }
}
