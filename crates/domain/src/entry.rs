//! What a participant records: quick logs, check-ins to sessions and ONS4 answers, each an [`Entry`]
//! with a client-made id so that it can later be shared and synced without duplicates.

use crate::group::{GroupKind, Session, SessionId};
use crate::note::Note;
use crate::ons4::Ons4Response;
use crate::rating::Rating;
use crate::tagged::{required, Tagged};
use crate::time::Timestamp;
use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Serialize};

/// A client-generated UUID (v4) naming one entry everywhere it is copied.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct EntryId(String);

/// Why a text is not an entry id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("An entry id must be a UUID like 1b4e28ba-2fa1-41d2-883f-0016d3cca427.")]
pub struct EntryIdError;

impl EntryId {
    pub fn parse(text: &str) -> Result<Self, EntryIdError> {
        let ok = text.len() == 36
            && text.char_indices().all(|(i, c)| match i {
                8 | 13 | 18 | 23 => c == '-',
                _ => c.is_ascii_hexdigit(),
            });
        if ok {
            Ok(EntryId(text.to_ascii_lowercase()))
        } else {
            Err(EntryIdError)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for EntryId {
    type Error = EntryIdError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        EntryId::parse(&value)
    }
}

impl From<EntryId> for String {
    fn from(id: EntryId) -> String {
        id.0
    }
}

/// One thing a participant recorded, with when it happened and whether it must stay on the phone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub id: EntryId,
    /// When it happened: the log time, or the check-in time.
    pub at: Timestamp,
    /// When it last changed (a check-out changes a check-in).
    pub updated_at: Timestamp,
    /// "Keep private": never shared, whatever the sharing setting. Records saved before this flag
    /// existed have none and are private-by-omission false, as they were never shareable then.
    #[serde(default)]
    pub keep_private: bool,
    pub body: EntryBody,
}

/// The three kinds of entry. Written in serde's internally tagged form, and read in one pass as `BODY` says.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EntryBody {
    QuickLog(QuickLog),
    CheckIn(CheckIn),
    Ons4(Ons4Response),
}

impl EntryBody {
    /// The stable name of the kind, as in the JSON tag.
    pub fn kind_code(&self) -> &'static str {
        match self {
            EntryBody::QuickLog(_) => "quick_log",
            EntryBody::CheckIn(_) => "check_in",
            EntryBody::Ons4(_) => "ons4",
        }
    }
}

/// An entry's body on the wire and on the phone: `kind`, then the kind's fields, as in [`QuickLog`],
/// [`CheckIn`] and [`Ons4Response`].
const BODY: Tagged = Tagged {
    tag: "kind",
    kinds: &["quick_log", "check_in", "ons4"],
    fields: &[
        "wellbeing",
        "stress",
        "note",
        "session_id",
        "group_name",
        "group_kind",
        "stress_before",
        "checked_out_at",
        "stress_after",
        "how_was_it",
        "life_satisfaction",
        "worthwhile",
        "happy",
        "anxious",
    ],
    runs: &[0..3, 3..10, 10..14],
};

/// Read in one pass (`Tagged::read`), as serde's derived reading of the tagged form read it.
impl<'de> Deserialize<'de> for EntryBody {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(BodyVisitor)
    }
}

struct BodyVisitor;

