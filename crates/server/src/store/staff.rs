//! Staff accounts, their sign-in sessions and their one-time password links. Tokens arrive here
//! already hashed: the database never holds one that would work if it leaked.

use super::{Result, StoreError};
use crate::db::Pool;
use steady_domain::accounts::{LeaderAccount, Role, StaffMember};
use steady_domain::attendance::LedGroup;
use steady_domain::Timestamp;

#[derive(sqlx::FromRow)]
struct StaffRow {
    id: String,
    name: String,
    email: String,
    role: String,
}

impl StaffRow {
    fn into_member(self) -> Result<StaffMember> {
        let role = Role::parse(&self.role).map_err(|e| StoreError::unreadable("staff role", e))?;
        Ok(StaffMember { id: self.id, name: self.name, email: self.email, role })
    }
}

/// Adds an account with no password yet; `false` if the email already has one.
pub async fn insert(pool: &Pool, id: &str, name: &str, email: &str, role: Role, now: Timestamp) -> Result<bool> {
    let inserted = sqlx::query(
        "INSERT INTO staff (id, name, email, role, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (email) DO NOTHING",
    )
    .bind(id)
    .bind(name)
    .bind(email)
    .bind(role.code())
    .bind(now.millis())
    .execute(pool)
    .await?;
    Ok(inserted.rows_affected() == 1)
}

/// The account with this (normalised) email.
pub async fn with_email(pool: &Pool, email: &str) -> Result<Option<StaffMember>> {
    let row: Option<StaffRow> = sqlx::query_as("SELECT id, name, email, role FROM staff WHERE email = $1")
        .bind(email)
        .fetch_optional(pool)
        .await?;
    row.map(StaffRow::into_member).transpose()
}

/// An account and its password hash, for checking a sign-in.
pub struct Credentials {
    pub member: StaffMember,
    pub password_hash: Option<String>,
}

/// The account with this (normalised) email, with its password hash.
pub async fn credentials(pool: &Pool, email: &str) -> Result<Option<Credentials>> {
    let row: Option<(String, String, String, String, Option<String>)> =
        sqlx::query_as("SELECT id, name, email, role, password_hash FROM staff WHERE email = $1")
            .bind(email)
            .fetch_optional(pool)
            .await?;
    row.map(|(id, name, email, role, password_hash)| {
        Ok(Credentials { member: StaffRow { id, name, email, role }.into_member()?, password_hash })
    })
    .transpose()
}

/// Adds a one-time link that sets the account's password until `expires_at`.
pub async fn add_password_link(pool: &Pool, token_hash: &str, staff_id: &str, expires_at: Timestamp) -> Result<()> {
    sqlx::query("INSERT INTO password_links (token_hash, staff_id, expires_at) VALUES ($1, $2, $3)")
        .bind(token_hash)
        .bind(staff_id)
        .bind(expires_at.millis())
        .execute(pool)
        .await?;
    Ok(())
}

/// Sets an account's password hash, and ends its unused password links, in one transaction.
pub async fn set_password_hash(pool: &Pool, staff_id: &str, password_hash: &str, now: Timestamp) -> Result<()> {
    let mut tx = crate::db::write_tx(pool).await?;
    sqlx::query("UPDATE staff SET password_hash = $1 WHERE id = $2")
        .bind(password_hash)
        .bind(staff_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("UPDATE password_links SET used_at = $1 WHERE staff_id = $2 AND used_at IS NULL")
        .bind(now.millis())
        .bind(staff_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Uses a password link that is unused and unexpired: sets the account's password hash and ends
/// every session of the account, in one transaction. `false` if the link does not work (any more).
pub async fn set_password_with_link(
    pool: &Pool,
    token_hash: &str,
    password_hash: &str,
    now: Timestamp,
) -> Result<bool> {
    let mut tx = crate::db::write_tx(pool).await?;
    let staff: Option<(String,)> = sqlx::query_as(
        "UPDATE password_links SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1 RETURNING staff_id",
    )
    .bind(now.millis())
    .bind(token_hash)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((staff_id,)) = staff else {
        return Ok(false);
    };
    sqlx::query("UPDATE staff SET password_hash = $1 WHERE id = $2")
        .bind(password_hash)
        .bind(&staff_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM staff_sessions WHERE staff_id = $1").bind(&staff_id).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(true)
}

/// Starts a sign-in session, valid until `expires_at`.
pub async fn start_session(
    pool: &Pool,
    token_hash: &str,
    staff_id: &str,
    now: Timestamp,
    expires_at: Timestamp,
) -> Result<()> {
    sqlx::query("INSERT INTO staff_sessions (token_hash, staff_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(token_hash)
        .bind(staff_id)
        .bind(now.millis())
        .bind(expires_at.millis())
        .execute(pool)
        .await?;
    Ok(())
}

/// Ends one sign-in session.
pub async fn end_session(pool: &Pool, token_hash: &str) -> Result<()> {
    sqlx::query("DELETE FROM staff_sessions WHERE token_hash = $1").bind(token_hash).execute(pool).await?;
    Ok(())
}

/// Who a session belongs to, if it has not expired by `now`.
pub async fn signed_in(pool: &Pool, token_hash: &str, now: Timestamp) -> Result<Option<StaffMember>> {
    let row: Option<StaffRow> = sqlx::query_as(
        "SELECT s.id, s.name, s.email, s.role FROM staff_sessions ss JOIN staff s ON s.id = ss.staff_id
         WHERE ss.token_hash = $1 AND ss.expires_at > $2",
    )
    .bind(token_hash)
    .bind(now.millis())
    .fetch_optional(pool)
    .await?;
    row.map(StaffRow::into_member).transpose()
}

/// Every group leader's account with the groups they lead (by name), leaders by name.
pub async fn leaders(pool: &Pool) -> Result<Vec<LeaderAccount>> {
    // A leader and one group they lead (none: NULLs), ordered so each leader's rows are together.
    type Row = (String, String, String, Option<String>, Option<String>);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT s.id, s.name, s.email, g.id, g.name FROM staff s
         LEFT JOIN group_leaders l ON l.staff_id = s.id LEFT JOIN groups g ON g.id = l.group_id
         WHERE s.role = $1 ORDER BY s.name, s.email, g.name",
    )
    .bind(Role::Leader.code())
    .fetch_all(pool)
    .await?;
    let mut leaders: Vec<LeaderAccount> = Vec::new();
    for (id, name, email, group_id, group_name) in rows {
        if leaders.last().is_none_or(|l| l.id != id) {
            leaders.push(LeaderAccount { id, name, email, groups: Vec::new() });
        }
        if let (Some(id), Some(name), Some(leader)) = (group_id, group_name, leaders.last_mut()) {
            leader.groups.push(LedGroup { id, name });
        }
    }
    Ok(leaders)
}
