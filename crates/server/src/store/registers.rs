//! Session registers: one mark per person per session, merged by the domain's rule (the latest tap
//! wins), and what the marks say about each participant's attendance for the review and reports.

use super::Result;
use crate::db::{Flag, Pool};
use std::collections::HashMap;
use steady_domain::{GroupKind, SessionId, Timestamp};

/// A participant's sessions, as their flags and counts need them.
#[derive(Default)]
pub struct Attendance {
    /// Past sessions of groups they joined whose register was taken, and whether they were there.
    pub attendance: Vec<(Timestamp, bool)>,
    /// Sessions in the last 4 weeks a register marks them present at.
    pub registered: Vec<(SessionId, Timestamp)>,
}

/// [`Attendance`] of each participant on a link worker's caseload (or just `only`), by participant,
/// in one query: the first part of the union is attendance (`a`), the second the registers (`r`).
pub async fn attendance(
    pool: &Pool,
    link_worker_id: &str,
    only: Option<&str>,
    now: Timestamp,
) -> Result<HashMap<String, Attendance>> {
    let rows: Vec<(String, String, String, i64, Flag)> = sqlx::query_as(
        "SELECT 'a', m.participant_id, s.id, s.starts_at,
                CASE WHEN EXISTS (SELECT 1 FROM register_marks r WHERE r.session_id = s.id AND r.person_key = 'p:' || m.participant_id AND r.present = 1) THEN 1 ELSE 0 END
         FROM group_members m
         JOIN participants p ON p.id = m.participant_id
         JOIN sessions s ON s.group_id = m.group_id
         WHERE p.link_worker_id = $1 AND ($2 IS NULL OR p.id = $2) AND s.cancelled = 0 AND s.ends_at <= $3 AND s.starts_at >= m.joined_at
           AND EXISTS (SELECT 1 FROM register_marks r WHERE r.session_id = s.id)
         UNION ALL
         SELECT 'r', p.id, s.id, s.starts_at, 1 FROM register_marks r
         JOIN participants p ON r.person_key = 'p:' || p.id
         JOIN sessions s ON s.id = r.session_id
         WHERE p.link_worker_id = $1 AND ($2 IS NULL OR p.id = $2) AND r.present = 1 AND s.starts_at > $4",
    )
    .bind(link_worker_id)
    .bind(only)
    .bind(now.millis())
    .bind(now.plus_days(-28).millis())
    .fetch_all(pool)
    .await?;
    let mut by_participant: HashMap<String, Attendance> = HashMap::new();
    for (part, participant, session, starts_at, present) in rows {
        let of = by_participant.entry(participant).or_default();
        let starts_at = Timestamp::from_millis(starts_at);
        match part.as_str() {
            "a" => of.attendance.push((starts_at, present.0)),
            _ => of.registered.push((SessionId(session), starts_at)),
        }
    }
    Ok(by_participant)
}

/// The sessions starting in `[from, to)` at which a register marks each participant on a link
/// worker's caseload present, with their group's kind, by participant.
pub async fn present_at(
    pool: &Pool,
    link_worker_id: &str,
    from: Timestamp,
    to: Timestamp,
) -> Result<HashMap<String, Vec<(SessionId, GroupKind, Timestamp)>>> {
    let marks: Vec<(String, String, String, i64)> = sqlx::query_as(
        "SELECT p.id, s.id, g.kind, s.starts_at FROM register_marks r
         JOIN participants p ON r.person_key = 'p:' || p.id
         JOIN sessions s ON s.id = r.session_id JOIN groups g ON g.id = s.group_id
         WHERE p.link_worker_id = $1 AND r.present = 1 AND s.starts_at >= $2 AND s.starts_at < $3",
    )
    .bind(link_worker_id)
    .bind(from.millis())
    .bind(to.millis())
    .fetch_all(pool)
    .await?;
    let mut registered: HashMap<String, Vec<(SessionId, GroupKind, Timestamp)>> = HashMap::new();
    for (participant, session, kind, starts_at) in marks {
        if let Ok(kind) = GroupKind::parse(&kind) {
            registered.entry(participant).or_default().push((
                SessionId(session),
                kind,
                Timestamp::from_millis(starts_at),
            ));
        }
    }
    Ok(registered)
}
