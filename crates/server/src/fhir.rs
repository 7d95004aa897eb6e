//! One participant's shared data as a FHIR R4 `Bundle` (type `collection`) for the clinical record:
//! each ONS4 response as a `QuestionnaireResponse` and each stress or wellbeing rating as an
//! `Observation`, claiming the UK Core profiles. Identifiers carry the entry's id, so importing the same
//! bundle twice can be recognised. Codes and identifier systems use Steady's fixed canonical base
//! ([`STEADY_CANONICAL`]), never the server's own address. The GP Bundle of a referral
//! ([`crate::gp_bundle`]) reuses the self-rating resources.

use serde_json::{json, Value};
use steady_domain::ons4::Ons4Question;
use steady_domain::{Entry, EntryBody, Rating, Timestamp};

/// Steady's canonical base for its own code systems, questionnaire and identifier systems. It is
/// fixed, never the address a server happens to run at, so every Steady server (and one that moves)
/// writes the same codes, and a GP system can map them once. Like every FHIR canonical URL it
/// identifies; it need not resolve.
pub const STEADY_CANONICAL: &str = "https://fhir.steady.app";
/// Steady's local code system for self-ratings (no national code exists for a 0 to 10 self-rated
/// stress or wellbeing score; ONS4 answers go as a QuestionnaireResponse to its questionnaire).
pub const SELF_RATING_SYSTEM: &str = "https://fhir.steady.app/CodeSystem/self-rating";
/// The ONS4 questionnaire's canonical URL.
pub const ONS4_QUESTIONNAIRE: &str = "https://fhir.steady.app/Questionnaire/ons4-personal-wellbeing";
pub const SNOMED: &str = "http://snomed.info/sct";
/// NHS England's identifier systems.
pub const NHS_NUMBER_SYSTEM: &str = "https://fhir.nhs.uk/Id/nhs-number";
pub const ODS_SYSTEM: &str = "https://fhir.nhs.uk/Id/ods-organization-code";

const UK_CORE_QR: &str = "https://fhir.hl7.org.uk/StructureDefinition/UKCore-QuestionnaireResponse";
const UK_CORE_OBSERVATION: &str = "https://fhir.hl7.org.uk/StructureDefinition/UKCore-Observation";
const OBSERVATION_CATEGORY: &str = "http://terminology.hl7.org/CodeSystem/observation-category";

/// Who the bundle is about, and where it comes from.
pub struct Subject<'a> {
    pub participant_id: &'a str,
    pub display_name: &'a str,
    /// This server's public URL: the base of the bundle's `fullUrl`s (identifiers and codes use
    /// [`STEADY_CANONICAL`]).
    pub base_url: &'a str,
}

impl Subject<'_> {
    fn reference(&self) -> Value {
        json!({
            "identifier": { "system": format!("{STEADY_CANONICAL}/Id/participant"), "value": self.participant_id },
            "display": self.display_name
        })
    }

    fn entry_identifier(&self, value: String) -> Value {
        json!({ "system": format!("{STEADY_CANONICAL}/Id/entry"), "value": value })
    }
}

/// Builds the bundle from a participant's shared entries (any order; output is oldest first).
pub fn bundle(subject: &Subject<'_>, entries: &[Entry], now: Timestamp) -> Value {
    collection(subject.base_url, self_ratings(subject, entries), now)
}

/// A participant's shared entries as resources, oldest first: each ONS4 response a
/// `QuestionnaireResponse`, each stress or wellbeing rating an `Observation`.
pub fn self_ratings(subject: &Subject<'_>, entries: &[Entry]) -> Vec<Value> {
    let mut sorted: Vec<&Entry> = entries.iter().collect();
    sorted.sort_by_key(|e| e.at);
    let mut resources = Vec::new();
    for entry in sorted {
        match &entry.body {
            EntryBody::Ons4(response) => resources.push(questionnaire_response(subject, entry, response)),
            _ => {
                let stress = entry.stress_readings().into_iter().enumerate().map(|(i, r)| ("stress", i, r));
                let wellbeing = entry.wellbeing_readings().into_iter().enumerate().map(|(i, r)| ("wellbeing", i, r));
                for (measure, index, (at, rating)) in stress.chain(wellbeing) {
                    resources.push(observation(subject, entry, measure, index, at, rating));
                }
            }
        }
    }
    resources
}

