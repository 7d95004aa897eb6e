//! Referrals from referring organisations' systems: a FHIR R4 `ServiceRequest` with the person as a
//! contained `Patient`, read into the same [`NewReferral`] the staff form makes (so both keep the
//! same rules); an `OperationOutcome` naming each thing that is wrong; and the `ServiceRequest` a
//! referrer reads back, with the referral's status and outcome and nothing more about the person.
//!
//! What Steady reads from a ServiceRequest:
//! - `identifier[0]` (`system` and `value`): the referrer's own id, so sending it again is harmless;
//! - `status` `active`, an `intent`, and `subject` referring to the contained Patient (`#id`);
//! - the Patient's `name` (text, or given and family names), `birthDate`, NHS number
//!   (`identifier` with system `https://fhir.nhs.uk/Id/nhs-number`), phone (`telecom`) and `address`;
//! - `reasonCode`: codes of Steady's referral-reason code system, and any text as the reason note
//!   (text alone means "other");
//! - `patientInstruction`: when it is safe to contact them;
//! - extensions under [`STEADY_CANONICAL`]`/StructureDefinition/`: `consent-to-contact`
//!   (valueBoolean, must be true), `justice-contact` (valueBoolean) and `safe-contact-channel`
//!   (valueCode, repeatable: phone, text, letter, in_person, probation; without any, phone and text
//!   when a phone number is given, otherwise letter).

use crate::fhir::{NHS_NUMBER_SYSTEM, ODS_SYSTEM, SNOMED, STEADY_CANONICAL};
use crate::store::referrals::ReferralRecord;
use crate::store::referrers::Referrer;
use serde_json::{json, Value};
use steady_domain::enrolment::DisplayName;
use steady_domain::note::Note;
use steady_domain::referral::{
    ContactChannel, NewReferral, NhsNumber, Outcome, PhoneNumber, ReferralForm, ReferralFormError, ReferralReason,
};
use steady_domain::Day;

/// The SNOMED CT (UK edition) concept for the referral itself: 871731000000106 |Referral to social
/// prescribing service|. With 871711000000103 |Social prescribing declined| it is one of the national
/// social prescribing codes NHS England asks GP records to use: listed as such, with when each applies,
/// at <https://www.socialrx.co.uk/blogs/blog/social-prescribing-snomed-codes-why-important>; NHS
/// England's recommended codes are discussed in JMIR 2020;22(12):e23721
/// (<https://jmir.org/2020/12/e23721>); also in `shared/notes/measures.md`. No other outcome has a
/// national code that Steady could verify, so the other outcomes use [`OUTCOME_SYSTEM`].
pub const REFERRAL_TO_SOCIAL_PRESCRIBING: (&str, &str) = ("871731000000106", "Referral to social prescribing service");

/// Steady's code system of referral reasons (the codes of [`ReferralReason`]).
pub const REASON_SYSTEM: &str = "https://fhir.steady.app/CodeSystem/referral-reason";
/// Steady's code system of referral outcomes (the codes of [`Outcome`]).
pub const OUTCOME_SYSTEM: &str = "https://fhir.steady.app/CodeSystem/referral-outcome";

/// The extension `name` under Steady's canonical base.
pub fn extension_url(name: &str) -> String {
    format!("{STEADY_CANONICAL}/StructureDefinition/{name}")
}

/// Longest referrer identifier kept (system and value together).
const MAX_IDENTIFIER_CHARS: usize = 400;

/// One thing wrong with a ServiceRequest: where (a FHIRPath) and what, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    pub expression: &'static str,
    pub diagnostics: String,
}

fn issue(expression: &'static str, diagnostics: impl Into<String>) -> Issue {
    Issue { expression, diagnostics: diagnostics.into() }
}

