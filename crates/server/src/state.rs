//! What every handler can reach: the database and the settings that shape responses.

use crate::db::Pool;
use axum::extract::FromRef;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState {
    pub pool: Pool,
    pub config: Arc<PublicConfig>,
    /// This process's queue for syncs and access records (group commit).
    pub writer: crate::writer::Writer,
    /// Recent entry facts by participant, checked against the database on every use.
    pub facts: crate::facts_cache::FactsCache,
    /// Whose forwarding headers name the client (see [`crate::client_addr`]).
    pub proxies: crate::client_addr::TrustedProxies,
    /// "Now", for the handlers that decide by the date (the referral clock).
    pub clock: crate::clock::Clock,
}

/// Settings that shape what the API says.
#[derive(Debug, Clone)]
pub struct PublicConfig {
    /// Where people reach this server, for links in pairing QR codes and password emails.
    pub public_url: String,
    /// Mark cookies `Secure` (when served over TLS).
    pub secure_cookies: bool,
    /// The referral inbox's contact clock.
    pub referrals: crate::configuration::ReferralSettings,
}

impl FromRef<AppState> for crate::client_addr::TrustedProxies {
    fn from_ref(state: &AppState) -> Self {
        state.proxies.clone()
    }
}

impl FromRef<AppState> for Pool {
    fn from_ref(state: &AppState) -> Self {
        state.pool.clone()
    }
}

/// Milliseconds since the epoch, by the server's clock.
pub fn now() -> steady_domain::Timestamp {
    let ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or_default();
    steady_domain::Timestamp::from_millis(ms)
}