/// A `collection` Bundle of `resources`, each with a `fullUrl` under this server's `base_url`.
pub fn collection(base_url: &str, resources: Vec<Value>, now: Timestamp) -> Value {
    let base = base_url.trim_end_matches('/');
    json!({
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": now.to_string(),
        "entry": resources.into_iter().map(|r| {
            let url = format!("{base}/fhir/{}/{}", r["resourceType"].as_str().unwrap_or_default(), r["id"].as_str().unwrap_or_default());
            json!({ "fullUrl": url, "resource": r })
        }).collect::<Vec<_>>()
    })
}

fn questionnaire_response(subject: &Subject<'_>, entry: &Entry, response: &steady_domain::Ons4Response) -> Value {
    json!({
        "resourceType": "QuestionnaireResponse",
        "id": format!("ons4-{}", entry.id.as_str()),
        "meta": { "profile": [UK_CORE_QR] },
        "identifier": subject.entry_identifier(entry.id.as_str().to_string()),
        "questionnaire": ONS4_QUESTIONNAIRE,
        "status": "completed",
        "subject": subject.reference(),
        "authored": entry.at.to_string(),
        "author": subject.reference(),
        "item": Ons4Question::ALL.iter().map(|q| json!({
            "linkId": q.code(),
            "text": q.wording(),
            "answer": [{ "valueInteger": response.answer(*q).value() }]
        })).collect::<Vec<_>>()
    })
}