impl<'de> Visitor<'de> for BodyVisitor {
    type Value = EntryBody;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        // As the derived reading says it, so a refusal reads the same.
        f.write_str("internally tagged enum EntryBody")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<EntryBody, A::Error> {
        let (mut wellbeing, mut stress, mut note) = (None, None, None);
        let (mut session_id, mut group_name, mut group_kind, mut stress_before) = (None, None, None, None);
        let (mut checked_out_at, mut stress_after, mut how_was_it) = (None, None, None);
        let mut answers: [Option<Rating>; 4] = [None; 4];
        let kind = BODY.read(map, |map, i| {
            match i {
                0 => wellbeing = map.next_value()?,
                1 => stress = map.next_value()?,
                2 => note = map.next_value()?,
                3 => session_id = map.next_value()?,
                4 => group_name = Some(map.next_value()?),
                5 => group_kind = Some(map.next_value()?),
                6 => stress_before = map.next_value()?,
                7 => checked_out_at = map.next_value()?,
                8 => stress_after = map.next_value()?,
                9 => how_was_it = map.next_value()?,
                _ => answers[i - 10] = Some(map.next_value()?),
            }
            Ok(())
        })?;
        Ok(match kind {
            0 => EntryBody::QuickLog(QuickLog::new(wellbeing, stress, note).map_err(de::Error::custom)?),
            1 => EntryBody::CheckIn(CheckIn {
                session_id,
                group_name: required(group_name, "group_name")?,
                group_kind: required(group_kind, "group_kind")?,
                stress_before,
                checked_out_at,
                stress_after,
                how_was_it,
            }),
            _ => EntryBody::Ons4(Ons4Response {
                life_satisfaction: required(answers[0], "life_satisfaction")?,
                worthwhile: required(answers[1], "worthwhile")?,
                happy: required(answers[2], "happy")?,
                anxious: required(answers[3], "anxious")?,
            }),
        })
    }
}

/// A quick wellbeing and/or stress self-rating, with an optional note.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(try_from = "QuickLogFields")]
pub struct QuickLog {
    wellbeing: Option<Rating>,
    stress: Option<Rating>,
    note: Option<Note>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QuickLogFields {
    wellbeing: Option<Rating>,
    stress: Option<Rating>,
    note: Option<Note>,
}

/// Why a quick log cannot be saved.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("Choose how you feel or how stressed you are, or both.")]
pub struct EmptyQuickLog;

impl TryFrom<QuickLogFields> for QuickLog {
    type Error = EmptyQuickLog;
    fn try_from(f: QuickLogFields) -> Result<Self, Self::Error> {
        QuickLog::new(f.wellbeing, f.stress, f.note)
    }
}

impl QuickLog {
    /// A quick log needs at least one rating; a note alone is not a log.
    pub fn new(wellbeing: Option<Rating>, stress: Option<Rating>, note: Option<Note>) -> Result<Self, EmptyQuickLog> {
        if wellbeing.is_none() && stress.is_none() {
            return Err(EmptyQuickLog);
        }
        Ok(QuickLog { wellbeing, stress, note })
    }

    pub fn wellbeing(&self) -> Option<Rating> {
        self.wellbeing
    }

    pub fn stress(&self) -> Option<Rating> {
        self.stress
    }

    pub fn note(&self) -> Option<&Note> {
        self.note.as_ref()
    }
}

/// Being at a group session: "I'm here" with an optional stress-before, later a check-out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CheckIn {
    pub session_id: Option<SessionId>,
    /// The group's name and kind as they were, so history reads right if the schedule changes.
    pub group_name: String,
    pub group_kind: GroupKind,
    pub stress_before: Option<Rating>,
    #[serde(default)]
    pub checked_out_at: Option<Timestamp>,
    #[serde(default)]
    pub stress_after: Option<Rating>,
    #[serde(default)]
    pub how_was_it: Option<Note>,
}

/// How long after a check-in its check-out may be: no group session lasts longer.
pub const CHECK_OUT_WITHIN_MINUTES: i64 = 24 * 60;

/// Why a check-out was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CheckOutError {
    #[error("You have already checked out of this session.")]
    AlreadyCheckedOut,
    #[error("This entry is not a check-in.")]
    NotACheckIn,
}

/// A participant's change to an entry: new ratings and note for the kind of entry it is.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    QuickLog(QuickLog),
    CheckIn { stress_before: Option<Rating>, stress_after: Option<Rating>, how_was_it: Option<Note> },
    Ons4(Ons4Response),
}

/// Why a change to an entry was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("This change is for a different kind of entry.")]
    OtherKind,
    #[error("You can add how you felt afterwards once you have checked out.")]
    NotCheckedOut,
}

