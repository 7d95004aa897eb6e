//! The ONS4 personal wellbeing questions (ONS harmonised standard), in their published wording, and
//! when to offer them. The four answers are never summed into one score.

use crate::rating::Rating;
use crate::time::Timestamp;
use serde::{Deserialize, Serialize};

/// The introduction a participant reads before the four questions: the published scale, in words
/// written for reading on a phone (the survey's own introduction is a script for an interviewer).
pub const INTRODUCTION: &str = "These 4 questions are about how you feel about your life. There are no right or wrong answers. Answer each from 0 to 10, where 0 is \"not at all\" and 10 is \"completely\".";

/// Whom to credit for the questions.
pub const SOURCE: &str = "Questions from the Office for National Statistics (ONS) personal wellbeing measures.";

/// One of the four questions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Ons4Question {
    LifeSatisfaction,
    Worthwhile,
    Happy,
    Anxious,
}

/// How an answer compares with the ONS thresholds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Band {
    VeryLow,
    Low,
    Medium,
    High,
    VeryHigh,
}

impl Band {
    pub fn label(self) -> &'static str {
        match self {
            Band::VeryLow => "very low",
            Band::Low => "low",
            Band::Medium => "medium",
            Band::High => "high",
            Band::VeryHigh => "very high",
        }
    }
}

impl Ons4Question {
    pub const ALL: [Ons4Question; 4] =
        [Ons4Question::LifeSatisfaction, Ons4Question::Worthwhile, Ons4Question::Happy, Ons4Question::Anxious];

    pub fn wording(self) -> &'static str {
        match self {
            Ons4Question::LifeSatisfaction => "Overall, how satisfied are you with your life nowadays?",
            Ons4Question::Worthwhile => {
                "Overall, to what extent do you feel that the things you do in your life are worthwhile?"
            }
            Ons4Question::Happy => "Overall, how happy did you feel yesterday?",
            Ons4Question::Anxious => "Overall, how anxious did you feel yesterday?",
        }
    }

    /// The scale's ends, as the ONS labels them for this question.
    pub fn scale_ends(self) -> (&'static str, &'static str) {
        match self {
            Ons4Question::Anxious => ("0 = not at all anxious", "10 = completely anxious"),
            _ => ("0 = not at all", "10 = completely"),
        }
    }

    /// A short name for charts and tables.
    pub fn short_name(self) -> &'static str {
        match self {
            Ons4Question::LifeSatisfaction => "Life satisfaction",
            Ons4Question::Worthwhile => "Worthwhile",
            Ons4Question::Happy => "Happiness",
            Ons4Question::Anxious => "Anxiety",
        }
    }

    /// A stable id for exports and, later, FHIR `item.linkId`.
    pub fn code(self) -> &'static str {
        match self {
            Ons4Question::LifeSatisfaction => "life_satisfaction",
            Ons4Question::Worthwhile => "worthwhile",
            Ons4Question::Happy => "happy",
            Ons4Question::Anxious => "anxious",
        }
    }

    /// The ONS band for an answer to this question.
    pub fn band(self, answer: Rating) -> Band {
        let v = answer.value();
        match self {
            Ons4Question::Anxious => match v {
                0..=1 => Band::VeryLow,
                2..=3 => Band::Low,
                4..=5 => Band::Medium,
                _ => Band::High,
            },
            _ => match v {
                0..=4 => Band::Low,
                5..=6 => Band::Medium,
                7..=8 => Band::High,
                _ => Band::VeryHigh,
            },
        }
    }
}

/// The four answers given together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Ons4Response {
    pub life_satisfaction: Rating,
    pub worthwhile: Rating,
    pub happy: Rating,
    pub anxious: Rating,
}

impl Ons4Response {
    /// Builds a response from answers in [`Ons4Question::ALL`] order; `None` until all four are given.
    pub fn from_answers(answers: [Option<Rating>; 4]) -> Option<Self> {
        Some(Ons4Response {
            life_satisfaction: answers[0]?,
            worthwhile: answers[1]?,
            happy: answers[2]?,
            anxious: answers[3]?,
        })
    }

