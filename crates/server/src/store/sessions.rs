//! Group sessions: the schedule participants' phones cache, a leader's sessions (each with how many
//! people said they would come), creating and changing one, and the sessions a check-in code opens.

use super::Result;
use crate::db::{Flag, Pool};
use steady_domain::attendance::{LedSession, SessionCode};
use steady_domain::{GroupKind, Session, SessionId, Timestamp};

/// A session's columns joined with its group's, as [`SessionRow`] reads them.
const SESSION_SELECT: &str = "SELECT s.id, s.group_id, g.name AS group_name, g.kind, s.starts_at, s.ends_at,
    COALESCE(s.meeting_point, g.meeting_point) AS meeting_point, g.accessibility, g.description, s.cancelled
    FROM sessions s JOIN groups g ON g.id = s.group_id";

/// A session as stored, joined with its group.
#[derive(sqlx::FromRow)]
struct SessionRow {
    id: String,
    group_id: String,
    group_name: String,
    kind: String,
    starts_at: i64,
    ends_at: i64,
    meeting_point: String,
    accessibility: Option<String>,
    description: Option<String>,
    #[sqlx(try_from = "Flag")]
    cancelled: bool,
}

impl SessionRow {
    /// The session, or `None` (logged) if its group's kind is one this server does not know.
    fn into_session(self) -> Option<Session> {
        let kind = GroupKind::parse(&self.kind)
            .map_err(|e| tracing::warn!(session = %self.id, error = %e, "skipping session with unknown kind"))
            .ok()?;
        Some(Session {
            id: SessionId(self.id),
            group_id: self.group_id,
            group_name: self.group_name,
            kind,
            starts_at: Timestamp::from_millis(self.starts_at),
            ends_at: Timestamp::from_millis(self.ends_at),
            meeting_point: self.meeting_point,
            accessibility: self.accessibility,
            description: self.description,
            cancelled: self.cancelled,
        })
    }
}

/// Sessions overlapping `[from, to)`, earliest first (then by group name), cancelled ones included.
pub async fn between(pool: &Pool, from: Timestamp, to: Timestamp) -> Result<Vec<Session>> {
    let sql = format!("{SESSION_SELECT} WHERE s.ends_at > $1 AND s.starts_at < $2 ORDER BY s.starts_at, g.name");
    let rows: Vec<SessionRow> =
        sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(from.millis()).bind(to.millis()).fetch_all(pool).await?;
    Ok(rows.into_iter().filter_map(SessionRow::into_session).collect())
}

/// One group's sessions overlapping `[from, to)`, earliest first, cancelled ones included.
pub async fn of_group_between(pool: &Pool, group_id: &str, from: Timestamp, to: Timestamp) -> Result<Vec<Session>> {
    let sql =
        format!("{SESSION_SELECT} WHERE s.group_id = $1 AND s.ends_at > $2 AND s.starts_at < $3 ORDER BY s.starts_at");
    let rows: Vec<SessionRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(group_id)
        .bind(from.millis())
        .bind(to.millis())
        .fetch_all(pool)
        .await?;
    Ok(rows.into_iter().filter_map(SessionRow::into_session).collect())
}

/// A session, if it is of a group this leader leads.
pub async fn led(pool: &Pool, leader_id: &str, session_id: &str) -> Result<Option<Session>> {
    let sql = format!(
        "{SESSION_SELECT} WHERE s.id = $1
         AND EXISTS (SELECT 1 FROM group_leaders l WHERE l.group_id = s.group_id AND l.staff_id = $2)"
    );
    let row: Option<SessionRow> =
        sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(session_id).bind(leader_id).fetch_optional(pool).await?;
    Ok(row.and_then(SessionRow::into_session))
}

#[derive(sqlx::FromRow)]
struct LedSessionRow {
    #[sqlx(flatten)]
    session: SessionRow,
    expected: i64,
}

/// The sessions overlapping `[from, to)` of the groups this leader leads, earliest first, each with
/// how many people are on its group's list, in one query.
pub async fn led_between(pool: &Pool, leader_id: &str, from: Timestamp, to: Timestamp) -> Result<Vec<LedSession>> {
    let sql = format!(
        "SELECT x.*, (SELECT COUNT(*) FROM group_members m WHERE m.group_id = x.group_id) AS expected
         FROM ({SESSION_SELECT}
               WHERE s.group_id IN (SELECT group_id FROM group_leaders WHERE staff_id = $1)
                 AND s.ends_at > $2 AND s.starts_at < $3) x
         ORDER BY x.starts_at"
    );
    let rows: Vec<LedSessionRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(leader_id)
        .bind(from.millis())
        .bind(to.millis())
        .fetch_all(pool)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|row| Some(LedSession { session: row.session.into_session()?, expected: row.expected as u32 }))
        .collect())
}

/// A session as it is to be stored.
pub struct NewSession<'a> {
    pub group_id: &'a str,
    pub starts_at: Timestamp,
    pub ends_at: Timestamp,
    /// Where it meets, if not where its group usually does.
    pub meeting_point: Option<&'a str>,
    pub cancelled: bool,
}

/// Adds a session (on the pool, or inside a transaction).
pub async fn insert<'c>(db: impl sqlx::any::AnyExecutor<'c>, id: &str, new: &NewSession<'_>) -> Result<()> {
    sqlx::query(
        "INSERT INTO sessions (id, group_id, starts_at, ends_at, meeting_point, cancelled) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id)
    .bind(new.group_id)
    .bind(new.starts_at.millis())
    .bind(new.ends_at.millis())
    .bind(new.meeting_point)
    .bind(Flag(new.cancelled))
    .execute(db)
    .await?;
    Ok(())
}

/// Moves, edits or cancels a session; a meeting point of `None` keeps the one it has.
pub async fn update(
    pool: &Pool,
    id: &str,
    starts_at: Timestamp,
    ends_at: Timestamp,
    meeting_point: Option<&str>,
    cancelled: bool,
) -> Result<()> {
    sqlx::query(
        "UPDATE sessions SET starts_at = $1, ends_at = $2, meeting_point = COALESCE($3, meeting_point), cancelled = $4
         WHERE id = $5",
    )
    .bind(starts_at.millis())
    .bind(ends_at.millis())
    .bind(meeting_point)
    .bind(Flag(cancelled))
    .bind(id)
    .execute(pool)
    .await?;
    Ok(())
}

/// Every session whose check-in code is this one (whether open now or not).
pub async fn with_code(pool: &Pool, code: &SessionCode) -> Result<Vec<Session>> {
    let sql = format!("{SESSION_SELECT} JOIN session_codes c ON c.session_id = s.id WHERE c.code = $1");
    let rows: Vec<SessionRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(code.as_str()).fetch_all(pool).await?;
    Ok(rows.into_iter().filter_map(SessionRow::into_session).collect())
}

/// How many sessions (of groups of `kind`, if given) were held, not cancelled, starting in `[from, to)`.
pub async fn count_held(pool: &Pool, from: Timestamp, to: Timestamp, kind: Option<GroupKind>) -> Result<u32> {
    let (held,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM sessions s JOIN groups g ON g.id = s.group_id
         WHERE s.cancelled = 0 AND s.starts_at >= $1 AND s.starts_at < $2 AND ($3 IS NULL OR g.kind = $4)",
    )
    .bind(from.millis())
    .bind(to.millis())
    .bind(kind.map(GroupKind::code))
    .bind(kind.map(GroupKind::code))
    .fetch_one(pool)
    .await?;
    Ok(held as u32)
}
