//! Group attendance: the leader's register, how two leaders' taps merge, session check-in codes, and
//! the run of missed sessions behind the "missing sessions" flag.
//!
//! The merge rule: for each person on a session's register, the tap made latest (by the time on the
//! leader's phone when tapped) wins, whichever phone sends it first. On an exact tie, "present" wins,
//! so a simultaneous mark and undo never loses an attendance.

use crate::enrolment::DisplayName;
use crate::time::{ImplausibleTime, Timestamp};
use serde::{Deserialize, Serialize};

/// Who a register line is about: `p:<participant id>` for someone enrolled, `w:<uuid>` for a walk-in
/// added by first name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PersonKey(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("A register line is for 'p:<participant id>' or 'w:<walk-in id>'.")]
pub struct PersonKeyError;

impl PersonKey {
    pub fn parse(text: &str) -> Result<Self, PersonKeyError> {
        let ok = (text.starts_with("p:") || text.starts_with("w:"))
            && (3..=64).contains(&text.len())
            && text[2..].bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
        ok.then(|| PersonKey(text.to_string())).ok_or(PersonKeyError)
    }

    pub fn participant(id: &str) -> Self {
        PersonKey(format!("p:{id}"))
    }

    /// The participant's id, for an enrolled person.
    pub fn participant_id(&self) -> Option<&str> {
        self.0.strip_prefix("p:")
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for PersonKey {
    type Error = PersonKeyError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        PersonKey::parse(&value)
    }
}

impl From<PersonKey> for String {
    fn from(k: PersonKey) -> String {
        k.0
    }
}

/// One tap on the register.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Mark {
    pub person: PersonKey,
    /// The enrolled display name, or a walk-in's first name: the enrolment rule, so anyone who can
    /// be enrolled can be marked.
    pub name: DisplayName,
    pub present: bool,
    pub tapped_at: Timestamp,
}

impl Mark {
    /// Whether the server can store this mark for `session` now: checked per mark, so one refused
    /// mark never holds back the others sent with it.
    pub fn check(&self, session: &crate::group::Session, now: Timestamp) -> Result<(), MarkRefusal> {
        self.tapped_at.check_plausible(now).map_err(|e| match e {
            ImplausibleTime::TooEarly => MarkRefusal::TooEarly,
            ImplausibleTime::TooLate => MarkRefusal::InTheFuture,
        })?;
        if !session.register_open(self.tapped_at) {
            return Err(MarkRefusal::RegisterNotOpen);
        }
        Ok(())
    }
}

/// Why the server would not store one mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MarkRefusal {
    #[error("This tap is dated more than a day ahead. Check the phone's clock, then tap again.")]
    InTheFuture,
    #[error("This tap is dated before 2020. Check the phone's clock, then tap again.")]
    TooEarly,
    #[error("The register for this session opens an hour before it starts and closes at the end of its day.")]
    RegisterNotOpen,
    /// A `p:` mark for someone who is not on the session's group list: a leader marks the group's
    /// members, and anyone else as a walk-in.
    #[error("This person has not joined this group, so they cannot be marked here. Add them as a walk-in instead.")]
    NotInGroup,
}

/// What became of one mark sent to the register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "outcome", rename_all = "snake_case", try_from = "OutcomeFields")]
pub enum MarkOutcome {
    /// Stored, or already beaten by a later tap under the merge rule: either way, nothing to resend.
    Accepted,
    /// Not stored; resending it will not help.
    Refused { reason: MarkRefusal, message: String },
}

crate::wire::read_flat! {
    MarkOutcome from OutcomeFields { outcome: OutcomeName }
    options { reason: MarkRefusal, message: String }
    variants { Accepted {}, Refused { reason, message } }
}

impl From<Result<(), MarkRefusal>> for MarkOutcome {
    fn from(checked: Result<(), MarkRefusal>) -> Self {
        match checked {
            Ok(()) => MarkOutcome::Accepted,
            Err(reason) => MarkOutcome::Refused { reason, message: reason.to_string() },
        }
    }
}