impl CheckIn {
    pub fn at_session(session: &Session, stress_before: Option<Rating>) -> Self {
        CheckIn {
            session_id: Some(session.id.clone()),
            group_name: session.group_name.clone(),
            group_kind: session.kind,
            stress_before,
            checked_out_at: None,
            stress_after: None,
            how_was_it: None,
        }
    }

    pub fn is_checked_out(&self) -> bool {
        self.checked_out_at.is_some()
    }

    /// After minus before: negative means stress went down. Only when both were given.
    pub fn stress_change(&self) -> Option<i8> {
        Some(self.stress_after?.value() as i8 - self.stress_before?.value() as i8)
    }
}

impl Entry {
    pub fn new(id: EntryId, at: Timestamp, keep_private: bool, body: EntryBody) -> Self {
        Entry { id, at, updated_at: at, keep_private, body }
    }

    pub fn as_check_in(&self) -> Option<&CheckIn> {
        match &self.body {
            EntryBody::CheckIn(c) => Some(c),
            _ => None,
        }
    }

    /// Whether a check-in's check-out (if any) comes after it and within [`CHECK_OUT_WITHIN_MINUTES`];
    /// true for every other kind of entry.
    pub fn check_out_follows_check_in(&self) -> bool {
        match self.as_check_in().and_then(|c| c.checked_out_at) {
            Some(out) => out >= self.at && out <= self.at.plus_minutes(CHECK_OUT_WITHIN_MINUTES),
            None => true,
        }
    }

    /// Records a check-out on this check-in entry. A check-out tapped days later (someone forgot)
    /// is kept as a day after the check-in, so the session never looks days long.
    pub fn check_out(
        &mut self,
        at: Timestamp,
        stress_after: Option<Rating>,
        how_was_it: Option<Note>,
    ) -> Result<(), CheckOutError> {
        let EntryBody::CheckIn(check_in) = &mut self.body else {
            return Err(CheckOutError::NotACheckIn);
        };
        if check_in.is_checked_out() {
            return Err(CheckOutError::AlreadyCheckedOut);
        }
        check_in.checked_out_at = Some(at.clamp(self.at, self.at.plus_minutes(CHECK_OUT_WITHIN_MINUTES)));
        check_in.stress_after = stress_after;
        check_in.how_was_it = how_was_it;
        self.updated_at = at.max(self.updated_at);
        Ok(())
    }

    /// This entry with the participant's change applied: same id and time, newer `updated_at` (at least
    /// a millisecond after the last change, whatever the phone's clock says), so wherever a copy went,
    /// the changed one replaces it. The kind of entry cannot change.
    pub fn edited(&self, edit: Edit, now: Timestamp) -> Result<Entry, EditError> {
        let body = match (&self.body, edit) {
            (EntryBody::QuickLog(_), Edit::QuickLog(log)) => EntryBody::QuickLog(log),
            (EntryBody::Ons4(_), Edit::Ons4(answers)) => EntryBody::Ons4(answers),
            (EntryBody::CheckIn(was), Edit::CheckIn { stress_before, stress_after, how_was_it }) => {
                if !was.is_checked_out() && (stress_after.is_some() || how_was_it.is_some()) {
                    return Err(EditError::NotCheckedOut);
                }
                EntryBody::CheckIn(CheckIn { stress_before, stress_after, how_was_it, ..was.clone() })
            }
            _ => return Err(EditError::OtherKind),
        };
        let updated_at = now.max(Timestamp::from_millis(self.updated_at.millis() + 1));
        Ok(Entry { body, updated_at, ..self.clone() })
    }

    /// Every stress rating in this entry with the moment it describes.
    pub fn stress_readings(&self) -> Vec<(Timestamp, Rating)> {
        match &self.body {
            EntryBody::QuickLog(q) => q.stress.map(|r| vec![(self.at, r)]).unwrap_or_default(),
            EntryBody::CheckIn(c) => {
                let before = c.stress_before.map(|r| (self.at, r));
                let after = c.stress_after.zip(c.checked_out_at).map(|(r, t)| (t, r));
                before.into_iter().chain(after).collect()
            }
            EntryBody::Ons4(_) => Vec::new(),
        }
    }

