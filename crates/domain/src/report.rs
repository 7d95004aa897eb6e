//! Service reports for a date range, optionally one kind of group: sessions held, attendances, unique
//! participants, the mean change in stress from before to after, ONS4 change among participants with
//! at least two responses, and who attended by referral source (justice-system contact counted apart).

use crate::enrolment::ReferralSource;
use crate::entry::{Entry, EntryBody};
use crate::group::GroupKind;
use crate::ons4::{Ons4Question, Ons4Response};
use crate::summary::{what_helps, KindChange};
use crate::time::Timestamp;
use serde::{Deserialize, Serialize};

/// One participant's shared history, with what the report groups them by.
pub struct ReportSubject<'a> {
    pub referral_source: ReferralSource,
    pub justice_contact: bool,
    pub entries: &'a [Entry],
    /// Sessions a leader's register marks them present at: (session, its kind, its start).
    pub registered: &'a [(crate::group::SessionId, GroupKind, Timestamp)],
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Ons4MeanChange {
    pub question: String,
    /// Mean of (latest − first) in the range, among participants with two or more responses in it.
    pub mean_change: f32,
    pub participants: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReferralCount {
    pub referral_source: ReferralSource,
    pub participants: u32,
    /// Of those, how many have justice-system contact.
    pub justice_contact: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KindStressChange {
    pub kind: GroupKind,
    pub sessions: u32,
    pub mean_change: f32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Report {
    pub from: Timestamp,
    pub to: Timestamp,
    pub kind: Option<GroupKind>,
    pub sessions_held: u32,
    pub attendances: u32,
    pub unique_participants: u32,
    /// Mean of (after − before) over check-ins with both ratings; negative is a fall.
    pub mean_stress_change: Option<f32>,
    pub stress_pairs: u32,
    pub stress_change_by_kind: Vec<KindStressChange>,
    pub ons4: Vec<Ons4MeanChange>,
    pub by_referral: Vec<ReferralCount>,
}

/// Builds the report. `sessions_held` comes from the schedule (sessions in range, not cancelled).
pub fn build(
    subjects: &[ReportSubject<'_>],
    sessions_held: u32,
    from: Timestamp,
    to: Timestamp,
    kind: Option<GroupKind>,
) -> Report {
    let in_range = |t: Timestamp| t >= from && t < to;
    let mut attendances = 0;
    let mut attended: Vec<&ReportSubject<'_>> = Vec::new();
    let mut visits: Vec<Entry> = Vec::new();
    let mut ons4_changes: Vec<[i32; 4]> = Vec::new();
    for subject in subjects {
        let theirs: Vec<&Entry> = subject
            .entries
            .iter()
            .filter(|e| in_range(e.at) && e.as_check_in().is_some_and(|c| kind.is_none_or(|k| c.group_kind == k)))
            .collect();
        let mut sessions: std::collections::HashSet<&crate::group::SessionId> = subject
            .registered
            .iter()
            .filter(|(_, k, at)| in_range(*at) && kind.is_none_or(|want| want == *k))
            .map(|(id, _, _)| id)
            .collect();
        let mut unlinked = 0;
        for check_in in theirs.iter().filter_map(|e| e.as_check_in()) {
            match &check_in.session_id {
                Some(id) => {
                    sessions.insert(id);
                }
                None => unlinked += 1,
            }
        }
        let count = sessions.len() as u32 + unlinked;
        attendances += count;
        if count > 0 {
            attended.push(subject);
        }
        visits.extend(theirs.into_iter().cloned());
        let mut responses: Vec<(Timestamp, Ons4Response)> = subject
            .entries
            .iter()
            .filter(|e| in_range(e.at))
            .filter_map(|e| match &e.body {
                EntryBody::Ons4(o) => Some((e.at, *o)),
                _ => None,
            })
            .collect();
        crate::order::sort_by_key(&mut responses, |(t, _)| *t);
        if let (Some(first), Some(last), true) = (responses.first(), responses.last(), responses.len() >= 2) {
            ons4_changes.push(
                Ons4Question::ALL.map(|q| i32::from(last.1.answer(q).value()) - i32::from(first.1.answer(q).value())),
            );
        }
    }
    let by_kind = what_helps(&visits);
    let stress_pairs: u32 = by_kind.iter().map(|k| k.sessions).sum();
    let mean_stress_change = (stress_pairs > 0)
        .then(|| by_kind.iter().map(|k| k.mean_change * k.sessions as f32).sum::<f32>() / stress_pairs as f32);
    Report {
        from,
        to,
        kind,
        sessions_held,
        attendances,
        unique_participants: attended.len() as u32,
        mean_stress_change,
        stress_pairs,
        stress_change_by_kind: by_kind
            .into_iter()
            .map(|KindChange { kind, sessions, mean_change }| KindStressChange { kind, sessions, mean_change })
            .collect(),
        ons4: if ons4_changes.is_empty() {
            Vec::new()
        } else {
            Ons4Question::ALL
                .iter()
                .enumerate()
                .map(|(i, q)| Ons4MeanChange {
                    question: q.short_name().to_string(),
                    mean_change: ons4_changes.iter().map(|c| c[i] as f32).sum::<f32>() / ons4_changes.len() as f32,
                    participants: ons4_changes.len() as u32,
                })
                .collect()
        },
        by_referral: ReferralSource::ALL
            .into_iter()
            .map(|source| {
                let of_source: Vec<_> = attended.iter().filter(|s| s.referral_source == source).collect();
                ReferralCount {
                    referral_source: source,
                    participants: of_source.len() as u32,
                    justice_contact: of_source.iter().filter(|s| s.justice_contact).count() as u32,
                }
            })
            .collect(),
    }
}

/// The report as CSV: one `measure,value` row per figure.
pub fn to_csv(report: &Report) -> String {
    let mut rows: Vec<(String, String)> = vec![
        ("from".into(), report.from.to_string()),
        ("to".into(), report.to.to_string()),
        ("group_kind".into(), report.kind.map(|k| k.code().to_string()).unwrap_or_else(|| "all".into())),
        ("sessions_held".into(), report.sessions_held.to_string()),
        ("attendances".into(), report.attendances.to_string()),
        ("unique_participants".into(), report.unique_participants.to_string()),
        ("mean_stress_change".into(), report.mean_stress_change.map(|m| format!("{m:.2}")).unwrap_or_default()),
        ("stress_pairs".into(), report.stress_pairs.to_string()),
    ];
    for k in &report.stress_change_by_kind {
        rows.push((format!("mean_stress_change_{}", k.kind.code()), format!("{:.2}", k.mean_change)));
    }
    for o in &report.ons4 {
        let name = o.question.to_lowercase().replace(' ', "_");
        rows.push((format!("ons4_mean_change_{name}"), format!("{:.2}", o.mean_change)));
    }
    if let Some(o) = report.ons4.first() {
        rows.push(("ons4_participants".into(), o.participants.to_string()));
    }
    for r in &report.by_referral {
        rows.push((format!("participants_referred_{}", r.referral_source.code()), r.participants.to_string()));
        rows.push((
            format!("participants_referred_{}_justice_contact", r.referral_source.code()),
            r.justice_contact.to_string(),
        ));
    }
    let mut out = String::from("measure,value\r\n");
    for (measure, value) in rows {
        out.push_str(&format!("{measure},{value}\r\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entry::tests::{at, check_in, id, r};

    fn ons4(n: u32, when: &str, satisfied: i64, anxious: i64) -> Entry {
        let o = Ons4Response { life_satisfaction: r(satisfied), worthwhile: r(5), happy: r(5), anxious: r(anxious) };
        Entry::new(id(n), at(when), false, EntryBody::Ons4(o))
    }

    #[test]
    fn a_report_counts_attendance_stress_change_ons4_and_referrals() {
        let alex = vec![
            check_in(1, "2026-11-02T10:00:00Z", GroupKind::Walking, 7, 4),
            check_in(2, "2026-11-09T10:00:00Z", GroupKind::Walking, 6, 5),
            check_in(3, "2026-11-10T10:00:00Z", GroupKind::Gardening, 8, 4),
            check_in(4, "2026-10-01T10:00:00Z", GroupKind::Walking, 9, 1),
            ons4(5, "2026-11-01T09:00:00Z", 3, 8),
            ons4(6, "2026-11-20T09:00:00Z", 6, 5),
        ];
        let bea =
            vec![check_in(7, "2026-11-03T10:00:00Z", GroupKind::CleanUp, 5, 5), ons4(8, "2026-11-04T09:00:00Z", 2, 2)];
        let cal: Vec<Entry> = vec![];
        let cal_registered = [
            (crate::group::SessionId("s1".into()), GroupKind::Walking, at("2026-11-02T10:00:00Z")),
            (crate::group::SessionId("s99".into()), GroupKind::Gardening, at("2026-10-30T10:00:00Z")),
        ];
        let alex_registered = [(crate::group::SessionId("s1".into()), GroupKind::Walking, at("2026-11-02T10:00:00Z"))];
        let subjects = [
            ReportSubject {
                referral_source: ReferralSource::Probation,
                justice_contact: true,
                entries: &alex,
                registered: &alex_registered,
            },
            ReportSubject {
                referral_source: ReferralSource::PrimaryCare,
                justice_contact: false,
                entries: &bea,
                registered: &[],
            },
            ReportSubject {
                referral_source: ReferralSource::Probation,
                justice_contact: false,
                entries: &cal,
                registered: &cal_registered,
            },
        ];
        let report = build(&subjects, 12, at("2026-11-01T00:00:00Z"), at("2026-12-01T00:00:00Z"), None);
        assert_eq!(report.sessions_held, 12);
        assert_eq!(
            report.attendances, 5,
            "Alex's s1 counted once though on the register too; Cal's October one is outside"
        );
        assert_eq!(report.unique_participants, 3);
        assert_eq!(report.stress_pairs, 4);
        assert_eq!(report.mean_stress_change, Some((-3.0 - 1.0 - 4.0 + 0.0) / 4.0));
        assert_eq!(report.ons4.len(), 4);
        assert_eq!(
            report.ons4[0],
            Ons4MeanChange { question: "Life satisfaction".into(), mean_change: 3.0, participants: 1 }
        );
        assert_eq!(report.ons4[3].mean_change, -3.0);
        assert_eq!(
            report.by_referral[0],
            ReferralCount { referral_source: ReferralSource::Probation, participants: 2, justice_contact: 1 }
        );
        assert_eq!(report.by_referral[1].participants, 1);

        let walking =
            build(&subjects, 4, at("2026-11-01T00:00:00Z"), at("2026-12-01T00:00:00Z"), Some(GroupKind::Walking));
        assert_eq!((walking.attendances, walking.unique_participants), (3, 2));
        assert_eq!(walking.mean_stress_change, Some(-2.0));

        let csv = to_csv(&report);
        assert!(csv.starts_with("measure,value\r\nfrom,2026-11-01T00:00:00Z\r\n"));
        assert!(csv.contains("\r\nattendances,5\r\n"));
        assert!(csv.contains("\r\nmean_stress_change,-2.00\r\n"));
        assert!(csv.contains("\r\nons4_mean_change_life_satisfaction,3.00\r\n"));
        assert!(csv.contains("\r\nparticipants_referred_probation_justice_contact,1\r\n"));
    }

    #[test]
    fn an_empty_range_reports_zeros_not_errors() {
        let report = build(&[], 0, at("2026-11-01T00:00:00Z"), at("2026-12-01T00:00:00Z"), None);
        assert_eq!(report.attendances, 0);
        assert_eq!(report.mean_stress_change, None);
        assert!(report.ons4.is_empty());
        assert!(report.by_referral.iter().all(|r| r.participants == 0));
    }
}