/// Whether `incoming` replaces `current` under the merge rule.
pub fn wins(incoming: &Mark, current: Option<&Mark>) -> bool {
    match current {
        None => true,
        Some(c) => {
            incoming.tapped_at > c.tapped_at || (incoming.tapped_at == c.tapped_at && incoming.present && !c.present)
        }
    }
}

/// Length of the run of missed sessions, most recent first: `history` is (session start, present)
/// for past sessions whose register was taken, in any order.
pub fn missed_in_a_row(history: &[(Timestamp, bool)]) -> (u32, Option<Timestamp>) {
    let mut sorted = history.to_vec();
    crate::order::sort_by_key(&mut sorted, |(at, _)| std::cmp::Reverse(*at));
    let run = sorted.iter().take_while(|(_, present)| !present).count() as u32;
    (run, sorted.first().filter(|(_, present)| !present).map(|(t, _)| *t))
}

/// Missed sessions in a row that raise the flag.
pub const MISSED_IN_A_ROW: u32 = 2;

/// A six-digit session check-in code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct SessionCode(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("A session code has 6 numbers.")]
pub struct SessionCodeError;

impl SessionCode {
    pub fn parse(text: &str) -> Result<Self, SessionCodeError> {
        let digits: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        (digits.len() == 6 && digits.bytes().all(|b| b.is_ascii_digit()))
            .then_some(SessionCode(digits))
            .ok_or(SessionCodeError)
    }

    /// From a random number (any u32).
    pub fn from_random(n: u32) -> Self {
        SessionCode(format!("{:06}", n % 1_000_000))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for SessionCode {
    type Error = SessionCodeError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        SessionCode::parse(&value)
    }
}

impl From<SessionCode> for String {
    fn from(c: SessionCode) -> String {
        c.0
    }
}

/// A group a leader leads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LedGroup {
    pub id: String,
    pub name: String,
}

/// A leader's session with how many people said they would come.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LedSession {
    pub session: crate::group::Session,
    pub expected: u32,
}

/// `POST /api/v1/groups/{id}/sessions` (both times needed) and `PATCH /api/v1/sessions/{id}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SessionChange {
    #[serde(default)]
    pub starts_at: Option<Timestamp>,
    #[serde(default)]
    pub ends_at: Option<Timestamp>,
    #[serde(default)]
    pub meeting_point: Option<String>,
    #[serde(default)]
    pub cancelled: Option<bool>,
}

/// Someone who said they would come.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Expected {
    pub person: PersonKey,
    pub name: DisplayName,
}

/// A session's register: who is expected, and every mark so far.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Register {
    pub session: crate::group::Session,
    pub expected: Vec<Expected>,
    pub marks: Vec<Mark>,
}

impl Register {
    /// Applies a tap under the merge rule (the phone does this for taps not yet sent).
    pub fn apply(&mut self, mark: Mark) {
        match self.marks.iter_mut().find(|m| m.person == mark.person) {
            Some(current) if wins(&mark, Some(current)) => *current = mark,
            Some(_) => {}
            None => self.marks.push(mark),
        }
    }

    /// Whether this person is marked present now.
    pub fn is_present(&self, person: &PersonKey) -> bool {
        self.marks.iter().any(|m| &m.person == person && m.present)
    }

    /// Everyone to show: the expected, then anyone else marked (walk-ins), each once.
    pub fn people(&self) -> Vec<Expected> {
        let mut people = self.expected.clone();
        for m in &self.marks {
            if !people.iter().any(|p| p.person == m.person) {
                people.push(Expected { person: m.person.clone(), name: m.name.clone() });
            }
        }
        people
    }
}

/// `POST /api/v1/sessions/{id}/register`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Marks {
    pub marks: Vec<Mark>,
}

/// The answer to `POST /api/v1/sessions/{id}/register`: the merged register, and one outcome per
/// mark sent, in the order sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegisterReply {
    pub register: Register,
    pub outcomes: Vec<MarkOutcome>,
}

/// A session's check-in code, for the leader to show.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CodeForSession {
    pub code: SessionCode,
    pub opens_at: Timestamp,
    pub closes_at: Timestamp,
    pub qr_svg: String,
}

