//! Every SQL statement the server runs, one module per aggregate. The routes and the other modules
//! speak in operations (`staff::signed_in`, `registers::apply_mark`) and never build SQL; this module
//! speaks SQL, written once with `$1`-style placeholders that SQLite and PostgreSQL run the same way
//! (through sqlx's `Any` driver). Opening the database and beginning write transactions stay in
//! [`crate::db`]. An operation that must be one atomic step takes the pool and owns its transaction;
//! one that is part of a larger write takes the connection of a transaction its caller began.

pub mod access_log;
pub mod devices;
pub mod entries;
pub mod groups;
pub mod participants;
pub mod referrals;
pub mod referrers;
pub mod registers;
pub mod reviews;
pub mod session_codes;
pub mod sessions;
pub mod staff;
pub mod throttle;

/// Why a store operation failed. Its text is for the log only: [`crate::error::ApiError`] turns it
/// into a 500 that says nothing about the database.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
    #[error("a stored {what} cannot be read: {detail}")]
    Unreadable { what: &'static str, detail: String },
    #[error("could not encode an entry to store: {0}")]
    Encode(#[from] serde_json::Error),
}

impl StoreError {
    fn unreadable(what: &'static str, detail: impl std::fmt::Display) -> Self {
        StoreError::Unreadable { what, detail: detail.to_string() }
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;
