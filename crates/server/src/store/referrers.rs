//! Referring organisations (GP practices, probation delivery units) that send referrals through the
//! FHIR API, each with an API key stored only as its hash, until it is revoked.

use super::{Result, StoreError};
use crate::db::Pool;
use steady_domain::enrolment::ReferralSource;
use steady_domain::referral::OdsCode;
use steady_domain::Timestamp;

/// A referring organisation, as its API key names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Referrer {
    pub id: String,
    pub name: String,
    pub ods_code: OdsCode,
    pub referral_source: ReferralSource,
}

/// Adds a referrer whose key hashes to `key_hash`.
pub async fn insert(pool: &Pool, referrer: &Referrer, key_hash: &str, now: Timestamp) -> Result<()> {
    sqlx::query(
        "INSERT INTO referrers (id, name, ods_code, referral_source, key_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&referrer.id)
    .bind(&referrer.name)
    .bind(referrer.ods_code.as_str())
    .bind(referrer.referral_source.code())
    .bind(key_hash)
    .bind(now.millis())
    .execute(pool)
    .await?;
    Ok(())
}

/// Ends every key of the organisation with this ODS code; how many were still working.
pub async fn revoke(pool: &Pool, ods_code: &OdsCode, now: Timestamp) -> Result<u64> {
    let done = sqlx::query("UPDATE referrers SET revoked_at = $2 WHERE ods_code = $1 AND revoked_at IS NULL")
        .bind(ods_code.as_str())
        .bind(now.millis())
        .execute(pool)
        .await?;
    Ok(done.rows_affected())
}

/// The referrer whose key hashes to `key_hash`, unless revoked.
pub async fn by_key_hash(pool: &Pool, key_hash: &str) -> Result<Option<Referrer>> {
    let row: Option<(String, String, String, String)> = sqlx::query_as(
        "SELECT id, name, ods_code, referral_source FROM referrers WHERE key_hash = $1 AND revoked_at IS NULL",
    )
    .bind(key_hash)
    .fetch_optional(pool)
    .await?;
    row.map(|(id, name, ods, source)| {
        Ok(Referrer {
            id,
            name,
            ods_code: OdsCode::parse(&ods).map_err(|e| StoreError::unreadable("referrer's ODS code", e))?,
            referral_source: ReferralSource::parse(&source)
                .ok_or_else(|| StoreError::unreadable("referrer's source", &source))?,
        })
    })
    .transpose()
}