/// An `OperationOutcome` listing the issues (FHIR's way to say what is wrong with a request).
pub fn operation_outcome(issues: &[Issue]) -> Value {
    json!({
        "resourceType": "OperationOutcome",
        "issue": issues.iter().map(|i| json!({
            "severity": "error",
            "code": "invalid",
            "diagnostics": i.diagnostics,
            "expression": [i.expression]
        })).collect::<Vec<_>>()
    })
}

/// A ServiceRequest read: the referrer's identifier (`system|value`) and the referral.
#[derive(Debug)]
pub struct Intake {
    pub identifier: String,
    pub referral: NewReferral,
}

/// Reads a ServiceRequest from `referrer` on `today` (UK), or says everything that is wrong with it.
pub fn read(request: &Value, referrer: &Referrer, today: Day) -> Result<Intake, Vec<Issue>> {
    let mut issues = Vec::new();
    if request["resourceType"] != "ServiceRequest" {
        return Err(vec![issue("ServiceRequest", "Send a FHIR R4 ServiceRequest (resourceType \"ServiceRequest\").")]);
    }
    let identifier = match (&request["identifier"][0]["system"], &request["identifier"][0]["value"]) {
        (Value::String(system), Value::String(value)) if !value.trim().is_empty() => {
            let joined = format!("{system}|{value}");
            if joined.chars().count() > MAX_IDENTIFIER_CHARS {
                issues.push(issue(
                    "ServiceRequest.identifier[0]",
                    "The identifier is too long (400 characters at most).",
                ));
            }
            Some(joined)
        }
        _ => {
            issues.push(issue(
                "ServiceRequest.identifier[0]",
                "Give your own identifier for the referral (identifier with system and value), so a repeat is recognised.",
            ));
            None
        }
    };
    if request["status"] != "active" {
        issues.push(issue("ServiceRequest.status", "The status must be \"active\" for a new referral."));
    }
    if !matches!(request["intent"].as_str(), Some("proposal" | "plan" | "order" | "original-order")) {
        issues.push(issue("ServiceRequest.intent", "Give the intent: proposal, plan, order or original-order."));
    }
    let patient = contained_patient(request, &mut issues);
    let name = patient.map(patient_name).and_then(|text| match DisplayName::parse(&text) {
        Ok(name) => Some(name),
        Err(e) => {
            issues.push(issue("Patient.name", format!("The patient's name: {e}")));
            None
        }
    });
    let date_of_birth = patient.and_then(|p| p["birthDate"].as_str()).and_then(|d| {
        let day = Day::parse(d);
        if day.is_none() {
            issues.push(issue("Patient.birthDate", "The date of birth must be a full date like 1990-04-01."));
        }
        day
    });
    let nhs_number = patient
        .and_then(|p| with_system(&p["identifier"], NHS_NUMBER_SYSTEM))
        .and_then(|v| NhsNumber::parse(v).map_err(|e| issues.push(issue("Patient.identifier", e.to_string()))).ok());
    let phone = patient.and_then(|p| p["telecom"].as_array()).and_then(|telecom| {
        let number = telecom.iter().find(|t| t["system"] == "phone" || t["system"] == "sms")?["value"].as_str()?;
        PhoneNumber::parse(number).map_err(|e| issues.push(issue("Patient.telecom", e.to_string()))).ok()
    });
    let address = patient
        .and_then(|p| p["address"].get(0))
        .and_then(address_text)
        .and_then(|text| Note::parse(&text).map_err(|e| issues.push(issue("Patient.address", e.to_string()))).ok());
    let (reasons, reason_note) = reasons(request, &mut issues);
    let safe_times = request["patientInstruction"]
        .as_str()
        .and_then(|t| {
            Note::parse_optional(t)
                .map_err(|e| issues.push(issue("ServiceRequest.patientInstruction", e.to_string())))
                .ok()
        })
        .flatten();
    let consent = flag(request, "consent-to-contact");
    let justice_contact = flag(request, "justice-contact").unwrap_or(false);
    let safe_channels = channels(request, phone.is_some(), &mut issues);
    let (Some(identifier), Some(name), true) = (identifier, name, issues.is_empty()) else {
        return Err(issues);
    };
    let form = ReferralForm {
        name,
        date_of_birth,
        nhs_number,
        referral_source: referrer.referral_source,
        referrer_name: DisplayName::parse(&referrer.name).ok(),
        ods_code: Some(referrer.ods_code.clone()),
        justice_contact,
        reasons,
        reason_note,
        phone,
        address,
        safe_channels,
        safe_times,
        consent_to_contact: consent == Some(true),
    };
    NewReferral::parse(form, today)
        .map(|referral| Intake { identifier, referral })
        .map_err(|e| vec![issue(where_broken(e), e.to_string())])
}

