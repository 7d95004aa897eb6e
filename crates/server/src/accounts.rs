//! Staff accounts: creating them (from the admin CLI), setting passwords through one-time links,
//! and signing in with throttling: after 3 failures each attempt is slowed, after 5 the account is
//! locked for 15 minutes. Counts live in the database and are taken before a password is checked, so
//! they hold under bursts and across server processes.

use crate::db::Pool;
use crate::error::ApiError;
use crate::secrets::{hash_password, hash_token, new_token, verify_password};
use crate::state::now;
use crate::store;
use std::time::Duration;
use steady_domain::accounts::{check_new_password, Role, StaffMember};
use steady_domain::Timestamp;

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
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
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
    if !store::staff::insert(pool, &id, name.trim(), &email, role, now()).await? {
        return Err(AccountError::EmailTaken(email));
    }
    let token = new_token()?;
    store::staff::add_password_link(pool, &hash_token(&token), &id, now().plus_minutes(PASSWORD_LINK_HOURS * 60))
        .await?;
    Ok((id, token))
}

/// Sets a password directly (the CLI's prompt); unused password links stop working.
pub async fn set_password(pool: &Pool, staff_id: &str, password: &str) -> Result<(), AccountError> {
    check_new_password(password)?;
    store::staff::set_password_hash(pool, staff_id, &hash_password(password)?, now()).await?;
    Ok(())
}

/// Sets a password through a one-time link; the link then stops working, and so do existing sessions.
pub async fn set_password_with_link(pool: &Pool, token: &str, password: &str) -> Result<(), ApiError> {
    check_new_password(password).map_err(|e| ApiError::unprocessable("weak_password", e.to_string()))?;
    let hash = hash_password(password)?;
    if !store::staff::set_password_with_link(pool, &hash_token(token), &hash, now()).await? {
        return Err(ApiError::Conflict {
            code: "link_used_or_expired",
            message: "This link has been used or has expired. Ask an administrator for a new one.",
        });
    }
    Ok(())
}

/// Checks an email and password; on success returns the member and a new session token. The attempt
/// is counted before the password is checked, and the decision to check it at all comes from that
/// count, so a burst of attempts (at any server) gets no more checked than the limit allows.
pub async fn sign_in(pool: &Pool, email: &str, password: &str) -> Result<(StaffMember, String), ApiError> {
    let email = normalise_email(email);
    let now = now();
    let (attempt, locked_until) =
        store::throttle::count_sign_in_attempt(pool, &email, FAILURES_BEFORE_LOCK, now.plus_minutes(LOCK_MINUTES), now)
            .await?;
    if let Some(until) = locked_until.map(Timestamp::millis).filter(|_| attempt > FAILURES_BEFORE_LOCK) {
        let minutes = ((until - now.millis()) / 60_000 + 1).max(1);
        return Err(ApiError::TooManyAttempts {
            message: format!("Too many wrong passwords. For your security, try again in {minutes} minutes."),
            retry_after_secs: ((until - now.millis()) / 1000).max(1) as u64,
        });
    }
    let failures_before = attempt - 1;
    if failures_before >= FAILURES_BEFORE_SLOWING {
        tokio::time::sleep(Duration::from_millis(500 * (failures_before - FAILURES_BEFORE_SLOWING + 1) as u64)).await;
    }
    let found = store::staff::credentials(pool, &email).await?;
    let stored = found.as_ref().and_then(|c| c.password_hash.clone());
    let password = password.to_string();
    let ok = tokio::task::spawn_blocking(move || verify_password(&password, stored.as_deref()))
        .await
        .map_err(ApiError::internal)?;
    let (Some(found), true) = (found, ok) else {
        return Err(ApiError::Unauthorized {
            code: "wrong_credentials",
            message: "The email or password is not right. Check them and try again.",
        });
    };
    store::throttle::clear_sign_in_failures(pool, &email).await?;
    let token = new_token()?;
    let expires_at = now.plus_minutes(crate::auth::SESSION_HOURS * 60);
    store::staff::start_session(pool, &hash_token(&token), &found.member.id, now, expires_at).await?;
    Ok((found.member, token))
}

/// Ends one session.
pub async fn sign_out(pool: &Pool, token: &str) -> Result<(), ApiError> {
    store::staff::end_session(pool, &hash_token(token)).await?;
    Ok(())
}
