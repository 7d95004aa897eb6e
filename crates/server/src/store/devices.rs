//! Linked phones (each a hashed device token) and the one-time pairing codes that link them.

use super::participants::Names;
use super::Result;
use crate::db::Pool;
use steady_domain::Timestamp;

/// The participant a device token belongs to, while the link stands.
pub async fn participant_for_token(pool: &Pool, token_hash: &str) -> Result<Option<String>> {
    let row: Option<(String,)> =
        sqlx::query_as("SELECT participant_id FROM devices WHERE token_hash = $1 AND revoked_at IS NULL")
            .bind(token_hash)
            .fetch_optional(pool)
            .await?;
    Ok(row.map(|(id,)| id))
}

/// What became of an attempt to link a phone with a pairing code.
pub enum Pairing {
    /// No such code.
    Unknown,
    Used,
    Expired,
    /// The phone is linked to this participant.
    Linked {
        participant_id: String,
        names: Names,
    },
}

/// Links a phone with a pairing code, in one transaction: a code that works is marked used and the
/// device token stored, so a code links one phone only.
pub async fn pair(pool: &Pool, code_hash: &str, token_hash: &str, now: Timestamp) -> Result<Pairing> {
    let mut tx = crate::db::write_tx(pool).await?;
    let code: Option<(String, i64, Option<i64>)> =
        sqlx::query_as("SELECT participant_id, expires_at, used_at FROM pairing_codes WHERE code_hash = $1")
            .bind(code_hash)
            .fetch_optional(&mut *tx)
            .await?;
    let participant_id = match code {
        None => return Ok(Pairing::Unknown),
        Some((_, _, Some(_))) => return Ok(Pairing::Used),
        Some((_, expires_at, None)) if expires_at <= now.millis() => return Ok(Pairing::Expired),
        Some((participant_id, _, None)) => participant_id,
    };
    sqlx::query("UPDATE pairing_codes SET used_at = $1 WHERE code_hash = $2")
        .bind(now.millis())
        .bind(code_hash)
        .execute(&mut *tx)
        .await?;
    sqlx::query("INSERT INTO devices (token_hash, participant_id, created_at) VALUES ($1, $2, $3)")
        .bind(token_hash)
        .bind(&participant_id)
        .bind(now.millis())
        .execute(&mut *tx)
        .await?;
    let names = super::participants::names(&mut *tx, &participant_id).await?;
    tx.commit().await?;
    Ok(Pairing::Linked { participant_id, names })
}

/// Stores a new pairing code for a participant, valid until `expires_at`; their earlier unused
/// codes stop working in the same transaction.
pub async fn replace_pairing_code(
    pool: &Pool,
    participant_id: &str,
    code_hash: &str,
    now: Timestamp,
    expires_at: Timestamp,
) -> Result<()> {
    let mut tx = crate::db::write_tx(pool).await?;
    sqlx::query("DELETE FROM pairing_codes WHERE participant_id = $1 AND used_at IS NULL")
        .bind(participant_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO pairing_codes (code_hash, participant_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(code_hash)
    .bind(participant_id)
    .bind(now.millis())
    .bind(expires_at.millis())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Ends every link of a participant's phones.
pub async fn unlink_all(pool: &Pool, participant_id: &str, now: Timestamp) -> Result<()> {
    sqlx::query("UPDATE devices SET revoked_at = $1 WHERE participant_id = $2 AND revoked_at IS NULL")
        .bind(now.millis())
        .bind(participant_id)
        .execute(pool)
        .await?;
    Ok(())
}