/// Where in a ServiceRequest a broken rule of the form lies.
fn where_broken(error: ReferralFormError) -> &'static str {
    match error {
        ReferralFormError::NoConsent => "ServiceRequest.extension",
        ReferralFormError::NoReason | ReferralFormError::OtherNeedsNote => "ServiceRequest.reasonCode",
        ReferralFormError::NoSafeChannel | ReferralFormError::PhoneNeeded => "Patient.telecom",
        ReferralFormError::AddressNeeded => "Patient.address",
        ReferralFormError::OdsCodeNeeded => "ServiceRequest.requester",
        ReferralFormError::BornInFuture => "Patient.birthDate",
    }
}

fn contained_patient<'a>(request: &'a Value, issues: &mut Vec<Issue>) -> Option<&'a Value> {
    let reference = request["subject"]["reference"].as_str().and_then(|r| r.strip_prefix('#'));
    let patient = reference.and_then(|id| {
        request["contained"].as_array()?.iter().find(|r| r["resourceType"] == "Patient" && r["id"] == id)
    });
    if patient.is_none() {
        issues.push(issue(
            "ServiceRequest.subject",
            "Include the person as a contained Patient and refer to it from subject (\"reference\": \"#id\").",
        ));
    }
    patient
}

/// The first name's text, or its given and family names.
fn patient_name(patient: &Value) -> String {
    let name = &patient["name"][0];
    if let Some(text) = name["text"].as_str() {
        return text.to_string();
    }
    let given = name["given"].as_array().into_iter().flatten().filter_map(Value::as_str);
    given.chain(name["family"].as_str()).collect::<Vec<_>>().join(" ")
}

fn address_text(address: &Value) -> Option<String> {
    if let Some(text) = address["text"].as_str() {
        return Some(text.to_string());
    }
    let lines = address["line"].as_array().into_iter().flatten().filter_map(Value::as_str);
    let parts: Vec<&str> = lines.chain(address["city"].as_str()).chain(address["postalCode"].as_str()).collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

fn with_system<'a>(identifiers: &'a Value, system: &str) -> Option<&'a str> {
    identifiers.as_array()?.iter().find(|i| i["system"] == system)?["value"].as_str()
}

fn extensions<'a>(request: &'a Value, name: &str) -> impl Iterator<Item = &'a Value> {
    let url = extension_url(name);
    request["extension"].as_array().into_iter().flatten().filter(move |e| e["url"] == url.as_str())
}

fn flag(request: &Value, name: &str) -> Option<bool> {
    extensions(request, name).find_map(|e| e["valueBoolean"].as_bool())
}

fn channels(request: &Value, has_phone: bool, issues: &mut Vec<Issue>) -> Vec<ContactChannel> {
    let mut channels = Vec::new();
    for code in extensions(request, "safe-contact-channel").map(|e| e["valueCode"].as_str().unwrap_or_default()) {
        match ContactChannel::parse(code) {
            Some(c) => channels.push(c),
            None => issues.push(issue(
                "ServiceRequest.extension",
                format!("'{code}' is not a contact channel: use phone, text, letter, in_person or probation."),
            )),
        }
    }
    if channels.is_empty() {
        channels =
            if has_phone { vec![ContactChannel::Phone, ContactChannel::Text] } else { vec![ContactChannel::Letter] };
    }
    channels
}

