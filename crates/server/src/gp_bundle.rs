//! A referral's outcome for the GP record: a FHIR R4 `collection` Bundle with the person (`Patient`,
//! with their NHS number when known), the referral (`ServiceRequest` coded 871731000000106) and its
//! outcome (`Observation`: 871711000000103 |Social prescribing declined| where the person declined;
//! the other outcomes have no national code, so Steady's referral-outcome code system). With the
//! participant's "codes and shared self-ratings" choice, their shared self-ratings follow, as in the
//! participant export ([`crate::fhir::self_ratings`]); with "codes only", nothing else.

use crate::fhir::{Subject, NHS_NUMBER_SYSTEM, SNOMED, STEADY_CANONICAL};
use crate::fhir_intake::{OUTCOME_SYSTEM, REFERRAL_TO_SOCIAL_PRESCRIBING};
use crate::store::referrals::ReferralRecord;
use serde_json::{json, Value};
use steady_domain::referral::{GpSharing, Outcome};
use steady_domain::{Entry, Timestamp};

/// The SNOMED CT concept for a declined offer: 871711000000103 |Social prescribing declined
/// (situation)|, the national code listed beside 871731000000106 (see
/// [`crate::fhir_intake::REFERRAL_TO_SOCIAL_PRESCRIBING`] for the sources).
pub const SOCIAL_PRESCRIBING_DECLINED: (&str, &str) = ("871711000000103", "Social prescribing declined");

/// The bundle for `record`, with `entries` (the participant's shared entries) included only when the
/// recorded choice is "codes and shared self-ratings".
pub fn bundle(record: &ReferralRecord, entries: &[Entry], public_url: &str, now: Timestamp) -> Value {
    let id = &record.summary.id;
    let patient_id = format!("patient-{id}");
    let patient_ref = json!({ "reference": format!("Patient/{patient_id}"), "display": record.summary.name });
    let mut patient = json!({
        "resourceType": "Patient",
        "id": patient_id,
        "name": [{ "text": record.summary.name }]
    });
    if let Some(nhs) = &record.details.nhs_number {
        patient["identifier"] = json!([{ "system": NHS_NUMBER_SYSTEM, "value": nhs.as_str() }]);
    }
    if let Some(born) = record.details.date_of_birth {
        patient["birthDate"] = json!(born.to_string());
    }
    let status = match record.outcome.as_ref().map(|o| o.outcome) {
        None => "active",
        Some(Outcome::Accepted) => "completed",
        Some(_) => "revoked",
    };
    let request_id = format!("referral-{id}");
    let mut service_request = json!({
        "resourceType": "ServiceRequest",
        "id": request_id,
        "identifier": [{ "system": format!("{STEADY_CANONICAL}/Id/referral"), "value": id }],
        "status": status,
        "intent": "order",
        "code": { "coding": [coding(SNOMED, REFERRAL_TO_SOCIAL_PRESCRIBING)] },
        "subject": patient_ref,
        "authoredOn": record.summary.received_at.to_string()
    });
    if let Some(requester) = crate::fhir_intake::requester(record) {
        service_request["requester"] = requester;
    }
    let mut resources = vec![patient, service_request];
    let sharing = record.outcome.as_ref().map(|o| o.gp_sharing).unwrap_or_default();
    if let Some(outcome) = &record.outcome {
        let code = match outcome.outcome {
            Outcome::Declined => coding(SNOMED, SOCIAL_PRESCRIBING_DECLINED),
            other => coding(OUTCOME_SYSTEM, (other.code(), other.label())),
        };
        resources.push(json!({
            "resourceType": "Observation",
            "id": format!("outcome-{id}"),
            "status": "final",
            "code": { "coding": [code], "text": format!("Social prescribing referral: {}", outcome.outcome.label()) },
            "subject": patient_ref,
            "basedOn": [{ "reference": format!("ServiceRequest/{request_id}") }],
            "effectiveDateTime": outcome.at.to_string()
        }));
    }
    if let (GpSharing::CodesAndSelfRatings, Some(participant_id)) = (sharing, &record.participant_id) {
        let subject = Subject { participant_id, display_name: &record.summary.name, base_url: public_url };
        resources.extend(crate::fhir::self_ratings(&subject, entries));
    }
    crate::fhir::collection(public_url, resources, now)
}

fn coding(system: &str, (code, display): (&str, &str)) -> Value {
    json!({ "system": system, "code": code, "display": display })
}
