//! Groups, who leads each one, and who is on each one's list ("I'd like to come", or checking in).

use super::Result;
use crate::db::Pool;
use steady_domain::attendance::LedGroup;
use steady_domain::{GroupKind, Timestamp};

/// A group as it is to be stored.
pub struct NewGroup<'a> {
    pub name: &'a str,
    pub kind: GroupKind,
    pub description: &'a str,
    pub meeting_point: &'a str,
    pub accessibility: &'a str,
}

/// Whether there are no groups at all (a new installation).
pub async fn none_yet(pool: &Pool) -> Result<bool> {
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM groups").fetch_one(pool).await?;
    Ok(count == 0)
}

/// Adds a group (on the pool, or inside a transaction).
pub async fn insert<'c>(
    db: impl sqlx::any::AnyExecutor<'c>,
    id: &str,
    new: &NewGroup<'_>,
    now: Timestamp,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO groups (id, name, kind, description, meeting_point, accessibility, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(id)
    .bind(new.name)
    .bind(new.kind.code())
    .bind(new.description)
    .bind(new.meeting_point)
    .bind(new.accessibility)
    .bind(now.millis())
    .execute(db)
    .await?;
    Ok(())
}

async fn exists(pool: &Pool, group_id: &str) -> Result<bool> {
    let found: Option<(i64,)> =
        sqlx::query_as("SELECT 1 FROM groups WHERE id = $1").bind(group_id).fetch_optional(pool).await?;
    Ok(found.is_some())
}

/// Makes a staff member lead a group (again is fine); `false` if there is no such group.
pub async fn add_leader(pool: &Pool, group_id: &str, staff_id: &str) -> Result<bool> {
    let inserted = sqlx::query(
        "INSERT INTO group_leaders (group_id, staff_id) SELECT id, $1 FROM groups WHERE id = $2 ON CONFLICT DO NOTHING",
    )
    .bind(staff_id)
    .bind(group_id)
    .execute(pool)
    .await?;
    Ok(inserted.rows_affected() == 1 || exists(pool, group_id).await?)
}

/// A group's name, if there is such a group.
pub async fn name(pool: &Pool, group_id: &str) -> Result<Option<String>> {
    let found: Option<(String,)> =
        sqlx::query_as("SELECT name FROM groups WHERE id = $1").bind(group_id).fetch_optional(pool).await?;
    Ok(found.map(|(name,)| name))
}

/// Whether this staff member leads this group.
pub async fn leads(pool: &Pool, leader_id: &str, group_id: &str) -> Result<bool> {
    let found: Option<(i64,)> = sqlx::query_as("SELECT 1 FROM group_leaders WHERE group_id = $1 AND staff_id = $2")
        .bind(group_id)
        .bind(leader_id)
        .fetch_optional(pool)
        .await?;
    Ok(found.is_some())
}

/// The groups this staff member leads, by name.
pub async fn led_by(pool: &Pool, leader_id: &str) -> Result<Vec<LedGroup>> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT g.id, g.name FROM groups g JOIN group_leaders l ON l.group_id = g.id WHERE l.staff_id = $1 ORDER BY g.name",
    )
    .bind(leader_id)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|(id, name)| LedGroup { id, name }).collect())
}

/// Puts a participant on a group's list (again is fine); `false` if there is no such group.
pub async fn join(pool: &Pool, group_id: &str, participant_id: &str, now: Timestamp) -> Result<bool> {
    let inserted = sqlx::query(
        "INSERT INTO group_members (group_id, participant_id, joined_at) SELECT id, $1, $2 FROM groups WHERE id = $3
         ON CONFLICT DO NOTHING",
    )
    .bind(participant_id)
    .bind(now.millis())
    .bind(group_id)
    .execute(pool)
    .await?;
    Ok(inserted.rows_affected() == 1 || exists(pool, group_id).await?)
}

/// Puts a participant on the list of a group that exists, inside a transaction (again is fine).
pub async fn add_member(
    tx: &mut sqlx::AnyConnection,
    group_id: &str,
    participant_id: &str,
    now: Timestamp,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO group_members (group_id, participant_id, joined_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
    )
    .bind(group_id)
    .bind(participant_id)
    .bind(now.millis())
    .execute(tx)
    .await?;
    Ok(())
}

/// Whether a participant is on a group's list, inside a transaction.
pub async fn is_member(tx: &mut sqlx::AnyConnection, group_id: &str, participant_id: &str) -> Result<bool> {
    let found: Option<(i64,)> =
        sqlx::query_as("SELECT 1 FROM group_members WHERE group_id = $1 AND participant_id = $2")
            .bind(group_id)
            .bind(participant_id)
            .fetch_optional(tx)
            .await?;
    Ok(found.is_some())
}

/// Takes a participant off a group's list.
pub async fn leave(pool: &Pool, group_id: &str, participant_id: &str) -> Result<()> {
    sqlx::query("DELETE FROM group_members WHERE group_id = $1 AND participant_id = $2")
        .bind(group_id)
        .bind(participant_id)
        .execute(pool)
        .await?;
    Ok(())
}