fn reasons(request: &Value, issues: &mut Vec<Issue>) -> (Vec<ReferralReason>, Option<Note>) {
    let mut reasons = Vec::new();
    let mut texts = Vec::new();
    for concept in request["reasonCode"].as_array().into_iter().flatten() {
        for coding in concept["coding"].as_array().into_iter().flatten() {
            match (coding["system"].as_str(), coding["code"].as_str()) {
                (Some(REASON_SYSTEM), Some(code)) => match ReferralReason::parse(code) {
                    Some(r) => reasons.push(r),
                    None => issues
                        .push(issue("ServiceRequest.reasonCode", format!("'{code}' is not a referral reason code."))),
                },
                _ => texts.extend(coding["display"].as_str()),
            }
        }
        texts.extend(concept["text"].as_str());
    }
    if reasons.is_empty() && !texts.is_empty() {
        reasons.push(ReferralReason::Other);
    }
    let note = (!texts.is_empty())
        .then(|| texts.join("; "))
        .and_then(|t| Note::parse(&t).map_err(|e| issues.push(issue("ServiceRequest.reasonCode", e.to_string()))).ok());
    (reasons, note)
}

/// Who referred, by ODS code and name where the referral has them.
pub fn requester(record: &ReferralRecord) -> Option<Value> {
    let mut requester = serde_json::Map::new();
    if let Some(ods) = &record.details.ods_code {
        requester.insert("identifier".into(), json!({ "system": ODS_SYSTEM, "value": ods.as_str() }));
    }
    if let Some(name) = &record.summary.referrer_name {
        requester.insert("display".into(), json!(name));
    }
    (!requester.is_empty()).then_some(Value::Object(requester))
}

/// The ServiceRequest a referrer reads back: its identifier, the status (`active` while open,
/// `completed` once accepted, `revoked` for any other outcome) and the outcome, coded; the person
/// only by the name they were referred under.
pub fn read_back(record: &ReferralRecord, public_url: &str) -> Value {
    let outcome = record.outcome.as_ref().map(|o| o.outcome);
    let status = match outcome {
        None => "active",
        Some(Outcome::Accepted) => "completed",
        Some(_) => "revoked",
    };
    let (system, value) = record.referrer_identifier.as_deref().and_then(|i| i.split_once('|')).unwrap_or_default();
    let mut request = json!({
        "resourceType": "ServiceRequest",
        "id": record.summary.id,
        "identifier": [
            { "system": system, "value": value },
            { "system": format!("{STEADY_CANONICAL}/Id/referral"), "value": record.summary.id }
        ],
        "status": status,
        "intent": "order",
        "code": { "coding": [{ "system": SNOMED, "code": REFERRAL_TO_SOCIAL_PRESCRIBING.0, "display": REFERRAL_TO_SOCIAL_PRESCRIBING.1 }] },
        "subject": { "display": record.summary.name },
        "authoredOn": record.summary.received_at.to_string()
    });
    if let Some(requester) = requester(record) {
        request["requester"] = requester;
    }
    if let Some(o) = &record.outcome {
        request["extension"] = json!([{
            "url": extension_url("referral-outcome"),
            "valueCoding": { "system": OUTCOME_SYSTEM, "code": o.outcome.code(), "display": o.outcome.label() }
        }]);
    }
    request["meta"] = json!({ "source": public_url });
    request
}

#[cfg(test)]
mod tests {
    use super::*;
    use steady_domain::enrolment::ReferralSource;
    use steady_domain::referral::OdsCode;

    fn referrer() -> Referrer {
        Referrer {
            id: "gp".into(),
            name: "Riverside Surgery".into(),
            ods_code: OdsCode::parse("A81001").unwrap(),
            referral_source: ReferralSource::PrimaryCare,
        }
    }