fn observation(
    subject: &Subject<'_>,
    entry: &Entry,
    measure: &str,
    index: usize,
    at: Timestamp,
    rating: Rating,
) -> Value {
    let (text, moment) = match (measure, entry.as_check_in(), index) {
        ("stress", Some(_), 0) => ("Self-rated stress before a group session (0 to 10)", "before"),
        ("stress", Some(_), _) => ("Self-rated stress after a group session (0 to 10)", "after"),
        ("stress", None, _) => ("Self-rated stress (0 to 10)", "log"),
        _ => ("Self-rated wellbeing (0 to 10)", "log"),
    };
    json!({
        "resourceType": "Observation",
        "id": format!("{measure}-{moment}-{}", entry.id.as_str()),
        "meta": { "profile": [UK_CORE_OBSERVATION] },
        "identifier": [subject.entry_identifier(format!("{}#{measure}-{moment}", entry.id.as_str()))],
        "status": "final",
        "category": [{ "coding": [{ "system": OBSERVATION_CATEGORY, "code": "survey", "display": "Survey" }] }],
        "code": {
            "coding": [{ "system": SELF_RATING_SYSTEM, "code": format!("self-rated-{measure}"), "display": text }],
            "text": text
        },
        "subject": subject.reference(),
        "effectiveDateTime": at.to_string(),
        "valueInteger": rating.value()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use steady_domain::entry::QuickLog;
    use steady_domain::{CheckIn, EntryId, GroupKind, Ons4Response};

    fn at(t: &str) -> Timestamp {
        Timestamp::parse(t).unwrap()
    }

    fn r(v: i64) -> Rating {
        Rating::new(v).unwrap()
    }

    fn id(n: u32) -> EntryId {
        EntryId::parse(&format!("00000000-0000-4000-8000-{n:012}")).unwrap()
    }

    fn subject() -> Subject<'static> {
        Subject { participant_id: "p-1", display_name: "Alex R", base_url: "https://steady.test/" }
    }

    #[test]
    fn an_ons4_response_becomes_one_questionnaire_response() {
        let response = Ons4Response { life_satisfaction: r(6), worthwhile: r(7), happy: r(5), anxious: r(4) };
        let entry = Entry::new(id(1), at("2026-11-20T10:00:00Z"), false, EntryBody::Ons4(response));
        let b = bundle(&subject(), &[entry], at("2026-11-25T12:00:00Z"));
        assert_eq!(b["resourceType"], "Bundle");
        assert_eq!(b["type"], "collection");
        assert_eq!(b["timestamp"], "2026-11-25T12:00:00Z");
        let qr = &b["entry"][0]["resource"];
        assert_eq!(
            b["entry"][0]["fullUrl"],
            "https://steady.test/fhir/QuestionnaireResponse/ons4-00000000-0000-4000-8000-000000000001"
        );
        assert_eq!(qr["resourceType"], "QuestionnaireResponse");
        assert_eq!(qr["meta"]["profile"][0], UK_CORE_QR);
        assert_eq!(qr["questionnaire"], ONS4_QUESTIONNAIRE);
        assert_eq!(qr["status"], "completed");
        assert_eq!(qr["authored"], "2026-11-20T10:00:00Z");
        assert_eq!(
            qr["identifier"],
            json!({ "system": "https://fhir.steady.app/Id/entry", "value": "00000000-0000-4000-8000-000000000001" })
        );
        assert_eq!(
            qr["subject"],
            json!({ "identifier": { "system": "https://fhir.steady.app/Id/participant", "value": "p-1" }, "display": "Alex R" })
        );
        assert_eq!(qr["author"], qr["subject"]);
        let items = qr["item"].as_array().unwrap();
        assert_eq!(items.len(), 4);
        assert_eq!(
            items[0],
            json!({ "linkId": "life_satisfaction", "text": "Overall, how satisfied are you with your life nowadays?", "answer": [{ "valueInteger": 6 }] })
        );
        assert_eq!(items[3]["linkId"], "anxious");
        assert_eq!(items[3]["answer"][0]["valueInteger"], 4);
    }

    #[test]
    fn ratings_become_observations_with_their_own_times() {
        let log = QuickLog::new(Some(r(6)), Some(r(3)), None).unwrap();
        let quick = Entry::new(id(2), at("2026-11-21T09:00:00Z"), false, EntryBody::QuickLog(log));
        let mut visit = Entry::new(
            id(3),
            at("2026-11-22T10:00:00Z"),
            false,
            EntryBody::CheckIn(CheckIn {
                session_id: None,
                group_name: "Riverside walk".into(),
                group_kind: GroupKind::Walking,
                stress_before: Some(r(7)),
                checked_out_at: None,
                stress_after: None,
                how_was_it: None,
            }),
        );
        visit.check_out(at("2026-11-22T11:30:00Z"), Some(r(4)), None).unwrap();
        let b = bundle(&subject(), &[visit, quick], at("2026-11-25T12:00:00Z"));
        let resources: Vec<&Value> = b["entry"].as_array().unwrap().iter().map(|e| &e["resource"]).collect();
        let summary: Vec<(String, String, i64)> = resources
            .iter()
            .map(|o| {
                (
                    o["code"]["text"].as_str().unwrap().to_string(),
                    o["effectiveDateTime"].as_str().unwrap().to_string(),
                    o["valueInteger"].as_i64().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                ("Self-rated stress (0 to 10)".to_string(), "2026-11-21T09:00:00Z".to_string(), 3),
                ("Self-rated wellbeing (0 to 10)".to_string(), "2026-11-21T09:00:00Z".to_string(), 6),
                (
                    "Self-rated stress before a group session (0 to 10)".to_string(),
                    "2026-11-22T10:00:00Z".to_string(),
                    7
                ),
                (
                    "Self-rated stress after a group session (0 to 10)".to_string(),
                    "2026-11-22T11:30:00Z".to_string(),
                    4
                ),
            ]
        );
        for o in resources {
            assert_eq!(o["code"]["coding"][0]["system"], SELF_RATING_SYSTEM, "not the server's address");
            assert_eq!(o["resourceType"], "Observation");
            assert_eq!(o["status"], "final");
            assert_eq!(o["meta"]["profile"][0], UK_CORE_OBSERVATION);
            assert_eq!(o["category"][0]["coding"][0]["code"], "survey");
            assert!(o["id"].as_str().unwrap().len() <= 64, "FHIR ids are at most 64 characters");
        }
    }
}