    /// Every wellbeing rating in this entry with the moment it describes.
    pub fn wellbeing_readings(&self) -> Vec<(Timestamp, Rating)> {
        match &self.body {
            EntryBody::QuickLog(q) => q.wellbeing.map(|r| vec![(self.at, r)]).unwrap_or_default(),
            _ => Vec::new(),
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub fn id(n: u32) -> EntryId {
        EntryId::parse(&format!("00000000-0000-4000-8000-{n:012}")).unwrap()
    }

    pub fn at(text: &str) -> Timestamp {
        Timestamp::parse(text).unwrap()
    }

    pub fn r(v: i64) -> Rating {
        Rating::new(v).unwrap()
    }

    pub fn check_in(n: u32, when: &str, kind: GroupKind, before: i64, after: i64) -> Entry {
        let mut e = Entry::new(
            id(n),
            at(when),
            false,
            EntryBody::CheckIn(CheckIn {
                session_id: Some(SessionId(format!("s{n}"))),
                group_name: "A group".into(),
                group_kind: kind,
                stress_before: Some(r(before)),
                checked_out_at: None,
                stress_after: None,
                how_was_it: None,
            }),
        );
        e.check_out(at(when).plus_minutes(90), Some(r(after)), None).unwrap();
        e
    }

    pub fn quick(n: u32, when: &str, wellbeing: Option<i64>, stress: Option<i64>) -> Entry {
        let log = QuickLog::new(wellbeing.map(r), stress.map(r), None).unwrap();
        Entry::new(id(n), at(when), false, EntryBody::QuickLog(log))
    }

    #[test]
    fn entry_ids_are_uuids() {
        assert!(EntryId::parse("1B4E28BA-2FA1-41D2-883F-0016D3CCA427").is_ok());
        assert!(EntryId::parse("not-a-uuid").is_err());
        assert!(EntryId::parse("1b4e28ba-2fa1-41d2-883f-0016d3cca42g").is_err());
    }

    #[test]
    fn a_quick_log_needs_a_rating() {
        assert_eq!(QuickLog::new(None, None, Note::parse("hi").ok()), Err(EmptyQuickLog));
        let json = r#"{"wellbeing":null,"stress":null,"note":null}"#;
        assert!(serde_json::from_str::<QuickLog>(json).is_err());
    }

    #[test]
    fn check_out_shows_the_change_and_happens_once() {
        let mut e = check_in(1, "2026-11-25T10:00:00Z", GroupKind::Walking, 7, 4);
        assert_eq!(e.as_check_in().and_then(CheckIn::stress_change), Some(-3));
        assert_eq!(e.check_out(at("2026-11-25T12:00:00Z"), None, None), Err(CheckOutError::AlreadyCheckedOut));
        assert_eq!(e.updated_at, at("2026-11-25T11:30:00Z"));
        assert_eq!(e.stress_readings().len(), 2);
    }

    #[test]
    fn a_check_out_tapped_days_later_is_kept_as_a_day_after_the_check_in() {
        let mut e = check_in(1, "2026-11-25T10:00:00Z", GroupKind::Walking, 6, 4);
        let EntryBody::CheckIn(c) = &mut e.body else { unreachable!() };
        c.checked_out_at = None;
        e.check_out(at("2026-11-28T10:00:00Z"), None, None).unwrap();
        assert_eq!(e.as_check_in().unwrap().checked_out_at, Some(at("2026-11-26T10:00:00Z")));
        assert!(e.check_out_follows_check_in());
    }

    #[test]
    fn an_edit_changes_the_ratings_and_note_and_is_newer_than_before() {
        let e = quick(1, "2026-11-25T10:00:00Z", Some(6), Some(3));
        let log = QuickLog::new(Some(r(7)), None, Note::parse("better").ok()).unwrap();
        let later = at("2026-11-26T09:00:00Z");
        let edited = e.edited(Edit::QuickLog(log.clone()), later).unwrap();
        assert_eq!((edited.id.clone(), edited.at, edited.updated_at), (e.id.clone(), e.at, later));
        assert_eq!(edited.body, EntryBody::QuickLog(log.clone()));
        let behind = at("2026-11-01T00:00:00Z");
        let again = edited.edited(Edit::QuickLog(log), behind).unwrap();
        assert!(again.updated_at > edited.updated_at, "a phone clock set back still makes a newer change");
    }

    #[test]
    fn an_edit_keeps_the_kind_and_a_check_in_is_rated_after_only_once_checked_out() {
        let e = quick(1, "2026-11-25T10:00:00Z", Some(6), None);
        let now = at("2026-11-26T09:00:00Z");
        let change = Edit::CheckIn { stress_before: Some(r(5)), stress_after: None, how_was_it: None };
        assert_eq!(e.edited(change.clone(), now), Err(EditError::OtherKind));
        let mut open = check_in(2, "2026-11-25T10:00:00Z", GroupKind::Walking, 7, 4);
        let visit = open.edited(change.clone(), now).unwrap();
        let c = visit.as_check_in().unwrap();
        assert_eq!((c.stress_before, c.stress_after, c.checked_out_at.is_some()), (Some(r(5)), None, true));
        let EntryBody::CheckIn(c) = &mut open.body else { unreachable!() };
        c.checked_out_at = None;
        let after = Edit::CheckIn { stress_before: None, stress_after: Some(r(2)), how_was_it: None };
        assert_eq!(open.edited(after, now), Err(EditError::NotCheckedOut));
        assert!(open.edited(change, now).is_ok(), "stress before can change while still there");
    }

    #[test]
    fn wellbeing_answers_can_be_changed_all_four_at_once() {
        let answers = |v: [i64; 4]| Ons4Response::from_answers(v.map(|x| Some(r(x)))).unwrap();
        let e = Entry::new(id(3), at("2026-11-25T10:00:00Z"), false, EntryBody::Ons4(answers([7, 6, 5, 4])));
        let edited = e.edited(Edit::Ons4(answers([7, 6, 5, 3])), at("2026-11-26T10:00:00Z")).unwrap();
        assert_eq!(edited.body, EntryBody::Ons4(answers([7, 6, 5, 3])));
        let log = QuickLog::new(Some(r(5)), None, None).unwrap();
        assert_eq!(e.edited(Edit::QuickLog(log), at("2026-11-26T10:00:00Z")), Err(EditError::OtherKind));
    }

    #[test]
    fn entries_round_trip_through_json() {
        let e = check_in(1, "2026-11-25T10:00:00Z", GroupKind::Gardening, 6, 3);
        let json = serde_json::to_string(&e).unwrap();
        assert!(json.contains(r#""kind":"check_in""#), "{json}");
        assert_eq!(serde_json::from_str::<Entry>(&json).unwrap(), e);
    }

    /// Serde's derived reading of the body, as Steady had it before [`BodyVisitor`]: the reference.
    /// (In a module of its own, so it has the same name, which serde's messages say.)
    mod derived {
        use super::*;

        #[derive(Deserialize)]
        #[serde(tag = "kind", rename_all = "snake_case")]
        pub enum EntryBody {
            QuickLog(QuickLog),
            CheckIn(CheckIn),
            Ons4(Ons4Response),
        }
    }

    impl From<derived::EntryBody> for EntryBody {
        fn from(body: derived::EntryBody) -> Self {
            match body {
                derived::EntryBody::QuickLog(q) => EntryBody::QuickLog(q),
                derived::EntryBody::CheckIn(c) => EntryBody::CheckIn(c),
                derived::EntryBody::Ons4(o) => EntryBody::Ons4(o),
            }
        }
    }

    /// A value for the field at `i` (of [`BODY`]'s fields, then an unknown one): one it takes, different
    /// for each field, and one it refuses.
    fn sample(i: usize) -> [String; 2] {
        match BODY.fields.get(i).copied().unwrap_or("mood") {
            "note" | "how_was_it" | "session_id" | "group_name" => [format!(r#""text {i}""#), r#""""#.into()],
            "group_kind" => [r#""walking""#.into(), r#""swimming""#.into()],
            "checked_out_at" => [r#""2026-11-25T11:00:00Z""#.into(), r#""yesterday""#.into()],
            "mood" => ["3".into(), "[]".into()],
            _ => [(i % 10).to_string(), "11".into()],
        }
    }

    /// Serde's message without where in the text it was found.
    fn message(e: serde_json::Error) -> String {
        let text = e.to_string();
        text.split(" at line ").next().unwrap_or_default().to_string()
    }

    /// What a generated body holds for a field: 0 nothing, 1 null, 2 a good value, 3 a bad one; absent
    /// `absent` times in 6 + `absent`, otherwise mostly a good value.
    fn choice(absent: u32) -> impl proptest::strategy::Strategy<Value = u8> {
        use proptest::strategy::Just;
        proptest::prop_oneof![absent => Just(0u8), 1 => Just(1u8), 4 => Just(2u8), 1 => Just(3u8)]
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        /// Any body, well made or not (each field absent, null, a good value or a bad one; `kind` first,
        /// last or missing), reads as the derived reading read it: the same body, or the same refusal.
        #[test]
        fn a_body_reads_as_the_derived_reading_read_it(
            k in 0usize..5,
            kind_last in proptest::bool::ANY,
            own in proptest::collection::vec(choice(1), BODY.fields.len() + 1),
            foreign in proptest::collection::vec(choice(12), BODY.fields.len() + 1),
        ) {
            let kind = ["\"quick_log\"", "\"check_in\"", "\"ons4\"", "\"diary\"", ""][k];
            let mut fields: Vec<String> = BODY
                .fields
                .iter()
                .chain(["mood"].iter())
                .enumerate()
                .map(|(i, field)| (i, field, if k < 3 && BODY.fields_of(k).contains(field) { own[i] } else { foreign[i] }))
                .filter_map(|(i, field, v)| match v {
                    0 => None,
                    1 => Some(format!(r#""{field}":null"#)),
                    v => Some(format!(r#""{field}":{}"#, sample(i)[v as usize - 2])),
                })
                .collect();
            if !kind.is_empty() {
                let tag = format!(r#""kind":{kind}"#);
                if kind_last { fields.push(tag) } else { fields.insert(0, tag) }
            }
            // Sometimes not an object at all.
            let json = match (k, kind_last) {
                (4, true) => "5".to_string(),
                _ => format!("{{{}}}", fields.join(",")),
            };
            let ours = serde_json::from_str::<EntryBody>(&json);
            let derived = serde_json::from_str::<derived::EntryBody>(&json).map(EntryBody::from);
            match (ours, derived) {
                (Ok(ours), Ok(derived)) => proptest::prop_assert_eq!(ours, derived, "{}", json),
                // With `kind` first, as Steady and serde write it, the same message too; except that
                // serde_json says only "expected value" when a group kind is null (as it does for a
                // null group kind anywhere), where the buffered copy said "invalid type: null".
                (Err(ours), Err(derived)) if (!kind_last && !kind.is_empty() || json == "5") && !json.contains(r#""group_kind":null"#) => {
                    proptest::prop_assert_eq!(message(ours), message(derived), "{}", json)
                }
                (Err(_), Err(_)) => {}
                (ours, derived) => proptest::prop_assert!(false, "{json}: ours {ours:?}, derived {derived:?}"),
            }
        }
    }

    #[test]
    fn records_from_before_keep_private_existed_still_decode() {
        let json = r#"{"id":"00000000-0000-4000-8000-000000000001","at":"2026-11-01T09:00:00Z",
            "updated_at":"2026-11-01T09:00:00Z","body":{"kind":"quick_log","wellbeing":6,"stress":null,"note":null}}"#;
        let e: Entry = serde_json::from_str(json).unwrap();
        assert!(!e.keep_private);
    }
}
