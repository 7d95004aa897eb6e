//! Session registers: one mark per person per session, merged by the domain's rule (the latest tap
//! wins), and what the marks say about each participant's attendance for the review and reports.

use super::Result;
use crate::db::{Flag, Pool};
use std::collections::HashMap;
use steady_domain::attendance::{wins, Expected, Mark, MarkRefusal, PersonKey, Register};
use steady_domain::enrolment::DisplayName;
use steady_domain::{GroupKind, Session, SessionId, Timestamp};

/// A session's register: who is on its group's list, and every mark so far, each by name.
pub async fn register(pool: &Pool, session: Session) -> Result<Register> {
    let expected: Vec<(String, String)> = sqlx::query_as(
        "SELECT p.id, p.display_name FROM group_members m JOIN participants p ON p.id = m.participant_id
         WHERE m.group_id = $1 ORDER BY p.display_name",
    )
    .bind(&session.group_id)
    .fetch_all(pool)
    .await?;
    let marks: Vec<(String, String, Flag, i64)> = sqlx::query_as(
        "SELECT person_key, name, present, tapped_at FROM register_marks WHERE session_id = $1 ORDER BY name",
    )
    .bind(&session.id.0)
    .fetch_all(pool)
    .await?;
    Ok(Register {
        expected: expected
            .into_iter()
            .filter_map(|(id, name)| {
                Some(Expected { person: PersonKey::participant(&id), name: DisplayName::parse(&name).ok()? })
            })
            .collect(),
        marks: marks
            .into_iter()
            .filter_map(|(key, name, present, at)| {
                Some(Mark {
                    person: PersonKey::parse(&key).ok()?,
                    name: DisplayName::parse(&name).ok()?,
                    present: present.0,
                    tapped_at: Timestamp::from_millis(at),
                })
            })
            .collect(),
        session,
    })
}

/// Stores one mark, received at `now` from `by` (a leader, or the participant's own phone when
/// `None`), if it wins over the stored one; inside a write transaction, so the read and the write
/// are one step.
async fn apply_mark(
    tx: &mut sqlx::AnyConnection,
    session_id: &str,
    mark: &Mark,
    by: Option<&str>,
    now: Timestamp,
) -> Result<()> {
    let current: Option<(Flag, i64)> =
        sqlx::query_as("SELECT present, tapped_at FROM register_marks WHERE session_id = $1 AND person_key = $2")
            .bind(session_id)
            .bind(mark.person.as_str())
            .fetch_optional(&mut *tx)
            .await?;
    let current = current.map(|(present, at)| Mark {
        person: mark.person.clone(),
        name: mark.name.clone(),
        present: present.0,
        tapped_at: Timestamp::from_millis(at),
    });
    if wins(mark, current.as_ref()) {
        sqlx::query(
            "INSERT INTO register_marks (session_id, person_key, name, present, tapped_at, marked_by, received_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
             ON CONFLICT (session_id, person_key) DO UPDATE SET name = excluded.name, present = excluded.present,
                 tapped_at = excluded.tapped_at, marked_by = excluded.marked_by, received_at = excluded.received_at",
        )
        .bind(session_id)
        .bind(mark.person.as_str())
        .bind(mark.name.as_str())
        .bind(Flag(mark.present))
        .bind(mark.tapped_at.millis())
        .bind(by)
        .bind(now.millis())
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

/// Merges a leader's marks into a session's register, in one transaction. A mark for an enrolled
/// person is stored only if they are on the session's group list (checked in the same transaction,
/// so a participant leaving the group cannot slip between check and write); walk-ins always are.
/// Returns, for each mark in order, whether it was taken or why not.
pub async fn record_marks(
    pool: &Pool,
    session: &Session,
    marks: &[&Mark],
    leader_id: &str,
    now: Timestamp,
) -> Result<Vec<std::result::Result<(), MarkRefusal>>> {
    let mut tx = crate::db::write_tx(pool).await?;
    let mut outcomes = Vec::with_capacity(marks.len());
    for mark in marks {
        let member = match mark.person.participant_id() {
            Some(participant_id) => super::groups::is_member(&mut tx, &session.group_id, participant_id).await?,
            None => true,
        };
        if member {
            apply_mark(&mut tx, &session.id.0, mark, Some(leader_id), now).await?;
        }
        outcomes.push(if member { Ok(()) } else { Err(MarkRefusal::NotInGroup) });
    }
    tx.commit().await?;
    Ok(outcomes)
}

/// A participant checks themselves in: their mark is merged into the session's register and they
/// join its group's list, in one transaction.
pub async fn check_in(pool: &Pool, session: &Session, participant_id: &str, mark: &Mark, now: Timestamp) -> Result<()> {
    let mut tx = crate::db::write_tx(pool).await?;
    apply_mark(&mut tx, &session.id.0, mark, None, now).await?;
    super::groups::add_member(&mut tx, &session.group_id, participant_id, now).await?;
    tx.commit().await?;
    Ok(())
}

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
