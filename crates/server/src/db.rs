//! Opening the database durably and bringing its schema up to date.

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;
use std::str::FromStr;
use std::time::Duration;

/// Why the database could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("DATABASE_URL must start with sqlite:// (PostgreSQL support comes later): {0}")]
    Unsupported(String),
    #[error("could not open the database: {0}")]
    Open(#[from] sqlx::Error),
    #[error("could not apply migrations: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

/// Opens (creating if missing) the SQLite database with WAL and `synchronous=FULL`, so that
/// anything the server acknowledges survives a crash, and runs the embedded migrations.
pub async fn connect(url: &str) -> Result<SqlitePool, DbError> {
    if !url.starts_with("sqlite:") {
        return Err(DbError::Unsupported(url.split('@').next_back().unwrap_or_default().to_string()));
    }
    let options = SqliteConnectOptions::from_str(url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(5));
    let pool = SqlitePoolOptions::new().max_connections(8).connect_with(options).await?;
    sqlx::migrate!("./migrations").run(&pool).await?;
    Ok(pool)
}

/// Begins a transaction that writes. `BEGIN IMMEDIATE` takes SQLite's write lock at the start, so
/// concurrent writers wait their turn (up to the busy timeout) instead of failing when a read inside
/// the transaction would have to be upgraded to a write.
pub async fn write_tx(pool: &SqlitePool) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>, sqlx::Error> {
    pool.begin_with("BEGIN IMMEDIATE").await
}