    pub fn answer(&self, question: Ons4Question) -> Rating {
        match question {
            Ons4Question::LifeSatisfaction => self.life_satisfaction,
            Ons4Question::Worthwhile => self.worthwhile,
            Ons4Question::Happy => self.happy,
            Ons4Question::Anxious => self.anxious,
        }
    }
}

/// First and latest answers to one question.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct QuestionChange {
    pub question: Ons4Question,
    pub baseline: Rating,
    pub latest: Rating,
}

impl QuestionChange {
    /// Latest minus baseline. For anxiety, a fall is an improvement.
    pub fn change(&self) -> i8 {
        self.latest.value() as i8 - self.baseline.value() as i8
    }
}

/// Baseline (first) against latest response, per question; `None` with fewer than two responses.
/// `history` is oldest first.
pub fn baseline_vs_latest(history: &[(Timestamp, Ons4Response)]) -> Option<[QuestionChange; 4]> {
    if history.len() < 2 {
        return None;
    }
    let (first, last) = (history.first()?.1, history.last()?.1);
    Some(Ons4Question::ALL.map(|q| QuestionChange { question: q, baseline: first.answer(q), latest: last.answer(q) }))
}

/// Days between offers of the questions.
pub const OFFER_EVERY_DAYS: i64 = 30;

/// Whether to offer the questions now: on first use, then a month after the last answers; "Not now"
/// puts the offer off for a month too.
pub fn offer_due(last_answered: Option<Timestamp>, last_dismissed: Option<Timestamp>, now: Timestamp) -> bool {
    let recent = |t: Option<Timestamp>| t.is_some_and(|t| now < t.plus_days(OFFER_EVERY_DAYS));
    !recent(last_answered) && !recent(last_dismissed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Timestamp {
        Timestamp::parse(text).unwrap()
    }

    #[test]
    fn offered_on_first_use_then_monthly() {
        let now = at("2026-11-25T10:00:00Z");
        assert!(offer_due(None, None, now));
        assert!(!offer_due(Some(at("2026-11-01T10:00:00Z")), None, now));
        assert!(offer_due(Some(at("2026-10-26T10:00:00Z")), None, now));
        assert!(!offer_due(None, Some(at("2026-11-24T10:00:00Z")), now));
    }

    #[test]
    fn bands_follow_the_ons_thresholds() {
        let r = |v| Rating::new(v).unwrap();
        assert_eq!(Ons4Question::Happy.band(r(4)), Band::Low);
        assert_eq!(Ons4Question::Happy.band(r(9)), Band::VeryHigh);
        assert_eq!(Ons4Question::Anxious.band(r(1)), Band::VeryLow);
        assert_eq!(Ons4Question::Anxious.band(r(6)), Band::High);
    }

    #[test]
    fn baseline_against_latest_needs_two_responses() {
        let r = |v| Rating::new(v).unwrap();
        let response =
            |a, b, c, d| Ons4Response { life_satisfaction: r(a), worthwhile: r(b), happy: r(c), anxious: r(d) };
        let t = at("2026-10-01T10:00:00Z");
        assert!(baseline_vs_latest(&[(t, response(3, 4, 5, 8))]).is_none());
        let changes =
            baseline_vs_latest(&[(t, response(3, 4, 5, 8)), (t, response(5, 5, 5, 7)), (t, response(6, 4, 7, 5))])
                .unwrap();
        let deltas: Vec<i8> = changes.iter().map(QuestionChange::change).collect();
        assert_eq!(deltas, [3, 0, 2, -3]);
    }

    #[test]
    fn a_response_needs_all_four_answers() {
        let r = Rating::new(5).ok();
        assert!(Ons4Response::from_answers([r, r, r, None]).is_none());
        assert!(Ons4Response::from_answers([r, r, r, r]).is_some());
    }
}
