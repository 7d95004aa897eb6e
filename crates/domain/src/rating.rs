//! A 0–10 self-rating (stress, wellbeing, an ONS4 answer): a value that cannot be 11.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A whole-number rating from 0 to 10 inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "u8")]
pub struct Rating(u8);

/// Why a number is not a rating.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("Choose a number from 0 to 10 (you gave {0}).")]
pub struct RatingError(pub i64);

impl Rating {
    pub const MIN: u8 = 0;
    pub const MAX: u8 = 10;

    /// Parses a number into a rating, refusing anything outside 0–10.
    pub fn new(value: i64) -> Result<Self, RatingError> {
        u8::try_from(value).ok().filter(|v| *v <= Self::MAX).map(Rating).ok_or(RatingError(value))
    }

    pub fn value(self) -> u8 {
        self.0
    }

    /// Every rating from 0 to 10, in order: the buttons of a rating picker.
    pub fn all() -> impl Iterator<Item = Rating> {
        (Self::MIN..=Self::MAX).map(Rating)
    }
}

impl TryFrom<i64> for Rating {
    type Error = RatingError;
    fn try_from(value: i64) -> Result<Self, Self::Error> {
        Rating::new(value)
    }
}

impl From<Rating> for u8 {
    fn from(r: Rating) -> u8 {
        r.0
    }
}

impl fmt::Display for Rating {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_the_ends_of_the_scale() {
        assert_eq!(Rating::new(0).map(Rating::value), Ok(0));
        assert_eq!(Rating::new(10).map(Rating::value), Ok(10));
    }

    #[test]
    fn refuses_eleven_and_negatives_with_a_human_message() {
        assert_eq!(Rating::new(11), Err(RatingError(11)));
        assert_eq!(Rating::new(-1), Err(RatingError(-1)));
        assert_eq!(RatingError(11).to_string(), "Choose a number from 0 to 10 (you gave 11).");
    }

    #[test]
    fn json_cannot_smuggle_an_out_of_range_rating() {
        assert!(serde_json::from_str::<Rating>("11").is_err());
        assert!(serde_json::from_str::<Rating>("7.5").is_err());
        assert_eq!(serde_json::from_str::<Rating>("7").ok(), Rating::new(7).ok());
    }

    proptest! {
        #[test]
        fn new_accepts_exactly_zero_to_ten(v in -1000i64..1000) {
            prop_assert_eq!(Rating::new(v).is_ok(), (0..=10).contains(&v));
        }
    }
}