    pub fn request() -> Value {
        json!({
            "resourceType": "ServiceRequest",
            "identifier": [{ "system": "https://riverside.example/referrals", "value": "R-1" }],
            "status": "active",
            "intent": "order",
            "contained": [{
                "resourceType": "Patient", "id": "p",
                "name": [{ "given": ["Sam"], "family": "Rivers" }],
                "birthDate": "1990-04-01",
                "identifier": [{ "system": NHS_NUMBER_SYSTEM, "value": "9434765919" }],
                "telecom": [{ "system": "phone", "value": "07700 900123" }]
            }],
            "subject": { "reference": "#p" },
            "reasonCode": [{ "coding": [{ "system": REASON_SYSTEM, "code": "isolation" }] }, { "text": "Recently bereaved" }],
            "patientInstruction": "Weekdays after 2pm",
            "extension": [
                { "url": extension_url("consent-to-contact"), "valueBoolean": true },
                { "url": extension_url("justice-contact"), "valueBoolean": true }
            ]
        })
    }

    fn today() -> Day {
        Day::parse("2026-11-25").unwrap()
    }

    #[test]
    fn a_service_request_becomes_the_referral_the_form_would_make() {
        let intake = read(&request(), &referrer(), today()).unwrap();
        assert_eq!(intake.identifier, "https://riverside.example/referrals|R-1");
        let r = &intake.referral;
        assert_eq!(r.name.as_str(), "Sam Rivers");
        assert_eq!(r.nhs_number.as_ref().unwrap().as_str(), "9434765919");
        assert_eq!(r.phone.as_ref().unwrap().as_str(), "07700900123");
        assert!(r.justice_contact);
        assert_eq!(r.reasons, [ReferralReason::Isolation]);
        assert_eq!(r.reason_note.as_ref().unwrap().as_str(), "Recently bereaved");
        assert_eq!(r.safe_channels, [ContactChannel::Phone, ContactChannel::Text]);
        assert_eq!(r.ods_code.as_ref().unwrap().as_str(), "A81001");
        assert_eq!(r.referral_source, ReferralSource::PrimaryCare);
    }

    #[test]
    fn everything_wrong_is_named_with_where_it_is() {
        let mut broken = request();
        broken["identifier"] = json!([]);
        broken["status"] = json!("draft");
        broken["contained"][0]["birthDate"] = json!("1 April 1990");
        broken["contained"][0]["telecom"][0]["value"] = json!("call me");
        let issues = read(&broken, &referrer(), today()).unwrap_err();
        let places: Vec<&str> = issues.iter().map(|i| i.expression).collect();
        assert_eq!(
            places,
            ["ServiceRequest.identifier[0]", "ServiceRequest.status", "Patient.birthDate", "Patient.telecom"]
        );
        let outcome = operation_outcome(&issues);
        assert_eq!(outcome["resourceType"], "OperationOutcome");
        assert_eq!(outcome["issue"][1]["expression"][0], "ServiceRequest.status");
        assert_eq!(outcome["issue"][1]["severity"], "error");
    }

    #[test]
    fn without_consent_or_a_subject_it_is_refused() {
        let mut no_consent = request();
        no_consent["extension"] = json!([]);
        let issues = read(&no_consent, &referrer(), today()).unwrap_err();
        assert_eq!(issues[0].expression, "ServiceRequest.extension");
        assert!(issues[0].diagnostics.contains("agree to be contacted"));
        let mut no_subject = request();
        no_subject["subject"] = json!({ "reference": "Patient/123" });
        assert_eq!(read(&no_subject, &referrer(), today()).unwrap_err()[0].expression, "ServiceRequest.subject");
        let not_a_request = json!({ "resourceType": "Patient" });
        assert_eq!(read(&not_a_request, &referrer(), today()).unwrap_err().len(), 1);
    }
}
