//! Staff accounts: creating them (from the admin CLI), setting passwords through one-time links,
//! and signing in with throttling: after 3 failures each attempt is slowed, after 5 the account is
//! locked for 15 minutes. Counts live in the database, so they hold across server processes.

use crate::db::Pool;
use crate::error::ApiError;
use crate::secrets::{hash_password, hash_token, new_token, verify_password};
use crate::state::now;
use std::time::Duration;
use steady_domain::accounts::{check_new_password, Role, StaffMember};

/// How long a password link works.
pub const PASSWORD_LINK_HOURS: i64 = 72;
pub const FAILURES_BEFORE_SLOWING: i64 = 3;
pub const FAILURES_BEFORE_LOCK: i64 = 5;
pub const LOCK_MINUTES: i64 = 15;

/// Why an account could not be created.
#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error("An account with the email {0} already exists.")]
    EmailTaken(String),
    #[error("'{0}' does not look like an email address.")]
    BadEmail(String),
    #[error("The name is empty.")]
    NoName,
    #[error(transparent)]
    Password(#[from] steady_domain::accounts::PasswordError),
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
    #[error(transparent)]
    Random(#[from] crate::secrets::RandomError),
}

fn normalise_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// Creates a staff account with no password yet, and returns its id and a one-time token for the
/// password link.
pub async fn create_staff(pool: &Pool, name: &str, email: &str, role: Role) -> Result<(String, String), AccountError> {
    let email = normalise_email(email);
    if !email.contains('@') || email.len() < 3 || email.len() > 254 {
        return Err(AccountError::BadEmail(email));
    }
    if name.trim().is_empty() {
        return Err(AccountError::NoName);
    }
    let id = uuid::Uuid::new_v4().to_string();
    let inserted = sqlx::query("INSERT INTO staff (id, name, email, role, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (email) DO NOTHING")
        .bind(&id)
        .bind(name.trim())
        .bind(&email)
        .bind(role.code())
        .bind(now().millis())
        .execute(pool)
        .await?;
    if inserted.rows_affected() == 0 {
        return Err(AccountError::EmailTaken(email));
    }
    let token = new_token()?;
    sqlx::query("INSERT INTO password_links (token_hash, staff_id, expires_at) VALUES ($1, $2, $3)")
        .bind(hash_token(&token))
        .bind(&id)
        .bind(now().plus_minutes(PASSWORD_LINK_HOURS * 60).millis())
        .execute(pool)
        .await?;
    Ok((id, token))
}

/// Sets a password directly (the CLI's prompt).
pub async fn set_password(pool: &Pool, staff_id: &str, password: &str) -> Result<(), AccountError> {
    check_new_password(password)?;
    sqlx::query("UPDATE staff SET password_hash = $1 WHERE id = $2")
        .bind(hash_password(password)?)
        .bind(staff_id)
        .execute(pool)
        .await?;
    sqlx::query("UPDATE password_links SET used_at = $1 WHERE staff_id = $2 AND used_at IS NULL")
        .bind(now().millis())
        .bind(staff_id)
        .execute(pool)
        .await?;
    Ok(())
}

/// Sets a password through a one-time link; the link then stops working, and so do existing sessions.
pub async fn set_password_with_link(pool: &Pool, token: &str, password: &str) -> Result<(), ApiError> {
    check_new_password(password).map_err(|e| ApiError::unprocessable("weak_password", e.to_string()))?;
    let hash = hash_password(password)?;
    let mut tx = crate::db::write_tx(pool).await?;
    let staff: Option<(String,)> = sqlx::query_as(
        "UPDATE password_links SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $3 RETURNING staff_id",
    )
    .bind(now().millis())
    .bind(hash_token(token))
    .bind(now().millis())
    .fetch_optional(&mut *tx)
    .await?;
    let (staff_id,) = staff.ok_or(ApiError::Conflict {
        code: "link_used_or_expired",
        message: "This link has been used or has expired. Ask an administrator for a new one.",
    })?;
    sqlx::query("UPDATE staff SET password_hash = $1 WHERE id = $2")
        .bind(&hash)
        .bind(&staff_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM staff_sessions WHERE staff_id = $1").bind(&staff_id).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct Credentials {
    id: String,
    name: String,
    email: String,
    role: String,
    password_hash: Option<String>,
}

/// Checks an email and password; on success returns the member and a new session token.
pub async fn sign_in(pool: &Pool, email: &str, password: &str) -> Result<(StaffMember, String), ApiError> {
    let email = normalise_email(email);
    let now = now();
    let throttle: Option<(i64, Option<i64>)> =
        sqlx::query_as("SELECT failures, locked_until FROM sign_in_throttle WHERE email = $1")
            .bind(&email)
            .fetch_optional(pool)
            .await?;
    let (failures, locked_until) = throttle.unwrap_or((0, None));
    if let Some(until) = locked_until.filter(|u| *u > now.millis()) {
        let minutes = ((until - now.millis()) / 60_000 + 1).max(1);
        return Err(ApiError::TooManyAttempts {
            message: format!("Too many wrong passwords. For your security, try again in {minutes} minutes."),
            retry_after_secs: ((until - now.millis()) / 1000).max(1) as u64,
        });
    }
    if failures >= FAILURES_BEFORE_SLOWING {
        tokio::time::sleep(Duration::from_millis(500 * (failures - FAILURES_BEFORE_SLOWING + 1) as u64)).await;
    }
    let found: Option<Credentials> =
        sqlx::query_as("SELECT id, name, email, role, password_hash FROM staff WHERE email = $1")
            .bind(&email)
            .fetch_optional(pool)
            .await?;
    let stored = found.as_ref().and_then(|c| c.password_hash.clone());
    let password = password.to_string();
    let ok = tokio::task::spawn_blocking(move || verify_password(&password, stored.as_deref()))
        .await
        .map_err(ApiError::internal)?;
    let (Some(found), true) = (found, ok) else {
        let failures = failures + 1;
        let lock = (failures >= FAILURES_BEFORE_LOCK).then(|| now.plus_minutes(LOCK_MINUTES).millis());
        sqlx::query(
            "INSERT INTO sign_in_throttle (email, failures, locked_until) VALUES ($1, $2, $3)
             ON CONFLICT (email) DO UPDATE SET failures = excluded.failures, locked_until = excluded.locked_until",
        )
        .bind(&email)
        .bind(if lock.is_some() { 0 } else { failures })
        .bind(lock)
        .execute(pool)
        .await?;
        return Err(ApiError::Unauthorized {
            code: "wrong_credentials",
            message: "The email or password is not right. Check them and try again.",
        });
    };
    sqlx::query("DELETE FROM sign_in_throttle WHERE email = $1").bind(&email).execute(pool).await?;
    let token = new_token()?;
    sqlx::query("INSERT INTO staff_sessions (token_hash, staff_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(hash_token(&token))
        .bind(&found.id)
        .bind(now.millis())
        .bind(now.plus_minutes(crate::auth::SESSION_HOURS * 60).millis())
        .execute(pool)
        .await?;
    let role = Role::parse(&found.role).map_err(ApiError::internal)?;
    Ok((StaffMember { id: found.id, name: found.name, email: found.email, role }, token))
}

/// Ends one session.
pub async fn sign_out(pool: &Pool, token: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM staff_sessions WHERE token_hash = $1").bind(hash_token(token)).execute(pool).await?;
    Ok(())
}