/// `POST /api/v1/check-in-code`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CodeCheckIn {
    pub code: SessionCode,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::tests::reads_back;

    #[test]
    fn every_mark_outcome_reads_back_as_written_and_a_refusal_without_its_reason_is_refused() {
        reads_back(&MarkOutcome::Accepted, None);
        reads_back(&MarkOutcome::from(Err(MarkRefusal::RegisterNotOpen)), Some("reason"));
        reads_back(&MarkOutcome::from(Err(MarkRefusal::TooEarly)), Some("message"));
    }

    fn at(t: &str) -> Timestamp {
        Timestamp::parse(t).unwrap()
    }

    fn name(text: &str) -> DisplayName {
        DisplayName::parse(text).unwrap()
    }

    fn mark(present: bool, when: &str) -> Mark {
        Mark { person: PersonKey::parse("p:abc").unwrap(), name: name("Alex"), present, tapped_at: at(when) }
    }

    #[test]
    fn the_latest_tap_wins_whoever_sends_it_first() {
        let first = mark(true, "2026-11-25T10:01:00Z");
        let undo = mark(false, "2026-11-25T10:02:00Z");
        assert!(wins(&first, None));
        assert!(wins(&undo, Some(&first)));
        assert!(!wins(&first, Some(&undo)), "an older tap arriving later does not win");
    }

    #[test]
    fn on_a_tie_present_wins() {
        let present = mark(true, "2026-11-25T10:01:00Z");
        let absent = mark(false, "2026-11-25T10:01:00Z");
        assert!(wins(&present, Some(&absent)));
        assert!(!wins(&absent, Some(&present)));
        assert!(!wins(&present, Some(&present)), "a replay changes nothing");
    }

    #[test]
    fn a_register_applies_taps_by_the_rule_and_lists_walk_ins_once() {
        let session = crate::group::Session {
            id: crate::group::SessionId("s".into()),
            group_id: "g".into(),
            group_name: "Walk".into(),
            kind: crate::group::GroupKind::Walking,
            starts_at: at("2026-11-25T10:00:00Z"),
            ends_at: at("2026-11-25T11:00:00Z"),
            meeting_point: "Park".into(),
            accessibility: None,
            description: None,
            cancelled: false,
        };
        let alex = PersonKey::parse("p:abc").unwrap();
        let mut register =
            Register { session, expected: vec![Expected { person: alex.clone(), name: name("Alex") }], marks: vec![] };
        register.apply(mark(true, "2026-11-25T10:01:00Z"));
        register.apply(mark(false, "2026-11-25T10:00:00Z"));
        assert!(register.is_present(&alex), "the older undo lost");
        register.apply(Mark {
            person: PersonKey::parse("w:1").unwrap(),
            name: name("Sam"),
            present: true,
            tapped_at: at("2026-11-25T10:02:00Z"),
        });
        let names: Vec<_> = register.people().into_iter().map(|p| p.name.as_str().to_string()).collect();
        assert_eq!(names, ["Alex", "Sam"]);
    }

    #[test]
    fn a_mark_may_carry_any_name_enrolment_accepts() {
        let long = "A".repeat(80);
        let json = format!(r#"{{"person":"p:abc","name":"{long}","present":true,"tapped_at":"2026-11-25T10:00:00Z"}}"#);
        let mark: Mark = serde_json::from_str(&json).expect("an 80-character enrolled name is a valid mark");
        assert_eq!(mark.name.as_str(), long);
        let too_long = json.replace(&long, &"A".repeat(81));
        assert!(serde_json::from_str::<Mark>(&too_long).is_err(), "81 characters is over the enrolment rule");
    }

    fn walk_starting(start: &str) -> crate::group::Session {
        crate::group::Session {
            id: crate::group::SessionId("s".into()),
            group_id: "g".into(),
            group_name: "Walk".into(),
            kind: crate::group::GroupKind::Walking,
            starts_at: at(start),
            ends_at: at(start).plus_minutes(60),
            meeting_point: "Park".into(),
            accessibility: None,
            description: None,
            cancelled: false,
        }
    }

    #[test]
    fn a_mark_dated_over_a_day_ahead_is_refused_with_a_reason_alone() {
        let now = at("2026-11-25T10:00:00Z");
        let tomorrow = walk_starting("2026-11-26T10:00:00Z");
        assert_eq!(mark(true, "2026-11-26T09:59:00Z").check(&tomorrow, now), Ok(()));
        let ahead = mark(true, "2026-11-26T10:01:00Z").check(&tomorrow, now);
        assert_eq!(ahead, Err(MarkRefusal::InTheFuture));
        let long_ago = walk_starting("2019-12-31T10:00:00Z");
        assert_eq!(mark(true, "2019-12-31T10:00:00Z").check(&long_ago, now), Err(MarkRefusal::TooEarly));
        let outcome = MarkOutcome::from(ahead);
        let json = serde_json::to_value(&outcome).unwrap();
        assert_eq!(json["outcome"], "refused");
        assert_eq!(json["reason"], "in_the_future");
        assert!(json["message"].as_str().unwrap().contains("clock"));
        assert_eq!(serde_json::to_value(MarkOutcome::Accepted).unwrap()["outcome"], "accepted");
    }

    #[test]
    fn a_register_counts_taps_from_an_hour_before_until_the_end_of_the_sessions_day() {
        let now = at("2026-11-28T23:59:00Z");
        let saturday = walk_starting("2026-11-28T10:00:00Z");
        let tap = |when: &str| mark(true, when).check(&saturday, now);
        assert_eq!(tap("2026-11-25T10:00:00Z"), Err(MarkRefusal::RegisterNotOpen), "three days ahead");
        assert_eq!(tap("2026-11-28T08:59:00Z"), Err(MarkRefusal::RegisterNotOpen));
        assert_eq!(tap("2026-11-28T09:00:00Z"), Ok(()));
        assert_eq!(tap("2026-11-28T23:59:00Z"), Ok(()), "finished late the same evening");
        let summer = walk_starting("2026-07-04T10:00:00Z");
        let late = mark(true, "2026-07-04T22:59:00Z").check(&summer, at("2026-07-05T12:00:00Z"));
        assert_eq!(late, Ok(()), "23:59 in British Summer Time");
        let next_day = mark(true, "2026-07-04T23:00:00Z").check(&summer, at("2026-07-05T12:00:00Z"));
        assert_eq!(next_day, Err(MarkRefusal::RegisterNotOpen), "midnight UK time closes it");
    }

    #[test]
    fn a_mark_for_someone_outside_the_group_is_refused_in_plain_words() {
        let json = serde_json::to_value(MarkOutcome::from(Err(MarkRefusal::NotInGroup))).unwrap();
        assert_eq!(json["outcome"], "refused");
        assert_eq!(json["reason"], "not_in_group");
        let message = json["message"].as_str().unwrap();
        assert!(message.contains("has not joined this group") && message.contains("walk-in"), "{message}");
    }

    #[test]
    fn runs_of_missed_sessions_count_back_from_the_latest() {
        let h = [
            (at("2026-11-04T10:00:00Z"), true),
            (at("2026-11-18T10:00:00Z"), false),
            (at("2026-11-11T10:00:00Z"), false),
        ];
        assert_eq!(missed_in_a_row(&h), (2, Some(at("2026-11-18T10:00:00Z"))));
        let back = [(at("2026-11-25T10:00:00Z"), true), (at("2026-11-18T10:00:00Z"), false)];
        assert_eq!(missed_in_a_row(&back).0, 0);
        assert_eq!(missed_in_a_row(&[]).0, 0);
    }

    #[test]
    fn person_keys_and_codes_are_checked() {
        assert!(PersonKey::parse("p:1b4e28ba-2fa1-41d2-883f-0016d3cca427").is_ok());
        assert!(PersonKey::parse("w:7").is_ok());
        assert!(PersonKey::parse("x:7").is_err());
        assert!(PersonKey::parse("p:<script>").is_err());
        assert_eq!(SessionCode::parse("123 456").unwrap().as_str(), "123456");
        assert!(SessionCode::parse("12345").is_err());
        assert_eq!(SessionCode::from_random(42).as_str(), "000042");
    }
}
